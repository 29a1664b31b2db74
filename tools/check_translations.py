#!/usr/bin/env python3
"""Check the TRANSLATIONS.<lang>.tsv files of every app against the Chinese ones.

Usage: tools/check_translations.py bo   (run from the repository root)

Lists, and exits non-zero when any list is not empty:
- keys of the zh_Hans catalog that have a Chinese msgstr but no <lang> translation in any app's TSV;
- keys of an app's TRANSLATIONS.zh.tsv missing from the same app's TRANSLATIONS.<lang>.tsv, and
  keys in the <lang> TSV that neither the zh TSV of that app nor the zh_Hans catalog has (a key
  translated straight in the catalog, with no zh TSV line, belongs in the <lang> TSV of its app);
- translations whose placeholders (%(name)s, %s, %d, {{ }}, {% %}, HTML tags, \\n) differ from the msgid;
- a key translated differently in two apps (merge_translations would keep only the first);
- malformed lines and empty translations.
Standard library only, so it runs without the venv."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEP = "\x04"
_STRING_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$')
_PLACEHOLDER = re.compile(
    r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdrfi]|%[sdrfi]|\{\{.*?\}\}|\{%.*?%\}|</?[a-zA-Z][^>]*>|\n"
)


def po_unescape(value: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), value)


def catalog_keys(po: Path) -> list[str]:
    keys = []
    for block in re.split(r"\n{2,}", po.read_text(encoding="utf-8").strip("\n")):
        values: dict[str, str] = {}
        current = None
        for line in block.split("\n"):
            if line.startswith("#"):
                continue
            match = _STRING_LINE.match(line)
            if not match:
                continue
            keyword, text = match.groups()
            if keyword:
                current = keyword
                values[current] = ""
            if current:
                values[current] += po_unescape(text)
        msgid = values.get("msgid")
        if not msgid:
            continue
        if not any(v.strip() for k, v in values.items() if k.startswith("msgstr")):
            continue
        ctx = values.get("msgctxt")
        keys.append(f"{ctx}{SEP}{msgid}" if ctx is not None else msgid)
    return keys


def read_tsv(path: Path, problems: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ctx = None
        if line.startswith("ctx:"):
            parts = line[4:].split("\t", 2)
            if len(parts) != 3:
                problems.append(f"{path}:{number}: malformed ctx: line")
                continue
            ctx, line = parts[0], "\t".join(parts[1:])
        if "\t" not in line:
            problems.append(f"{path}:{number}: no TAB")
            continue
        msgid, text = (p.replace("\\n", "\n").replace("\\t", "\t") for p in line.split("\t", 1))
        if "\t" in text:
            problems.append(f"{path}:{number}: more TABs than expected")
        if not text.strip():
            problems.append(f"{path}:{number}: empty translation")
        key = f"{ctx}{SEP}{msgid}" if ctx is not None else msgid
        if key in out and out[key] != text:
            problems.append(f"{path}:{number}: {show(key)} appears twice with different text")
        out[key] = text
    return out


def show(key: str) -> str:
    ctx, sep, msgid = key.partition(SEP)
    return f"[{ctx}] {msgid!r}" if sep else repr(key)


def main(lang: str) -> int:
    problems: list[str] = []
    po = ROOT / "fawang" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    in_catalog = catalog_keys(po)
    apps = sorted(p.parent for p in (ROOT / "fawang").glob("*/TRANSLATIONS.zh.tsv"))
    merged: dict[str, str] = {}
    source: dict[str, Path] = {}
    missing_in_app: list[str] = []
    placeholder: list[str] = []
    conflicts: list[str] = []
    for app in apps:
        zh = read_tsv(app / "TRANSLATIONS.zh.tsv", [])
        path = app / f"TRANSLATIONS.{lang}.tsv"
        if not path.exists():
            missing_in_app.append(f"{app.name}: no {path.name}")
            continue
        tr = read_tsv(path, problems)
        for key in zh:
            if key not in tr:
                missing_in_app.append(f"{app.name}: missing {show(key)}")
        for key in tr:
            if key not in zh and key not in in_catalog:
                missing_in_app.append(f"{app.name}: extra {show(key)} (not in TRANSLATIONS.zh.tsv)")
        for key, text in tr.items():
            msgid = key.partition(SEP)[2] if SEP in key else key
            if Counter(_PLACEHOLDER.findall(msgid)) != Counter(_PLACEHOLDER.findall(text)):
                placeholder.append(f"{app.name}: {show(key)} -> {text!r}")
            if key in merged and merged[key] != text:
                conflicts.append(f"{show(key)}: {source[key].name} {merged[key]!r} vs {app.name} {text!r}")
            merged.setdefault(key, text)
            source.setdefault(key, app)
    missing = [show(k) for k in in_catalog if k not in merged]
    sections = [
        ("catalog keys with no translation", missing),
        ("per-app key mismatches", missing_in_app),
        ("placeholder mismatches", placeholder),
        ("conflicting translations across apps", conflicts),
        ("malformed lines", problems),
    ]
    bad = False
    for title, items in sections:
        print(f"{title}: {len(items)}")
        for item in items:
            print(f"  {item}")
        bad = bad or bool(items)
    print(f"{len(merged)} distinct {lang} translations in {len(apps)} apps")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "bo"))
