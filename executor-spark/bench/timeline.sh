#!/usr/bin/env bash
# Where the time of a Spark run goes: the 8-cell matrix of scaling.sh on a `lenet cluster` of WORKERS workers with
# 1 core each, with Spark's INFO lines (milliseconds) in the driver's log and the executors' stderr; prints the
# fixed costs (driver start to Spark, application registration, executor JVM start, executor ready to first task,
# first cell against later ones, the tail after the last task) from those timestamps.
#   [WORKERS=2] [EPOCHS=1] executor-spark/bench/timeline.sh [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/runs/timeline-$(date -u +%Y%m%d-%H%M%S)}"
workers="${WORKERS:-2}"
epochs="${EPOCHS:-1}"
props="$root/executor-spark/bench/log4j2-timeline.properties"
mkdir -p "$out"
export LENET_CLUSTER_DIR="$out/cluster"
master="$(LENET_JAVA_OPTS=-Xmx256m "$root/lenet" cluster start --workers "$workers" --cores 1 --memory 1500m)"
trap 'LENET_JAVA_OPTS=-Xmx256m "$root/lenet" cluster stop >/dev/null' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
launch=$(date -u +%H:%M:%S.%3N)
LENET_JAVA_OPTS="-Xmx2g -Dlog4j2.configurationFile=$props" "$root/lenet" run \
  "$root/executor-spark/specs/quickstart-two-seeds.json" --limit-train 20000 --epochs "$epochs" \
  --executor spark --master "$master" --conf spark.executor.memory=1200m --conf spark.lenet.logLevel=INFO \
  --conf "spark.executor.extraJavaOptions=-Dlog4j2.configurationFile=$props" --out "$out/run" > "$out/run.log" 2>&1
end=$(date -u +%H:%M:%S.%3N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$launch" "$end" <<'PY'
import glob, re, sys
from datetime import datetime
out, launch, end = sys.argv[1:]
t = lambda s: datetime.strptime(s, "%H:%M:%S.%f").timestamp()
def first(lines, pattern):
    for line in lines:
        if re.search(pattern, line):
            return t(line[:12])
    return None
driver = open(out + "/run.log").read().splitlines()
t0 = t(launch)
at = lambda x: "%7.2f s" % (x - t0) if x is not None else "    ?"
print("driver launched                          ", at(t0))
print("SparkContext starting                    ", at(first(driver, r"Running Spark version")))
print("application registered with the master   ", at(first(driver, r"Connected to Spark cluster")))
print("executors granted                        ", at(first(driver, r"Granted executor")))
for f in sorted(glob.glob(out + "/cluster/work-*/app-*/*/stderr")):
    ex = open(f).read().splitlines()
    starts = [(t(l[:12]), l) for l in ex if "Running task" in l]
    ends = [(t(l[:12]), l) for l in ex if "Finished task" in l]
    print("executor", f.split("/")[-2], ": JVM up", at(first(ex, r"Started daemon")), ", registered",
          at(first(ex, r"Successfully registered")), ", first task", at(starts[0][0] if starts else None),
          ", last task done", at(ends[-1][0] if ends else None))
    durations = ["%.1f" % (e[0] - s[0]) for s, e in zip(starts, ends)]
    print("   task seconds in order:", " ".join(durations))
print("last task finished (driver)              ", at(max([t(l[:12]) for l in driver if "Finished task" in l] or [t0])))
print("SparkContext stopped                     ", at(first(driver, r"Successfully stopped SparkContext")))
print("process ended                            ", at(t(end)))
PY
