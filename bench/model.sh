#!/usr/bin/env bash
# The model request path: the scripted model fixture (images/fixtures/model, under api.anthropic.com, over TLS)
# reached from a paude sandbox as Claude Code reaches its model there, through the proxy's model gateway (plain HTTP
# to the proxy, which adds the key and speaks TLS to the provider's host), against the same fixture reached directly,
# over TLS with the key in hand, from a container of the agent image on the same egress network, measured in the
# same run (interleaved rounds, medians).
#   bench/model.sh [docker|podman] [N]
# Two figures, each as a ratio sandboxed / direct:
#   ttft     time to the first byte of a streamed answer (the fixture writes its events at once, so that byte
#            carries the first token), over 20 requests on one kept-alive connection, as Claude Code's turns go:
#            the first request's (it opens the connection: through the sandbox, to the gateway, and the gateway's own
#            TLS connection to the provider) as first_ttft, the median of the 19 others as ttft
#   session  the whole run of the agent image's real `claude -p` through a 20-turn script (19 Bash calls, then the
#            answer), timed inside the container
# Not a timed test; no fixed target (the sandbox adds a proxy hop and the command audit). Results are appended to
# reports/bench/model.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-3}
source bench/lib.sh
limits=(--ulimit nofile=1024:4096 --ulimit nproc=1024:4096)
net=paude-bench-model-net-$$; model=paude-bench-model-$$; plain=paude-bench-model-direct-$$; ws=$(mktemp -d)
cleanup() {
  [[ -n ${session:-} ]] && java -jar "$jar" stop --engine "$engine" "$session" >/dev/null 2>&1 || true
  "$engine" rm -f "$model" "$plain" >/dev/null 2>&1 || true; "$engine" network rm "$net" >/dev/null 2>&1 || true; rm -rf "$ws"
}
trap cleanup EXIT
"$engine" network create --internal "$net" >/dev/null
base=paude-base:bookworm; "$engine" image inspect "$base" >/dev/null 2>&1 || base=debian:bookworm-slim
"$engine" build -q -t paude-bench-model:latest --build-arg BASE_IMAGE="$base" images/fixtures/model >/dev/null
"$engine" run -d --name "$model" --network "$net" --network-alias api.anthropic.com "${limits[@]}" paude-bench-model:latest >/dev/null
until "$engine" logs "$model" 2>&1 | grep -q "fixture-model ready"; do sleep 0.2; done

# the script: 19 turns that each call Bash, then the answer (the fixture picks the turn by the answers so far)
{
  printf '{"turns": ['
  for i in $(seq 19); do
    printf '[{"type": "text", "text": "Step %d."}, {"type": "tool_use", "name": "Bash", "input": {"command": "echo step %d", "description": "Step %d"}}], ' "$i" "$i" "$i"
  done
  printf '[{"type": "text", "text": "Twenty turns done."}]]}\n'
} > "$ws/script.json"
"$engine" cp "$ws/script.json" "$model:/fixture/script.json"
"$engine" cp "$model:/fixture/ca.pem" "$ws/model-ca.pem"
# a request for a turn as Claude Code sends one: streamed, with a tool
printf '%s\n' '{"model": "claude-bench", "max_tokens": 1024, "stream": true, "messages": [{"role": "user", "content": "Say hello"}],' \
  '"tools": [{"name": "Bash", "description": "Runs a command", "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}}}]}' \
  > "$ws/body.json"
chmod -R a+rX "$ws"; chown -R 1000:1000 "$ws" 2>/dev/null || true

if [[ $engine == podman ]]; then fmt='{{range .Subnets}}{{.Subnet}} {{end}}'; else fmt='{{range .IPAM.Config}}{{.Subnet}} {{end}}'; fi
subnet=$("$engine" network inspect --format "$fmt" "$net" | tr ' ' '\n' | grep -m1 '\.')
# the key is the launcher's: the gateway adds it, the sandbox holds a placeholder and ANTHROPIC_BASE_URL (the gateway)
session=$(ANTHROPIC_API_KEY=sk-ant-bench-not-a-key java -jar "$jar" start --engine "$engine" --agent shell --workspace "$ws" \
  --egress-network "$net" --allow-private-destinations "$subnet" --upstream-ca "$ws/model-ca.pem")

body='-H "content-type: application/json" -H "anthropic-version: 2023-06-01" --data-binary @'"$ws"'/body.json -w "%{time_starttransfer}\n" '
urls_direct=$(for _ in $(seq 20); do printf -- '-o /dev/null https://api.anthropic.com/v1/messages '; done)
urls_gateway=$(for _ in $(seq 20); do printf -- '-o /dev/null $ANTHROPIC_BASE_URL/v1/messages '; done)
ttft_direct='curl -sSf --cacert '"$ws"'/model-ca.pem -H "x-api-key: sk-ant-bench-not-a-key" '"$body$urls_direct"
ttft_gateway='curl -sSf '"$body$urls_gateway"
run_claude() { # $1: how Claude Code is told where its model is (nothing in the sandbox: paude set it)
  printf '%s' 's=$(date +%s%N)
'"$1"' claude -p "Run the twenty steps" --dangerously-skip-permissions > /tmp/bench-claude.out 2>&1 || { cat /tmp/bench-claude.out; exit 1; }
e=$(date +%s%N)
grep -q "Twenty turns done." /tmp/bench-claude.out || { echo "not all 20 turns:"; cat /tmp/bench-claude.out; exit 1; }
echo $(( (e - s) / 1000000 ))'
}
claude_direct=$(run_claude 'env ANTHROPIC_BASE_URL=https://api.anthropic.com ANTHROPIC_API_KEY=sk-ant-bench-not-a-key CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1 NODE_EXTRA_CA_CERTS='"$ws"'/model-ca.pem')
claude_gateway=$(run_claude '')
# direct: a container of the agent image kept running, like the sandbox, so that both run Claude Code with a warm home
"$engine" run -d --name "$plain" --network "$net" "${limits[@]}" -v "$ws:$ws" -w "$ws" "paude-agent:$version" sleep infinity >/dev/null
direct() { "$engine" exec "$plain" sh -c "$1"; }
sandboxed() { java -jar "$jar" exec --engine "$engine" "$session" -- sh -c "$1"; }
# curl's seconds in milliseconds (to the microsecond: a direct answer takes about a millisecond): the first request's,
# which opens the connection (through the sandbox: to the gateway, and the gateway's TLS to the fixture), or the median
# of the others
first() { head -n 1 | awk '{printf "%.3f\n", $1 * 1000}'; }
rest() { tail -n +2 | awk '{printf "%.3f\n", $1 * 1000}' | median; }

direct "$claude_direct" >/dev/null; sandboxed "$claude_gateway" >/dev/null   # warm up once: Claude Code's first start is slower
fd=(); fs=(); td=(); ts=(); sd=(); ss=()
for _ in $(seq "$n"); do
  out=$(direct "$ttft_direct"); fd+=("$(first <<<"$out")"); td+=("$(rest <<<"$out")")
  out=$(sandboxed "$ttft_gateway"); fs+=("$(first <<<"$out")"); ts+=("$(rest <<<"$out")")
  sd+=("$(direct "$claude_direct")"); ss+=("$(sandboxed "$claude_gateway")")
done
fdm=$(printf '%s\n' "${fd[@]}" | median); fsm=$(printf '%s\n' "${fs[@]}" | median)
tdm=$(printf '%s\n' "${td[@]}" | median); tsm=$(printf '%s\n' "${ts[@]}" | median)
sdm=$(printf '%s\n' "${sd[@]}" | median); ssm=$(printf '%s\n' "${ss[@]}" | median)
mkdir -p reports/bench
line=$(awk -v fd="$fdm" -v fs="$fsm" -v td="$tdm" -v ts="$tsm" -v sd="$sdm" -v ss="$ssm" -v e="$engine" -v n="$n" -v d="$(date -u +%FT%TZ)" 'BEGIN {
  printf "model engine=%s runs=%d first_ttft_direct_ms=%.2f first_ttft_sandbox_ms=%.2f first_ttft_ratio=%.2f ttft_direct_ms=%.2f ttft_sandbox_ms=%.2f ttft_ratio=%.2f session20_direct_ms=%d session20_sandbox_ms=%d session_ratio=%.2f date=%s",
    e, n, fd, fs, fs / fd, td, ts, ts / td, sd, ss, ss / sd, d }')
echo "$line" | tee -a reports/bench/model.txt
