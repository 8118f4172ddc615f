#!/usr/bin/env bash
# Keyspace benchmark on a 3-primary cluster: cachectl bigkeys / ttl-audit (every primary in parallel)
# against the flavour's own cli --memkeys run on every primary at once (the anchor finishes when its
# slowest node does), same data, same run. Also checks exactness (keys_scanned = sum of DBSIZE, on every
# node) and a concurrent client's p99 while bigkeys runs.
#   scripts/bench-keyspace-cluster.sh [KEYS]        (default 1000000; ~200-byte strings, 1 in 5 with a TTL)
#   SERVER=valkey scripts/bench-keyspace-cluster.sh  (valkey-server: one dictionary per slot)
#   env: RUNS=2 (best of RUNS, interleaved)
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
keys="${1:-1000000}"
runs="${RUNS:-2}"
dir="$(mktemp -d)"
[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q package -Dmaven.test.skip=true)
# three free ports below 55535 whose cluster bus ports (port + 10000) are free too
read -r -a ports <<< "$(python3 - <<'PY'
import random, socket
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
out = []
while len(out) < 3:
    p = random.randint(20000, 45000)
    if p not in out and free(p) and free(p + 10000):
        out.append(p)
print(*out)
PY
)"
cleanup() { for p in "${ports[@]}"; do [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null; done; sleep 0.3; rm -rf "$dir"; }
trap cleanup EXIT
for p in "${ports[@]}"; do
  mkdir -p "$dir/$p"
  "$SRV" --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/$p/nodes.conf" \
    --save '' --appendonly no --dir "$dir/$p" --daemonize yes --pidfile "$dir/$p.pid" --logfile "$dir/$p/log"
done
for p in "${ports[@]}"; do for _ in $(seq 50); do "$CLI" -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done; done
"$CLI" --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-yes >/dev/null
for _ in $(seq 100); do
  ok=1; for p in "${ports[@]}"; do "$CLI" -p "$p" cluster info | grep -q 'cluster_state:ok' || ok=0; done
  [ "$ok" = 1 ] && break; sleep 0.2
done
# RESP per node, keys routed by their slot (binascii.crc_hqx is Redis' CRC16), loaded with --pipe in parallel
python3 - "$keys" "$dir" "${ports[@]}" <<'PY'
import binascii, sys
n, d, ports = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
def slot(k):
    s = k.find(b'{')
    if s >= 0:
        e = k.find(b'}', s + 1)
        if e > s + 1:
            k = k[s + 1:e]
    return binascii.crc_hqx(k, 0) % 16384
out = [open(f"{d}/{p}.resp", "wb") for p in ports]
val = b"v" * 200
for i in range(n):
    k = b"user:profile:%d" % i
    sl = slot(k)   # --cluster create gives 0-5460, 5461-10922, 10923-16383 to the nodes in order
    node = 0 if sl <= 5460 else 1 if sl <= 10922 else 2
    if i % 5 == 0:
        out[node].write(b"*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$200\r\n%s\r\n$2\r\nEX\r\n$5\r\n86400\r\n" % (len(k), k, val))
    else:
        out[node].write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$200\r\n%s\r\n" % (len(k), k, val))
for f in out:
    f.close()
PY
for p in "${ports[@]}"; do "$CLI" -p "$p" --pipe < "$dir/$p.resp" >/dev/null & done; wait
url="redis://127.0.0.1:${ports[0]}"
sum=0; for p in "${ports[@]}"; do sum=$((sum + $("$CLI" -p "$p" dbsize))); done
echo "cluster of 3 primaries ($FLAVOUR_LABEL), $sum keys; $(nproc) cores"
now() { date +%s.%N; }
declare -A best
measure() {
  local name="$1"; shift
  local s e t
  s=$(now); "$@" >/dev/null 2>&1; e=$(now); t=$(echo "$e - $s" | bc)
  printf '  %-44s %7.2f s\n' "$name" "$t"
  if [ -z "${best[$name]:-}" ] || [ "$(echo "$t < ${best[$name]}" | bc)" = 1 ]; then best[$name]=$t; fi
}
memkeys_all() { for p in "${ports[@]}"; do "$CLI" -p "$p" --memkeys >/dev/null 2>&1 & done; wait; }
for r in $(seq "$runs"); do
  echo "run $r (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  measure "$CLI --memkeys on every primary at once" memkeys_all
  measure "cachectl bigkeys" "$root/scripts/cachectl" bigkeys --url "$url" --json
  measure "cachectl ttl-audit" "$root/scripts/cachectl" ttl-audit --url "$url" --json
done
m=${best["$CLI --memkeys on every primary at once"]}; b=${best["cachectl bigkeys"]}; t=${best["cachectl ttl-audit"]}
echo "bigkeys   / memkeys: $(echo "scale=2; $b / $m" | bc)  (goal <= 0.30)"
echo "ttl-audit / memkeys: $(echo "scale=2; $t / $m" | bc)  (goal <= 0.30)"
"$root/scripts/cachectl" bigkeys --url "$url" --json > "$dir/b.json" 2>/dev/null
python3 - "$dir/b.json" "$sum" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); total = int(sys.argv[2])
nodes = d["scan"]["nodes"]
exact = d["keys_scanned"] == total and all(n["keys_scanned"] == n["dbsize"] for n in nodes)
print("exactness: keys_scanned %d, sum of DBSIZE %d, per node %s, layout %s: %s" % (d["keys_scanned"], total,
      ", ".join("%d/%d" % (n["keys_scanned"], n["dbsize"]) for n in nodes), nodes[0].get("layout"),
      "EXACT" if exact else "WRONG"))
PY
lat() {
  "$BENCH" -h 127.0.0.1 -p "${ports[0]}" --cluster -t get -n 20000 -c 1 -r 1000 --csv 2>/dev/null | tail -1 | awk -F, '{gsub(/"/,""); print $7}'
}
echo "p99 GET latency idle: $(lat) ms"
"$root/scripts/cachectl" bigkeys --url "$url" --json >/dev/null 2>&1 & pid=$!
sleep 0.8; echo "p99 GET latency during bigkeys: $(lat) ms  (goal < 5 ms)"; wait $pid
