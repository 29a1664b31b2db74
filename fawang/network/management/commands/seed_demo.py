import time

from django.core.management.base import BaseCommand, CommandError

from fawang.catalog.services import catalog_load
from fawang.core.errors import ValidationFailed
from fawang.network.demo import demo_users_ensure, network_generate_demo
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
        orders = _demo_orders()
        from fawang.legalaid.demo import legal_aid_demo_ensure

        legal_aid = legal_aid_demo_ensure()
        from fawang.consult.demo import consult_demo_ensure

        consult = consult_demo_ensure()
        from fawang.notary.demo import notary_demo_ensure

        notary = notary_demo_ensure()
        from fawang.mediation.demo import mediation_demo_ensure

        mediation = mediation_demo_ensure()
        from fawang.arbitration.demo import arbitration_demo_ensure

        arbitration = arbitration_demo_ensure()
        from fawang.appraisal.demo import appraisal_demo_ensure

        appraisal = appraisal_demo_ensure()
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
        if orders.already_present:
            out("demo service orders: already present, none created")
        else:
            statuses = ", ".join(f"{k} {v}" for k, v in sorted(orders.statuses.items()))
            out(
                f"demo service orders: {orders.created} created ({statuses}); "
                f"{orders.supervisions} supervision orders, {orders.reviews} reviews of bad ratings"
            )
        out(
            f"legal aid: {legal_aid['hardship_standards']} DEMO hardship standards, "
            f"{legal_aid['subsidy_standards']} DEMO subsidy standards, {legal_aid['panel']} on the panel, {legal_aid['stations']} duty-lawyer station, "
            f"{legal_aid['shifts']} duty shifts created"
        )
        out("consultation: " + ", ".join(f"{k} {v}" for k, v in consult.items()) + " created")
        out(
            f"notary: {notary['matters']} matters, {notary['slots']} appointment times, "
            f"{notary['users']} office login created"
        )
        out("people's mediation: " + ", ".join(f"{k} {v}" for k, v in mediation.items()) + " created")
        out("arbitration: " + ", ".join(f"{k} {v}" for k, v in arbitration.items()) + " created")
        out("judicial appraisal: " + ", ".join(f"{k} {v}" for k, v in appraisal.items()) + " created")
        out(self.style.SUCCESS(f"seed_demo done in {time.monotonic() - started:.1f} s"))


def _demo_orders():
    """The demo service orders (fawang.orders.demo), with the per-task and per-sweep log lines
    silenced: a few hundred notices and forty daily sweeps run in-process while they are made."""
    import logging

    from fawang.orders.demo import demo_orders_ensure

    names = (
        "django_tasks",
        "django_tasks.backends.immediate",
        "fawang.orders.sweep",
        "fawang.feedback.sweep",
    )
    quiet = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    try:
        return demo_orders_ensure()
    finally:
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
