#!/usr/bin/env python3
"""Re-test only the mutants a full Stryker run left alive, after tests were added for them.

    python3 rerun_survivors.py config BASE.json REPORT.json OUT.json
        writes OUT.json: BASE.json with "mutate" narrowed to the source lines of the report's survived and
        not-covered mutants (found again by their text, so edits elsewhere in a file do not shift them).
    python3 rerun_survivors.py compare REPORT.json RERUN_REPORT.json
        says what became of each of those mutants in the re-run, and the folder's score with the re-run's
        verdicts in place of the first run's.

A full run of a large folder takes close to an hour on two cores; the re-run tests a few hundred mutants. Mutants
killed in the full run stay killed: tests are only ever added between the two runs.
"""
import json
import os
import sys

from summarize import DETECTED, UNDETECTED as ALIVE   # the status groups of Stryker's score, defined once

SCORED = DETECTED + ALIVE
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "Workbench")


def relative(path):
    return path.replace("\\", "/").split("src/Workbench/")[-1]


def mutants(report):
    """(file, line text, mutator, replacement, column) -> status, for every mutant of the report."""
    out = {}
    for path, f in report["files"].items():
        lines = f["source"].split("\n")
        for m in sorted(f["mutants"], key=lambda m: (m["location"]["start"]["line"], m["location"]["start"]["column"])):
            start = m["location"]["start"]
            key = (relative(path), lines[start["line"] - 1].strip(), m["mutatorName"], m.get("replacement"), start["column"])
            n = 0
            while key + (n,) in out:   # the same mutant on two identical lines of a file
                n += 1
            out[key + (n,)] = m["status"]
    return out


def config(base, report, out):
    spans = {}
    for path, f in report["files"].items():
        rel = relative(path)
        old = f["source"].split("\n")
        with open(os.path.join(SRC, rel), encoding="utf-8-sig") as handle:
            new = handle.read().split("\n")
        starts = [0]
        for line in new:
            starts.append(starts[-1] + len(line) + 1)
        for m in f["mutants"]:
            if m["status"] not in ALIVE:
                continue
            first, last = m["location"]["start"]["line"] - 1, m["location"]["end"]["line"] - 1
            block = old[first:last + 1]   # a mutant can span lines; a span that cuts it leaves it out of the run
            found = [i for i in range(len(new) - len(block) + 1) if new[i:i + len(block)] == block]
            if not found:   # the lines were rewritten: their mutants are new ones, counted as not re-run
                print(f"{rel}: lines changed, a mutant is not re-run: {block[0].strip()!r}", file=sys.stderr)
            for i in found:
                spans.setdefault(rel, set()).add((starts[i], starts[i + len(block)] - 1))
    base["stryker-config"]["mutate"] = [rel + "".join("{%d..%d}" % s for s in sorted(v)) for rel, v in sorted(spans.items())]
    with open(out, "w") as handle:
        json.dump(base, handle, indent=2)
    print(f"{sum(len(v) for v in spans.values())} lines in {len(spans)} files -> {out}")


def compare(first, rerun):
    before, after = mutants(first), mutants(rerun)
    alive = {k: v for k, v in before.items() if v in ALIVE}
    outcome = {}
    for key in alive:
        # The column can move when a line moved; match on everything else if it did.
        status = after.get(key) or next((s for k, s in after.items() if k[:4] == key[:4] and k[5] == key[5]), "not re-run")
        outcome[key] = status
    detected = sum(1 for v in before.values() if v in DETECTED) + sum(1 for v in outcome.values() if v in DETECTED)
    scored = sum(1 for v in before.values() if v in SCORED)
    counts = {}
    for v in outcome.values():
        counts[v] = counts.get(v, 0) + 1
    print(f"{len(alive)} mutants alive after the full run; in the re-run: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"score: {detected} / {scored} = {100 * detected / scored:.2f} %")
    for key, status in sorted(outcome.items()):
        if status not in DETECTED:
            print(f"{status:10} {key[0]}: {key[2]} {key[3]!r}\n           | {key[1][:110]}")
    # Mutants re-tested only because they share a line with a survivor: one killed before but alive now would mean a
    # flaky kill (or Stryker's static-initializer caveat); they are listed, and the score keeps the full run's verdict.
    for key, status in sorted(after.items()):
        if key not in alive and before.get(key) in DETECTED and status in ALIVE:
            print(f"flipped    {key[0]}: {key[2]} {key[3]!r} (killed in the full run, {status} in the re-run)\n           | {key[1][:110]}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "config":
        with open(sys.argv[2]) as b, open(sys.argv[3]) as r:
            config(json.load(b), json.load(r), sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        with open(sys.argv[2]) as a, open(sys.argv[3]) as b:
            compare(json.load(a), json.load(b))
    else:
        sys.exit(__doc__)
