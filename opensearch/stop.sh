#!/usr/bin/env bash
# Stops the OpenSearch nodes that start.sh started, by the PIDs it wrote.
#
#   opensearch/stop.sh            every node under opensearch/data/
#   opensearch/stop.sh NODE ...   only those nodes
#
# A PID is signalled only while it is still one of our node launchers, so a
# stale PID file never stops an unrelated process that reused the number.
set -euo pipefail
cd "$(dirname "$0")"

# Seconds a node gets to close cleanly after SIGTERM before it is killed.
STOP_TIMEOUT=30

is_our_node() {
    tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q 'frsearch.opensearch.NodeLauncher'
}

if [ $# -gt 0 ]; then
    pidfiles=()
    for node in "$@"; do pidfiles+=("data/$node/node.pid"); done
else
    shopt -s nullglob
    pidfiles=(data/*/node.pid)
fi

stopped=0
for pidfile in "${pidfiles[@]}"; do
    [ -f "$pidfile" ] || continue
    node=$(basename "$(dirname "$pidfile")")
    pid=$(cat "$pidfile")
    if is_our_node "$pid"; then
        kill -TERM "$pid"
        for _ in $(seq $((STOP_TIMEOUT * 10))); do
            is_our_node "$pid" || break
            sleep 0.1
        done
        if is_our_node "$pid"; then
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
