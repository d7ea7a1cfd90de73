#!/usr/bin/env bash
# Starts OpenSearch on 127.0.0.1 in the background and waits until it is green.
#
#   opensearch/start.sh single    one node: HTTP 9200, transport 9300
#   opensearch/start.sh cluster   two nodes forming one cluster: 9200/9300 and 9201/9301
#
# Each node lives in opensearch/data/<node>/ (data, node.log, node.pid).
# opensearch/stop.sh stops what this started, by the PIDs it wrote.
# OPENSEARCH_DATA, OPENSEARCH_HTTP_PORT and OPENSEARCH_TRANSPORT_PORT move the
# folder and the first node's ports (the second node takes the next ones).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data=$(realpath -m "${OPENSEARCH_DATA:-$here/data}")
cd "$here"

# Seconds to wait for a green cluster before giving up.
START_TIMEOUT=${OPENSEARCH_START_TIMEOUT:-120}
# Heap of each node: enough for a test corpus, bounded so that two nodes fit beside the test suite.
HEAP=${OPENSEARCH_HEAP:-512m}
# Lines of each node's log shown when it fails to start.
LOG_TAIL=40
http_port=${OPENSEARCH_HTTP_PORT:-9200}
transport_port=${OPENSEARCH_TRANSPORT_PORT:-9300}

die() { echo "error: $*" >&2; exit 1; }
# A process that exited stays a zombie until this shell reaps it: not alive.
alive() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${state#Z}" = "$state" ]; }

mode=${1:-single}
case "$mode" in
    single) nodes=(single); cluster=fr-search ;;
    cluster) nodes=(cluster-1 cluster-2); cluster=fr-search-cluster ;;
    *) die "unknown mode '$mode'; use single or cluster" ;;
esac

command -v java >/dev/null || die "java not found; install a Java 17 runtime"

# Resolve once from Maven Central, then build offline from ~/.m2.
if [ ! -f target/classpath.txt ] || [ pom.xml -nt target/classpath.txt ] \
    || [ -n "$(find src -newer target/classpath.txt -type f)" ]; then
    command -v mvn >/dev/null || die "mvn not found; install Maven 3.8 or later"
    mvn -q -B -Dstyle.color=never -o compile dependency:build-classpath >/dev/null 2>&1 \
        || mvn -q -B -Dstyle.color=never compile dependency:build-classpath \
        || die "the OpenSearch build failed (see the Maven output above)"
    # Maven leaves an unchanged class path file as it was: mark this build done.
    touch target/classpath.txt
fi
classpath="target/classes:$(cat target/classpath.txt)"

for i in "${!nodes[@]}"; do
    pidfile="$data/${nodes[$i]}/node.pid"
    if [ -f "$pidfile" ] && alive "$(cat "$pidfile")"; then
        die "node ${nodes[$i]} already runs (PID $(cat "$pidfile")); stop it with make opensearch-stop"
    fi
    port=$((http_port + i))
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
        die "something already answers on 127.0.0.1:$port; stop it first (make opensearch-stop)"
    fi
done

seeds=""; managers=""
for i in "${!nodes[@]}"; do
    seeds+="${seeds:+,}127.0.0.1:$((transport_port + i))"
    managers+="${managers:+,}${nodes[$i]}"
done

for i in "${!nodes[@]}"; do
    node=${nodes[$i]}
    home="$data/$node"
    mkdir -p "$home"
    settings=(
        "cluster.name=$cluster" "node.name=$node" "path.home=$home" "path.data=$home/data"
        "network.host=127.0.0.1" "http.port=$((http_port + i))" "transport.port=$((transport_port + i))"
        # A development node on a shared disk: a nearly full disk must not turn the cluster yellow.
        "cluster.routing.allocation.disk.threshold_enabled=false"
    )
    if [ "$mode" = single ]; then
        settings+=("discovery.type=single-node")
    else
        settings+=("discovery.seed_hosts=$seeds" "cluster.initial_cluster_manager_nodes=$managers")
    fi
    # setsid: the node outlives the shell (and make) that started it.
    setsid java "-Xms$HEAP" "-Xmx$HEAP" -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
        -Dio.netty.noUnsafe=true -Dio.netty.recycler.maxCapacityPerThread=0 \
        -cp "$classpath" frsearch.opensearch.NodeLauncher "${settings[@]}" \
        >"$home/node.log" 2>&1 </dev/null &
    echo $! >"$home/node.pid"
done

show_logs() {
    for node in "${nodes[@]}"; do
        echo "--- last $LOG_TAIL lines of $data/$node/node.log" >&2
        tail -n "$LOG_TAIL" "$data/$node/node.log" >&2 || true
    done
}

started=$(date +%s%3N)
health="http://127.0.0.1:$http_port/_cluster/health?wait_for_status=green&wait_for_nodes=${#nodes[@]}&timeout=1s"
while :; do
    if curl -sf "$health" 2>/dev/null | grep -q '"status":"green"'; then
        break
    fi
    for node in "${nodes[@]}"; do
        if ! alive "$(cat "$data/$node/node.pid")"; then
            show_logs
            "$here/stop.sh" "${nodes[@]}" >/dev/null
            die "node $node exited before the cluster was green"
        fi
    done
    if [ $(( $(date +%s%3N) - started )) -gt $((START_TIMEOUT * 1000)) ]; then
        show_logs
        "$here/stop.sh" "${nodes[@]}" >/dev/null
        die "OpenSearch was not green after $START_TIMEOUT s; the nodes were stopped"
    fi
    sleep 0.5
done
elapsed=$(( $(date +%s%3N) - started ))
printf 'OpenSearch %s green on http://127.0.0.1:%d (%d node(s)) %d.%03d s after launch\n' \
    "$mode" "$http_port" "${#nodes[@]}" $((elapsed / 1000)) $((elapsed % 1000))
