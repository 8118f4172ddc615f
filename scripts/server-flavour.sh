# Sourced by the benchmark scripts: SERVER=redis (default) or SERVER=valkey picks the server and that
# flavour's own tools, so every ratio is measured against its own anchor (valkey-cli --memkeys,
# valkey-cli --pipe, valkey-benchmark on Valkey). Sets SRV, CLI, BENCH and FLAVOUR_LABEL.
SERVER="${SERVER:-redis}"
case "$SERVER" in
  redis|valkey) ;;
  *) echo "SERVER=$SERVER: expected redis or valkey" >&2; exit 2 ;;
esac
SRV="$SERVER-server"; CLI="$SERVER-cli"; BENCH="$SERVER-benchmark"
for _b in "$SRV" "$CLI" "$BENCH"; do
  command -v "$_b" >/dev/null 2>&1 || { echo "$_b not found: run scripts/setup-deps" >&2; exit 2; }
done
FLAVOUR_LABEL="$SRV $("$SRV" --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
