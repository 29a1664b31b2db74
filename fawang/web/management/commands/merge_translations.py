"""Merge every app's TRANSLATIONS.zh.tsv into the zh_Hans gettext catalog.

Engineers write the Chinese for their own msgids next to their code (`msgid<TAB>translation`, one a
line; `\\n` and `\\t` escapes allowed; lines starting with # are comments). This command fills the
matching entries of fawang/locale/zh_Hans/LC_MESSAGES/django.po and clears their fuzzy flag. The TSV
wins over what is in the catalog, because the app's author knows what the string means; run
`makemessages` first so new msgids exist, then this, then `compilemessages`.

Only the msgstr lines of matched entries are rewritten; comments, references and the order of the
catalog are kept, so the diff shows exactly what changed."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

_STRING_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$')


def po_unescape(value: str) -> str:
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(escapes.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def po_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def tsv_unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\t", "\t")


def read_tsv_files(paths: list[Path]) -> tuple[dict[str, str], list[str]]:
    """All translations by msgid, and warnings for malformed lines and conflicting translations."""
    translations: dict[str, str] = {}
    sources: dict[str, Path] = {}
    warnings: list[str] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\t" not in line:
                warnings.append(f"{path}:{number}: no TAB between msgid and translation; skipped")
                continue
            msgid, translation = (tsv_unescape(part) for part in line.split("\t", 1))
            translation = translation.rstrip("\r")
            if not msgid or not translation.strip():
                warnings.append(f"{path}:{number}: empty msgid or translation; skipped")
                continue
            if msgid in translations and translations[msgid] != translation:
                warnings.append(
                    f"{path}:{number}: {msgid!r} is translated differently in {sources[msgid]}; kept that one"
                )
                continue
            translations[msgid] = translation
            sources[msgid] = path
    return translations, warnings


def _entry_strings(lines: list[str]) -> dict[str, str]:
    """The keyword strings of one catalog entry (continuation lines joined)."""
    values: dict[str, str] = {}
    current = None
    for line in lines:
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
    return values


def merge_catalog(text: str, translations: dict[str, str]) -> tuple[str, int, set[str]]:
    """Return the catalog with translations filled in, how many entries changed, and the msgids used."""
    blocks = re.split(r"\n{2,}", text.strip("\n"))
    changed, used = 0, set()
    out_blocks = []
    for block in blocks:
        lines = block.split("\n")
        values = _entry_strings(lines)
        msgid = values.get("msgid")
        if msgid == "":
            out_blocks.append(_clean_header(lines))
            continue
        if msgid is None or msgid not in translations:  # obsolete (#~) entries have no msgid here
            out_blocks.append(block)
            continue
        used.add(msgid)
        translation = translations[msgid]
        plural = "msgid_plural" in values
        new_lines = []
        for line in lines:
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
                if flags:
                    new_lines.append("#, " + ", ".join(flags))
                continue
            if line.startswith("#| "):  # previous msgid of a fuzzy match: no longer meaningful
                continue
            new_lines.append(line)
        # Drop the old msgstr lines (with continuations) and write ours.
        kept, in_msgstr = [], False
        for line in new_lines:
            if line.startswith("msgstr"):
                in_msgstr = True
                continue
            if in_msgstr and line.startswith('"'):
                continue
            in_msgstr = False
            kept.append(line)
        if plural:
            # Chinese has one plural form (nplurals=1).
            kept.append(f'msgstr[0] "{po_escape(translation)}"')
        else:
            kept.append(f'msgstr "{po_escape(translation)}"')
        new_block = "\n".join(kept)
        if new_block != block:
            changed += 1
        out_blocks.append(new_block)
    return "\n\n".join(out_blocks) + "\n", changed, used


def _clean_header(lines: list[str]) -> str:
    out = []
    for line in lines:
        if line.strip() == "#, fuzzy":
            continue
        if line.startswith('"Language: \\n"'):
            line = '"Language: zh_Hans\\n"'
        elif line.startswith('"Project-Id-Version:'):
            line = '"Project-Id-Version: fawang\\n"'
        out.append(line)
    return "\n".join(out)


class Command(BaseCommand):
    help = "Fill the zh_Hans catalog from every fawang/<app>/TRANSLATIONS.zh.tsv."

    def add_arguments(self, parser):
        parser.add_argument(
            "--catalog", help="the .po file (default: fawang/locale/zh_Hans/LC_MESSAGES/django.po)"
        )
        parser.add_argument("--check", action="store_true", help="report what would change; write nothing")

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        catalog = Path(
            options["catalog"] or base / "fawang" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
        )
        if not catalog.exists():
            raise CommandError(f"{catalog} does not exist: run `manage.py makemessages -l zh_Hans` first.")
        tsv_files = sorted((base / "fawang").glob("*/TRANSLATIONS.zh.tsv"))
        translations, warnings = read_tsv_files(tsv_files)
        for warning in warnings:
            self.stderr.write(warning)
        merged, changed, used = merge_catalog(catalog.read_text(encoding="utf-8"), translations)
        unused = sorted(set(translations) - used)
        if not options["check"]:
            catalog.write_text(merged, encoding="utf-8")
        self.stdout.write(
            f"{len(tsv_files)} TSV files, {len(translations)} translations, {changed} catalog entries "
            f"{'would change' if options['check'] else 'updated'}, {len(unused)} msgids not in the catalog"
        )
        for msgid in unused[:20]:
            self.stdout.write(f"  not in catalog (run makemessages?): {msgid!r}")
