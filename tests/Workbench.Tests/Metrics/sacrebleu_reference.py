#!/usr/bin/python3
"""Writes sacrebleu_reference.json (next to this file): corpus BLEU scores and 13a tokenisations computed by
sacreBLEU's own code, which SacreBleuReferenceTests compares Workbench.Metrics.Bleu with (to 1e-9).

Regenerate (from the repository root; needs git and Debian's python3, no pip packages):
    git clone https://github.com/mjpost/sacrebleu /tmp/sacrebleu && git -C /tmp/sacrebleu checkout v2.6.0
    /usr/bin/python3 tests/Workbench.Tests/Metrics/sacrebleu_reference.py /tmp/sacrebleu

sacreBLEU is not installed: its source is imported from the checkout given as the first argument, exactly as
it is. Its package imports modules that the BLEU path never calls (portalocker, tabulate, colorama: utils.py;
lxml: the test-set readers); when one of them is not installed, an empty stand-in module is registered under
its name, and any use of it raises. The generated `sacrebleu/version.py` of a built package is absent from
a git checkout, so `sacrebleu.version` is given the checkout's tag (git describe). Nothing else is replaced.

Every score is BLEU() with its defaults (13a, exp smoothing, closest reference length, mixed case)
.corpus_score(hypotheses, reference_streams), stored with its printed form (BLEUScore.format()). A segment with
fewer references than the most in its corpus has None in the missing streams, which sacreBLEU skips. The JSON is
ASCII (\\u escapes) and deterministic: all random choices come from random.Random(SEED).
"""
import json
import os
import platform
import random
import subprocess
import sys
import types

SEED = 20240518
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "sacrebleu_reference.json")


# ---------------------------------------------------------------- loading sacreBLEU from a checkout

def stub_module(name):
    """An empty module standing in for a dependency that BLEU never uses; any attribute use raises."""
    mod = types.ModuleType(name)

    def missing(attr):
        def fail(*_args, **_kwargs):
            raise RuntimeError(f"{name}.{attr} is a stand-in (not installed); the BLEU path must not use it")
        return fail
    mod.__getattr__ = missing
    return mod


def load_sacrebleu(checkout):
    if not os.path.isfile(os.path.join(checkout, "sacrebleu", "metrics", "bleu.py")):
        sys.exit(f"{checkout}: not a sacreBLEU checkout (sacrebleu/metrics/bleu.py missing)")
    stubbed = []
    for name in ["portalocker", "tabulate", "colorama", "lxml"]:
        try:
            __import__(name)
        except ImportError:
            sys.modules[name] = stub_module(name)
            stubbed.append(name)
    if "lxml" in stubbed:
        sys.modules["lxml.etree"] = sys.modules["lxml"].etree = stub_module("lxml.etree")
    describe = subprocess.run(["git", "-C", checkout, "describe", "--tags", "--always"],
                              capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", checkout, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    if not os.path.isfile(os.path.join(checkout, "sacrebleu", "version.py")):
        version = types.ModuleType("sacrebleu.version")
        version.__version__ = describe.lstrip("v") or "unknown"
        sys.modules["sacrebleu.version"] = version
    sys.path.insert(0, checkout)
    import sacrebleu  # noqa: F401  (the checkout's package, found first on sys.path)
    if os.path.dirname(os.path.abspath(sacrebleu.__file__)) != os.path.join(os.path.abspath(checkout), "sacrebleu"):
        sys.exit(f"imported sacrebleu from {sacrebleu.__file__}, not from {checkout}")
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a
    return BLEU, Tokenizer13a, {"version": sys.modules["sacrebleu.version"].__version__, "describe": describe,
                                "commit": commit, "stubbed_modules": stubbed}


# ---------------------------------------------------------------- inputs

# Every character Python's str.split() / str.rstrip() treat as whitespace (str.isspace()).
PY_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
ISSUE_SPACES = ["\t", "\u00a0", "\u2009", "\u3000", "\u000b", "\u000c", "\u001c", "\u0085", "\u2028"]


def bible(rng, n):
    """n aligned (English, Spanish) verse pairs: every verse with ¿ or ¡ among the first ones, then random."""
    rows = []
    with open(os.path.join(ROOT, "datasets", "bible-en-es", "kjv-rv1909.tsv"), encoding="utf-8") as f:
        for line in f:
            _ref, en, es = line.rstrip("\n").split("\t")
            rows.append((en, es))
    marked = [r for r in rows if "¿" in r[1] or "¡" in r[1]]
    picked = rng.sample(marked, n // 2) + rng.sample(rows, n - n // 2)
    return picked


def moby_sentences(rng, n):
    """n sentences of Moby Dick (paragraphs joined, cut at . ! ?), preferring those with curly quotes and dashes."""
    with open(os.path.join(ROOT, "datasets", "moby-dick", "moby-dick.txt"), encoding="utf-8") as f:
        paragraphs = [" ".join(p.split("\n")) for p in f.read().split("\n\n")]
    sentences = []
    for p in paragraphs:
        start = 0
        for i, ch in enumerate(p):
            if ch in ".!?" and (i + 1 == len(p) or p[i + 1] in " ”’"):
                end = i + 1 + (1 if i + 1 < len(p) and p[i + 1] in "”’" else 0)
                s = p[start:end].strip()
                if 3 <= len(s.split()) <= 40:
                    sentences.append(s)
                start = end
    fancy = [s for s in sentences if any(c in s for c in "“”‘’—")]
    return rng.sample(fancy, n // 2) + rng.sample(sentences, n - n // 2)


def perturb(rng, text, vocab, edits):
    """A plausible system output: `edits` random word edits (drop, repeat, swap, substitute, truncate, recase)."""
    words = text.split(" ")
    for _ in range(edits):
        if len(words) < 2:
            break
        i = rng.randrange(len(words))
        op = rng.choice(["drop", "repeat", "swap", "substitute", "substitute", "truncate", "recase"])
        if op == "drop":
            del words[i]
        elif op == "repeat":
            words.insert(i, words[i])
        elif op == "swap" and i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
        elif op == "substitute":
            words[i] = rng.choice(vocab)
        elif op == "truncate":
            words = words[:max(1, len(words) - rng.randint(1, 3))]
        elif op == "recase":
            words[i] = words[i].upper() if words[i].islower() else words[i].lower()
    return " ".join(words)


def realistic_corpora(rng):
    corpora = []
    pairs = bible(rng, 80)
    es_vocab = sorted({w for _en, es in pairs for w in es.split()})
    en_vocab = sorted({w for en, _es in pairs for w in en.split()})
    # Spanish (accents, ¿ ¡, "á" as a word): one reference, hypotheses 0-3 edits away.
    corpora.append(("bible-es-1ref", [perturb(rng, es, es_vocab, rng.randint(0, 3)) for _en, es in pairs],
                    [[es] for _en, es in pairs]))
    # Spanish with three references (the verse and two edited variants).
    corpora.append(("bible-es-3refs", [perturb(rng, es, es_vocab, rng.randint(1, 4)) for _en, es in pairs],
                    [[es, perturb(rng, es, es_vocab, 2), perturb(rng, es, es_vocab, 3)] for _en, es in pairs]))
    corpora.append(("bible-en-2refs", [perturb(rng, en, en_vocab, rng.randint(0, 3)) for en, _es in pairs],
                    [[en, perturb(rng, en, en_vocab, 2)] for en, _es in pairs]))
    # The issue's \r case: 50 verses ending in \r against the same verses without it, and against themselves.
    verses = [es for _en, es in pairs[:50]]
    corpora.append(("bible-es-trailing-cr", [v + "\r" for v in verses], [[v] for v in verses]))
    corpora.append(("bible-es-trailing-cr-both", [v + "\r" for v in verses], [[v + "\r"] for v in verses]))
    corpora.append(("bible-en-es-cross", [es for _en, es in pairs[:40]], [[en] for en, _es in pairs[:40]]))

    moby = moby_sentences(rng, 80)
    m_vocab = sorted({w for s in moby for w in s.split()})
    corpora.append(("moby-3refs", [perturb(rng, s, m_vocab, rng.randint(0, 4)) for s in moby],
                    [[s, perturb(rng, s, m_vocab, 2), perturb(rng, s, m_vocab, 4)] for s in moby]))
    corpora.append(("moby-1ref", [perturb(rng, s, m_vocab, rng.randint(0, 3)) for s in moby], [[s] for s in moby]))
    # A variable number of references per segment (1-3): sacreBLEU gets None in the missing streams.
    corpora.append(("moby-variable-refs", [perturb(rng, s, m_vocab, rng.randint(0, 3)) for s in moby[:50]],
                    [[s] + [perturb(rng, s, m_vocab, 3) for _ in range(rng.randint(0, 2))] for s in moby[:50]]))
    return corpora


def issue_corpora():
    """The inputs issue 18 lists, each as its own corpus and again inside a few plain sentences, where a wrong
    count moves a non-zero score instead of a score that is 0 either way (no 4-gram at all)."""
    base = "the cat sat on the mat"
    corpora = []
    for ws in PY_SPACES:
        line = base.replace(" ", ws, 1)
        corpora.append((f"space-U+{ord(ws):04X}-self", [line], [[line]]))
        corpora.append((f"space-U+{ord(ws):04X}-vs-plain", [line], [[base]]))
        corpora.append((f"space-U+{ord(ws):04X}-trailing", [base + ws], [[base]]))
        corpora.append((f"space-U+{ord(ws):04X}-everywhere", [ws + base.replace(" ", ws + ws) + ws], [[base]]))
    cases = [
        ("issue-tab-self", ["the\tcat sat on the mat"], [["the\tcat sat on the mat"]]),
        ("issue-ideographic-space-self", ["東京\u3000大阪 京都 神戸"], [["東京\u3000大阪 京都 神戸"]]),
        ("issue-hyphen-newline-4", ["water from the old well-\n", "a state-\nof-the-art ship-\n", "it was very long-\n\n",
                                    "out to the open sea-\r\n"],
         [["water from the old well-\n"], ["a state-\nof-the-art ship-\n"], ["it was very long-\n\n"], ["out to the open sea-\r\n"]]),
        ("hyphen-newline-vs-kept", ["water from the old well-\n", "a state-\nof-the-art ship"],
         [["water from the old well-"], ["a stateof-the-art ship"]]),
        ("hyphen-newline-vs-dropped", ["water from the old well-\n"], [["water from the old well"]]),
        ("skipped-then-hyphen-newline", ["a well-<skipped>\nspring of water", "<skipped> b -<skipped>"],
         [["a wellspring of water"], ["b -"]]),
        ("newlines-inside", ["one\ntwo\n\nthree four", "x\r\ny"], [["one two three four"], ["x y"]]),
        ("issue-u0001-inside-token", ["a\x01b c"], [["a b c"]]),
        ("u0001-inside-token-self", ["a\x01b c", "x\x01y\x01z w"], [["a\x01b c"], ["x y z w"]]),
        ("issue-four-u0001", ["a\x01\x01\x01\x01b c d e"], [["a\x01\x01\x01\x01b c d e"]]),
        ("four-u0001-alone", ["\x01\x01\x01\x01"], [["\x01\x01\x01\x01 a"]]),
        ("u0001-vs-space", ["a\x01b\x01c\x01d\x01e"], [["a b c d e"]]),
        ("html-entities", ["&quot;a&quot; &amp; b &lt;c&gt; &amp;lt; &amp;amp;", "AT&T &apos; &#39;"],
         [["\"a\" & b <c> < &amp;"], ["AT & T ' '"]]),
    ]
    plain = ["And God saw the light , that it was good .", "Call me Ishmael . Some years ago I went to sea ."]
    for name, hyps, refs in cases:
        corpora.append((name, hyps, refs))
        corpora.append((name + "-in-context", plain + hyps, [[p] for p in plain] + refs))
    return corpora


def edge_corpora():
    c = []
    c.append(("empty-hypotheses-all", ["", ""], [["the cat"], ["a dog barks"]]))
    c.append(("empty-hypothesis-some", ["", "the cat sat on the mat", "   ", "\t\n"],
              [["x y"], ["the cat sat on the mat"], ["a b c"], ["d"]]))
    c.append(("empty-reference", ["the cat sat", "a b"], [[""], ["a b"]]))
    c.append(("empty-reference-and-hypothesis", ["", "a b c d e"], [[""], ["a b c d e"]]))
    c.append(("whitespace-only-everything", [" \t\u3000", "\u2028"], [["\u00a0"], ["\x1c"]]))
    c.append(("no-4gram-match", ["a b c x d e f y g h i"], [["a b c z d e f w g h i"]]))
    c.append(("no-3gram-match", ["a b x c d y e f"], [["a b z c d w e f"]]))
    c.append(("no-match-at-all", ["x y z"], [["a b c"]]))
    c.append(("only-unigrams-match", ["c a d b"], [["a b c d"]]))
    c.append(("short-hypotheses", ["a", "a b", "a b c"], [["a"], ["a b"], ["a b c"]]))
    c.append(("one-token-corpus", ["word"], [["word word word word"]]))
    c.append(("numbers", ["3.5 million in the U.S. , 1,000.5 and 3-4 or 10-year $10. e.g., 1.2.3", "pi is 3.14159."],
              [["3.5 million in the U.S., 1,000.5 and 3 - 4 or 10-year $10. e.g. , 1.2.3"], ["pi is 3.14159 ."]]))
    c.append(("numbers-dash", ["1-2-3 a-1 -5 5- 2--3", "2019-2020 season"], [["1 - 2 - 3 a-1 - 5 5 - 2 - - 3"], ["2019 - 2020 season"]]))
    c.append(("punctuation-only", ["!!! ... ,,, ???", "--"], [["! ! ! . . . , , , ? ? ?"], ["- -"]]))
    c.append(("cjk", ["東京は日本の首都です。", "我爱北京天安门，天安门上太阳升。", "한국어 문장 입니다."],
              [["東京は日本の首都です 。"], ["我爱北京天安门 ， 天安门上太阳升 。"], ["한국어 문장입니다."]]))
    c.append(("emoji", ["I ❤️ NY 🗽!", "👍🏽 great 👨‍👩‍👧 family", "🙂🙂 🙂"],
              [["I ❤️ NY 🗽 !"], ["👍🏽 great 👨‍👩‍👧 family"], ["🙂 🙂 🙂"]]))
    c.append(("combining-accents", ["cafe\u0301 de\u0301ja\u0300 vu", "café déjà vu", "n\u0303 an\u0303o"],
              [["café déjà vu"], ["cafe\u0301 de\u0301ja\u0300 vu"], ["ñ año"]]))
    c.append(("rtl", ["مرحبا بالعالم، كيف حالك؟", "שלום עולם, מה שלומך?", "\u202bmixed RTL\u202c text \u200f."],
              [["مرحبا بالعالم ، كيف حالك ؟"], ["שלום עולם , מה שלומך ?"], ["mixed RTL text ."]]))
    # Brevity penalty: the closest reference length, ties to the shorter; neither the longest nor the shortest.
    c.append(("closest-ref-middle", ["a b c d e f g"], [["a b c", "a b c d e f", "a b c d e f g h i j"]]))
    c.append(("closest-ref-tie-shorter", ["a b c d e"], [["a b c d e f", "a b c d", "a b c d e f g h"]]))
    c.append(("closest-ref-tie-order", ["a b c d e", "x y z"], [["a b c d", "a b c d e f"], ["x y z w", "x y"]]))
    c.append(("closest-ref-longer-than-hyp", ["a b c", "d e"], [["a b c d", "a b c d e f g h"], ["d e f g", "d"]]))
    c.append(("closest-ref-equal-duplicates", ["a b c d"], [["a b c d", "a b c d", "a b"]]))
    c.append(("extra-spaces", ["  the   cat  sat on   the mat  ", " a  b "], [["the cat sat on the mat"], ["a b"]]))
    c.append(("clipped-counts", ["the the the the the the the"], [["the cat is on the mat", "there is a cat on the mat"]]))
    c.append(("max-over-references", ["a a b b c c"], [["a a b", "b b c c", "c c a"]]))
    c.append(("case-sensitive", ["The Cat SAT"], [["the cat sat"]]))
    c.append(("long-hypothesis", [" ".join(["w%d" % (i % 17) for i in range(300)])], [[" ".join(["w%d" % (i % 13) for i in range(250)])]]))
    c.append(("zero-width-and-bom", ["a\u200bb c\ufeffd \u180e e", "x\u2060y"], [["a b c d e"], ["x\u2060y"]]))
    return c


def fuzz_lines(rng, n):
    """Random lines mixing every character class the tokenizer and the splitter treat specially."""
    words = ["the", "cat", "well", "U.S.", "3.5", "1,000", "état", "¿Dónde", "¡Sí!", "東京", "大阪", "🙂", "👨‍👩‍👧",
             "e\u0301", "שלום", "مرحبا", "don't", "“quote”", "—", "–", "a-b", "x.y", "7-", "-7", "…", "<skipped>"]
    pieces = ["&quot;", "&amp;", "&lt;", "&gt;", "&", "-\n", "\n", "\r", "\r\n", "-", ".", ",", "\x01", "\x01\x01\x01\x01",
              "\x00", "\u200b", "\ufeff", "\u0301", "\\", "{", "~", "[", "`", "$", "(", "+", ":", "@", "/", "'", "\"",
              "0", "9", "\U0001F600", "\u2764\ufe0f"]
    lines = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 14)):
            r = rng.random()
            if r < 0.45:
                parts.append(rng.choice(words))
            elif r < 0.75:
                parts.append(rng.choice(pieces))
            else:
                parts.append(rng.choice(PY_SPACES) * rng.randint(1, 2))
            if rng.random() < 0.6:
                parts.append(" ")
        if rng.random() < 0.3:
            parts.append(rng.choice(["-\n", "\r", "\n", "\t", "\u2028", "\u0085", "\u3000", " -\n", "<skipped>\n"]))
        lines.append("".join(parts))
    return lines


def fuzz_corpora(rng, lines):
    """Corpora of 10 fuzz lines; references are other fuzz lines or edits of the hypothesis (so n-grams match)."""
    corpora = []
    for k in range(0, len(lines), 10):
        hyps = lines[k:k + 10]
        refs = []
        for h in hyps:
            options = [h, h + rng.choice(PY_SPACES), rng.choice(lines),
                       perturb(rng, h, ["a", "the", "\x01", "U.S.", "-\n"], 2)]
            refs.append(rng.sample(options, rng.randint(1, 3)))
        corpora.append((f"fuzz-{k // 10:02d}", hyps, refs))
    corpora.append(("fuzz-all", lines, [[rng.choice(lines), perturb(rng, h, ["\x01", "-\n", "\u3000"], 2)] for h in lines]))
    return corpora


# ---------------------------------------------------------------- scoring

def score(BLEU, name, hyps, refs):
    width = max(len(r) for r in refs)
    streams = [[r[i] if i < len(r) else None for r in refs] for i in range(width)]
    s = BLEU().corpus_score(hyps, streams)
    return {"name": name, "hypotheses": hyps, "references": refs, "score": s.score, "bp": s.bp,
            "precisions": list(s.precisions), "counts": list(s.counts), "totals": list(s.totals),
            "sys_len": s.sys_len, "ref_len": s.ref_len, "text": s.format()}


def to_json_lines(doc):
    """JSON with one list item (a corpus, a tokenized line) per line, so a regenerated file diffs readably."""
    dump = lambda v: json.dumps(v, ensure_ascii=True, separators=(",", ":"))
    out = []
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{dump(key)}:[\n" + ",\n".join(dump(v) for v in value) + "\n]")
        else:
            out.append(f"{dump(key)}:{dump(value)}")
    return "{\n" + ",\n".join(out) + "\n}\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    BLEU, Tokenizer13a, info = load_sacrebleu(sys.argv[1])
    rng = random.Random(SEED)
    named = issue_corpora() + edge_corpora() + realistic_corpora(rng)
    lines = fuzz_lines(rng, 300)
    named += fuzz_corpora(rng, lines)
    names = [n for n, _h, _r in named]
    assert len(names) == len(set(names)), "corpus names must be unique"
    corpora = [score(BLEU, *c) for c in named]

    # Tokenizer-level references: the 13a tokenizer alone (Tokenizer13a()(line).split()), and the whole
    # segment preprocessing BLEU applies before counting (BLEU()._preprocess_segment(line).split(): rstrip, then 13a).
    # Both are the strings sacreBLEU returns (tokens joined by one space). The realistic corpora's lines are left
    # out here (their scores cover them); every other line is in, plus more fuzz.
    short = [c for c in named if not c[0].startswith(("bible-", "moby-"))]
    token_lines = sorted({l for _n, h, rs in short for l in h + [r for rr in rs for r in rr]} | set(fuzz_lines(rng, 400)))
    tok, bleu = Tokenizer13a(), BLEU()
    tokenizations = [{"line": l, "tokenizer": tok(l), "segment": bleu._preprocess_segment(l)} for l in token_lines]

    doc = {
        "about": "sacreBLEU reference scores; regenerate with tests/Workbench.Tests/Metrics/sacrebleu_reference.py",
        "sacrebleu": info,
        "python": platform.python_version(),
        "unicode": __import__("unicodedata").unidata_version,
        "seed": SEED,
        "python_whitespace": [ord(c) for c in PY_SPACES],
        "corpora": corpora,
        "tokenizations": tokenizations,
    }
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(to_json_lines(doc))
    os.replace(tmp, OUT)
    print(f"wrote {OUT}: {len(corpora)} corpora, {len(tokenizations)} tokenized lines, sacreBLEU {info['describe']}"
          f" ({info['commit'][:12]}), Python {platform.python_version()}, stand-ins: {info['stubbed_modules'] or 'none'}")


if __name__ == "__main__":
    main()
