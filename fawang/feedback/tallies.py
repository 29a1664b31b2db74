"""The ratings' rollup for the satisfaction figures (`RatingTally`, docs/adr/0016).

A rating that counts in the statistics counts in one row: its order's place (as scoping reads the
order), the day it was given (UTC) and its level. The database keeps the rows in step (migration
`0003_rating_tally`): a trigger on the ratings adds a rating, takes it out when an upheld appeal
clears `counts_in_statistics`, and a trigger on the orders moves a rated order's ratings when the
order moves to another place (a transfer after a reopening), each inside the statement of the
change. `tallies_rebuild` recomputes the table from the ratings (`manage.py rollups_rebuild`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F
from django.db.models.functions import Coalesce, TruncDate

from fawang.core.tallies import tally_rebuild

from .models import Evaluation, RatingTally

KEYS = (
    "day",
    "level",
    "region_path",
    "handler_region_path",
    "assigned_institution_id",
    "assigned_practitioner_id",
)
COUNTERS = ("ratings",)


def tallies_rebuild() -> int:
    """Recompute every RatingTally row from the ratings. Returns the number of rows."""
    query = (
        Evaluation.objects.filter(counts_in_statistics=True)
        .order_by()
        .values(
            day_=TruncDate("created_at", tzinfo=dt.UTC),
            level_=F("level"),
            region_path_=F("order__region_path"),
            handler_region_path_=F("order__handler_region_path"),
            institution_=Coalesce("order__assigned_institution_id", 0),
            practitioner_=Coalesce("order__assigned_practitioner_id", 0),
        )
        .annotate(ratings_=Count("pk"))
    )
    return tally_rebuild(RatingTally, columns=[*KEYS, *COUNTERS], queries=[query])
