#!/usr/bin/env bash
# Stops the OpenSearch nodes that start.sh started, by the PIDs it wrote.
#
#   opensearch/stop.sh            every node under opensearch/data/
#   opensearch/stop.sh NODE ...   only those nodes
#
# A PID is signalled only while it is still the node launcher of that very
# folder, so a stale PID file never stops an unrelated process that reused
# the number.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# OPENSEARCH_DATA: the folder given to start.sh, if not opensearch/data.
data=$(realpath -m "${OPENSEARCH_DATA:-$here/data}")

# Seconds a node gets to close cleanly after SIGTERM before it is killed.
STOP_TIMEOUT=30

# is_our_node PID HOME: PID runs the launcher with path.home=HOME.
is_our_node() {
    local cmdline
    cmdline=$(tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline") || return 1
    grep -qx 'frsearch.opensearch.NodeLauncher' <<<"$cmdline" && grep -qxF "path.home=$2" <<<"$cmdline"
}

if [ $# -gt 0 ]; then
    pidfiles=()
    for node in "$@"; do pidfiles+=("$data/$node/node.pid"); done
else
    shopt -s nullglob
    pidfiles=("$data"/*/node.pid)
fi

stopped=0
for pidfile in "${pidfiles[@]}"; do
    [ -f "$pidfile" ] || continue
    home=$(dirname "$pidfile")
    node=$(basename "$home")
    pid=$(cat "$pidfile")
    if is_our_node "$pid" "$home"; then
        kill -TERM "$pid"
        for _ in $(seq $((STOP_TIMEOUT * 10))); do
            is_our_node "$pid" "$home" || break
            sleep 0.1
        done
        if is_our_node "$pid" "$home"; then
            echo "node $node (PID $pid) did not close in $STOP_TIMEOUT s; killing it" >&2
            kill -KILL "$pid"
        fi
        # Wait for the exited process to be reaped, so that no trace of it is left.
        for _ in $(seq 20); do
            [ -e "/proc/$pid" ] || break
            sleep 0.1
        done
        echo "stopped node $node (PID $pid)"
        stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
done
[ "$stopped" -gt 0 ] || echo "no OpenSearch node was running"
