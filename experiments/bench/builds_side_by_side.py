#!/usr/bin/env python3
"""Two LeNet Lab checkouts side by side: `lenet bench` of each shipped model in both, interleaved, medians over rounds.

usage: builds_side_by_side.py OLD_CHECKOUT NEW_CHECKOUT [ROUNDS [SECONDS]]
Prints a Markdown table of training and inference images/s; the raw figures of every round go to stderr.
"""
import json, subprocess, statistics, sys, time
if len(sys.argv) < 3:
    raise SystemExit(__doc__)
OLD, NEW = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
SECONDS = sys.argv[4] if len(sys.argv) > 4 else "4"
models = ["lenet5-relu-maxpool-padded", "lenet5-relu-maxpool", "lenet5-sigmoid-avgpool", "lenet5-conv3x3",
          "lenet5-original"]
def bench(root, model, extra):
    cmd = [root + "/lenet", "bench", "--model", f"{root}/experiments/specs/models/{model}.json", "--no-epoch",
           "--seconds", SECONDS, "--json"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr); raise SystemExit(1)
    return json.loads(out.stdout)["results"]
rows = {}
for r in range(ROUNDS):
    for model in models:
        for side, root in (("old", OLD), ("new", NEW)) if r % 2 == 0 else (("new", NEW), ("old", OLD)):
            extra = ["--batch", "64", "--batch", "256"]
            for res in bench(root, model, extra):
                key = (model, res["batch"])
                rows.setdefault(key, {"old": [], "new": [], "old_inf": [], "new_inf": []})
                rows[key][side].append(res["trainImagesPerSecond"])
                rows[key][side + "_inf"].append(res["inferenceImagesPerSecond"])
    print(f"round {r + 1} done {time.strftime('%H:%M:%S')}", file=sys.stderr)
print("| model | batch | train old | train new | new/old | infer old | infer new | new/old |")
print("|---|---|---|---|---|---|---|---|")
for (model, batch), v in rows.items():
    mo, mn = statistics.median(v["old"]), statistics.median(v["new"])
    io, inn = statistics.median(v["old_inf"]), statistics.median(v["new_inf"])
    print(f"| {model} | {batch} | {mo:,.0f} | {mn:,.0f} | {mn/mo:.3f} | {io:,.0f} | {inn:,.0f} | {inn/io:.3f} |")
    print("  raw", model, batch, [round(x) for x in v["old"]], [round(x) for x in v["new"]], file=sys.stderr)
