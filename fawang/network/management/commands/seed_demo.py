import time

from django.core.management.base import BaseCommand, CommandError

from fawang.catalog.services import catalog_load
from fawang.core.errors import ValidationFailed
from fawang.network.demo import demo_users_ensure
from fawang.network.services import network_generate_demo
from fawang.regions.services import regions_load


class Command(BaseCommand):
    help = (
        "Load Sichuan's regions, the service catalog, the demo service network and the demo accounts. "
        "Idempotent: a second run creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2020, help="seed of the demo network (default 2020)")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            regions = regions_load()
            catalog = catalog_load()
        except ValidationFailed as exc:
            raise CommandError("\n".join(str(e.message) for e in exc.errors)) from None
        network = network_generate_demo(seed=options["seed"])
        users = demo_users_ensure()
        out = self.stdout.write
        out(f"regions: {regions.created} created, {regions.updated} updated, {regions.unchanged} unchanged")
        out(
            f"catalog: {catalog.created} created, {catalog.updated} updated, {catalog.unchanged} unchanged, "
            f"{catalog.rules_created} routing rules created"
        )
        out(
            f"network (seed {options['seed']}): {network.service_points} service points, "
            f"{network.institutions} institutions, {network.practitioners} practitioners, "
            f"{network.offerings} offerings, {network.roster_shifts} roster shifts created"
        )
        out("network totals: " + ", ".join(f"{k} {v}" for k, v in network.totals.items()))
        out(f"demo accounts: {users['users_created']} created")
        out(self.style.SUCCESS(f"seed_demo done in {time.monotonic() - started:.1f} s"))
