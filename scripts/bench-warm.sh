#!/usr/bin/env bash
# Benchmark: `cachectl warm` of N JSON Lines records (≈100-byte JSON values, TTL) against
# `redis-cli --pipe` loading the same records pre-encoded as RESP (SET key value EX ttl), each
# into a fresh redis-server on a free loopback port, in the same run. Each round runs, in rotated
# order: the anchor, warm with the fast path (warm/FastLine), warm with plain Jackson streaming
# (-Dcachectl.warm.fast-path=false) and, unless CSV=0, warm of the same records as CSV. Prints every
# round, then the best of the rounds for each and the ratios to the anchor (the issue's target:
# ratio ≤ 1.25) and the fast path's gain over Jackson. Then (unless BIG=0) a 5 M-record warm with
# CACHECTL_JAVA_OPTS=-Xmx128m to show the load runs in constant memory.
#
#   scripts/bench-warm.sh            # 1 M records, 3 rounds, then the 5 M / -Xmx128m run
#   N=200000 RUNS=5 BIG=0 scripts/bench-warm.sh
#   SERVER=valkey scripts/bench-warm.sh     # against valkey-server, anchor valkey-cli --pipe
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
N="${N:-1000000}"
BIG="${BIG:-5000000}"
RUNS="${RUNS:-3}"
CSV="${CSV:-1}"
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
gen() { # $1=count $2=jsonl [$3=resp [$4=csv]]
  python3 - "$1" "$2" "${3:-}" "${4:-}" <<'PY'
import json, sys
n, jpath, rpath, cpath = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
jf = open(jpath, "w", buffering=1 << 20)
rf = open(rpath, "wb", buffering=1 << 20) if rpath else None
cf = open(cpath, "w", buffering=1 << 20) if cpath else None
if cf: cf.write("key,value,ttl\n")
for i in range(n):
    key = "bench:item:%d" % i
    value = json.dumps({"id": i, "name": "item-%d" % i, "price": round(i * 0.37 % 1000, 2),
                        "tags": ["cache", "warm"], "pad": "x" * (28 - len(str(i)))}, separators=(",", ":"))
    ttl = 3600 + i % 600
    jf.write('{"key":"%s","value":%s,"ttl":%d}\n' % (key, value, ttl))
    if cf:  # the JSON value as one quoted CSV field, its quotes doubled
        cf.write('%s,"%s",%d\n' % (key, value.replace('"', '""'), ttl))
    if rf:
        parts = [b"SET", key.encode(), value.encode(), b"EX", str(ttl).encode()]
        rf.write(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
jf.close()
if rf: rf.close()
if cf: cf.close()
PY
}

now() { date +%s.%N; }

echo "generating $N records..." >&2
gen "$N" "$work/records.jsonl" "$work/records.resp" "$( [ "$CSV" = 0 ] || echo "$work/records.csv")"
echo "records.jsonl: $(du -h "$work/records.jsonl" | cut -f1), records.resp: $(du -h "$work/records.resp" | cut -f1)"
head -c 200 "$work/records.jsonl"; echo

# one measurement into a fresh server: prints "seconds keys" (and leaves warm's JSON in $work/$1.json)
measure() { # $1=variant
  local t0 t1 keys
  start_server
  t0=$(now)
  case "$1" in
    pipe)    "$CLI" -p "$port" --pipe < "$work/records.resp" > "$work/pipe.out" ;;
    fast)    "$root/scripts/cachectl" warm "$work/records.jsonl" --url "redis://127.0.0.1:$port" --yes --json > "$work/fast.json" ;;
    jackson) CACHECTL_JAVA_OPTS="-Dcachectl.warm.fast-path=false" \
               "$root/scripts/cachectl" warm "$work/records.jsonl" --url "redis://127.0.0.1:$port" --yes --json > "$work/jackson.json" ;;
    csv)     "$root/scripts/cachectl" warm "$work/records.csv" --url "redis://127.0.0.1:$port" --yes --json > "$work/csv.json" ;;
  esac
  t1=$(now)
  keys=$("$CLI" -p "$port" dbsize)
  stop_server
  echo "$(echo "$t1 - $t0" | bc -l) $keys"
}
phases() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("validate %.2f + write %.2f s" % (d["validate_ms"] / 1000, d["write_ms"] / 1000))' "$work/$1.json"; }

variants=(pipe fast jackson)
[ "$CSV" = 0 ] || variants+=(csv)
declare -A best
for run in $(seq "$RUNS"); do
  # rotate the order each round: on a shared machine the load drifts, and no variant should always go first
  k=$(( (run - 1) % ${#variants[@]} ))
  order=("${variants[@]:k}" "${variants[@]:0:k}")
  line="round $run:"
  for v in "${order[@]}"; do
    measure "$v" > "$work/m"; read -r s keys < "$work/m"   # not in a subshell: cleanup must see the server pid
    if [ "$keys" != "$N" ]; then echo "$v wrote $keys keys, expected $N" >&2; exit 1; fi
    if [ -z "${best[$v]:-}" ] || [ "$(echo "$s < ${best[$v]}" | bc -l)" = 1 ]; then best[$v]=$s; fi
    if [ "$v" = pipe ]; then line+=$(printf '  pipe %.2f s' "$s"); else line+=$(printf '  %s %.2f s (%s)' "$v" "$s" "$(phases "$v")"); fi
  done
  echo "$line"
done

pipe_s=${best[pipe]}
ratio() { echo "$1 / $pipe_s" | bc -l; }
printf 'best of %d rounds, %d records, %s:\n' "$RUNS" "$N" "$FLAVOUR_LABEL"
printf '  %-30s %6.2f s\n' "$CLI --pipe" "$pipe_s"
printf '  %-30s %6.2f s   ratio %.2f (target <= 1.25)\n' "warm, fast path" "${best[fast]}" "$(ratio "${best[fast]}")"
printf '  %-30s %6.2f s   ratio %.2f\n' "warm, Jackson streaming only" "${best[jackson]}" "$(ratio "${best[jackson]}")"
[ "$CSV" = 0 ] || printf '  %-30s %6.2f s   ratio %.2f\n' "warm, CSV" "${best[csv]}" "$(ratio "${best[csv]}")"
printf '  fast path gain over Jackson streaming: %.1f %% of the Jackson wall time\n' \
  "$(echo "(${best[jackson]} - ${best[fast]}) * 100 / ${best[jackson]}" | bc -l)"

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
