"""`manage.py rollups_rebuild`: recompute the figures' rollups from the orders and ratings
(docs/adr/0016), for a deployment that adds them and after a bulk fix made outside the services. The
rollups are kept in step by every change; rebuilding a correct table changes nothing."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Recompute the order and rating tallies (the figures' rollups) from the orders and ratings."

    def handle(self, *args: Any, **options: Any) -> None:
        from fawang.orders.tallies import tallies_rebuild as orders_rebuild

        from ...tallies import tallies_rebuild as ratings_rebuild

        for name, rebuild in (("order tallies", orders_rebuild), ("rating tallies", ratings_rebuild)):
            t0 = time.perf_counter()
            rows = rebuild()
            self.stdout.write(f"{name}: {rows} rows in {time.perf_counter() - t0:.1f} s")
