#!/usr/bin/env bash
# Benchmark: `cachectl warm` of N JSON Lines records (≈100-byte JSON values, TTL) against
# `redis-cli --pipe` loading the same records pre-encoded as RESP (SET key value EX ttl), each
# into a fresh redis-server on a free loopback port, in the same run. Prints both wall times and
# the ratio (the issue's target: ratio ≤ 1.25). Then (unless BIG=0) a 5 M-record warm with
# CACHECTL_JAVA_OPTS=-Xmx128m to show the load runs in constant memory.
#
#   scripts/bench-warm.sh            # 1 M records, then the 5 M / -Xmx128m run
#   N=200000 BIG=0 scripts/bench-warm.sh
#   SERVER=valkey scripts/bench-warm.sh     # against valkey-server, anchor valkey-cli --pipe
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
N="${N:-1000000}"
BIG="${BIG:-5000000}"
RUNS="${RUNS:-1}"
work="$(mktemp -d /tmp/cachectl-bench-warm.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q -Dmaven.test.skip=true package)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() {
  port="$(free_port)"
  "$SRV" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --dir "$work" --logfile "$work/redis-$port.log" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do "$CLI" -p "$port" ping >/dev/null 2>&1 && return; sleep 0.05; done
  echo "$SRV did not start (see $work/redis-$port.log)" >&2; exit 1
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# generate N records: JSON Lines (for cachectl) and the RESP twin (for redis-cli --pipe)
gen() { # $1=count $2=jsonl [$3=resp]
  python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
n, jpath, rpath = int(sys.argv[1]), sys.argv[2], sys.argv[3]
jf = open(jpath, "w", buffering=1 << 20)
rf = open(rpath, "wb", buffering=1 << 20) if rpath else None
for i in range(n):
    key = "bench:item:%d" % i
    value = json.dumps({"id": i, "name": "item-%d" % i, "price": round(i * 0.37 % 1000, 2),
                        "tags": ["cache", "warm"], "pad": "x" * (28 - len(str(i)))}, separators=(",", ":"))
    ttl = 3600 + i % 600
    jf.write('{"key":"%s","value":%s,"ttl":%d}\n' % (key, value, ttl))
    if rf:
        parts = [b"SET", key.encode(), value.encode(), b"EX", str(ttl).encode()]
        rf.write(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
jf.close()
if rf: rf.close()
PY
}

now() { date +%s.%N; }

echo "generating $N records..." >&2
gen "$N" "$work/records.jsonl" "$work/records.resp"
echo "records.jsonl: $(du -h "$work/records.jsonl" | cut -f1), records.resp: $(du -h "$work/records.resp" | cut -f1)"
head -c 200 "$work/records.jsonl"; echo

for run in $(seq "$RUNS"); do
  start_server
  t0=$(now)
  "$CLI" -p "$port" --pipe < "$work/records.resp" > "$work/pipe.out"
  t1=$(now)
  keys_cli=$("$CLI" -p "$port" dbsize)
  stop_server
  tail -1 "$work/pipe.out"

  start_server
  t2=$(now)
  "$root/scripts/cachectl" warm "$work/records.jsonl" --url "redis://127.0.0.1:$port" --yes --json > "$work/warm.json"
  t3=$(now)
  keys_warm=$("$CLI" -p "$port" dbsize)
  stop_server

  cli_s=$(echo "$t1 - $t0" | bc -l); warm_s=$(echo "$t3 - $t2" | bc -l)
  phases=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("validate %.2f s + write %.2f s" % (d["validate_ms"] / 1000, d["write_ms"] / 1000))' "$work/warm.json")
  printf "run %d: $CLI --pipe %.2f s (%s keys)   cachectl warm %.2f s (%s keys; %s)   ratio %.2f (target <= 1.25)\n" \
    "$run" "$cli_s" "$keys_cli" "$warm_s" "$keys_warm" "$phases" "$(echo "$warm_s / $cli_s" | bc -l)"
done

if [ "$BIG" != "0" ]; then
  echo "generating $BIG records for the constant-memory run..." >&2
  gen "$BIG" "$work/big.jsonl"
  rm -f "$work/records.resp"
  start_server
  t0=$(now)
  CACHECTL_JAVA_OPTS="-Xmx128m" "$root/scripts/cachectl" warm "$work/big.jsonl" --url "redis://127.0.0.1:$port" --yes \
    --json > "$work/big.json"
  t1=$(now)
  keys=$("$CLI" -p "$port" dbsize)
  used=$("$CLI" -p "$port" info memory | grep '^used_memory_human' | tr -d '\r')
  stop_server
  printf '5M run with -Xmx128m: %.2f s, %s keys written (%s), %s\n' "$(echo "$t1 - $t0" | bc -l)" "$keys" \
    "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("written=%d rejected=%d" % (d["written"], d["rejected"]))' "$work/big.json")" "$used"
fi
