#!/usr/bin/env bash
# The Spark executor's scaling on this machine: the 8-cell matrix executor-spark/specs/quickstart-two-seeds.json
# (--limit-train 20000, EPOCHS epochs, default 10, so that training, not starting executors, dominates) on a
# `lenet cluster` of 1 worker with 1 core, then of 2 workers with 1 core each; prints the wall times, their ratio and
# the load average before and after each run (other work on the machine disturbs it). The clusters' logs (executors'
# stderr with timestamps) stay in OUT_DIR/cluster-N.
#   [EPOCHS=10] executor-spark/bench/scaling.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/runs/scaling-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
epochs="${EPOCHS:-10}"
declare -A seconds
for workers in 1 2; do
  export LENET_CLUSTER_DIR="$out/cluster-$workers"
  master="$(LENET_JAVA_OPTS=-Xmx256m "$root/lenet" cluster start --workers "$workers" --cores 1 --memory 1500m)"
  trap 'LENET_JAVA_OPTS=-Xmx256m "$root/lenet" cluster stop >/dev/null' EXIT
  echo "workers=$workers epochs=$epochs master=$master load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s.%N)
  LENET_JAVA_OPTS=-Xmx2g "$root/lenet" run "$root/executor-spark/specs/quickstart-two-seeds.json" \
    --limit-train 20000 --epochs "$epochs" --executor spark --master "$master" --conf spark.executor.memory=1200m \
    --out "$out/workers-$workers" > "$out/workers-$workers.log" 2>&1
  end=$(date +%s.%N)
  seconds[$workers]=$(echo "$end - $start" | bc)
  echo "workers=$workers wall ${seconds[$workers]} s, load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  LENET_JAVA_OPTS=-Xmx256m "$root/lenet" cluster stop >/dev/null
  trap - EXIT
done
echo "ratio (1 worker / 2 workers): $(echo "scale=2; ${seconds[1]} / ${seconds[2]}" | bc)"
