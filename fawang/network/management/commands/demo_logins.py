from django.core.management.base import BaseCommand

from fawang.accounts.enums import Role
from fawang.accounts.models import User
from fawang.network.demo import DEMO_CITIZEN, DEMO_LOGINS, DEMO_PASSWORD

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Print the demo logins (run seed_demo first)."

    def handle(self, *args, **options):
        names = dict(
            User.objects.filter(username__in=[d.username for d in (*DEMO_LOGINS, DEMO_CITIZEN)]).values_list(
                "username", "display_name"
            )
        )
        from fawang.regions.models import Region

        regions = dict(
            Region.objects.filter(code__in=[d.region_code for d in DEMO_LOGINS if d.region_code]).values_list(
                "code", "name"
            )
        )
        rows = [("username", "name", "roles", "jurisdiction", "note")]
        for d in DEMO_LOGINS:
            roles = ", ".join(str(Role(r).label) for r in d.roles)
            where = f"{d.region_code} {regions.get(d.region_code, '')}" if d.region_code else "own law firm"
            notes = [d.note] if d.note else []
            if d.superuser:
                notes.append("superuser")
            if d.admin_site:
                notes.append("/admin/")
            rows.append(
                (
                    d.username,
                    names.get(d.username, "(missing: run seed_demo)"),
                    roles,
                    where,
                    "; ".join(notes),
                )
            )
        rows.append(
            (
                DEMO_CITIZEN.username,
                names.get(DEMO_CITIZEN.username, "(missing)"),
                "citizen",
                "-",
                DEMO_CITIZEN.note,
            )
        )
        widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
        self.stdout.write(f"\nFawang demo: {URL}  (password for every account: {DEMO_PASSWORD})\n")
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        from fawang.orders.demo import REPEAT_CALLER_PHONE, demo_tracking_hint

        hint = demo_tracking_hint()
        if hint is not None:
            self.stdout.write(f"\ntry tracking: {hint[0]} with phone {hint[1]}  ({URL}track/)")
            self.stdout.write(
                f"try the hotline console's caller lookup with {REPEAT_CALLER_PHONE}  ({URL}work/hotline/)"
            )
        self.stdout.write("")


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))
