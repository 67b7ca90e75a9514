#!/usr/bin/env python3
"""Side-by-side CPU throughput: `lenet bench` against the PyTorch peer, on the same machine, in one sitting.

For each round, each variant and each batch size it runs the PyTorch peer's `bench` and LeNet Lab's `bench`
back to back (alternating which goes first), then prints the median over the rounds of each figure and the ratio.
Machines are noisy (this project's 2-core VM moves by +-20% between runs), so compare medians of interleaved runs,
never single runs taken minutes apart. The peer runs in the caller's environment without OMP_WAIT_POLICY (LeNet Lab's
launcher sets PASSIVE and OpenBLAS's AVX-512 kernels for itself); --peer-config measures further peer settings in the
same rounds, and the ratios are against the fastest PyTorch configuration.

  python3 experiments/bench/side_by_side.py --peer ../shared/peers/torch_lenet.py [--rounds 3] [--seconds 5]

Needs Debian's python3-torch and libopenblas0-pthread for the peer (run it with /usr/bin/python3), and a built
LeNet Lab (`./lenet` builds it on first use). Prints a Markdown table and writes the raw runs as JSON to --out.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import datetime, timezone

VARIANTS = ["relu-maxpool-padded", "relu-maxpool", "sigmoid-avgpool"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def peer(args, variant, batch, settings=()):
    # the peer runs in the caller's environment without OMP_WAIT_POLICY (which LeNet Lab's launcher sets for itself),
    # plus the configuration's settings
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env.update(kv.split("=", 1) for kv in settings)
    out = subprocess.run(["/usr/bin/python3", args.peer, "bench", "--variant", variant, "--batch", str(batch),
                          "--seconds", str(args.seconds)], check=True, capture_output=True, text=True,
                         env=env).stdout
    row = json.loads(out.strip().splitlines()[-1])
    return row["train_images_per_s"], row["infer_images_per_s"]


def lenet(args, variant, batch):
    env = dict(os.environ, OMP_WAIT_POLICY="PASSIVE")
    model = os.path.join(ROOT, "experiments", "specs", "models", f"lenet5-{variant}.json")
    out = subprocess.run([os.path.join(ROOT, "lenet"), "bench", "--model", model, "--batch", str(batch),
                          "--seconds", str(args.seconds), "--no-epoch", "--json"], check=True, capture_output=True,
                         text=True, env=env, cwd=ROOT).stdout
    row = json.loads(out)["results"][0]
    return row["trainImagesPerSecond"], row["inferenceImagesPerSecond"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--peer", required=True, help="path of torch_lenet.py")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--batch", type=int, action="append", help="batch sizes (default 64 and 256)")
    p.add_argument("--variant", action="append", help="variants (default: the three the peer has)")
    p.add_argument("--peer-config", action="append", default=[], metavar="NAME:KEY=VALUE[,KEY=VALUE]",
                   help="a further peer configuration, measured in every round too, e.g. "
                        "tuned:OMP_WAIT_POLICY=PASSIVE,OPENBLAS_CORETYPE=SkylakeX; ratios are against the fastest")
    p.add_argument("--out", default=os.path.join(ROOT, "target", "side-by-side.json"))
    a = p.parse_args()
    batches = a.batch or [64, 256]
    variants = a.variant or VARIANTS
    runs = []
    for r in range(a.rounds):
        for v in variants:
            for b in batches:
                order = [("pytorch", lambda a_, v_, b_: peer(a_, v_, b_))]
                for config in a.peer_config:
                    name, _, settings = config.partition(":")
                    order.append((f"pytorch-{name}",
                                  lambda a_, v_, b_, kv=tuple(settings.split(",")): peer(a_, v_, b_, kv)))
                order.append(("lenet", lenet))
                if r % 2 == 1:
                    order.reverse()
                for name, fn in order:
                    train, infer = fn(a, v, b)
                    runs.append({"round": r, "tool": name, "variant": v, "batch": b, "train": train, "infer": infer})
                    print(f"round {r} {name:14s} {v:20s} batch {b:3d}: train {train:7.0f}, infer {infer:7.0f}",
                          file=sys.stderr, flush=True)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "runs": runs}, f, indent=1)

    def median(tool, v, b, key):
        return statistics.median(x[key] for x in runs if x["tool"] == tool and x["variant"] == v and x["batch"] == b)

    tools = ["pytorch"] + [f"pytorch-{c.partition(':')[0]}" for c in a.peer_config]
    head = " | ".join(f"{t} train / infer" for t in tools)
    print(f"| variant | batch | LeNet Lab train / infer | {head} | ratio to the fastest PyTorch: train, infer |")
    print("|---|---|---|" + "---|" * len(tools) + "---|")
    for v in variants:
        for b in batches:
            lt, li = median("lenet", v, b, "train"), median("lenet", v, b, "infer")
            cells, best_t, best_i = [], 0, 0
            for t in tools:
                pt, pi = median(t, v, b, "train"), median(t, v, b, "infer")
                best_t, best_i = max(best_t, pt), max(best_i, pi)
                cells.append(f"{pt:,.0f} / {pi:,.0f}")
            print(f"| {v} | {b} | {lt:,.0f} / {li:,.0f} | " + " | ".join(cells)
                  + f" | {lt / best_t:.2f}x, {li / best_i:.2f}x |")


if __name__ == "__main__":
    main()
