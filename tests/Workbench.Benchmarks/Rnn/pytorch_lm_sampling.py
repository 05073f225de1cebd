#!/usr/bin/env python3
"""PyTorch CPU baseline for the engines benchmark's decoding row: batch-1 sampling from a recurrent LM.

Usage: /usr/bin/python3 pytorch_lm_sampling.py --json [--cells lstm] [--hidden 512] [--tokens 500] [--repeats 5]
       [--warmup 1] [--threads 2]
One run = TOKENS steps of: embedding of the last token -> one recurrent step (state carried) -> linear ->
log_softmax -> one draw from the distribution (torch.multinomial), as the workbench's Generate.Sample does with a
model's step. Reports tokens per second (min / median over repeats), in the JSON shape of pytorch_rnn_baseline.py.
"""
import argparse
import json
import statistics
import time

import torch


def bench(cell, vocab, embed, hidden, tokens, repeats, warmup):
    torch.manual_seed(0)
    emb = torch.nn.Embedding(vocab, embed)
    rnn = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell](embed, hidden, batch_first=True)
    out = torch.nn.Linear(hidden, vocab)
    gen = torch.Generator().manual_seed(1)

    def run():
        token, state = torch.zeros(1, 1, dtype=torch.long), None
        with torch.no_grad():
            for _ in range(tokens):
                h, state = rnn(emb(token), state)
                probs = torch.log_softmax(out(h[:, -1]), -1).exp()
                token = torch.multinomial(probs, 1, generator=gen)

    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return {"cell": cell, "hidden": hidden, "tokens": tokens,
            "tok_per_s_min": tokens / max(times), "tok_per_s_median": tokens / statistics.median(times)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cells", default="lstm")
    p.add_argument("--hidden", default="512")
    p.add_argument("--vocab", type=int, default=65)
    p.add_argument("--embed", type=int, default=64)
    p.add_argument("--tokens", type=int, default=500)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    rows = [bench(c, a.vocab, a.embed, int(h), a.tokens, a.repeats, a.warmup) for c in a.cells.split(",") for h in a.hidden.split(",")]
    if a.json:
        print(json.dumps({"torch": torch.__version__, "threads": a.threads, "rows": rows}))
    else:
        for r in rows:
            print(f"{r['cell']} H={r['hidden']}: {r['tok_per_s_median']:.0f} tok/s (median), {a.threads} threads, torch {torch.__version__}")


if __name__ == "__main__":
    main()
