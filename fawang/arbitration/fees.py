"""The case acceptance fee (案件受理费) from a commission's fee table, in integer fen.

仲裁委员会仲裁收费办法（国务院，1995）附件 sets the national ranges: up to 1,000 yuan 40–100 yuan; each
further part of the disputed amount at a rate inside its band's range. A commission fixes its own
figures inside them (第四条第二款) and publishes them (仲裁法（2025）第二十条); we keep them as dated
versions (`FeeTable`). Labour arbitration is free (劳动争议调解仲裁法第五十三条)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from .models import FeeTable

BASIS = "仲裁委员会仲裁收费办法（1995年7月28日国务院发布）附件：仲裁案件受理费表"
MINIMUM_RANGE_FEN = (4_000, 10_000)  # 1000元以下的部分 40－100元


@dataclass(frozen=True)
class Band:
    upto_fen: int | None  # the band's upper bound of the disputed amount (None: no bound)
    low_bp: int  # the national range of its rate, in basis points
    high_bp: int


# After the first 1,000 yuan (the minimum), in order.
BANDS = (
    Band(5_000_000, 400, 500),  # 1001元至50000元的部分 按4%－5%
    Band(10_000_000, 300, 400),  # 50001元至100000元 3%－4%
    Band(20_000_000, 200, 300),  # 100001元至200000元 2%－3%
    Band(50_000_000, 100, 200),  # 200001元至500000元 1%－2%
    Band(100_000_000, 50, 100),  # 500001元至1000000元 0.5%－1%
    Band(None, 25, 50),  # 1000001元以上 0.25%－0.5%
)
FIRST_BAND_UPTO_FEN = 100_000
MAX_AMOUNT_FEN = 10**15  # a claim above ten trillion yuan is a typo


def fee_for(table: FeeTable, amount_fen: int) -> int:
    """The acceptance fee of a claim of `amount_fen` under `table`: the minimum, plus each band's part
    at the table's rate; rounded to the fen once, half up."""
    total_bp_fen = 0
    lower = FIRST_BAND_UPTO_FEN
    for band, rate in zip(BANDS, table.rates_bp, strict=True):
        upper = amount_fen if band.upto_fen is None else min(amount_fen, band.upto_fen)
        if upper > lower:
            total_bp_fen += (upper - lower) * int(rate)
        if band.upto_fen is None or amount_fen <= band.upto_fen:
            break
        lower = band.upto_fen
    return table.minimum_fen + (total_bp_fen + 5_000) // 10_000


def table_as_of(commission_id: int, day: dt.date) -> FeeTable | None:
    return (
        FeeTable.objects.filter(commission_id=commission_id, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )
