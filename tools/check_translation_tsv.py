#!/usr/bin/env python3
"""Check a language's TRANSLATIONS.<lang>.tsv files against the zh_Hans catalog and the zh TSVs.

Lists: catalog keys (with msgstr) missing from every app's <lang> TSV; keys whose <lang> TSV differs from the
zh TSV of the same app; placeholder / HTML tag mismatches; translations without the script or with leftover
Chinese or English words. Usage: python tools/check_translation_tsv.py . ii  (exit 1 when any list is not empty)."""

import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1])
LANG = sys.argv[2] if len(sys.argv) > 2 else "ii"
SCRIPT = {"ii": r"[\ua000-\ua48f]", "bo": r"[\u0f00-\u0fff]"}[LANG]
PH = re.compile(r"%\([^)]+\)[sdr]|%[sd]|%%")
TAG = re.compile(r"<[^>]+>")
CJK = re.compile(r"[\u4e00-\u9fff]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
ALLOWED_LATIN = {
    "PDF",
    "JPEG",
    "PNG",
    "JSON",
    "API",
    "IP",
    "SHA",
    "YYYY-MM-DD",
    "GB",
    "MB",
    "Idempotency-Key",
    "true",
    "false",
    "SHA-256",
    "NUL",
    "Content-Type",
    "application",
    "json",
    "Bearer",
    "token",
    "X",
    "SMS",
}
ALLOWED_CJK = {"国庆节", "国庆节调休上班"}  # holiday names typed as data, quoted from the English msgid


def read_tsv(path):
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ctx = None
        if line.startswith("ctx:"):
            ctx, line = line[4:].split("\t", 1)
        msgid, tr = line.split("\t", 1)
        out[(ctx, msgid.replace("\\n", "\n"))] = tr.replace("\\n", "\n")
    return out


def po_entries(path):
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n{2,}", text.strip()):
        vals, cur = {}, None
        for line in block.split("\n"):
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$', line)
            if not m:
                continue
            if m.group(1):
                cur = m.group(1)
                vals[cur] = ""
            vals[cur] += m.group(2).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if vals.get("msgid"):
            has = any(v.strip() for k, v in vals.items() if k.startswith("msgstr"))
            yield (vals.get("msgctxt"), vals["msgid"]), has


problems = 0


def report(title, items):
    global problems
    items = sorted(items, key=str)
    print(f"{title}: {len(items)}")
    for it in items:
        print("   ", it)
    problems += len(items)


union, app_mismatch = {}, []
ZH_ALL = {k for z in ROOT.glob("fawang/*/TRANSLATIONS.zh.tsv") for k in read_tsv(z)}
for zh_path in sorted(ROOT.glob("fawang/*/TRANSLATIONS.zh.tsv")):
    p = zh_path.with_name(f"TRANSLATIONS.{LANG}.tsv")
    zh = read_tsv(zh_path)
    tr = read_tsv(p) if p.exists() else {}
    for k in set(zh) ^ set(tr):
        if k in tr and k not in ZH_ALL:
            continue  # catalog-only key (no zh TSV line anywhere), checked by coverage
        app_mismatch.append((zh_path.parent.name, "missing" if k in zh else "extra", k))
    for k, v in tr.items():
        if k in union and union[k] != v:
            app_mismatch.append((zh_path.parent.name, "translated differently in another app", k))
    union.update(tr)
po = ROOT / "fawang/locale/zh_Hans/LC_MESSAGES/django.po"
missing = [k for k, has in po_entries(po) if has and k not in union]
report("catalog keys missing from every TSV", missing)
report("keys differing from the app's zh TSV", app_mismatch)
ph, script, left = [], [], []
for (ctx, msgid), tr in union.items():
    if sorted(PH.findall(msgid)) != sorted(PH.findall(tr)) or sorted(TAG.findall(msgid)) != sorted(
        TAG.findall(tr)
    ):
        ph.append(((ctx, msgid), tr))
    stripped = TAG.sub("", PH.sub("", tr))
    if re.search(r"[A-Za-z]", TAG.sub("", PH.sub("", msgid))) and not re.search(SCRIPT, stripped):
        script.append(((ctx, msgid), tr))
    bad = [w for w in CJK.findall(stripped) if w not in ALLOWED_CJK]
    bad += [w for w in LATIN.findall(stripped) if w not in ALLOWED_LATIN]
    if bad:
        left.append(((ctx, msgid), bad))
report("placeholder or tag mismatches", ph)
report("translations without the script", script)
report("leftover Chinese or English words", left)
print("keys", len(union))
sys.exit(1 if problems else 0)
