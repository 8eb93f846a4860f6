# Sourced by the .bench scripts that need the platform running: starts (or reuses) the bench's own
# stack in $CLIPS_BENCH_DATA (default /var/lib/clips-bench) on the usual ports, so stop a running
# `./clips up` first. The administrator credentials printed on that stack's first start are kept
# there (0600) for later runs; sets ROOT, CLIPS_DATA (exported) and creds (that file).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CLIPS_DATA="${CLIPS_BENCH_DATA:-/var/lib/clips-bench}" CLIPS_ROOT="$ROOT"
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }
if ! { [[ -s "$CLIPS_DATA/run/wildfly.pid" ]] && kill -0 "$(cat "$CLIPS_DATA/run/wildfly.pid")" 2>/dev/null; } \
    && curl -s -o /dev/null http://127.0.0.1:8080/; then
    echo "port 8080 is taken by another stack: run ./clips down first" >&2
    exit 1
fi
# the benches make tens of thousands of calls and thousands of token requests with one client:
# lift its budgets (applies when this starts the stack)
export CLIPS_RATELIMIT_API_PER_HOUR="${CLIPS_RATELIMIT_API_PER_HOUR:-1000000000}"
export CLIPS_RATELIMIT_TOKEN_PER_MINUTE="${CLIPS_RATELIMIT_TOKEN_PER_MINUTE:-1000000000}"
creds="$CLIPS_DATA/bench-client.env"
up="$("$ROOT/clips" up)"
if [[ ! -s "$creds" ]]; then
    grep -oP '(?<=export )CLIPS_CLIENT_(ID|SECRET)=\S+' <<<"$up" >"$creds" \
        || { echo "no credentials: $CLIPS_DATA was started before without the bench; remove it" >&2; exit 1; }
    chmod 600 "$creds"
fi
