#!/usr/bin/python3
"""Summarises a Stryker.NET JSON report (mutation-report.json) for the files under one folder.

    /usr/bin/python3 tests/stryker/summarize.py artifacts/stryker/metrics/reports/mutation-report.json Metrics [--survivors]

Prints per file and in total: killed, timeout, survived, no coverage, and the mutation score
(killed + timeout) / (killed + timeout + survived + no coverage), as Stryker computes it; with --survivors, every
surviving and uncovered mutant with its line, mutator and replacement.
"""
import json
import sys

DETECTED = ("Killed", "Timeout")
UNDETECTED = ("Survived", "NoCoverage")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    report, folder, show = sys.argv[1], sys.argv[2].strip("/") + "/", "--survivors" in sys.argv
    files = json.load(open(report, encoding="utf-8"))["files"]
    total = {s: 0 for s in DETECTED + UNDETECTED}
    rows = []
    for path in sorted(files):
        norm = path.replace("\\", "/")
        if f"/{folder}" not in "/" + norm:
            continue
        counts = {s: 0 for s in DETECTED + UNDETECTED}
        for m in files[path]["mutants"]:
            if m["status"] in counts:
                counts[m["status"]] += 1
        for s in counts:
            total[s] += counts[s]
        rows.append((norm[norm.find(folder):], counts, files[path]))

    def score(c):
        n = sum(c.values())
        return 100.0 * (c["Killed"] + c["Timeout"]) / n if n else float("nan")

    print(f"{'file':40} {'killed':>6} {'timeout':>7} {'survived':>8} {'no cov':>6} {'score':>7}")
    for name, c, _f in rows + [("TOTAL " + folder, total, None)]:
        print(f"{name:40} {c['Killed']:6} {c['Timeout']:7} {c['Survived']:8} {c['NoCoverage']:6} {score(c):6.2f}%")
    if show:
        for name, _c, f in rows:
            lines = f["source"].splitlines()
            for m in sorted(f["mutants"], key=lambda m: m["location"]["start"]["line"]):
                if m["status"] in UNDETECTED:
                    ln = m["location"]["start"]["line"]
                    print(f"{m['status']:10} {name}:{ln} {m['mutatorName']}: {m.get('replacement', '')!r}\n"
                          f"           | {lines[ln - 1].strip()[:150]}")


if __name__ == "__main__":
    main()
