#!/usr/bin/python3
"""Writes optim_parity.json (next to this file): parameter trajectories of torch.optim.SGD and torch.optim.Adam and
learning rates of torch's schedulers, which OptimizerParityTests reproduces with Workbench.Optim.

Regenerate with Debian's torch (apt-get install python3-torch), from the repository root:
    /usr/bin/python3 tests/Workbench.Tests/Optim/Fixtures/make_optim_fixtures.py

Each optimizer case: two float32 parameters (21 and 3 elements: 21 covers a vectorised body and a scalar tail),
random float32 initial values and one random float32 gradient per step (given, not computed, so the optimizer
alone is under test), STEPS steps; recorded: the initial values, the gradients and the parameters after every step.
Each scheduler case: the learning rate after 0..N scheduler steps from the closed forms torch documents
(StepLR, ExponentialLR, CosineAnnealingLR), checked against torch's own scheduler.
"""
import json
import math
import os

import torch

STEPS = 6
HERE = os.path.dirname(os.path.abspath(__file__))

OPTIMIZERS = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.05, momentum=0.9)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True)),
    ("sgd", dict(lr=0.2, momentum=0.5, weight_decay=0.1)),
    ("sgd", dict(lr=0.2, weight_decay=0.3)),
    ("adam", dict(lr=1e-3)),
    ("adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-3, weight_decay=0.02)),
    ("adam", dict(lr=0.05, betas=(0.0, 0.5), eps=0.1)),
    ("adam", dict(lr=0.02, betas=(0.95, 0.9), eps=1e-6, weight_decay=0.5)),
]


def optimizer_case(seed, kind, kwargs):
    gen = torch.Generator().manual_seed(seed)
    params = [torch.randn(n, generator=gen, dtype=torch.float32).requires_grad_() for n in (21, 3)]
    initial = [p.detach().clone() for p in params]
    cls = torch.optim.SGD if kind == "sgd" else torch.optim.Adam
    opt = cls(params, **kwargs)
    grads, after = [], []
    for _ in range(STEPS):
        gs = [torch.randn(p.shape, generator=gen, dtype=torch.float32) * 0.5 for p in params]
        for p, g in zip(params, gs):
            p.grad = g.clone()
        opt.step()
        grads.append([g.tolist() for g in gs])
        after.append([p.detach().tolist() for p in params])
    return {"optimizer": kind, "options": {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()},
            "initial": [p.tolist() for p in initial], "grads": grads, "after": after}


def scheduler_case(kind, lr, kwargs, epochs=12):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    cls = {"step": torch.optim.lr_scheduler.StepLR, "exponential": torch.optim.lr_scheduler.ExponentialLR,
           "cosine": torch.optim.lr_scheduler.CosineAnnealingLR}[kind]
    sched = cls(opt, **kwargs)
    rates = [opt.param_groups[0]["lr"]]
    for _ in range(epochs):
        opt.step()
        sched.step()
        rates.append(opt.param_groups[0]["lr"])
    # The closed forms the library implements (torch's recursive cosine agrees with its closed form to rounding).
    for e, r in enumerate(rates):
        if kind == "step":
            closed = lr * kwargs["gamma"] ** (e // kwargs["step_size"])
        elif kind == "exponential":
            closed = lr * kwargs["gamma"] ** e
        else:
            t = min(e, kwargs["T_max"])
            closed = kwargs["eta_min"] + (lr - kwargs["eta_min"]) * (1 + math.cos(math.pi * t / kwargs["T_max"])) / 2
        assert abs(closed - r) <= 1e-6 * max(1, abs(r)), (kind, e, closed, r)
    return {"scheduler": kind, "lr": lr, "options": kwargs, "rates": rates}


def main():
    doc = {
        "torch": torch.__version__,
        "optimizers": [optimizer_case(100 + i, k, kw) for i, (k, kw) in enumerate(OPTIMIZERS)],
        "schedulers": [
            scheduler_case("step", 0.5, {"step_size": 3, "gamma": 0.5}),
            scheduler_case("exponential", 0.1, {"gamma": 0.8}),
            scheduler_case("cosine", 0.1, {"T_max": 8, "eta_min": 0.01}, epochs=8),
            scheduler_case("cosine", 1.0, {"T_max": 5, "eta_min": 0.0}, epochs=5),
        ],
    }
    out = os.path.join(HERE, "optim_parity.json")
    with open(out + ".tmp", "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    os.replace(out + ".tmp", out)
    print(f"wrote {out}: {len(doc['optimizers'])} optimizer runs, {len(doc['schedulers'])} schedules, torch {torch.__version__}")


if __name__ == "__main__":
    main()
