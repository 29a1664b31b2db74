"""Merge every app's TRANSLATIONS.<lang>.tsv into the gettext catalog of that language: zh (Simplified
Chinese, fawang/locale/zh_Hans), bo (Tibetan) and ii (Yi), ADR 0013.

Engineers write the Chinese for their own msgids next to their code, translators the Tibetan and Yi (`msgid<TAB>translation`, one a
line; `\\n` and `\\t` escapes allowed; lines starting with # are comments). A msgid used with a
context (pgettext) is written `ctx:<context><TAB>msgid<TAB>translation` and fills only the entry with
that msgctxt; a plain line never fills a contexted entry, so "Open" the supervision status and "Open"
a button keep their own Chinese. This command fills the matching entries of
fawang/locale/<locale>/LC_MESSAGES/django.po (and djangojs.po, the JavaScript catalog, where one exists)
and clears their fuzzy flag. All three languages have one
plural form (nplurals=1): a plural msgid's line gives its msgstr[0]. The TSV
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


# TSV suffix -> locale directory. Every one has a single plural form (no grammatical number on nouns).
MERGED_LANGUAGES = {"zh": "zh_Hans", "bo": "bo", "ii": "ii"}
PLURAL_FORMS = "nplurals=1; plural=0;"

CONTEXT_SEPARATOR = "\x04"  # gettext's own key for a (msgctxt, msgid) pair


def catalog_key(msgid: str, msgctxt: str | None = None) -> str:
    """The key of a translation: the msgid, or `msgctxt\\x04msgid` for a pgettext entry."""
    return f"{msgctxt}{CONTEXT_SEPARATOR}{msgid}" if msgctxt is not None else msgid


def describe_key(key: str) -> str:
    context, sep, msgid = key.partition(CONTEXT_SEPARATOR)
    return f"{msgid!r} (context {context!r})" if sep else repr(key)


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
            context = None
            if line.startswith("ctx:"):
                parts = line[4:].split("\t", 2)
                if len(parts) != 3:
                    warnings.append(
                        f"{path}:{number}: a ctx: line needs context<TAB>msgid<TAB>translation; skipped"
                    )
                    continue
                context = tsv_unescape(parts[0])
                line = "\t".join(parts[1:])
            msgid, translation = (tsv_unescape(part) for part in line.split("\t", 1))
            translation = translation.rstrip("\r")
            if not msgid or not translation.strip():
                warnings.append(f"{path}:{number}: empty msgid or translation; skipped")
                continue
            key = catalog_key(msgid, context)
            if key in translations and translations[key] != translation:
                warnings.append(
                    f"{path}:{number}: {describe_key(key)} is translated differently in {sources[key]}; "
                    "kept that one (give each meaning its own pgettext context)"
                )
                continue
            translations[key] = translation
            sources[key] = path
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


def merge_catalog(
    text: str, translations: dict[str, str], locale: str = "zh_Hans"
) -> tuple[str, int, set[str]]:
    """Return the catalog with translations filled in, how many entries changed, and the msgids used."""
    blocks = re.split(r"\n{2,}", text.strip("\n"))
    changed, used = 0, set()
    out_blocks = []
    for block in blocks:
        lines = block.split("\n")
        values = _entry_strings(lines)
        msgid = values.get("msgid")
        if msgid == "":
            out_blocks.append(_clean_header(lines, locale))
            continue
        key = catalog_key(msgid, values.get("msgctxt")) if msgid is not None else None
        if key is None or key not in translations:  # obsolete (#~) entries have no msgid here
            out_blocks.append(_one_plural_form(lines) if "msgid_plural" in values else block)
            continue
        used.add(key)
        translation = translations[key]
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
            # One plural form (nplurals=1) in each merged language.
            kept.append(f'msgstr[0] "{po_escape(translation)}"')
        else:
            kept.append(f'msgstr "{po_escape(translation)}"')
        new_block = "\n".join(kept)
        if new_block != block:
            changed += 1
        out_blocks.append(new_block)
    return "\n\n".join(out_blocks) + "\n", changed, used


def incomplete_entries(text: str) -> list[tuple[str, str]]:
    """Entries of a catalog that gettext would not use: (key, "untranslated" or "fuzzy"), in file order.

    Obsolete (#~) entries and the header are skipped; a plural entry needs every msgstr[n] filled."""
    found = []
    for block in re.split(r"\n{2,}", text.strip("\n")):
        lines = block.split("\n")
        values = _entry_strings(lines)
        msgid = values.get("msgid")
        if not msgid:  # the header, or an obsolete entry (its lines all start with #~)
            continue
        key = catalog_key(msgid, values.get("msgctxt"))
        msgstrs = [value for keyword, value in values.items() if keyword.startswith("msgstr")]
        if not msgstrs or not all(value.strip() for value in msgstrs):
            found.append((key, "untranslated"))
        elif any(line.startswith("#,") and "fuzzy" in line for line in lines):
            found.append((key, "fuzzy"))
    return found


def _one_plural_form(lines: list[str]) -> str:
    """An untranslated plural entry as makemessages writes it for a new language (msgstr[0] and
    msgstr[1]), reduced to the single form the header declares, so msgfmt does not reject it."""
    if any(
        line.startswith("msgstr[") and line.strip() not in (f'msgstr[{n}] ""' for n in range(9))
        for line in lines
    ):
        return "\n".join(lines)  # translated: leave it to the translator's TSV line
    out = [line for line in lines if not line.startswith("msgstr[")]
    return "\n".join([*out, 'msgstr[0] ""'])


def _clean_header(lines: list[str], locale: str = "zh_Hans") -> str:
    out = []
    has_plural_forms = False
    for line in lines:
        if line.strip() == "#, fuzzy":
            continue
        if line.startswith('"Language:'):
            line = f'"Language: {locale}\\n"'
        elif line.startswith('"Project-Id-Version:'):
            line = '"Project-Id-Version: fawang\\n"'
        elif line.startswith('"Plural-Forms:'):
            line = f'"Plural-Forms: {PLURAL_FORMS}\\n"'
            has_plural_forms = True
        out.append(line)
    if not has_plural_forms:  # a catalog makemessages just created for a language gettext does not know
        out.append(f'"Plural-Forms: {PLURAL_FORMS}\\n"')
    return "\n".join(out)


class Command(BaseCommand):
    help = "Fill the zh_Hans, bo and ii catalogs from every fawang/<app>/TRANSLATIONS.<lang>.tsv."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            choices=sorted(MERGED_LANGUAGES),
            help="only this TSV language (zh, bo, ii); repeatable; default: all",
        )
        parser.add_argument(
            "--catalog", help="the .po file, with one --language (default: fawang/locale/<locale>/...)"
        )
        parser.add_argument("--check", action="store_true", help="report what would change; write nothing")

    def handle(self, *args, **options):
        languages = options["language"] or list(MERGED_LANGUAGES)
        if options["catalog"] and len(languages) != 1:
            raise CommandError("--catalog needs exactly one --language.")
        for language in languages:
            self.merge(language, options["catalog"], check=options["check"])

    def merge(self, language: str, catalog_option: str | None, *, check: bool) -> None:
        base = Path(settings.BASE_DIR)
        locale = MERGED_LANGUAGES[language]
        messages = base / "fawang" / "locale" / locale / "LC_MESSAGES"
        catalog = Path(catalog_option or messages / "django.po")
        if not catalog.exists():
            raise CommandError(f"{catalog} does not exist: run `manage.py makemessages -l {locale}` first.")
        catalogs = [catalog]
        # The JavaScript catalog (the Django admin's calendar, "Show"/"Hide" ...: fawang/ui/admin_strings.js),
        # where `makemessages -d djangojs` made one for this language: filled from the same TSV files.
        if not catalog_option and (messages / "djangojs.po").exists():
            catalogs.append(messages / "djangojs.po")
        tsv_files = sorted((base / "fawang").glob(f"*/TRANSLATIONS.{language}.tsv"))
        translations, warnings = read_tsv_files(tsv_files)
        for warning in warnings:
            self.stderr.write(warning)
        used: set[str] = set()
        merged_texts = []
        changed = 0
        for path in catalogs:
            merged, changed_here, used_here = merge_catalog(
                path.read_text(encoding="utf-8"), translations, locale
            )
            changed += changed_here
            used |= used_here
            merged_texts.append((path, merged))
            if not check:
                path.write_text(merged, encoding="utf-8")
        unused = sorted(set(translations) - used)
        self.stdout.write(
            f"{locale}: {len(tsv_files)} TSV files, {len(translations)} translations, {changed} catalog "
            f"entries {'would change' if check else 'updated'}, {len(unused)} msgids not in the catalog"
        )
        for key in unused[:20]:
            self.stdout.write(f"  not in catalog (run makemessages?): {describe_key(key)}")
        for path, merged in merged_texts:
            incomplete = incomplete_entries(merged)
            if incomplete:
                self.stdout.write(
                    f"{len(incomplete)} {locale} entries of {path.name} still need a translation "
                    f"(add them to the app's TRANSLATIONS.{language}.tsv):"
                )
                for key, state in incomplete[:50]:
                    self.stdout.write(f"  {state}: {describe_key(key)}")
                if len(incomplete) > 50:
                    self.stdout.write(f"  ... and {len(incomplete) - 50} more")
