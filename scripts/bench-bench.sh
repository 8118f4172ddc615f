#!/usr/bin/env bash
# cachectl bench vs redis-benchmark on the same, freshly started redis-server (same run, same machine).
#   scripts/bench-bench.sh                 N=1000000 GET requests at -P 1 (x16 at -P 16)
#   N=300000 KEYS=100000 scripts/bench-bench.sh
#   SERVER=valkey scripts/bench-bench.sh     # against valkey-server, anchor valkey-benchmark
# Both tools GET keys that exist (each fills its own keyspace of KEYS keys with 100-byte values first),
# uniform key choice, 50 connections. Prints rps and p50 of each and the ratios cachectl/redis-benchmark.
set -eu
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/server-flavour.sh"   # SERVER=redis|valkey
N="${N:-1000000}"
KEYS="${KEYS:-100000}"
ROUNDS="${ROUNDS:-3}"
# Pin the server to core 0 and the load generator (either tool) to core 1 (PIN=1), the usual practice for
# redis-benchmark; off by default because on a shared machine it makes both tools hostage to whatever else runs on that core.
PIN="${PIN:-0}"
srv=(); cli=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then srv=(taskset -c 0); cli=(taskset -c 1); fi
command -v "$SRV" >/dev/null && command -v "$BENCH" >/dev/null || { echo "needs $SRV and $BENCH" >&2; exit 2; }
[ -f "$root/target/cachectl.jar" ] || (cd "$root" && mvn -B -q package -Dmaven.test.skip=true)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
dir=$(mktemp -d)
"${srv[@]}" "$SRV" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
for _ in $(seq 50); do "$CLI" -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
pid=$(cat "$dir/redis.pid")
trap 'kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# redis-benchmark's keys (key:000000xxxxxx): fill them so its GETs hit, like cachectl's pre-load
"$BENCH" -p "$port" -t set -r "$KEYS" -n $((KEYS * 10)) -d 100 -P 64 -q >/dev/null

rb() { # pipeline requests -> "rps p50"
  "${cli[@]}" "$BENCH" -p "$port" -t get -c 50 -P "$1" -n "$2" -r "$KEYS" -d 100 -q 2>/dev/null | tr '\r' '\n' \
    | sed -n 's/^GET: \([0-9.]*\) requests per second, p50=\([0-9.]*\) msec.*/\1 \2/p' | tail -1
}
cc() {
  "${cli[@]}" "$root/scripts/cachectl" bench get --url "redis://127.0.0.1:$port" -c 50 -P "$1" -n "$2" -r "$KEYS" -d 100 \
    --uniform --warmup 1s --prefix "bb:$RANDOM:" --json 2>/dev/null \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["throughput_rps"], d["latency_ms"]["all"]["p50"])'
}

echo "$SRV $("$SRV" --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$port; $(nproc) cores$([ ${#srv[@]} -gt 0 ] && echo ", server pinned to core 0, load generators to core 1"); load average $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)"
printf '%-6s %-16s %12s %9s\n' "P" "tool" "rps" "p50 ms"
for round in $(seq "$ROUNDS"); do
  for P in 1 16; do
    n=$N; [ "$P" = 16 ] && n=$((N * 16))
    read -r rrps rp50 <<<"$(rb "$P" "$n")"
    read -r crps cp50 <<<"$(cc "$P" "$n")"
    printf '%-6s %-16s %12.0f %9.3f\n' "$P" "$BENCH" "$rrps" "$rp50"
    printf '%-6s %-16s %12.0f %9.3f\n' "$P" "cachectl bench" "$crps" "$cp50"
    python3 -c "r=$crps/$rrps; p=$cp50/$rp50; print(f'-P $P   throughput ratio {r:.2f} (target >= 0.80)   p50 ratio {p:.2f} (target <= 1.25)')"
    echo "$P $crps $rrps $cp50 $rp50" >> "$dir/ratios"
  done
done
python3 - "$dir/ratios" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1])]
for P in ("1", "16"):
    r = [float(c) / float(b) for p, c, b, _, _ in rows if p == P]
    l = [float(c) / float(b) for p, _, _, c, b in rows if p == P]
    print(f"median over {len(r)} round(s), -P {P}: throughput ratio {st.median(r):.2f} (>= 0.80)   p50 ratio {st.median(l):.2f} (<= 1.25)")
PY
