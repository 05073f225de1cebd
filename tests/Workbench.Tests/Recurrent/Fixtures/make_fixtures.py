#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for the recurrent layers (recurrent_parity.json, next to this file).

Regenerate with Debian's torch (apt-get install python3-torch), from the repository root:
    /usr/bin/python3 tests/Workbench.Tests/Recurrent/Fixtures/make_fixtures.py

For every cell type x {1, 2 layers} x {uni, bi} x {full length, padded}: random float32 weights and inputs
(so the C# side sees exactly the same numbers), then a float64 PyTorch forward and backward as the reference.
Padded cases run through pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence, which is the
behaviour the library must reproduce: padded steps change nothing and their outputs are zero.
The loss is sum(output * R) + sum(h_n * R_h) (+ sum(c_n * R_c) for LSTM) with fixed random R's, so every
output element gets a distinct gradient. Recorded: weights by state-dict name, input, lengths, h0/c0 (in the
cases that pass them), R's, output, h_n, c_n and the gradients of the input, h0, c0 and every weight.
"""
import json
import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

B, T, F, H = 3, 5, 4, 3
LENGTHS = [5, 2, 4]   # unsorted on purpose: exercises enforce_sorted=False and per-sequence ends


def f32(shape, gen, scale=1.0):
    """float32 values, rounded once, returned as float64 for the reference computation."""
    return (torch.randn(shape, generator=gen, dtype=torch.float32) * scale).to(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def make_case(cell, layers, bidirectional, padded, with_state, seed):
    gen = torch.Generator().manual_seed(seed)
    cls = {"rnn_tanh": torch.nn.RNN, "rnn_relu": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[cell]
    kwargs = {"nonlinearity": "relu"} if cell == "rnn_relu" else {}
    m = cls(F, H, num_layers=layers, bidirectional=bidirectional, batch_first=True, **kwargs).to(torch.float64)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(f32(p.shape, gen, 0.5))
    D = 2 if bidirectional else 1
    x = f32((B, T, F), gen).requires_grad_()
    h0 = f32((layers * D, B, H), gen, 0.5).requires_grad_() if with_state else None
    c0 = f32((layers * D, B, H), gen, 0.5).requires_grad_() if with_state and cell == "lstm" else None
    state = None if h0 is None else ((h0, c0) if cell == "lstm" else h0)

    if padded:
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out_packed, hidden = m(packed, state)
        out, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=T)
    else:
        out, hidden = m(x, state)
    hn, cn = hidden if cell == "lstm" else (hidden, None)

    r_out = f32(out.shape, gen)
    r_h = f32(hn.shape, gen)
    loss = (out * r_out).sum() + (hn * r_h).sum()
    r_c = None
    if cn is not None:
        r_c = f32(cn.shape, gen)
        loss = loss + (cn * r_c).sum()
    loss.backward()

    case = {
        "name": f"{cell}-L{layers}-{'bi' if bidirectional else 'uni'}-{'padded' if padded else 'full'}{'-state' if with_state else ''}",
        "cell": cell, "layers": layers, "bidirectional": bidirectional,
        "batch": B, "seq_len": T, "input_size": F, "hidden_size": H,
        "lengths": LENGTHS if padded else None,
        "weights": {n: flat(p) for n, p in m.named_parameters()},
        "input": flat(x), "h0": flat(h0) if h0 is not None else None, "c0": flat(c0) if c0 is not None else None,
        "r_output": flat(r_out), "r_h": flat(r_h), "r_c": flat(r_c) if r_c is not None else None,
        "output": flat(out), "h_n": flat(hn), "c_n": flat(cn) if cn is not None else None,
        "grad_input": flat(x.grad),
        "grad_h0": flat(h0.grad) if h0 is not None else None,
        "grad_c0": flat(c0.grad) if c0 is not None else None,
        "grad_weights": {n: flat(p.grad) for n, p in m.named_parameters()},
    }
    return case


def main():
    cases = []
    seed = 1000
    for cell in ["rnn_tanh", "gru", "lstm"]:
        for layers in [1, 2]:
            for bidirectional in [False, True]:
                for padded in [False, True]:
                    seed += 1
                    # initial states in half the cases, padded and full alike, so both paths are covered
                    with_state = (layers - 1 + int(bidirectional) + int(padded)) % 2 == 1
                    cases.append(make_case(cell, layers, bidirectional, padded, with_state, seed))
    cases.append(make_case("rnn_relu", 1, False, False, True, 2001))
    cases.append(make_case("rnn_relu", 2, True, True, False, 2002))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent_parity.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump({"torch": torch.__version__, "dtype": "float64 reference from float32 inputs", "cases": cases},
                  fh, separators=(",", ":"))
    os.replace(tmp, path)
    print(f"wrote {len(cases)} cases to {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
