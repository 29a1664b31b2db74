"""Certificate numbers in the official style (issue 12): （2026）川成蜀民证字第123号 — the year in
full-width brackets, the province's abbreviation (川), the office's (成蜀: the prefecture 成都 and the
office 蜀都), the word of the register (证字, 民证字, 经证字, 执字 for an enforcement certificate ...) and
the serial of the office's register of that year.

The serial has no gaps, also under concurrent issues: it is taken from the office's register row of
the year by one `UPDATE … SET last = last + 1` inside the issuing transaction, which locks the row until
commit (PostgreSQL) or takes the database's write lock (SQLite); a transaction that fails gives its
number back by rolling back. One register per office and year, all words sharing it (an office that
keeps a register per word adds the word to the key). The office's abbreviation is derived from its
region and name the first time and kept on the register row, where the back office may correct it;
the next year's register copies it."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from fawang.network.models import Institution

from .models import CertificateRegister

PROVINCE = "川"
# Sichuan's prefectures (the region code's first four digits) as offices' numbers abbreviate them.
PREFECTURES = {
    "5101": "成",
    "5103": "自",
    "5104": "攀",
    "5105": "泸",
    "5106": "德",
    "5107": "绵",
    "5108": "元",
    "5109": "遂",
    "5110": "内",
    "5111": "乐",
    "5113": "南",
    "5114": "眉",
    "5115": "宜",
    "5116": "广",
    "5117": "达",
    "5118": "雅",
    "5119": "巴",
    "5120": "资",
    "5132": "阿",
    "5133": "甘",
    "5134": "凉",
}
# The register's word per matter (民事 / 经济 matters); anything else 证字; the enforcement
# certificate 执字.
WORDS = {
    "birth": "民证字",
    "kinship": "民证字",
    "no_criminal_record": "民证字",
    "degree": "民证字",
    "driving_licence": "民证字",
    "marital_status": "民证字",
    "will": "民证字",
    "inheritance": "民证字",
    "declaration": "民证字",
    "power_of_attorney": "民证字",
    "contract": "经证字",
    "debt_instrument": "经证字",
}
DEFAULT_WORD = "证字"
ENFORCEMENT_WORD = "执字"
NUMBER = re.compile(
    r"^（(?P<year>\d{4})）(?P<office>[^\d（）]+?)(?P<word>民证字|经证字|执字|证字)第(?P<serial>[1-9]\d*)号$"
)


def office_abbreviation(office: Institution) -> str:
    """川 + the prefecture's character + the office's own: 四川省成都市蜀都公证处 → 川成蜀; a county's
    office (理塘县公证处) takes the county's first character."""
    prefecture = PREFECTURES.get(str(office.region_id or "")[:4], "")
    name = re.sub(r"^四川省", "", office.name or "").replace("公证处", "")
    own = re.split(r"[市州]", name)[-1]  # after the prefecture: 蜀都 / 理塘县 / 武侯区
    own = re.sub(r"(自治县|县|区)$", "", own) or own
    return f"{PROVINCE}{prefecture}{own[:1]}"


def word_for_matter(matter_code: str) -> str:
    return WORDS.get(matter_code, DEFAULT_WORD)


def _register(office: Institution, year: int) -> CertificateRegister:
    row = CertificateRegister.objects.filter(office=office, year=year).first()
    if row is not None:
        return row
    earlier = CertificateRegister.objects.filter(office=office, year__lt=year).order_by("-year").first()
    try:
        with transaction.atomic():  # a savepoint: a concurrent first issue of the year may win
            return CertificateRegister.objects.create(
                office=office,
                year=year,
                abbreviation=earlier.abbreviation if earlier else office_abbreviation(office),
                last=0,
            )
    except IntegrityError:
        return CertificateRegister.objects.get(office=office, year=year)


def next_certificate_number(office: Institution, word: str, when: dt.datetime) -> str:
    """The next number of `office`'s register of the year of `when`; call it inside the transaction
    that issues the certificate (its rollback gives the number back)."""
    year = timezone.localtime(when).year
    register = _register(office, year)
    CertificateRegister.objects.filter(pk=register.pk).update(last=F("last") + 1)
    register.refresh_from_db(fields=["last", "abbreviation"])
    return f"（{year}）{register.abbreviation}{word}第{register.last}号"
