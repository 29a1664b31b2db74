"""Weak domain labels for a question from what we ship: the statutes its answer cites, the laws its
answer names, the keywords LeCoQA gives it and the hand-written lexicons (docs/adr/0027). They set
an imported entry's domain and are the classifier's training labels. labeled_dev.csv is never read."""

from __future__ import annotations

import re
from collections import defaultdict

from .domains import LEXICON, law_domain
from .enums import Domain
from .numbers import chinese_to_int

_CITED = re.compile(r"《([^《》]{2,40})》\s*(?:第([零一二两三四五六七八九十百千\d]+)条)?")


def cited_laws(text: str) -> list[tuple[str, int | None]]:
    """(law, article number) for each 《law》第N条 in a text; the number None when not given."""
    out = []
    for name, number in _CITED.findall(text or ""):
        if not name.startswith("中华人民共和国") and not name.endswith(("条例", "规定", "解释", "办法")):
            name = f"中华人民共和国{name}"
        out.append((name, chinese_to_int(number) if number else None))
    return out


def lexicon_hits(text: str) -> dict[Domain, list[str]]:
    hits: dict[Domain, list[str]] = {}
    for domain, words in LEXICON.items():
        found = [w for w in words if w in text]
        if found:
            hits[domain] = found
    return hits


# Broad domains that a more specific one usually lies inside (a demolished house is a demolition
# question before a property one; a mortgage, a security one before a contract one).
GENERIC = frozenset(
    {Domain.REAL_ESTATE, Domain.CONTRACT, Domain.TORT, Domain.GENERAL, Domain.MARRIAGE_FAMILY}
)


def weak_label(
    question: str, *, keywords: str = "", statutes: list[str] | None = None, answer: str = ""
) -> Domain | None:
    """The domain with the most evidence (a cited article 3, a law named in the answer 2, a lexicon
    word in the question or keywords 1); None on a tie or no evidence (left out of training)."""
    votes: dict[Domain, float] = defaultdict(float)
    for reference in statutes or []:
        m = re.match(r"(.+?)第([零一二两三四五六七八九十百千\d]+)条", reference)
        if m:
            d = law_domain(m.group(1), chinese_to_int(m.group(2)))
            if d:
                votes[d] += 3
    for name, number in cited_laws(answer):
        d = law_domain(name, number)
        if d:
            votes[d] += 2
    for domain, words in lexicon_hits(f"{question} {keywords}").items():
        votes[domain] += len(words)
    if not votes:
        return None
    for domain in GENERIC:
        if domain in votes:
            votes[domain] = votes[domain] / 2  # the specific domain wins when both have evidence

    ranked = sorted(votes.items(), key=lambda kv: -kv[1])[:2]
    best, score = ranked[0]
    if len(ranked) > 1 and ranked[1][1] == score:
        return None
    return best
