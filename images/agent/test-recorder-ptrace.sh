#!/bin/sh
# The audit recorder's --ptrace mode (the command audit under gVisor), run as the launcher runs it: as the
# container's PID 1 (and detached, as paude exec does) with the recorder's four capabilities, no-new-privileges, a
# read-only root, a 0700 tmpfs for the audit and the log directory mounted into it. Each check prints what it
# checked; the script exits non-zero on any failure.
#
#   images/agent/test-recorder-ptrace.sh [IMAGE]     (default paude-agent:0.1.0)
#   RUNTIME=runsc (default) or runc; ENGINE=docker (the default; the only engine checked: Podman needs the
#   launcher's own options); RECORDER=path of a paude-recorder binary
#   to mount over the image's (for development); SECCOMP_PROFILE=the container's seccomp profile (the launcher's
#   seccomp.json; default: the engine's).
set -u
IMAGE=${1:-paude-agent:0.1.0}
RUNTIME=${RUNTIME:-runsc}
ENGINE=${ENGINE:-docker}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0
LOG=/run/paude-audit/log

pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; FAILED=1; }

# The container options of the agent's container (Planner, Recorder.CAPABILITIES), under $RUNTIME.
options() {
    set -- --runtime "$RUNTIME" --user 0:0 --cap-drop ALL --cap-add SETUID --cap-add SETGID --cap-add SETPCAP \
        --cap-add SYS_PTRACE --security-opt no-new-privileges --read-only --tmpfs /run/paude-audit:mode=0700 \
        --tmpfs /tmp --tmpfs /home/paude:mode=1777 -v "$1:$LOG"
    [ -n "${RECORDER:-}" ] && set -- "$@" -v "$RECORDER:/usr/local/bin/paude-recorder:ro"
    [ -n "${SECCOMP_PROFILE:-}" ] && set -- "$@" --security-opt "seccomp=$SECCOMP_PROFILE"
    echo "$@"
}

# recorder NAME [ENGINE-OPTION...] -- COMMAND...: runs COMMAND under the recorder (PID 1, --ptrace) in a new
# container; its output goes to $TMP/NAME.out, its log to $TMP/NAME/main; returns the container's status.
recorder() {
    name=$1; shift
    mkdir -p "$TMP/$name" && chmod 0777 "$TMP/$name"
    extra=""
    while [ "$1" != "--" ]; do extra="$extra $1"; shift; done
    shift
    # shellcheck disable=SC2046,SC2086
    $ENGINE run --rm $(options "$TMP/$name") $extra "$IMAGE" paude-recorder --ptrace --uid 1000 --gid 1000 \
        --log "exec cat > $LOG/main" -- "$@" > "$TMP/$name.out" 2>&1
}

# check DESCRIPTION LOG-FILE PYTHON-EXPRESSION: the expression over L, the log's records (and helpers), is true.
check() {
    if python3 - "$2" "$3" <<'EOF'
import json, sys
L = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
def execs(*argv):   # the exec records whose argv starts with argv
    return [r for r in L if r["ev"] == "exec" and r["argv"][:len(argv)] == list(argv)]
def of(ev, rid):    # the record of event ev for exec id rid
    return [r for r in L if r["ev"] == ev and r.get("id") == rid]
def ran(*argv):     # the ids of the execs that ran with that argv
    return [r["id"] for r in L if r["ev"] == "ran" and r["argv"][:len(argv)] == list(argv)]
def code(rid):      # the exit code of exec rid's process
    return [r.get("code") for r in of("exit", rid)]
ended = bool(L) and L[-1]["ev"] == "end"
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
    then pass "$1"; else fail "$1"; echo "       log:"; sed 's/^/         /' "$2" | tail -n 25; fi
}

out_has() {   # out_has NAME TEXT DESCRIPTION
    if grep -q -- "$2" "$TMP/$1.out"; then pass "$3"; else fail "$3 (output: $(tr '\n' ' ' < "$TMP/$1.out" | cut -c1-300))"; fi
}

echo "# paude-recorder --ptrace under $ENGINE --runtime $RUNTIME, image $IMAGE, seccomp ${SECCOMP_PROFILE:-default}"

# 0. the statx shim (gVisor refuses statx with AT_NO_AUTOMOUNT, which coreutils pass): the agent's tools work
recorder statx -- sh -c 'cd /tmp && mkdir a && echo x > a/f && git init -q r && touch r/y
ls / > /dev/null && echo ls-ok; stat -c %n /etc; cp -a a b && ls b; find /tmp -name f | sort | tr "\n" " "; echo
git -C r status --short; python3 -c "import os; print(\"py\", os.path.isdir(\"/etc\"))"
node -e "console.log(\"node\", require(\"fs\").statSync(\"/etc\").isDirectory())"'
for want in ls-ok "^/etc$" "/tmp/a/f /tmp/b/f" "?? y" "py True" "node true"; do
    out_has statx "$want" "with the statx shim: $want"
done
if grep -q "Invalid argument" "$TMP/statx.out"; then fail "a tool said Invalid argument"; else pass "no tool said Invalid argument"; fi

# 1. a shell that runs true: every exec, what ran, every end, the command's status
recorder true -- sh -c '/bin/true marker-1; exit 3'
st=$?
[ "$st" = 3 ] && pass "the container ends with the command's status (3)" || fail "the container's status is $st, not 3"
check "sh's exec, what it ran and its end (code 3)" "$TMP/true/main" \
    'any(code(i) == [3] for i in ran("sh", "-c")) and ended and L[-1].get("code") == 3'
check "/bin/true marker-1: exec, ran /usr/bin/true, exit code 0" "$TMP/true/main" \
    'execs("/bin/true", "marker-1") and of("ran", execs("/bin/true", "marker-1")[0]["id"])[0]["prog"] == "/usr/bin/true" and code(execs("/bin/true", "marker-1")[0]["id"]) == [0]'
check "the command runs as 1000:1000" "$TMP/true/main" 'all(r["uid"] == 1000 and r["gid"] == 1000 for r in execs())'

# 2. programs that do not run: a missing one (ENOENT, each directory of PATH) and a file that is not a program (EACCES)
recorder failed -- sh -c 'env no-such-program-x; env /etc/passwd; /bin/true after-failures'
check "a missing program: its execs are recorded, marked missing, and failed; none ran" "$TMP/failed/main" \
    '[r for r in execs("no-such-program-x") if r.get("missing")] and all(of("failed", r["id"]) and not of("ran", r["id"]) for r in execs("no-such-program-x"))'
check "a file that is not a program (EACCES): exec recorded, failed, not missing" "$TMP/failed/main" \
    'execs("/etc/passwd") and all(of("failed", r["id"]) and not r.get("missing") for r in execs("/etc/passwd"))'
check "the shell goes on after them (control: /bin/true after-failures ran)" "$TMP/failed/main" 'ran("/bin/true", "after-failures")'

# 3. an exec from a thread that is not the process's leader (it takes the leader's pid)
recorder thread -- python3 -c 'import os, threading
t = threading.Thread(target=lambda: os.execv("/bin/echo", ["echo", "from-thread"]))
t.start(); t.join()'
out_has thread from-thread "the thread's exec ran (the command printed from-thread)"
check "the thread's exec: exec and ran lines under the process's pid, exit code 0" "$TMP/thread/main" \
    'execs("echo", "from-thread") and ran("echo", "from-thread") and of("ran", execs("echo", "from-thread")[0]["id"])[0]["pid"] == execs("echo", "from-thread")[0]["pid"] and code(execs("echo", "from-thread")[0]["id"]) == [0]'

# 4. a daemon left running: PID 1 ends only after it
recorder daemon -- sh -c '(sleep 2; /bin/true daemon-done) & echo started'
check "a daemon left running is followed to its end; the recorder ends after it" "$TMP/daemon/main" \
    'ran("/bin/true", "daemon-done") and code(ran("/bin/true", "daemon-done")[0]) == [0] and ended and L[-1].get("code") == 0'

# 5. the agent cannot trace: strace fails with EPERM (control: the same sandbox runs /bin/true)
recorder ptrace -- sh -c 'strace -f -o /dev/null /bin/true traced; echo "strace-rc=$?"; /bin/true control'
out_has ptrace "Operation not permitted" "strace is refused: ptrace fails with EPERM"
out_has ptrace "strace-rc=1" "strace ends with status 1"
check "control: /bin/true control ran in the same sandbox; /bin/true traced never ran" "$TMP/ptrace/main" \
    'ran("/bin/true", "control") and not ran("/bin/true", "traced")'

# 6. clone(CLONE_UNTRACED), a child the recorder would not see: EPERM; a plain clone works; clone3: ENOSYS
recorder untraced -- python3 -c 'import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
CLONE_UNTRACED, SIGCHLD = 0x00800000, 17
r = libc.syscall(56, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0)
if r == 0: os.execv("/bin/true", ["true", "untraced-child"])
print("untraced:", r, os.strerror(ctypes.get_errno()))
r = libc.syscall(56, SIGCHLD, 0, 0, 0, 0)
if r == 0: os.execv("/bin/true", ["true", "plain-child"])
os.waitpid(r, 0)
print("plain: ok")
r = libc.syscall(435, 0, 0)
print("clone3:", r, os.strerror(ctypes.get_errno()))'
out_has untraced "untraced: -1 Operation not permitted" "clone(CLONE_UNTRACED) is refused with EPERM"
out_has untraced "clone3: -1 Function not implemented" "clone3 gets ENOSYS (the C library falls back to clone)"
check "control: a plain clone's child is followed (its exec ran); no untraced child ran" "$TMP/untraced/main" \
    'ran("true", "plain-child") and not execs("true", "untraced-child")'

# 7. job control: a stopped process stays stopped (PTRACE_LISTEN) until SIGCONT; threads (node's workers) start
recorder jobs -- sh -c 'sh -c "while :; do date +%s%N > /tmp/tick; sleep 0.1; done" & p=$!
sleep 1; kill -STOP $p; sleep 0.5; a=$(cat /tmp/tick); sleep 1; b=$(cat /tmp/tick)
[ "$a" = "$b" ] && echo stayed-stopped
kill -CONT $p; sleep 1; c=$(cat /tmp/tick); [ "$c" != "$b" ] && echo went-on
kill $p
node -e "const {Worker} = require(\"worker_threads\"); new Worker(\"require(\\\"worker_threads\\\").parentPort.postMessage(7)\", {eval: true}).on(\"message\", m => console.log(\"node-worker\", m))"'
out_has jobs stayed-stopped "a process stopped with SIGSTOP stays stopped"
out_has jobs went-on "and goes on after SIGCONT"
out_has jobs "node-worker 7" "node starts a worker thread under the recorder"

# 8. a fork bomb (in a session of its own, as the agent would leave it) under --pids-limit 256
recorder bomb --pids-limit 256 --cpus 1 -- sh -c 'setsid bash -c ":(){ :|:& };:" >/dev/null 2>&1 </dev/null &
sleep 15; /bin/true after-bomb'
st=$?
if [ "$RUNTIME" = runsc ]; then
    # gVisor counts the pids limit against its own host threads (about nine a process inside) and ends the whole
    # sandbox when it is reached; it shows no cgroup, so PID 1 cannot end the bomb (docs/gvisor-recorder.md)
    [ "$st" = 2 ] && pass "runsc: the bomb ends the whole sandbox (status 2): the session fails closed" \
        || fail "runsc: the sandbox with a fork bomb ended with $st, not 2"
else
    [ "$st" = 0 ] && pass "the session survives the bomb (status 0)" || fail "the session with a fork bomb ended with $st"
    check "PID 1 ended the bomb (a killed line) and the command went on (/bin/true after-bomb ran)" "$TMP/bomb/main" \
        '[r for r in L if r["ev"] == "killed"] and ran("/bin/true", "after-bomb")'
fi

# 9. paude exec (--detached): the exec returns when its command does; a daemon it leaves is still followed; if the
#    recorder is killed, every process it traces is killed (PTRACE_O_EXITKILL)
mkdir -p "$TMP/exec" && chmod 0777 "$TMP/exec"
# shellcheck disable=SC2046
c=$($ENGINE run -d --rm $(options "$TMP/exec") "$IMAGE" paude-recorder --ptrace --uid 1000 --gid 1000 \
    --log "exec cat > $LOG/main" -- sleep 60)
detached() {   # detached STREAM COMMAND...
    s=$1; shift
    $ENGINE exec -u 0 "$c" paude-recorder --ptrace --detached --uid 1000 --gid 1000 --log "exec cat > $LOG/$s" -- "$@"
}
start=$(date +%s)
detached exec-1 sh -c '(sleep 6; /bin/true exec-daemon-done) & echo started' > "$TMP/exec1.out" 2>&1
took=$(( $(date +%s) - start ))
[ "$took" -lt 6 ] && pass "paude exec returns when its command does (${took} s), not when its daemon does" \
    || fail "paude exec took ${took} s"
sleep 8
check "paude exec: the command ran, and the daemon it left is followed to its end" "$TMP/exec/exec-1" \
    'ran("sh", "-c") and ran("/bin/true", "exec-daemon-done") and code(ran("/bin/true", "exec-daemon-done")[0]) == [0] and ended'
detached exec-2 sleep 30 > "$TMP/exec2.out" 2>&1 &
waiter=$!
sleep 2
victim=$($ENGINE exec -u 0 "$c" ps -eo pid=,args= | awk '/paude-recorder --ptrace --detached/ && /exec-2/ && !/awk/ {print $1}')
if [ -n "$victim" ] && $ENGINE exec -u 0 "$c" kill -9 "$victim"; then
    pass "the detached recorder (pid $victim) was killed with SIGKILL"
else
    fail "no detached recorder to kill (ps: $($ENGINE exec -u 0 "$c" ps -eo pid,args | tr '\n' ';'))"
fi
sleep 2
if kill -0 "$waiter" 2>/dev/null; then
    fail "paude exec still runs after its recorder was killed"
    kill "$waiter"
else
    wait "$waiter"; st=$?
    [ "$st" = 137 ] && pass "its command was killed with it (paude exec ended with 137)" || fail "paude exec ended with $st, not 137"
fi
left=$($ENGINE exec -u 0 "$c" ps -eo args= | grep -c '^sleep 30')
[ "$left" = 0 ] && pass "nothing of the killed recorder's command is left" || fail "$left 'sleep 30' left running"
$ENGINE rm -f "$c" > /dev/null

# 10. PID 1: the agent's user cannot signal it; killed with SIGKILL by root, the whole container ends under gVisor
#     (Linux ignores a SIGKILL to a namespace's init from inside it: there the container goes on)
# shellcheck disable=SC2046
c=$($ENGINE run -d --rm $(options "$TMP/exec") "$IMAGE" paude-recorder --ptrace --uid 1000 --gid 1000 \
    --log "exec cat > $LOG/pid1" -- sleep 60)
sleep 2
out=$($ENGINE exec -u 1000:1000 "$c" kill -9 1 2>&1)
case "$out" in *"Operation not permitted"*) pass "the agent's user cannot kill PID 1 (EPERM)";;
    *) fail "kill -9 1 as the agent's user said: $out";; esac
# (under runsc the exec itself may never return once the container is gone: bounded)
timeout 20 $ENGINE exec -u 0 "$c" kill -9 1 > /dev/null 2>&1
sleep 2
running=$($ENGINE ps -q --filter "id=$c" | wc -l)
if [ "$RUNTIME" = runsc ]; then
    [ "$running" = 0 ] && pass "runsc: PID 1 killed with SIGKILL ends the whole container (and the traced command)" \
        || fail "runsc: the container still runs after PID 1 was killed"
else
    [ "$running" = 1 ] && pass "runc: SIGKILL to PID 1 from inside its namespace is ignored (Linux)" \
        || fail "runc: the container ended after kill -9 1"
fi
$ENGINE rm -f "$c" > /dev/null 2>&1

if [ "$FAILED" = 0 ]; then echo "# all passed"; else echo "# FAILED"; fi
exit "$FAILED"
