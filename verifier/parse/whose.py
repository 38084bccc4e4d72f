"""Whose words a claim is: the cited source's, or the writer's own.

A newsletter mixes what its sources said with what its writer thinks, counts and
explains. Checking the writer's "by my count, the third delay this year" against a
source that never said it only makes a red finding an editor must dismiss. The
writer's own words are told by how the sentence is written, in each language:

- commentary: the writer speaks in the first person or gives a view ("I think",
  "my guess", "by my count", "на мой взгляд", "як на мене", 「と思う」, 「IWJは」,
  a rhetorical 「のかどうか」, a judgement 「といえそうです」, 「べきだ」);
- arithmetic: the writer works a figure out ("that works out to", "in total",
  "combined", "то есть", "разом", 「合計」, 「前回よりも…積み増した」, a difference in
  percentage points); a source's own figure so marked is still found on its page, as
  the arithmetic check takes each of the page's figures alone too;
- aside: an explanatory note in brackets inside a sentence, a clause of its own (four
  words, or a Japanese predicate); a bracket holding data alone ("52議席(+3)") or
  standing inside a quote is the source's.

Everything else in a cited passage is the source's. A sentence that cites nothing in a
paragraph that cites nothing is the writer's own unless it says otherwise
(`unattributed`).
"""

from __future__ import annotations

import re

from verifier.types import Whose

# Both read lower-cased text (a case-blind pattern reads a long Japanese passage several
# times slower); "I" alone is read in its own case.
_I = re.compile(r"\b(?:I|I'm|I've|I'd|I'll)\b")
_COMMENTARY = re.compile(
    r"\b(?:my|me|in our view|we think|arguably|frankly)\b"
    r"|(?<!\w)(?:я|мне|мой|моя|моё|мои|по-моему|на мой взгляд|по моим подсч[её]там|думаю|полагаю"
    r"|мені|мій|моя|моє|мої|на мою думку|як на мене|за моїми підрахунками|вважаю)(?!\w)"
    r"|筆者|私は|私の|と思う|と思われ|と考えられ|ではないか|ではなかろうか|だろう|でしょう|iwjは|iwjとして"
    r"|のかどうか|といえ(?:る|ます|そう|よう)|べきだ|べきで|はずだ(?!っ)|はずです"
)
_ARITHMETIC = re.compile(
    r"\b(?:works? out (?:to|at|as)|in total|combined|altogether|all told|a difference of"
    r"|(?:more|fewer|less) than (?:double|twice|triple)|\d+(?:\.\d+)? times (?:as|more|less)"
    r"|(?:twice|three times|four times|five times|ten times) (?:as|more|less|what)"
    r"|which means|adds up to|add up to|in sum|that leaves|which leaves|the midpoint)\b"
    r"|(?<!\w)(?:то есть|т\. ?е\.|в сумме|итого|в общей сложности|что составляет|разница"
    r"|тобто|разом|загалом|у сумі|в сумі|що становить|різниця|в \d+(?:,\d+)? раза?"
    r"|у \d+(?:,\d+)? раз(?:и|ів)?|выходит|получается|так что|таким образом|виходить|отже"
    r"|таким чином)(?!\w)"
    r"|合計|計算|差は|差が|つまり|に相当|倍に|前回より|積み増|割り算|割ると|差し引き"
    r"|(?<!\w)(?:в пересч[её]те|у перерахунку)(?!\w)|換算"
    # A difference of two shares in points is the writer's subtraction, whether or not the
    # issue shows both shares ("down 9.3 points", "на 2 процентных пункта", "5ポイント").
    r"|\d(?:[.,]\d+)?\s*(?:percentage\s+points?|points?\b|п\.\s?п\.|процентн\w*\s+пункт"
    r"|відсотков\w*\s+пункт|ポイント)"
)
# A note on the writer's own translation ("(перевод мой)", "(引用は筆者訳)", "translation
# mine") speaks of the translation, not of what the source said.
_TRANSLATION_NOTE = re.compile(
    r"[(（][^()（）\n]*(?:translat|перевод|переклад|訳)[^()（）\n]*[)）]", re.IGNORECASE
)
# What the writer quotes is the source's words, whatever person they are in.
_QUOTED = re.compile(r'“[^”]*”|"[^"]*"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|『[^』]*』')
_BRACKETED = re.compile(r"\(([^()\n]+)\)|（([^（）\n]+)）")
_MIN_ASIDE_WORDS = 4
# A bracket that holds a whole sentence ("(For comparison, the older dam has 1,200 MW.)") is
# a note even where it opens a line; one that holds data alone is not.
_SENTENCE_INSIDE = re.compile(r"[.!?。！？]\s*$|です|ます|でした|ました|である")
_MIN_ASIDE_JAPANESE = 12
# A Japanese note is a clause: it ends in (or holds) a predicate. "(+0、過半数まであと2議席)"
# holds none: it is the source's data in brackets.
_PREDICATE = re.compile(
    r"です|ます|でした|ました|ので|ており|ている|った|した|ない|れる|られ|のだ|である"
)


_CLAUSE_BREAK = re.compile(r"[,;:、—–]\s*")


def whose(sentence: str, *, cited: bool = True) -> Whose:
    """Whose words `sentence` is: the writer's when it reads as their view or their sum;
    else the source's when the sentence is cited, and the writer's when nothing is."""
    sentence = _TRANSLATION_NOTE.sub(" ", _QUOTED.sub(" ", sentence))
    lowered = sentence.lower()
    if _I.search(sentence) or _COMMENTARY.search(lowered):
        return Whose.COMMENTARY
    if _ARITHMETIC.search(lowered):
        return Whose.ARITHMETIC
    return Whose.SOURCE if cited else Whose.COMMENTARY


def worked_out(sentence: str) -> int | None:
    """Where the writer's own sum starts in `sentence`: the clause holding the first
    arithmetic cue ("..., more than $890 billion combined", "..., то есть ..."), so the
    source's figures before it stay the source's; None without a cue."""
    plain = _QUOTED.sub(lambda m: " " * len(m[0]), sentence)
    lowered = plain.lower()
    cue = _ARITHMETIC.search(lowered if len(lowered) == len(plain) else plain)
    if cue is None:
        return None
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, cue.start())]
    return breaks[-1] if breaks else 0


def asides(text: str) -> list[tuple[int, int]]:
    """(start, end) of each bracket inside a sentence that holds a clause of its own: text
    before it on its line, and four words or more (a Japanese clause: twelve characters
    with kana)."""
    found = []
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for match in _BRACKETED.finditer(text):
        inner = match.group(1) or match.group(2)
        line_start = text.rfind("\n", 0, match.start()) + 1
        opens_line = not text[line_start : match.start()].strip()
        if opens_line and not _SENTENCE_INSIDE.search(inner):
            continue  # a line that opens with a bracket is the passage's data, not a note
        if any(start < match.start() < end for start, end in quoted):
            continue  # a bracket inside a quote is the source's own
        clause = len(inner.split()) >= _MIN_ASIDE_WORDS or (
            len(inner) >= _MIN_ASIDE_JAPANESE and _PREDICATE.search(inner) is not None
        )
        if clause:
            found.append(match.span())
    return found
