#!/usr/bin/env bash
# Benchmark: cachectl invalidate vs `redis-cli --scan --pattern P | xargs -n 1000 redis-cli unlink`
# on the same data (default 1 M keys, ~11 % matching), same server, same run. Prints both wall times
# and the ratio (goal: cachectl <= 0.25 x the one-liner). Starts and stops its own redis-server.
#   scripts/bench-invalidate.sh [TOTAL_KEYS] [MATCHING_KEYS]     env: SERVER=redis|valkey (anchor: that flavour's cli)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
total="${1:-1000000}"
matching="${2:-111000}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dir="$(mktemp -d)"
"$SRV" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --enable-debug-command yes
trap 'kill "$(cat "$dir/redis.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do "$CLI" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q -Dmaven.test.skip=true package)
cli=("$CLI" -p "$port")
"${cli[@]}" DEBUG POPULATE $((total - matching)) cache:item >/dev/null
populate() { "${cli[@]}" DEBUG POPULATE "$matching" user:profile >/dev/null; }
now() { date +%s.%N; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); keys: $total, matching 'user:profile:*': $matching"

populate
t0=$(now)
"${cli[@]}" --scan --pattern 'user:profile:*' | xargs -n 1000 "${cli[@]}" unlink >/dev/null
t1=$(now)
left=$("${cli[@]}" dbsize)
anchor=$(echo "$t1 - $t0" | bc)
echo "$CLI --scan | xargs -n 1000 $CLI unlink: ${anchor} s (dbsize after: $left)"

populate
t0=$(now)
REDIS_URL="redis://127.0.0.1:$port" "$root/scripts/cachectl" invalidate 'user:profile:*' --yes --json >"$dir/out.json"
t1=$(now)
left=$("${cli[@]}" dbsize)
ours=$(echo "$t1 - $t0" | bc)
deleted=$(python3 -c "import json,sys; print(json.load(open('$dir/out.json'))['deleted'])")
echo "cachectl invalidate:                              ${ours} s (deleted $deleted, dbsize after: $left)"
echo "ratio cachectl / one-liner: $(echo "scale=3; $ours / $anchor" | bc) (goal <= 0.25)"
