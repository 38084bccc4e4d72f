"""Generate labelled quote cases from real parallel text (`../shared/data/wmt22/`, read
from there, never copied): WMT22's Japanese-original documents with their professional
English translation and the same documents as an MT system rendered them (loose but
faithful paraphrases); and the English-original news test set's Japanese, Ukrainian and
Russian translations of the same lines (the Russian file orders them otherwise: lines are
matched by their English), so that a Japanese quote meets a Ukrainian or a Russian page.

    python tests/eval/wmt22.py [--out DIR] [--score SPLIT]...   # DIR/{train,dev,test}.toml

Each document's foreign text is a source page; each Japanese sentence of it a quote:

- faithful: the sentence itself against each page of the document: the English
  reference or a Ukrainian or Russian translation (`faithful`), an MT system's
  English (`paraphrase`) -> `supported`;
- altered by rule -> `contradicted`: a figure changed (`number`), a month changed
  (`month`), an ordinal changed (`ordinal`), a name swapped for a name from another
  document (`name`: a katakana run the English sentence spells), the sentence negated
  (`negation`);
- not the page's -> `not_found`: a sentence from another document of the same domain
  (`other`), a faithful sentence with another document's sentence run on (`merged`).

Documents, not cases, are split (by a hash of their id: 60% train, 20% dev, 20% test),
so no page or topic is shared between splits. Deterministic: the same input gives the
same files. Nothing is tuned here; tune on train and dev, report test.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from verifier.evaluate import Results, evaluate, load_cases
from verifier.settings import Settings
from verifier.types import Verdict
from verifier.verify.text.anchors import alike, katakana

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "wmt22"
SOURCE = DATA / "wmttest2022.ja-en.all.xml"
OUT = Path(__file__).resolve().parents[2] / ".cases" / "wmt22"
SPLITS = (("train", 60), ("dev", 20), ("test", 20))
QUOTES_PER_DOC = 3
MIN_QUOTE = 12  # characters: shorter sentences ("何が違うのでしょうか？") prove little
LINE_BLOCK = 10  # consecutive lines of the news test set taken as one document

_NUMBER = re.compile(r"(?<![0-9０-９.])([0-9]{1,4})(?![0-9.])")
_MONTH = re.compile(r"(?<![0-9])(1[0-2]|[1-9])月")
_ORDINAL = re.compile(r"第([0-9]{1,3})")
_KATAKANA = re.compile(r"[ァ-ヴー]{3,}")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NEGATIONS = (
    ("ました。", "ませんでした。"),
    ("ます。", "ません。"),
    ("です。", "ではありません。"),
    ("した。", "しなかった。"),
    ("ある。", "ない。"),
    ("いる。", "いない。"),
)


@dataclass(frozen=True)
class Source:
    """One page a document gives: its key in the case file, language, sentences (aligned
    with the Japanese), and the rule its faithful quotes are filed under."""

    key: str
    language: str
    sentences: tuple[str, ...]
    rule: str


@dataclass(frozen=True)
class Document:
    id: str
    domain: str
    japanese: tuple[str, ...]
    english: tuple[str, ...]  # what each Japanese sentence says, for the rules' checks
    pages: tuple[Source, ...]  # the first is the page the altered quotes are judged on


def documents(path: Path = SOURCE) -> list[Document]:
    """Every Japanese-original document with its reference English page and one MT system's
    English page (among those whose sentences line up), in file order."""
    found = []
    for doc in ET.parse(path).getroot().iter("doc"):
        japanese = _segments(doc.find("src"))
        english = _segments(doc.find("ref"))
        hyps = [h for h in doc.findall("hyp") if len(_segments(h)) == len(japanese)]
        if not japanese or len(english) != len(japanese) or not hyps:
            continue
        hyps.sort(key=lambda h: h.get("system", ""))
        machine = _segments(hyps[_pick(doc.get("id", ""), len(hyps))])
        pages = (
            Source("ref", "en", english, "faithful"),
            Source("mt", "en", machine, "paraphrase"),
        )
        found.append(Document(doc.get("id", ""), doc.get("domain", ""), japanese, english, pages))
    return found


def all_documents() -> list[Document]:
    """The Japanese-original documents, then the blocks of the English-original lines."""
    return documents() + line_documents()


def line_documents(block: int = LINE_BLOCK) -> list[Document]:
    """The English-original news test set's Japanese, Ukrainian and Russian translations of the
    same English lines (`generaltest2022.en-*`), in blocks of `block` consecutive lines: a
    Japanese quote of a Ukrainian or a Russian page. The files name no documents, so a block
    stands for one (neighbouring blocks may share an article across splits)."""
    english = _lines("generaltest2022.en-ja.src.en")
    japanese, ukrainian = (
        _lines("generaltest2022.en-ja.ref.A.ja"),
        _lines("generaltest2022.en-uk.ref.A.uk"),
    )
    russian_english, russian = (
        _lines("generaltest2022.en-ru.src.en"),
        _lines("generaltest2022.en-ru.ref.A.ru"),
    )
    by_english = dict(zip(russian_english, russian, strict=True))  # the same lines, reordered
    russian = [by_english.get(line, "") for line in english]
    found = []
    for start in range(0, len(english), block):
        rows = slice(start, start + block)
        first = ("uk", ukrainian) if _pick(f"lines-{start}", 2) else ("ru", russian)
        second = ("ru", russian) if first[0] == "uk" else ("uk", ukrainian)
        pages = tuple(
            Source(code, code, tuple(text[rows]), "faithful") for code, text in (first, second)
        )
        found.append(
            Document(
                f"lines-{start:04d}", "news", tuple(japanese[rows]), tuple(english[rows]), pages
            )
        )
    return found


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def _segments(node: ET.Element | None) -> tuple[str, ...]:
    return () if node is None else tuple((seg.text or "").strip() for seg in node.iter("seg"))


def _pick(key: str, count: int) -> int:
    """A stable choice among `count` things for `key`."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % count


def split_of(doc: Document) -> str:
    """The document's split, by a hash of its id."""
    bucket = _pick("split:" + doc.id, 100)
    for name, share in SPLITS:
        if bucket < share:
            return name
        bucket -= share
    return SPLITS[-1][0]


def cases(doc: Document, others: Sequence[Document]) -> Iterator[dict[str, str]]:
    """The document's labelled quotes against its pages (the altered ones against its first)."""
    main = doc.pages[0]
    readable = [i for i in range(len(doc.japanese)) if all(p.sentences[i] for p in doc.pages)]
    chosen = [i for i in readable if _quotable(doc.japanese[i], doc.english[i])]
    chosen = sorted(chosen, key=lambda i: _pick(f"{doc.id}:{i}", 1 << 30))[:QUOTES_PER_DOC]
    same_domain = [o for o in others if o.domain == doc.domain and o.id != doc.id] or list(others)
    for i in sorted(chosen):
        quote, sentence = doc.japanese[i], doc.english[i]
        key = f"{doc.id}-{i}"
        for page in doc.pages:
            yield _case(f"{key}-{page.key}-{page.rule}", quote, page.key, "supported",
                        f'translates "{page.sentences[i]}"')  # fmt: skip
        for rule, altered in _altered(quote, sentence, key, same_domain):
            yield _case(f"{key}-{rule}", altered, main.key, "contradicted",
                        f'{rule} changed from "{quote}" ("{sentence}")')  # fmt: skip
        other = same_domain[_pick(key + ":other", len(same_domain))]
        stranger = _longest(other.japanese)
        if stranger:
            yield _case(f"{key}-other", stranger, main.key, "not_found",
                        f"a sentence of {other.id}, not this page")  # fmt: skip
            merged = quote.rstrip("。") + "、" + stranger
            yield _case(f"{key}-merged", merged, main.key, "not_found",
                        f"this page's sentence run on with one of {other.id}")  # fmt: skip


def _quotable(quote: str, sentence: str) -> bool:
    """Long enough to prove something, and real text (not a `#Product4#` placeholder)."""
    return len(quote) >= MIN_QUOTE and bool(sentence) and "#" not in quote + sentence


def _case(id: str, claim: str, page: str, expected: str, why: str) -> dict[str, str]:
    return {"id": id, "claim": claim, "page": page, "expected": expected, "why": why}


def _longest(sentences: Sequence[str]) -> str:
    fitting = [s for s in sentences if len(s) <= 80 and _quotable(s, s)]
    return max(fitting, key=len, default="")


def _altered(
    quote: str, sentence: str, key: str, others: Sequence[Document]
) -> Iterator[tuple[str, str]]:
    """Each rule that applies to the quote, with the quote as it changes it."""
    number = next((m for m in _NUMBER.finditer(quote) if m.group(1) in sentence), None)
    if number is not None:
        value = int(number.group(1))
        changed = value + 1 + _pick(key + ":n", 9) if value < 10 else value * 2 + 1
        yield "number", quote[: number.start(1)] + str(changed) + quote[number.end(1) :]
    month = _MONTH.search(quote)
    if month is not None:
        new = (int(month.group(1)) + 2 + _pick(key + ":m", 8)) % 12 + 1
        yield "month", quote[: month.start(1)] + str(new) + quote[month.end(1) :]
    ordinal = _ORDINAL.search(quote)
    if ordinal is not None:
        yield (
            "ordinal",
            quote[: ordinal.start(1)] + str(int(ordinal.group(1)) + 1) + quote[ordinal.end(1) :],
        )
    name = _name_in(quote, sentence)
    if name is not None:
        swap = _name_elsewhere(others, key, name)
        if swap is not None:
            yield "name", quote.replace(name, swap, 1)
    for ending, negated in _NEGATIONS:
        if quote.endswith(ending):
            yield "negation", quote[: -len(ending)] + negated
            break


def _name_in(quote: str, sentence: str) -> str | None:
    """A katakana run of the quote that the English sentence spells as a capitalised word."""
    words = _CAPITALISED.findall(sentence)
    for run in _KATAKANA.findall(quote):
        if any(alike(katakana(word), run) for word in words):
            return run
    return None


def _name_elsewhere(others: Sequence[Document], key: str, name: str) -> str | None:
    """A name of another document (one its English spells), not alike the one replaced."""
    start = _pick(key + ":name", len(others))
    for doc in [*others[start:], *others[:start]]:
        for quote, sentence in zip(doc.japanese, doc.english, strict=True):
            found = _name_in(quote, sentence)
            if found is not None and found != name and not alike(found, name):
                return found
    return None


def write(docs: Sequence[Document], out: Path) -> dict[str, int]:
    """One TOML case file per split; the number of cases in each."""
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split, _ in SPLITS:
        mine = [doc for doc in docs if split_of(doc) == split]
        lines = [f"# WMT22 ja-en, {split} split: generated by tests/eval/wmt22.py; do not edit.\n"]
        for doc in mine:
            lines += [line for page in doc.pages for line in _page_lines(doc, page)]
        made = [
            (doc, case) for doc in mine for case in cases(doc, [d for d in mine if d is not doc])
        ]
        for doc, case in made:
            lines += _case_lines(doc, case)
        (out / f"{split}.toml").write_text("\n".join(lines), encoding="utf-8")
        counts[split] = len(made)
    return counts


def _page_lines(doc: Document, page: Source) -> list[str]:
    return [
        f"[pages.{_key(doc.id)}-{page.key}]",
        f'url = "https://wmt22.example/{doc.id}/{page.key}"',
        f'language = "{page.language}"',
        f"text = {_toml(' '.join(s for s in page.sentences if s))}",
        "",
    ]


def _case_lines(doc: Document, case: dict[str, str]) -> list[str]:
    return [
        "[[cases]]",
        f"id = {_toml(case['id'])}",
        'kind = "quote"',
        'claim_kind = "quote"',
        f"claim = {_toml(case['claim'])}",
        f'page = "{_key(doc.id)}-{case["page"]}"',
        f'expected = "{case["expected"]}"',
        f"why = {_toml(case['why'])}",
        "",
    ]


def _key(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", doc_id)


def _toml(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", " ", escaped) + '"'


def by_rule(results: Results) -> str:
    """Each rule's cases by the verdict the checks gave (the rule is the id's last part)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in results.outcomes:
        table[outcome.case.id.rsplit("-", 1)[-1]][outcome.label] += 1
    verdicts = [v.value for v in Verdict]
    lines = [f"{'rule':<14}{'cases':>6}" + "".join(f"{v:>14}" for v in verdicts)]
    for rule, counts in sorted(table.items()):
        total = sum(counts.values())
        cells = "".join(f"{counts[v] / total:>14.2f}" for v in verdicts)
        lines.append(f"{rule:<14}{total:>6}{cells}")
    return "\n".join(lines)


def score(out: Path, splits: Sequence[str]) -> None:
    """The measures of each split, and each rule's verdicts."""
    for split in splits:
        results = evaluate(load_cases(out / f"{split}.toml"), Settings())
        macro, wrongly = results.supported_macro_f1(), results.false_supported()
        print(f"\n== {split}: {len(results.outcomes)} cases, supported-vs-not macro-F1 "
              f"{macro or 0:.3f}, untrue called supported {wrongly or 0:.3f}")  # fmt: skip
        print(_issue_measures(results))
        print(by_rule(results))


def _issue_measures(results: Results) -> str:
    """The rest of issue 14's measures: faithful quotes contradicted or abstained on, and
    `contradicted` precision and recall."""
    contradicted = results.faithful_called(Verdict.CONTRADICTED) or 0.0
    abstained = results.faithful_called(Verdict.UNVERIFIABLE) or 0.0
    precision = results.precision(Verdict.CONTRADICTED) or 0.0
    recall = results.recall(Verdict.CONTRADICTED) or 0.0
    return (
        f"faithful called contradicted {contradicted:.3f}, unverifiable {abstained:.3f}; "
        f"contradicted precision {precision:.3f}, recall {recall:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the splits go ({OUT})")
    parser.add_argument(
        "--score", action="append", choices=[name for name, _ in SPLITS],
        help="then measure the checks on this split (repeatable)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not SOURCE.is_file():
        sys.exit(f"wmt22: no {SOURCE} (the shared data folder beside the repository)")
    counts = write(all_documents(), args.out)
    for split, count in counts.items():
        print(f"{args.out / split}.toml: {count} cases")
    score(args.out, args.score or ())
    return 0


if __name__ == "__main__":
    sys.exit(main())
