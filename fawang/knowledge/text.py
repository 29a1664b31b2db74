"""Chinese text for search and reading: segmentation (rjieba, whose dictionary ships in the wheel),
the legal synonym list (data/synonyms.tsv), highlighting (docs/adr/0027)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import rjieba

DATA = Path(__file__).resolve().parent / "data"

# Words that carry no meaning for search: particles, pronouns, question words, punctuation.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "我",
        "你",
        "他",
        "她",
        "它",
        "们",
        "我们",
        "他们",
        "在",
        "和",
        "与",
        "及",
        "或",
        "或者",
        "有",
        "没有",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "什么",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "可以",
        "能",
        "能否",
        "会",
        "要",
        "需要",
        "应该",
        "应当",
        "请问",
        "问",
        "一个",
        "这个",
        "那个",
        "这样",
        "那么",
        "因为",
        "所以",
        "但是",
        "但",
        "而",
        "就",
        "都",
        "也",
        "还",
        "又",
        "被",
        "把",
        "对",
        "从",
        "给",
        "向",
        "让",
        "为",
        "为了",
        "以",
        "之",
        "其",
        "该",
        "此",
        "等",
        "等等",
        "个",
        "上",
        "下",
        "中",
        "后",
        "前",
        "时",
        "里",
        "已经",
        "现在",
        "自己",
        "本",
        "第",
        "条",
        "法",
        "规定",
        "依照",
        "按照",
        "根据",
        "有关",
        "情况",
        "问题",
        "是否",
        "不",
        "没",
        "人",
        "方",
        "去",
        "来",
        "到",
        "说",
        "做",
        "想",
        "请",
        "谢谢",
        "您好",
        "你好",
    ]
)
_WORD = re.compile(r"[\w]", re.UNICODE)
_ID_NUMBER = re.compile(r"\d{15,}[\dXx]?|\d{17}[\dXx]")


def _meaningful(token: str) -> bool:
    return bool(_WORD.search(token)) and token not in STOPWORDS and not token.isspace()


def tokenize(text: str) -> list[str]:
    """The search tokens of a text: jieba's search-mode segmentation (words and their parts:
    中华人民共和国 also yields 人民, 共和国), lower-cased, without stopwords and punctuation. Long
    digit runs (ID or phone numbers) are dropped: they are never search terms (and never logged)."""
    text = _ID_NUMBER.sub(" ", text)
    return [t.lower() for t in rjieba.cut_for_search(text) if _meaningful(t)]


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in (DATA / "synonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            groups.append(tuple(w.strip() for w in line.split("\t") if w.strip()))
    return tuple(groups)


@cache
def _synonym_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for group in synonym_groups():
        for word in group:
            index.setdefault(word, []).extend(w for w in group if w != word)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def expand(text: str) -> tuple[list[str], list[str]]:
    """The query's own tokens and the tokens its synonyms add (each once, own tokens first)."""
    own = tokenize(text)
    index = _synonym_index()
    seen = set(own)
    extra: list[str] = []
    words = set(own) | {w for w in index if w in text}
    for word in sorted(words):
        for syn in index.get(word, ()):
            for tok in tokenize(syn):
                if tok not in seen:
                    seen.add(tok)
                    extra.append(tok)
    return own, extra


def highlight(text: str, terms: list[str], *, width: int = 120) -> str:
    """An HTML-escaped snippet of `text` around the first term found, each term in <mark>."""
    terms = sorted({t for t in terms if (t and len(t) > 1) or (t and not t.isascii())}, key=len, reverse=True)
    flat = " ".join(text.split())
    start = 0
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
        first = pattern.search(flat)
        if first:
            start = max(0, first.start() - width // 4)
    snippet = flat[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    if not terms:
        return prefix + html.escape(snippet) + suffix
    out, last = [], 0
    for m in pattern.finditer(snippet):
        out.append(html.escape(snippet[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(snippet[last:]))
    return prefix + "".join(out) + suffix
