#!/usr/bin/env bash
# Proxy overhead: 1,000 sequential small requests and one 200 MB download over plain HTTP, and the same download
# over HTTPS (what real traffic is: through the proxy a CONNECT tunnel, end to end TLS inside it), through a paude
# sandbox's proxy and directly from a container on the same egress network, measured in the same run (median of
# N runs).
#   bench/proxy.sh [docker|podman] [N]
# Not a timed test. Targets: requests ratio <= 1.3, download throughput >= 0.8 of direct (HTTP and HTTPS).
# Results are appended to reports/bench/proxy.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=${1:-docker}; n=${2:-3}
source bench/lib.sh
limits=(--ulimit nofile=1024:4096 --ulimit nproc=1024:4096)
net=paude-bench-egress-$$; web=paude-bench-web-$$; ws=$(mktemp -d); chown 1000:1000 "$ws" 2>/dev/null || true
cleanup() {
  [[ -n ${session:-} ]] && java -jar "$jar" stop --engine "$engine" "$session" >/dev/null 2>&1 || true
  "$engine" rm -f "$web" >/dev/null 2>&1 || true; "$engine" network rm "$net" >/dev/null 2>&1 || true; rm -rf "$ws"
}
trap cleanup EXIT
"$engine" network create --internal "$net" >/dev/null
base=paude-base:bookworm; "$engine" image inspect "$base" >/dev/null 2>&1 || base=debian:bookworm-slim
"$engine" build -q -t paude-bench-web:latest --build-arg BASE_IMAGE="$base" images/fixtures/web >/dev/null
"$engine" run -d --name "$web" --network "$net" --network-alias fixture.test "${limits[@]}" paude-bench-web:latest >/dev/null
until "$engine" logs "$web" 2>&1 | grep -q "fixture-web ready"; do sleep 0.2; done
"$engine" cp "$web:/fixture/ca.pem" "$ws/ca.pem"; chmod a+rx "$ws"; chmod a+r "$ws/ca.pem"
# the fixture sits on a private subnet, which allowlisted names may reach only when it is opened
if [[ $engine == podman ]]; then fmt='{{range .Subnets}}{{.Subnet}} {{end}}'; else fmt='{{range .IPAM.Config}}{{.Subnet}} {{end}}'; fi
subnet=$("$engine" network inspect --format "$fmt" "$net" | tr ' ' '\n' | grep -m1 '\.')
session=$(java -jar "$jar" start --engine "$engine" --agent shell --workspace "$ws" --egress-network "$net" \
  --allow-private-destinations "$subnet" --allow-domain fixture.test)

# every response discarded: curl's -o applies to one URL, so each URL gets its own
urls=$(for i in $(seq 1000); do printf -- '-o /dev/null http://fixture.test/r%d ' "$i"; done)
requests='s=$(date +%s%N); curl -sf '"$urls"' || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))'
download='s=$(date +%s%N); curl -sf -o /dev/null http://fixture.test/bytes/209715200 || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))'
tls='s=$(date +%s%N); curl -sf --cacert '"$ws"'/ca.pem -o /dev/null https://fixture.test/bytes/209715200 || exit 1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))'
direct() { "$engine" run --rm --network "$net" "${limits[@]}" -v "$ws:$ws:ro" "paude-agent:$version" sh -c "$1"; }
proxied() { java -jar "$jar" exec --engine "$engine" "$session" -- sh -c "$1"; }

rd=$(for _ in $(seq "$n"); do direct "$requests"; done | median)
rp=$(for _ in $(seq "$n"); do proxied "$requests"; done | median)
dd=$(for _ in $(seq "$n"); do direct "$download"; done | median)
dp=$(for _ in $(seq "$n"); do proxied "$download"; done | median)
sd=$(for _ in $(seq "$n"); do direct "$tls"; done | median)
sp=$(for _ in $(seq "$n"); do proxied "$tls"; done | median)
mkdir -p reports/bench
line=$(awk -v rd="$rd" -v rp="$rp" -v dd="$dd" -v dp="$dp" -v sd="$sd" -v sp="$sp" -v e="$engine" -v n="$n" -v d="$(date -u +%FT%TZ)" 'BEGIN {
  printf "proxy engine=%s runs=%d requests_direct_ms=%d requests_proxy_ms=%d requests_ratio=%.2f (target<=1.3) download_direct_ms=%d download_proxy_ms=%d throughput_ratio=%.2f (target>=0.8) https_download_direct_ms=%d https_download_proxy_ms=%d https_throughput_ratio=%.2f (target>=0.8) date=%s",
    e, n, rd, rp, rp / rd, dd, dp, dd / dp, sd, sp, sd / sp, d }')
echo "$line" | tee -a reports/bench/proxy.txt
