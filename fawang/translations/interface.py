"""The interface catalog's side of the translation report: which of our gettext strings a Tibetan or
Yi reader still gets in Chinese.

Content (service items, clocks, life events, notices, timeline labels) is reported from the
ContentTranslation table; the words around it (buttons, routing reasons, the back office) live in
fawang/locale/<lang>/LC_MESSAGES/django.po, which the catalog completeness test keeps complete. Complete
is not translated: where no Tibetan or Yi wording has been written, a TSV may keep the Chinese (as the
Yi back office did until its drafts were written) and the page should say so. This lists those
entries, grouped the way staff think of them, so the report names everything a reviewer still owes.
Every bo and ii entry of the catalog is a machine draft (the TSV headers say so) until reviewed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

HAN = re.compile(r"[\u3400-\u9fff]")

# (group, label, source files whose strings belong to it); the first that matches an entry wins.
GROUPS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("routing_reasons", _("Routing reasons"), ("fawang/orders/reasons.py",)),
    (
        "back_office",
        _("Back office (Django admin)"),
        (
            "fawang/ui/admin_strings.py",
            "fawang/ui/admin_templates/",
            "fawang/translations/admin.py",
            "fawang/translations/interface.py",
            "fawang/translations/templates/admin/",
        ),
    ),
    ("interface", _("Other interface text"), ("",)),
)


@dataclass
class InterfaceRow:
    language: str
    group: str
    label: Any
    total: int = 0
    chinese: list[str] = field(default_factory=list)  # msgids shown in Chinese for want of a translation


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text.strip()[1:-1])


def po_entries(path: Path) -> dict[str, tuple[str, list[str]]]:
    """msgid (with msgctxt\\x04 before it) → (first msgstr, source references) of a .po file's live entries."""
    entries: dict[str, tuple[str, list[str]]] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        refs: list[str] = []
        values: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith("#:"):
                refs += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                values[current] += _unquote(line)
            else:
                key, _sep, rest = line.partition(" ")
                current = "msgstr" if key in ("msgstr", "msgstr[0]") else key
                if key.startswith("msgstr[") and key != "msgstr[0]":
                    current = ""  # one form: nplurals=1
                    continue
                values[current] = _unquote(rest)
        if values.get("msgid"):
            key = values["msgid"] if "msgctxt" not in values else f"{values['msgctxt']}\x04{values['msgid']}"
            entries[key] = (values.get("msgstr", ""), refs)
    return entries


def _group(refs: list[str]) -> int:
    for n, (_g, _label, prefixes) in enumerate(GROUPS):
        if any(ref.startswith(prefix) for ref in refs for prefix in prefixes):
            return n
    return len(GROUPS) - 1


def interface_report(languages: tuple[str, ...] = ("bo", "ii")) -> list[InterfaceRow]:
    locale = Path(settings.LOCALE_PATHS[0])
    chinese = po_entries(locale / "zh_Hans" / "LC_MESSAGES" / "django.po")
    rows = []
    for lang in languages:
        grouped = [InterfaceRow(language=lang, group=g, label=label) for g, label, _p in GROUPS]
        for msgid, (text, refs) in po_entries(locale / lang / "LC_MESSAGES" / "django.po").items():
            row = grouped[_group(refs)]
            row.total += 1
            zh = chinese.get(msgid, ("", []))[0]
            if not text or (HAN.search(text) and text == zh):
                row.chinese.append(msgid.split("\x04")[-1])
        rows += grouped
    return rows
