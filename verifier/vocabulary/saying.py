"""Verbs of saying, in the issues' languages, written once.

The parser asks two things of them: whether a paragraph without a link goes on reporting the
source above it ("..., the ministry added"), and whether quoted words near a verb are someone's
words rather than the writer's scare quotes (`parse.claims`). Both read lower-cased text; a
pattern body (`SAYING`) lets each compose what else it needs.
"""

from __future__ import annotations

SAYING = (
    r"\b(?:said|says|say|saying|told|tells|telling|according|wrote|writes|added|adds|warned"
    r"|stated|states|called|calls|call|calling|dubbed|described|describes|describing|quoted"
    r"|promised|vowed|insisted|declared|urged|termed|admitted|conceded|acknowledged|pledged"
    r"|ruled out|answered|replied|responded|asked|argued|claimed)\b"
    r"|(?<!\w)(?:сказал\w*|сказав\w*|заявил\w*|заяви\w*|назвал\w*|называ\w*|назва\w*"
    r"|сообщил\w*|отметил\w*|добавил\w*|пишет|говорит\w*|по словам|признал\w*|пообещал\w*"
    r"|обещ\w*|ответил\w*|називає|назвав\w*|повідоми\w*|зазначи\w*|додав\w*|пише|каже"
    r"|за словами|словами|признав\w*|визнав\w*|визнала|пообіця\w*|обіця\w*|відповів\w*"
    r"|відповіла)(?!\w)"
    r"|と述べ|と語|と話|と指摘|と説明"
)
"""A verb of saying or calling, as a regular expression's body (lower-cased text)."""
