#!/usr/bin/env python3
"""Writes the example files for Datasets.FromText / Datasets.FromPairs and `workbench train --data`.

Both come from the committed, public-domain bible-en-es/kjv-rv1909.tsv (see datasets/README.md), so this needs
nothing but Python's standard library; the same input gives byte-identical files.

  proverbs.txt        the 817 verses of the Book of Proverbs (King James Version) that file keeps (those of at most
                      20 English words), one per line, LF line ends
  proverbs-en-es.csv  chapters 10-22 of Proverbs, English and Spanish (Reina-Valera 1909), RFC 4180 CSV with a header
                      (reference,english,spanish); fields with commas or quotes are quoted, lines end in CRLF
"""
import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "bible-en-es", "kjv-rv1909.tsv")


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    rows = []
    with open(SOURCE, encoding="utf-8", newline="") as f:
        for line in f:
            ref, en, es = line.rstrip("\n").split("\t")
            book, chapter, _ = ref.split(".")
            if book == "Prov":
                rows.append((ref, int(chapter), en, es))
    write(os.path.join(HERE, "proverbs.txt"), "".join(en + "\n" for _, _, en, _ in rows))
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")   # QUOTE_MINIMAL: RFC 4180 quoting
    w.writerow(["reference", "english", "spanish"])
    for ref, chapter, en, es in rows:
        if 10 <= chapter <= 22:
            w.writerow([ref, en, es])
    write(os.path.join(HERE, "proverbs-en-es.csv"), out.getvalue())


if __name__ == "__main__":
    main()
