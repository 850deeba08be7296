#!/usr/bin/env bash
# The README demo: two piglix-peer processes talk over loopback TCP. The responder listens on a
# free port and runs examples/peer/demo-responder.peer; the initiator connects with half-duplex,
# minor and major sync, resynchronize and activity management and runs demo-initiator.peer:
# establishment, data both ways, the data token, a minor and a major sync point, a resync, an
# activity, orderly release. Extra arguments (-v, --json) go to both peers.
#   scripts/demo.sh PIGLIX_PEER [piglix-peer options...]
set -uo pipefail
peer=$1
shift
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

"$peer" listen --port 0 --mode script --script examples/peer/demo-responder.peer "$@" \
  >"$work/responder.out" 2>&1 &
responder=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on .*:\([0-9]*\)"*}*$/\1/p' "$work/responder.out")
  [[ -n $port ]] && break
  sleep 0.05
done
if [[ -z $port ]]; then
  echo "demo: the responder did not start:" >&2
  cat "$work/responder.out" >&2
  exit 1
fi

echo "== initiator: piglix-peer connect 127.0.0.1:$port --script examples/peer/demo-initiator.peer"
"$peer" connect "127.0.0.1:$port" --script examples/peer/demo-initiator.peer \
  --functional-units half-duplex,minor-sync,major-sync,resync,activity "$@"
initiator_status=$?
responder_status=0
wait "$responder" || responder_status=$?
echo
echo "== responder: piglix-peer listen --port $port --mode script --script examples/peer/demo-responder.peer"
cat "$work/responder.out"
echo
echo "demo: initiator exit status $initiator_status, responder exit status $responder_status"
((initiator_status == 0 && responder_status == 0))
