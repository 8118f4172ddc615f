#!/usr/bin/env bash
# Keyspace benchmark: bigkeys / ttl-audit against redis-cli --memkeys / --bigkeys and the server-side
# floor (one Lua script doing SCAN + TYPE + MEMORY USAGE + PTTL + STRLEN for every key), same data,
# same run. Also a concurrent latency p99 check and an -Xmx128m run on 5 M keys (BIG=0 skips it).
# Usage: scripts/bench-keyspace.sh [KEYS]   (default 1000000). The machine may be shared: figures are noisy.
set -u
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys="${1:-1000000}"
port="${PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}"
dir="$(mktemp -d)"
cli=(redis-cli -h 127.0.0.1 -p "$port")
url="redis://127.0.0.1:$port"
[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q package -Dmaven.test.skip=true)

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --enable-debug-command yes \
  --busy-reply-threshold 60000 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
cleanup() { [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null; sleep 0.3; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 50); do "${cli[@]}" ping >/dev/null 2>&1 && break; sleep 0.1; done

populate() {
  "${cli[@]}" flushall >/dev/null
  "${cli[@]}" debug populate "$1" user:profile: 200 >/dev/null
  { for i in $(seq 1 200); do
      echo "HSET cart:$i f1 v1 f2 v2 f3 v3 f4 v4"; echo "RPUSH queue:$i a b c d e f"; echo "SADD tags:$i a b c"
      echo "EXPIRE user:profile::$i 300"
    done
    for i in 1 2 3; do echo "SETRANGE blob:$i $((1500000 * i)) x"; done
  } | "${cli[@]}" >/dev/null
}
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

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
echo "dataset: $("${cli[@]}" dbsize) keys, $("${cli[@]}" info memory | grep used_memory_human | tr -d '\r')  (redis $("${cli[@]}" info server | grep redis_version | cut -d: -f2 | tr -d '\r'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
t_memkeys=$(secs "${cli[@]}" --memkeys)
t_bigkeys=$(secs "${cli[@]}" --bigkeys)
t_floor=$(secs "${cli[@]}" --eval "$dir/floor.lua")
t_ck=$(secs "$root/scripts/cachectl" bigkeys --url "$url" --json)
t_ct=$(secs "$root/scripts/cachectl" ttl-audit --url "$url" --json)
t_ckp=$(secs "$root/scripts/cachectl" bigkeys --url "$url" --json --no-script)
printf '%-42s %7s s\n' "redis-cli --memkeys" "$t_memkeys" "redis-cli --bigkeys" "$t_bigkeys" \
  "server-side floor (one Lua script)" "$t_floor" "cachectl bigkeys" "$t_ck" "cachectl ttl-audit" "$t_ct" \
  "cachectl bigkeys (pipelined fallback)" "$t_ckp"
echo "bigkeys   / memkeys: $(ratio "$t_ck" "$t_memkeys")  (goal <= 0.30)   bigkeys / floor: $(ratio "$t_ck" "$t_floor")  (goal <= 1.30)"
echo "ttl-audit / memkeys: $(ratio "$t_ct" "$t_memkeys")                   ttl-audit / floor: $(ratio "$t_ct" "$t_floor")"

# concurrent client latency while the scan runs (redis-benchmark GETs, one connection, p99)
lat() {
  redis-benchmark -h 127.0.0.1 -p "$port" -t get -n 20000 -c 1 -r 1000 --csv 2>/dev/null | tail -1 \
    | awk -F, '{gsub(/"/,""); print $7}'   # p99_latency_ms column of redis-benchmark 7.x CSV
}
echo "p99 GET latency idle: $(lat) ms"
"$root/scripts/cachectl" bigkeys --url "$url" --json >/dev/null 2>&1 & pid=$!
sleep 0.8; echo "p99 GET latency during bigkeys: $(lat) ms  (goal < 5 ms)"; wait $pid
"$root/scripts/cachectl" ttl-audit --url "$url" --json >/dev/null 2>&1 & pid=$!
sleep 0.8; echo "p99 GET latency during ttl-audit: $(lat) ms  (goal < 5 ms)"; wait $pid

if [ "${BIG:-1}" = 1 ]; then
  populate 5000000
  s=$(date +%s.%N)
  CACHECTL_JAVA_OPTS=-Xmx128m "$root/scripts/cachectl" bigkeys --url "$url" --json > "$dir/big.json" 2>"$dir/big.err"; rc=$?
  e=$(date +%s.%N)
  echo "5 M keys, -Xmx128m: bigkeys exit $rc in $(echo "$e - $s" | bc) s, keys_scanned $(grep -m1 '"keys_scanned"' "$dir/big.json" | tr -dc 0-9)"
fi
