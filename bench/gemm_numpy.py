#!/usr/bin/env python3
"""OpenBLAS baseline for the GEMM benchmark, driven line by line over stdin by
tests/Workbench.Benchmarks (`gemm` subcommand) so both libraries are timed interleaved in one run.

Protocol (one command per line, one reply line each):
  shape M K N [TRANS]  -> "ok": allocate float32 A (M x K), B (K x N), C (M x N) from a fixed seed, warm up;
                          TRANS (NN default, TN, NT, TT) stores A and/or B transposed and passes a .T view
  time SAMPLES CALLS   -> SAMPLES seconds-per-call values, each the mean over CALLS back-to-back calls
  quit
Run with /usr/bin/python3 (Debian python3-numpy linked to libopenblas0-pthread).
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # must be set before numpy loads OpenBLAS
import numpy as np  # noqa: E402


def main():
    rng = np.random.default_rng(1234)
    a = b = c = None
    print(f"ready numpy {np.__version__} OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}", flush=True)
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "quit":
            break
        if cmd[0] == "shape":
            m, k, n = (int(x) for x in cmd[1:4])
            trans = cmd[4] if len(cmd) > 4 else "NN"
            a = rng.standard_normal((k, m), dtype=np.float32).T if trans[0] == "T" else rng.standard_normal((m, k), dtype=np.float32)
            b = rng.standard_normal((n, k), dtype=np.float32).T if trans[1] == "T" else rng.standard_normal((k, n), dtype=np.float32)
            c = np.empty((m, n), dtype=np.float32)
            t_end = time.perf_counter() + 0.2
            while time.perf_counter() < t_end:
                np.matmul(a, b, out=c)
            print("ok", flush=True)
        elif cmd[0] == "time":
            samples, calls = int(cmd[1]), int(cmd[2])
            out = []
            for _ in range(samples):
                t0 = time.perf_counter()
                for _ in range(calls):
                    np.matmul(a, b, out=c)
                out.append((time.perf_counter() - t0) / calls)
            print(" ".join(f"{t:.9e}" for t in out), flush=True)
        else:
            print(f"error unknown command {cmd[0]!r}", flush=True)


if __name__ == "__main__":
    main()
