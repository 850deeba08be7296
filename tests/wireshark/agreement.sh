#!/usr/bin/env bash
# Wireshark agreement (issue 8): dumpcap captures the loopback traffic of scripted dialogues
# between two piglix-peer processes that together send every SPDU piglix can send, and tshark,
# an independent decoder, must read every frame as TPKT -> COTP -> SES without complaint.
# check.awk says what fails the test; dialogues.txt lists the dialogues and the SPDUs each must
# show on the wire, so a dialogue that stopped early fails too.
#   agreement.sh PIGLIX_PEER OUT_DIR
# Exit status 0 when tshark agrees, 1 when it does not (or a dialogue failed), 77 (ctest's
# SKIP_RETURN_CODE) when tshark or dumpcap is missing or may not capture on lo.
set -uo pipefail
peer=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
skip=77
mkdir -p "$out"
rm -f "$out"/*.out "$out"/capture.pcapng "$out"/tshark.*
pcap=$out/capture.pcapng
trap 'kill $(jobs -p) 2>/dev/null' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

for tool in dumpcap tshark; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIPPED: $tool is not installed (Debian: apt-get install tshark)"
    exit $skip
  fi
done

# A port nothing listens on (the connection is refused), below Linux's ephemeral range
# (32768..60999) so that no client socket of a test running beside this one takes it meanwhile.
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 12000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[[ -n $port ]] || { echo "FAIL: no free TCP port found"; exit 1; }

# "-w -" makes dumpcap flush after every packet (it treats standard output as a pipe), so the
# file on disk is complete up to the last packet while the capture runs.
dumpcap -q -i lo -f "tcp port $port" -w - >"$pcap" 2>"$out/dumpcap.out" &
dumpcap_pid=$!

# dumpcap reports "Capturing on" before the interface is open, so that is no proof. Proof is a
# probe captured: a connection attempt to the port (refused, so SYN and RST) until one shows up.
capturing=
for _ in $(seq 30); do
  if ! kill -0 "$dumpcap_pid" 2>/dev/null; then
    if grep -Eqi "permission|not permitted" "$out/dumpcap.out"; then
      echo "SKIPPED: dumpcap may not capture on lo here (run as root, or give dumpcap" \
        "cap_net_raw,cap_net_admin): $(grep -m1 -i permission "$out/dumpcap.out")"
      exit $skip
    fi
    echo "FAIL: dumpcap exited: $(cat "$out/dumpcap.out")"
    exit 1
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  sleep 0.2
  if tshark -r "$pcap" -Y "tcp.flags.reset == 1" 2>/dev/null | grep -q .; then
    capturing=yes
    break
  fi
done
[[ -n $capturing ]] || { echo "FAIL: dumpcap captured no probe in 30 tries"; exit 1; }
echo "capturing on lo, tcp port $port"

# dialogue NAME STATUS "INITIATOR OPTIONS" "RESPONDER OPTIONS" "SPDUS": runs the responder
# (dialogues/NAME.responder.peer, or an echo listener without one) and the initiator
# (dialogues/NAME.initiator.peer), which must exit STATUS; SPDUS is what the capture must show.
# Each dialogue is one TCP connection, so the n-th TCP stream carrying data is the n-th dialogue.
names=()
expected=()
dialogue() {
  local name=$1 status=$2 initiator_options=$3 responder_options=$4
  names+=("$name")
  expected+=("$5")
  local script=$here/dialogues/$name
  local responder=(--sessions 1)
  [[ -f $script.responder.peer ]] && responder=(--mode script --script "$script.responder.peer")
  # shellcheck disable=SC2086 # the options are words without spaces
  "$peer" listen --port "$port" "${responder[@]}" $responder_options >"$out/$name.responder.out" 2>&1 &
  local listener=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$out/$name.responder.out" && break
    kill -0 "$listener" 2>/dev/null || break
    sleep 0.05
  done
  # shellcheck disable=SC2086
  "$peer" connect "127.0.0.1:$port" --script "$script.initiator.peer" $initiator_options \
    >"$out/$name.initiator.out" 2>&1
  local got=$?
  [[ $got == "$status" ]] ||
    fail "dialogue $name: the initiator exited $got, expected $status: $(tail -5 "$out/$name.initiator.out")"
  got=0
  wait "$listener" || got=$?
  [[ $got == 0 ]] ||
    fail "dialogue $name: the responder exited $got: $(tail -5 "$out/$name.responder.out")"
  echo "dialogue $name: done"
}

# More connect user data than a CN carries (10240 octets in PGI 194): the rest goes in CDOs.
long=$(head -c 12000 /dev/zero | tr '\0' x)

dialogue data 0 "-u half-duplex,expedited,typed-data,negotiated-release --tpdu-size 128" \
  "--tpdu-size 128 --max-tsdu 512" "CN AC GT DT EX TD PT FN NF DN"
dialogue activity 0 "-u half-duplex,minor-sync,major-sync,resync,activity,capability" "" \
  "CN AC CD CDA GTC GTA AS DT MIP MIA MAP MAA RS RA AI AIA AD ADA AR AE AEA FN DN"
dialogue exception 0 "-u half-duplex,exceptions" "" "CN AC DT ED GT FN DN"
dialogue abort 0 "" "--keep-transport" "CN AC DT AB AA"
dialogue refuse 3 "" "--refuse 1" "CN RF"
dialogue overflow 0 "--connect-data $long" "" "CN OA CDO AC FN DN"
dialogue version1 0 "--version 1 -u half-duplex" "--version 1" "CN AC DT GT FN DN"

# dumpcap gets packets from the kernel a block at a time and drops what is still in the kernel
# when it stops, so first a last probe must show up after the last dialogue's traffic: a SYN in
# a TCP stream after every stream that carried data. The file is in capture order, so then
# everything before it is in the file too.
drained=
for _ in $(seq 30); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  sleep 0.3
  if tshark -r "$pcap" -T fields -e tcp.stream -e tcp.len -e tcp.flags.syn 2>/dev/null |
    awk '$2 > 0 { last = $1 } $3 == 1 && $1 > last { found = 1 } END { exit !found }' last=-1; then
    drained=yes
    break
  fi
done
[[ -n $drained ]] || fail "the capture never caught up with the dialogues"
# SIGINT makes dumpcap finish the file and report what it captured and dropped.
kill -INT "$dumpcap_pid"
wait "$dumpcap_pid"
echo "dumpcap: $(grep -i "dropped" "$out/dumpcap.out")"

# The decode. Wireshark's defaults stay (TCP, TPKT, COTP and SES reassembly on), so TPKTs split
# over TCP segments, TSDUs over COTP DTs and SSDUs over segmented SPDUs are each checked whole,
# in the frame that completes them. Besides the port:
# - pres (and with it acse and everything above) is off: the scripts send arbitrary octets as
#   user data, not PPDUs, and this test is about TPKT/COTP/SES only.
# - The T.125 heuristic on COTP (RDP's MCS) is off: it runs before SES's and claims SES TSDUs
#   such as a lone EX, then calls them malformed T.125.
# - Known case, Wireshark's mistake: packet-ses.c's dissect_ses_heur ("final check to see if the
#   next SPDU, if present, is also valid") takes the octet after an SPDU's parameters for the
#   SI of another SPDU. A lone EX or TD carries a User Information Field there (X.225 8.3.12,
#   8.3.13; specs/x225/spdus.md), so unless its first octet happens to be an SI, COTP hands the
#   TSDU to no one. check.awk exempts exactly that case and reports it; the dialogues also send
#   an EX and a TD whose user information starts with 01, which tshark then decodes.
decode=(-r "$pcap" -d "tcp.port==$port,tpkt" --disable-protocol pres --disable-heuristic t125_cotp
        -Y "tcp.port == $port")
tshark "${decode[@]}" >"$out/tshark.txt" 2>"$out/tshark.err" &&
  tshark "${decode[@]}" -T pdml >"$out/tshark.pdml" 2>>"$out/tshark.err" ||
  fail "tshark could not read the capture: $(cat "$out/tshark.err")"
echo "tshark: $(tshark --version | head -1); $(grep -c . "$out/tshark.txt") frames on port $port"

spec=
for i in "${!names[@]}"; do spec+="${spec:+;}${names[$i]}:${expected[$i]}"; done
awk -v expected="$spec" -f "$here/check.awk" "$out/tshark.pdml" >"$out/check.out"
check_status=$?
cat "$out/check.out"
((check_status == 0)) || fail "tshark disagrees (frames as numbered in $out/tshark.txt)"

if ((failures)); then
  echo "$failures failure(s); capture, decode and peer outputs in $out"
  exit 1
fi
echo "tshark agrees: every frame on port $port is TPKT/COTP/SES, with every SPDU expected"
