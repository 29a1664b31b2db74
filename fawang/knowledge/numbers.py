"""Article numbers as the statutes write them (第九百零八条) and as integers."""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
ARTICLE_NUMBER = re.compile(r"第([零〇一二两三四五六七八九十百千\d]+)条(之[一二三四五六七八九十]+)?")


def chinese_to_int(text: str) -> int | None:
    """九百零八 → 908, 十二 → 12, 1024 → 1024; None when it is not a number."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit


def int_to_chinese(n: int) -> str:
    """908 → 九百零八, 12 → 十二, 110 → 一百一十 (as the statutes number their articles)."""
    if n <= 0:
        raise ValueError(n)
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out
