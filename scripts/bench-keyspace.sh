#!/usr/bin/env bash
# Keyspace benchmark: bigkeys / ttl-audit against the redis-cli anchors and the server-side floor
# (one Lua script doing SCAN + TYPE + MEMORY USAGE + PTTL + STRLEN for every key), same data, same run.
# Anchors: redis-cli --memkeys and --bigkeys, --keystats where the installed redis-cli has it (7.4+),
# and the best a pipeline can do (redis-cli --scan, then TYPE + MEMORY USAGE + PTTL via --pipe; redis-cli
# 7.0 has no --count for --scan, so its SCAN step uses COUNT 10).
# Every timing runs RUNS times, interleaved (default 2), and the best is used for the ratios: the
# machine may be shared, and others' load only ever adds time. The Redis server's own CPU time per
# run is printed too (a busy machine inflates wall times, much less the server's CPU).
# Then a concurrent client's p99 (redis-benchmark GETs) while each command runs, and an -Xmx128m run
# on 5 M keys (BIG=0 skips it).
# Usage: scripts/bench-keyspace.sh [KEYS]   (default 1000000)   env: RUNS=2 BIG=1 PORT= SERVER=redis|valkey
# (SERVER=valkey measures against valkey-server with valkey-cli and valkey-benchmark as the anchors)
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
keys="${1:-1000000}"
runs="${RUNS:-2}"
port="${PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}"
dir="$(mktemp -d)"
cli=("$CLI" -h 127.0.0.1 -p "$port")
url="redis://127.0.0.1:$port"
[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q package -Dmaven.test.skip=true)

"$SRV" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --enable-debug-command yes \
  --busy-reply-threshold 60000 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
cleanup() { [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null; sleep 0.3; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 50); do "${cli[@]}" ping >/dev/null 2>&1 && break; sleep 0.1; done
spid="$(cat "$dir/redis.pid")"

populate() {
  "${cli[@]}" flushall >/dev/null
  "${cli[@]}" debug populate "$1" user:profile: 200 >/dev/null
  { for i in $(seq 1 200); do
      echo "HSET cart:$i f1 v1 f2 v2 f3 v3 f4 v4"; echo "RPUSH queue:$i a b c d e f"; echo "SADD tags:$i a b c"
      echo "EXPIRE user:profile::$i 86400"
    done
    for i in 1 2 3; do echo "SETRANGE blob:$i $((1500000 * i)) x"; done
  } | "${cli[@]}" >/dev/null
}
now() { date +%s.%N; }
server_cpu() { awk '{print $14 + $15}' "/proc/$spid/stat"; }   # clock ticks (1/100 s)
ratio() { echo "scale=2; $1 / $2" | bc; }
declare -A best cpu
# measure NAME CMD...: wall time (best of the runs so far) and the server's CPU seconds for that run
measure() {
  local name="$1"; shift
  local c0 s e c1 t
  c0=$(server_cpu); s=$(now); "$@" >/dev/null 2>&1; e=$(now); c1=$(server_cpu)
  t=$(echo "$e - $s" | bc)
  printf '  %-40s %7.2f s   server CPU %5.2f s\n' "$name" "$t" "$(echo "($c1 - $c0) / 100" | bc -l)"
  if [ -z "${best[$name]:-}" ] || [ "$(echo "$t < ${best[$name]}" | bc)" = 1 ]; then
    best[$name]=$t; cpu[$name]=$(echo "($c1 - $c0) / 100" | bc -l)
  fi
}
pipe_anchor() {
  "${cli[@]}" --scan > "$dir/keys.txt"
  awk '{print "TYPE " $0; print "MEMORY USAGE " $0; print "PTTL " $0}' "$dir/keys.txt" > "$dir/probes.txt"
}

populate "$keys"
cat > "$dir/floor.lua" <<'LUA'
local c, n = '0', 0
repeat
  local r = redis.call('SCAN', c, 'COUNT', 1000); c = r[1]
  for _, k in ipairs(r[2]) do
    local t = redis.call('TYPE', k)['ok']; redis.call('MEMORY', 'USAGE', k); redis.call('PTTL', k)
    if t == 'string' then redis.call('STRLEN', k) end
    n = n + 1
  end
until c == '0'
return n
LUA
keystats=0
"$CLI" --help 2>&1 | grep -q -- --keystats && keystats=1
echo "dataset: $("${cli[@]}" dbsize) keys, $("${cli[@]}" info memory | grep used_memory_human | tr -d '\r')  ($FLAVOUR_LABEL, $("$CLI" --version), $(nproc) cores)"
for r in $(seq "$runs"); do
  echo "run $r (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  measure "$CLI --memkeys" "${cli[@]}" --memkeys
  measure "$CLI --bigkeys" "${cli[@]}" --bigkeys
  [ "$keystats" = 1 ] && measure "$CLI --keystats --count 1000" "${cli[@]}" --keystats --count 1000
  pipe_anchor
  s=$(now); "${cli[@]}" --scan >/dev/null; e=$(now)
  measure "pipelined TYPE+MEMORY+PTTL (--pipe)" "${cli[@]}" --pipe < "$dir/probes.txt"
  printf '  %-40s %7.2f s   (add it to the line above)\n' "  + its $CLI --scan" "$(echo "$e - $s" | bc)"
  measure "server-side floor (one Lua script)" "${cli[@]}" --eval "$dir/floor.lua"
  measure "cachectl bigkeys" "$root/scripts/cachectl" bigkeys --url "$url" --json
  measure "cachectl ttl-audit" "$root/scripts/cachectl" ttl-audit --url "$url" --json
  measure "cachectl bigkeys (pipelined fallback)" "$root/scripts/cachectl" bigkeys --url "$url" --json --no-script
done
m=${best["$CLI --memkeys"]}; f=${best["server-side floor (one Lua script)"]}
b=${best["cachectl bigkeys"]}; t=${best["cachectl ttl-audit"]}
echo "best of $runs: memkeys $m s, floor $f s, bigkeys $b s, ttl-audit $t s"
[ "$keystats" = 1 ] || echo "  ($CLI $("$CLI" --version | cut -d' ' -f2) has no --keystats: that anchor needs redis-cli 7.4+)"
echo "bigkeys   / memkeys: $(ratio "$b" "$m")  (goal <= 0.30)   bigkeys   / floor: $(ratio "$b" "$f")  (goal <= 1.30)"
echo "ttl-audit / memkeys: $(ratio "$t" "$m")  (goal <= 0.30)   ttl-audit / floor: $(ratio "$t" "$f")  (goal <= 1.30)"
echo "server CPU in those runs: floor $(printf %.2f "${cpu["server-side floor (one Lua script)"]}") s, bigkeys $(printf %.2f "${cpu["cachectl bigkeys"]}") s, ttl-audit $(printf %.2f "${cpu["cachectl ttl-audit"]}") s"

# concurrent client latency while the scan runs (redis-benchmark GETs, one connection, p99)
lat() {
  "$BENCH" -h 127.0.0.1 -p "$port" -t get -n 20000 -c 1 -r 1000 --csv 2>/dev/null | tail -1 \
    | awk -F, '{gsub(/"/,""); print $7}'   # p99_latency_ms column of redis-/valkey-benchmark 7.x/8.x CSV
}
echo "p99 GET latency idle: $(lat) ms  (load $(cut -d' ' -f1 /proc/loadavg))"
for cmd in bigkeys ttl-audit; do
  "$root/scripts/cachectl" "$cmd" --url "$url" --json >/dev/null 2>&1 & pid=$!
  sleep 0.8; echo "p99 GET latency during $cmd: $(lat) ms  (goal < 5 ms)"; wait $pid
done

if [ "${BIG:-1}" = 1 ]; then
  populate 5000000
  s=$(now)
  CACHECTL_JAVA_OPTS=-Xmx128m "$root/scripts/cachectl" bigkeys --url "$url" --json > "$dir/big.json" 2>"$dir/big.err"; rc=$?
  e=$(now)
  echo "5 M keys, -Xmx128m: bigkeys exit $rc in $(echo "$e - $s" | bc) s, keys_scanned $(grep -m1 '"keys_scanned"' "$dir/big.json" | tr -dc 0-9)"
fi
