#!/usr/bin/env bash
# Dialogues between two piglix-peer processes over loopback TCP: the README demo, each listener
# mode, the verbose and JSON output, and every exit status. Each case checks both exit statuses
# and the lines that prove what happened.
#   run_peers.sh PIGLIX_PEER EXAMPLES_DIR
set -uo pipefail
peer=$1
examples=$2
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# listen ARGS...: starts a listener on a free port; sets $port and $listener (its pid).
listen() {
  : >"$work/listener.out"
  "$peer" listen --port 0 "$@" >"$work/listener.out" 2>&1 &
  listener=$!
  port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on .*:\([0-9]*\)$/\1/p' "$work/listener.out")
    [[ -n $port ]] && return
    sleep 0.05
  done
  fail "the listener did not start: $(cat "$work/listener.out")"
}

# connect EXPECTED_STATUS SCRIPT_TEXT ARGS...: runs an initiator against $port.
connect() {
  local expected=$1 script=$2
  shift 2
  printf '%s\n' "$script" >"$work/script.peer"
  "$peer" connect "127.0.0.1:$port" --script "$work/script.peer" "$@" >"$work/connect.out" 2>&1
  local status=$?
  [[ $status == "$expected" ]] ||
    fail "connect exited $status, expected $expected: $(cat "$work/connect.out")"
}

# listener_done EXPECTED_STATUS: waits for the listener (it serves a fixed number of sessions).
listener_done() {
  local status=0
  wait "$listener" || status=$?
  [[ $status == "$1" ]] || fail "listen exited $status, expected $1: $(cat "$work/listener.out")"
}

# has FILE REGEX...: each regex matches some line of FILE.
has() {
  local file=$1
  shift
  for re in "$@"; do
    grep -Eq -- "$re" "$work/$file" || fail "$file lacks /$re/: $(cat "$work/$file")"
  done
}

echo "case: the README demo (scripted responder, every service of the demo)"
listen --mode script --script "$examples/demo-responder.peer"
connect 0 "$(cat "$examples/demo-initiator.peer")" \
  --functional-units half-duplex,minor-sync,major-sync,resync,activity
listener_done 0
has connect.out "S-CONNECT.cnf result=accepted functional_units=0x0079" "S-SYNC-MINOR.cnf serial=1" \
  "S-DATA.ind octets=10 text=\"hello back\"" "S-RESYNCHRONIZE.cnf serial=3" \
  "S-ACTIVITY-END.cnf serial=3" "S-RELEASE.cnf result=accepted" "end: ok \(exit status 0\)"
has listener.out "S-ACTIVITY-START.ind id=demo1" "S-SYNC-MAJOR.ind serial=2" \
  "S-RELEASE.rsp result=accepted" "end: ok"
[[ $(grep -c "S-DATA.ind octets=4096" "$work/listener.out") == 10 ]] ||
  fail "the responder did not get the 10 S-DATA of 4096 octets"

echo "case: echo in duplex, traced with -v"
listen --mode echo --sessions 1
connect 0 $'data text:ping\nexpect S-DATA.ind text:ping\nrelease\nexpect S-RELEASE.cnf accepted' -v
listener_done 0
has connect.out ">> 14 octets" "CR \(connection request\)" "CC \(connection confirm\)" \
  "CN \(CONNECT\)" "AC \(ACCEPT\)" "User Information: 70 69 6e 67" "FN \(FINISH\)" \
  "DN \(DISCONNECT\)"

echo "case: echo in half-duplex holds the echoes until it has the data token, then gives it back"
listen --mode echo --sessions 1
connect 0 $'data 10\ndata 20\ngive data\nexpect S-DATA.ind 10\nexpect S-DATA.ind 20\nexpect S-TOKEN-GIVE.ind data\nrelease\nexpect S-RELEASE.cnf accepted' \
  --functional-units half-duplex --json
listener_done 0
# Every line is one JSON object with the common members.
if grep -Ev '^\{"time":[0-9.]+,"session":"[^"]*","event":"[a-z]+".*\}$' "$work/connect.out"; then
  fail "a --json line is not one JSON object"
fi
has connect.out '"primitive":"S-TOKEN-GIVE.ind","tokens":"data"' \
  '"event":"end","outcome":"ok","exit_status":0'

echo "case: echo of a file's octets, checked octet by octet"
head -c 3000 /dev/urandom >"$work/apdu.bin"
listen --sessions 1
connect 0 "data file:$work/apdu.bin
expect S-DATA.ind file:$work/apdu.bin
release
expect S-RELEASE.cnf accepted"
listener_done 0

echo "case: sink counts what it drops"
listen --mode sink --sessions 1
connect 0 $'repeat 100 data 1K\nrelease\nexpect S-RELEASE.cnf accepted'
listener_done 0
has listener.out "sink: 100 S-DATA, 102400 octets"
has connect.out "S-DATA.req octets=1024 repeat=100"

echo "case: a script that reads late: 5000 S-DATA wait (the inbox holds 1024, TCP the rest), none lost"
printf 'wait 500ms\nrepeat 5000 expect S-DATA.ind 1K\nexpect S-RELEASE.ind\naccept-release\n' >"$work/late.peer"
listen --mode script --script "$work/late.peer"
connect 0 $'repeat 5000 data 1K\nrelease\nexpect S-RELEASE.cnf accepted'
listener_done 0
[[ $(grep -c "S-DATA.ind octets=1024" "$work/listener.out") == 5000 ]] ||
  fail "the late reader did not get 5000 S-DATA"

echo "case: user data of a resynchronization, its response, and refused then accepted releases"
printf '%s\n' "expect S-RESYNCHRONIZE.ind 0 text:why" "ack-resync - hex:0a0b" \
  "expect S-RELEASE.ind text:bye" "refuse-release text:not yet" "expect S-RELEASE.ind" \
  "accept-release text:ok" >"$work/release.peer"
listen --mode script --script "$work/release.peer" --sessions 1
connect 0 $'resync abandon text:why\nexpect S-RESYNCHRONIZE.cnf 0 hex:0a0b\nrelease text:bye\nexpect S-RELEASE.cnf refused text:not yet\nrelease\nexpect S-RELEASE.cnf accepted text:ok' \
  --functional-units duplex,resync,negotiated-release
listener_done 0
has connect.out "S-RESYNCHRONIZE.cnf serial=0 tokens=release user_data=2 hex=\"0a 0b\"" \
  "S-RELEASE.cnf result=refused user_data=7 text=\"not yet\"" \
  "S-RELEASE.cnf result=accepted user_data=2 text=ok"
has listener.out "S-RESYNCHRONIZE.ind type=abandon serial=0 user_data=3 text=why" \
  "S-RESYNCHRONIZE.rsp user_data=2 hex=\"0a 0b\"" "S-RELEASE.rsp result=refused user_data=7"

echo "case: an activity resumed from another session connection, named by its references"
printf '%s\n' "expect S-ACTIVITY-RESUME.ind text:a2" "expect S-ACTIVITY-END.ind" "ack-activity-end" \
  "expect S-RELEASE.ind" "accept-release" >"$work/resume.peer"
listen --mode script --script "$work/resume.peer" --sessions 1
connect 0 $'activity-resume a2 a1 3 calling=text:me called=hex:0102 common=text:c1 additional=hex:07\nactivity-end\nexpect S-ACTIVITY-END.cnf\nrelease\nexpect S-RELEASE.cnf accepted' \
  --functional-units half-duplex,activity,minor-sync,major-sync
listener_done 0
has listener.out 'S-ACTIVITY-RESUME.ind id=a2 old_id=a1 serial=3 calling_ref=me called_ref="01 02" common_ref=c1 additional_ref=07'

echo "case: refused (exit 3)"
listen --refuse 1 --sessions 1
connect 3 "release"
listener_done 0
has connect.out "S-CONNECT.cnf result=refused reason=1" "end: refused \(exit status 3\)"

echo "case: an expectation that fails (exit 6)"
listen --sessions 1
connect 6 $'data text:a\nexpect S-DATA.ind text:b'
listener_done 0
has connect.out "line 2: S-DATA.ind: expected the octets 62, got 61" "S-U-ABORT.req"

echo "case: an expectation that times out (exit 5)"
listen --sessions 1
connect 5 "expect S-DATA.ind" --expect-timeout 0.3
listener_done 0
has connect.out "line 1: no S-DATA.ind within 300 ms"

echo "case: the peer aborts where the script expects something else (exit 4), or expects it (0)"
printf 'abort text:bye\n' >"$work/abort.peer"
listen --mode script --script "$work/abort.peer" --sessions 2
connect 4 "expect S-RELEASE.ind"
has connect.out "S-U-ABORT.ind source=\"peer user\" user_data=3 text=bye" \
  "line 1: expected S-RELEASE.ind, got S-U-ABORT.ind"
connect 0 "expect S-U-ABORT.ind text:bye"
listener_done 0

echo "case: a request the session does not allow (exit 1)"
listen --sessions 1
connect 1 "sync-major"
listener_done 0
has connect.out "line 1: S-SYNC-MAJOR.req refused"

echo "case: usage errors (exit 2) and no listener (exit 1)"
connect 2 $'data 5\ngive bogus'
has connect.out "line 2: unknown token 'bogus'"
connect 2 "data file:$work/missing.bin"
has connect.out "cannot read the file"
"$peer" connect >"$work/usage.out" 2>&1
[[ $? == 2 ]] || fail "connect without a target did not exit 2"
"$peer" listen --mode script >"$work/usage.out" 2>&1
[[ $? == 2 ]] || fail "--mode script without --script did not exit 2"
connect 1 "release"  # $port is the last listener's, which has exited
has connect.out "connect failed"

if command -v script >/dev/null; then
  echo "case: the prompt, on a terminal (util-linux script gives it one)"
  listen --sessions 1
  (sleep 0.3; printf 'help\ndata text:hi\n'; sleep 0.3; printf 'bogus\nrelease\n'; sleep 0.5) |
    script -qec "$peer connect 127.0.0.1:$port" /dev/null >"$work/connect.out" 2>&1
  listener_done 0
  has connect.out "piglix> " "resync +abandon \| restart SERIAL" "S-DATA.ind octets=2 text=hi" \
    "line 3: unknown command 'bogus'" "S-RELEASE.cnf result=accepted" "end: ok \(exit status 0\)"
else
  echo "skipped: the prompt (no script command)"
fi

if ip -6 addr show lo 2>/dev/null | grep -q "::1"; then
  echo "case: IPv6"
  listen --sessions 1 -6 --address ::1
  "$peer" connect "[::1]:$port" --script /dev/stdin >"$work/connect.out" 2>&1 <<<$'data 5\nexpect S-DATA.ind 5\nrelease\nexpect S-RELEASE.cnf accepted' ||
    fail "IPv6 dialogue: $(cat "$work/connect.out")"
  listener_done 0
else
  echo "skipped: IPv6 (no ::1 on lo)"
fi

if ((failures)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "all piglix-peer dialogues passed"
