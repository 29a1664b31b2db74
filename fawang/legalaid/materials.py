"""The checklist of materials a legal aid application needs, per matter type and per status group
claimed (法律援助法第四十一条: the applicant states the household's economic situation truthfully;
第四十二条: a status group is proven with a document, which waives the hardship check; 第四十三条: the
centre names at once every material still missing). Shown on the public check and the order page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import NO_HARDSHIP_TEST, MatterType, StatusGroup


@dataclass(frozen=True)
class Material:
    code: str
    label: Promise
    basis: str


ID_CARD = Material(
    "id_card", _("Identity card or household register of the applicant"), "法律援助法第四十一条"
)
HARDSHIP = Material(
    "hardship_statement",
    _("Statement of the household's economic situation (a personal integrity pledge is accepted)"),
    "法律援助法第四十一条",
)
MATTER_PROOF = Material(
    "matter_proof",
    _("Papers about the matter: contract, pay slips, court papers or other evidence you have"),
    "法律援助法第四十三条",
)
CRIMINAL_NOTICE = Material(
    "criminal_notice",
    _("The notice of the court, procuratorate or public security organ"),
    "法律援助法第三十六条",
)

BY_MATTER_TYPE: dict[str, tuple[Material, ...]] = {
    MatterType.CRIMINAL: (ID_CARD, CRIMINAL_NOTICE),
    MatterType.CIVIL: (ID_CARD, MATTER_PROOF),
    MatterType.ADMINISTRATIVE: (
        ID_CARD,
        Material(
            "administrative_decision",
            _("The administrative decision you dispute"),
            "法律援助法第三十一条",
        ),
    ),
    MatterType.STATE_COMPENSATION: (
        ID_CARD,
        Material(
            "compensation_ground",
            _("The judgment or decision the compensation claim rests on"),
            "法律援助法第三十一条",
        ),
    ),
    MatterType.OTHER: (ID_CARD, MATTER_PROOF),
}

BY_STATUS_GROUP: dict[str, tuple[Material, ...]] = {
    StatusGroup.NO_INCOME_MINOR_ELDERLY_DISABLED: (
        Material(
            "disability_or_age_proof",
            _("Disability card, or proof of age, and proof of having no fixed income"),
            "法律援助法第四十二条第一项",
        ),
    ),
    StatusGroup.SOCIAL_ASSISTANCE: (
        Material(
            "assistance_certificate",
            _(
                "Minimum-living-allowance certificate, extreme-poverty support certificate, judicial "
                "assistance decision or special care certificate (military family)"
            ),
            "法律援助法第四十二条第二项",
        ),
    ),
    StatusGroup.MIGRANT_WORKER: (
        Material(
            "migrant_worker_proof",
            _("Proof of work as a migrant worker: labour contract, work card, pay records or witness"),
            "法律援助法第四十二条第三项",
        ),
    ),
}


def required_materials(
    *, matter_type: str = "", matter: str = "", status_groups: tuple[str, ...] | list[str] = ()
) -> list[Material]:
    """Every material the application needs, once each, in the order the centre checks them: the matter
    type's, the hardship statement (unless the matter needs no test, art. 32, or a status is claimed,
    art. 42), then each status group's proof."""
    out: list[Material] = list(BY_MATTER_TYPE.get(matter_type, (ID_CARD, MATTER_PROOF)))
    groups = [g for g in status_groups if g in BY_STATUS_GROUP]
    if matter not in NO_HARDSHIP_TEST and not groups and matter_type != MatterType.CRIMINAL:
        out.append(HARDSHIP)
    for group in groups:
        out.extend(BY_STATUS_GROUP[group])
    seen: set[str] = set()
    return [m for m in out if not (m.code in seen or seen.add(m.code))]  # type: ignore[func-returns-value]
