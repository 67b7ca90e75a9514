#!/usr/bin/env python3
"""PyTorch eager training throughput of the modern LeNet variants on a GPU, for comparison with `lenet bench
--backend cuda`: the model, the optimizer and a random batch all on the device, plain eager mode (no CUDA graphs,
no torch.compile), timed with CUDA synchronisation at both ends.

  python3 torch_gpu_bench.py --variant relu-maxpool-padded --batch 256 --seconds 5

Prints one JSON object per line (training and inference images/s).
"""
import argparse
import json
import time

import torch
import torch.nn as nn


def variant(name):
    if name == "relu-maxpool":
        return nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                             nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84),
                             nn.ReLU(), nn.Linear(84, 10))
    if name in ("relu-maxpool-padded", "sigmoid-avgpool"):
        act, pool = (nn.ReLU, nn.MaxPool2d) if name == "relu-maxpool-padded" else (nn.Sigmoid, nn.AvgPool2d)
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), act(), pool(2), nn.Conv2d(6, 16, 5), act(), pool(2),
                             nn.Flatten(), nn.Linear(400, 120), act(), nn.Linear(120, 84), act(), nn.Linear(84, 10))
    raise SystemExit(f"unknown variant {name}")


def timed(step, seconds, images_per_step):
    for _ in range(10):
        step()
    torch.cuda.synchronize()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += images_per_step
    torch.cuda.synchronize()
    return n / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--variant", default="relu-maxpool-padded")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    args = p.parse_args()
    device = torch.device("cuda")
    torch.manual_seed(0)
    net = variant(args.variant).to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3) if args.optimizer == "adam" \
        else torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (args.batch,), device=device)

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss(net(x), y).backward()
        opt.step()

    train = timed(train_step, args.seconds, args.batch)
    xi = torch.rand(1000, 1, 28, 28, device=device)
    with torch.no_grad():
        infer = timed(lambda: net(xi), args.seconds, 1000)
    print(json.dumps({"peer": f"pytorch {torch.__version__} eager", "device": torch.cuda.get_device_name(0),
                      "variant": args.variant, "batch": args.batch, "optimizer": args.optimizer,
                      "train_images_per_s": round(train), "infer_images_per_s": round(infer)}), flush=True)


if __name__ == "__main__":
    main()
