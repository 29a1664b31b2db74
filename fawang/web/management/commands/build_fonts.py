"""Build the Tibetan and Yi web fonts the bo and ii pages load (ADR 0013): `make fonts`.

A phone in Litang or Xichang often has no font for Tibetan or Yi script, so we serve our own, from
Debian's fonts-noto-core (OFL 1.1): Noto Serif Tibetan (Debian has no Noto Sans Tibetan) and Noto Sans
Yi. A whole font is too heavy for a citizen page (the Tibetan block is 150 KB as WOFF2), so each is cut
in two with fontTools' subsetter:

* `<lang>.woff2`: every character our translations use (the catalog's msgstrs, every app's
  TRANSLATIONS.<lang>.tsv, and the content drafts shipped as data: the service items' and life events'
  texts in fawang/*/data/*.json) with all the stacks and forms the font builds from them (GSUB closure);
* `<lang>-rest.woff2`: the rest of the script's block, declared with a unicode-range of only those
  characters, so a browser fetches it only for a page whose content (an applicant's own words) uses
  one of them.

It writes both files, `<lang>.css` with their @font-face rules, `names.css` with two tiny fonts that
draw the switcher's "བོད་ཡིག" and "ꆈꌠꉙ" on every page, SOURCE.txt (package, version, checksums, the
characters) and OFL.txt. The output is committed, so `make run` needs neither the package nor fontTools;
run it again after the bo or ii translations change (test_fonts.py fails when a character is missing)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fawang.web.management.commands.merge_translations import (
    MERGED_LANGUAGES,
    _entry_strings,
    read_tsv_files,
)

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
DEBIAN_PACKAGE = "fonts-noto-core"
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")


@dataclass(frozen=True)
class ScriptFont:
    language: str
    family: str  # the CSS family our stylesheets name
    source: str  # file name in Debian's fonts-noto-core
    blocks: tuple[tuple[int, int], ...]  # the script's Unicode blocks (inclusive)
    always: str = ""  # characters kept even when no translation uses them yet
    line_height: str = "1.6"


FONTS = (
    ScriptFont(
        "bo",
        "Fawang Tibetan",
        "NotoSerifTibetan-Regular.ttf",
        ((0x0F00, 0x0FFF),),
        # tsheg, shad, the digits, and the dotted circle a lone vowel sign is drawn on
        always="་།༠༡༢༣༤༥༦༧༨༩\u25cc",
        # Tibetan stacks reach far above and below the line.
        line_height="1.9",
    ),
    ScriptFont("ii", "Fawang Yi", "NotoSansYi-Regular.ttf", ((0xA000, 0xA48F), (0xA490, 0xA4CF))),
)
FONT_DIR = Path("fawang") / "web" / "static" / "web" / "fonts"


def in_blocks(char: str, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(char) <= high for low, high in blocks)


def unicode_ranges(codepoints: list[int]) -> str:
    """CSS unicode-range for a sorted list of code points, runs collapsed (U+A000-A0FF)."""
    parts, start, previous = [], None, None
    for cp in [*codepoints, None]:
        if cp is not None and previous is not None and cp == previous + 1:
            previous = cp
            continue
        if start is not None:
            parts.append(f"U+{start:04X}" if start == previous else f"U+{start:04X}-{previous:04X}")
        start = previous = cp
    return ", ".join(parts)


def translated_text(base: Path, language: str) -> str:
    """Every translation of `language`: the catalog's msgstrs and the TSVs (not yet merged ones too)."""
    chunks = []
    catalog = base / "fawang" / "locale" / MERGED_LANGUAGES[language] / "LC_MESSAGES" / "django.po"
    if catalog.exists():
        for block in catalog.read_text(encoding="utf-8").split("\n\n"):
            values = _entry_strings(block.split("\n"))
            chunks += [v for k, v in values.items() if k.startswith("msgstr")]
    translations, _warnings = read_tsv_files(sorted((base / "fawang").glob(f"*/TRANSLATIONS.{language}.tsv")))
    chunks += translations.values()
    chunks += [name for code, name in settings.LANGUAGES if code == language]
    for data in sorted((base / "fawang").glob("*/data/*.json")):
        chunks += content_texts(json.loads(data.read_text(encoding="utf-8")), language)
    return "\n".join(chunks)


def content_texts(data: Any, language: str) -> list[str]:
    """The texts of `language` in a content data file: `text` of rows with that `language`
    (translations.json) and fields named `<field>_<language>` (life_events.json)."""
    found: list[str] = []
    if isinstance(data, list):
        for value in data:
            found += content_texts(value, language)
    elif isinstance(data, dict):
        if data.get("language") == language and isinstance(data.get("text"), str):
            found.append(data["text"])
        for key, value in data.items():
            if isinstance(value, str) and key.endswith(f"_{language}"):
                found.append(value)
            elif isinstance(value, list | dict):
                found += content_texts(value, language)
    return found


def debian_version() -> str:
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", DEBIAN_PACKAGE], capture_output=True, text=True
        )
    except FileNotFoundError:
        return "unknown"
    return result.stdout.strip() or "unknown"


def subset(source: Path, target: Path, *, text: str = "", unicodes: str = "") -> None:
    from fontTools import subset as ftsubset

    args = [
        str(source),
        f"--output-file={target}",
        "--flavor=woff2",
        "--layout-features=*",  # Tibetan stacks and Yi forms come from GSUB/GPOS: keep every feature
        "--no-hinting",
        "--desubroutinize",
        "--name-IDs=0,1,2,3,4,5,6",  # keep the copyright and licence names the OFL asks for
    ]
    if text:
        args.append(f"--text={text}")
    if unicodes:
        args.append(f"--unicodes={unicodes}")
    ftsubset.main(args)


class Command(BaseCommand):
    help = "Subset Noto Serif Tibetan and Noto Sans Yi to WOFF2 for the bo and ii pages (make fonts)."

    def add_arguments(self, parser):
        parser.add_argument("--source-dir", default=str(NOTO_DIR), help="where the Noto .ttf files are")

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        source_dir = Path(options["source_dir"])
        out = base / FONT_DIR
        out.mkdir(parents=True, exist_ok=True)
        version = debian_version()
        source_lines = [
            "The Tibetan and Yi web fonts: subsets made by `make fonts`",
            "(fawang/web/management/commands/build_fonts.py) with fontTools' pyftsubset, WOFF2 (brotli).",
            f"Source: Debian package {DEBIAN_PACKAGE} {version}, {source_dir}",
            "Licence: SIL Open Font License 1.1 (OFL.txt); Copyright Google Inc., Google LLC.",
            "",
        ]
        names_css = [
            "/* The switcher names Tibetan and Yi in their own script on every page: two tiny fonts with",
            "   only those glyphs (generated by `make fonts`; do not edit). */",
        ]
        for font in FONTS:
            source = source_dir / font.source
            if not source.exists():
                raise CommandError(
                    f"{source} not found: install Debian's {DEBIAN_PACKAGE} (tools/system-packages)."
                )
            text = translated_text(base, font.language) + font.always
            core = sorted({ord(c) for c in text if in_blocks(c, font.blocks)})
            from fontTools.ttLib import TTFont

            cmap = TTFont(source).getBestCmap()
            core = [cp for cp in core if cp in cmap]
            rest = [
                cp
                for low, high in font.blocks
                for cp in range(low, high + 1)
                if cp in cmap and cp not in set(core)
            ]
            core_text = "".join(chr(cp) for cp in core)
            subset(source, out / f"{font.language}.woff2", text=core_text)
            if rest:
                subset(source, out / f"{font.language}-rest.woff2", unicodes=unicode_ranges(rest))
            name = next(n for code, n in settings.LANGUAGES if code == font.language)
            subset(source, out / f"{font.language}-name.woff2", text=name)
            (out / f"{font.language}.css").write_text(self.stylesheet(font, core, rest), encoding="utf-8")
            names_css += [
                f'@font-face {{ font-family: "{font.family} Name"; src: url("{font.language}-name.woff2") '
                f'format("woff2"); font-display: swap; unicode-range: {unicode_ranges(sorted({ord(c) for c in name}))}; }}',
                f'.lang-switch [lang="{font.language}"] {{ font-family: "{font.family}", "{font.family} Name", var(--font); }}',
            ]
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            source_lines += [
                f"{font.language}: {font.source} (sha256 {digest})",
                f"  {font.language}.woff2: {len(core)} characters our translations use, with their stacks and forms",
                f"  {font.language}-rest.woff2: the other {len(rest)} characters of the block, fetched only when a page uses one",
                f"  {font.language}-name.woff2: the switcher's {name}",
                f"  characters: {core_text}",
                "",
            ]
            self.stdout.write(
                f"{font.language}: {len(core)} characters, "
                f"{(out / f'{font.language}.woff2').stat().st_size} bytes; rest {len(rest)} characters"
            )
        (out / "names.css").write_text("\n".join(names_css) + "\n", encoding="utf-8")
        (out / "SOURCE.txt").write_text("\n".join(source_lines), encoding="utf-8")
        if DEBIAN_COPYRIGHT.exists():
            (out / "OFL.txt").write_text(self.ofl_text(), encoding="utf-8")

    @staticmethod
    def stylesheet(font: ScriptFont, core: list[int], rest: list[int]) -> str:
        faces = [
            f"/* {font.family}: the {font.language} pages' font (generated by `make fonts`; do not edit). */",
            f'@font-face {{ font-family: "{font.family}"; src: url("{font.language}.woff2") format("woff2"); '
            f"font-display: swap; unicode-range: {unicode_ranges(core)}; }}",
        ]
        if rest:
            faces.append(
                f'@font-face {{ font-family: "{font.family}"; src: url("{font.language}-rest.woff2") '
                f'format("woff2"); font-display: swap; unicode-range: {unicode_ranges(rest)}; }}'
            )
        faces.append(
            f':root:lang({font.language}) {{ --font: "{font.family}", "Noto Sans CJK SC", "Noto Sans SC", '
            '"PingFang SC", "Microsoft YaHei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }'
        )
        faces.append(f":root:lang({font.language}) body {{ line-height: {font.line_height}; }}")
        return "\n".join(faces) + "\n"

    @staticmethod
    def ofl_text() -> str:
        """The OFL 1.1 as Debian's copyright file quotes it (indented, "." for a blank line)."""
        text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
        match = re.search(r"^License: OFL-1\.1\n((?: .*\n?)+)", text, re.MULTILINE)
        body = match.group(1) if match else ""
        lines = ["" if line.strip() == "." else line[1:] for line in body.splitlines()]
        header = "Noto fonts: Copyright 2010, 2012-2020 Google Inc., 2015-2020 Google LLC.\n\n"
        return header + "SIL OPEN FONT LICENSE Version 1.1\n\n" + "\n".join(lines) + "\n"
