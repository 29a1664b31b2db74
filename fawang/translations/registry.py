"""What content can be translated: one entry per kind, declared by the app that owns it.

The registry answers two questions the table alone cannot: which fields of a kind are translatable
(the back office refuses others) and what exists to be translated (the report lists what is missing,
not only what was written). Each owning app registers its kinds from AppConfig.ready(); this app
imports none of them. A new kind (life events, a module's stages) is one `register_content` call and
rows in a data file loaded with `translations_load` (see docs/adr/0014-content-translations.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# (object_key, field, Chinese text) for every translatable field that exists now
Sources = Callable[[], Iterable[tuple[str, str, str]]]


@dataclass(frozen=True)
class TranslatableContent:
    """A kind of content: `content` its name ("catalog.serviceitem"), `label` what staff call it,
    `fields` its translatable fields, `sources()` what exists now. `keeps_placeholders`: the text is a
    template with %(name)s placeholders, which every translation must keep (notices)."""

    content: str
    label: Any
    fields: tuple[str, ...]
    sources: Sources
    keeps_placeholders: bool = False


_contents: dict[str, TranslatableContent] = {}


def register_content(entry: TranslatableContent) -> TranslatableContent:
    _contents[entry.content] = entry
    return entry


def content_get(content: str) -> TranslatableContent | None:
    return _contents.get(content)


def contents() -> list[TranslatableContent]:
    return sorted(_contents.values(), key=lambda c: c.content)
