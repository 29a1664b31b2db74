"""`make bench`: intake, routing and the deadline sweep, each against a baseline measured in the same
run. Uses PostgreSQL when DATABASE_URL is set (a database `fawang_bench` next to it, created and
dropped here), otherwise a temporary SQLite file. Prints figures as it goes and a table at the end;
targets are reported as PASS/MISS and never fail the build."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--orders", type=int, default=2000, help="orders through order_submit (2,000)")
    parser.add_argument("--procs", type=int, default=4, help="concurrent intake client processes (4)")
    parser.add_argument("--decisions", type=int, default=20000, help="routing decisions timed (20,000)")
    parser.add_argument("--baseline-decisions", type=int, default=500, help="naive ORM decisions (500)")
    parser.add_argument(
        "--sweep-orders",
        type=int,
        default=None,
        help="open orders for the sweep (1,000,000; 100,000 on SQLite)",
    )
    parser.add_argument(
        "--sweep-every", type=float, default=5.0, help="minutes between sweep runs in steady state (5)"
    )
    parser.add_argument(
        "--due-window", type=float, default=14.0, help="days over which open orders' due dates spread (14)"
    )
    parser.add_argument("--backlog", type=int, default=10_000, help="orders made due at once (10,000)")
    parser.add_argument("--only", default="intake,routing,sweep", help="comma-separated subset")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    return parser.parse_args(argv)


def _prepare() -> object:
    """Migrate, load the regions, the catalog and the demo network; return a hotline agent."""
    from django.core.management import call_command

    from fawang.accounts.enums import Role, UserKind
    from fawang.accounts.models import User, UserRole
    from fawang.catalog.services import catalog_load
    from fawang.network.demo import network_generate_demo
    from fawang.regions.services import regions_load

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    regions_load()
    catalog_load()
    demo = network_generate_demo(seed=2020)
    agent = User.objects.create(
        username="bench_hotline",
        kind=UserKind.STAFF,
        display_name="基准测试坐席",
        jurisdiction_region_id="510000",
    )
    UserRole.objects.create(user=agent, role=Role.HOTLINE_AGENT)
    print(f"setup: migrated and loaded regions, catalog and demo network in {time.perf_counter() - t0:.1f} s")
    print(f"setup: network {demo.totals}")
    return agent


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    sys.path.insert(0, os.getcwd())
    from bench.db import create_bench_database

    db = create_bench_database()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench.report import Report

    report = Report()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    sqlite = db.vendor == "sqlite"
    sweep_n = args.sweep_orders or (100_000 if sqlite else 1_000_000)
    print(f"Fawang benchmarks on {db.label}; Python {platform.python_version()}, {os.cpu_count()} CPUs")
    if sqlite:
        print(
            "note: SQLite (DATABASE_URL unset); the targets are for PostgreSQL, and the sweep uses "
            f"{sweep_n:,} open orders instead of 1,000,000"
        )
        report.notes.append(f"SQLite: sweep over {sweep_n:,} open orders, not 1,000,000")
    started = time.perf_counter()
    try:
        agent = _prepare()
        from bench.intake import run_intake
        from bench.routing import run_routing
        from bench.sweep import run_sweep

        benches = {
            "intake": lambda: run_intake(report, n=args.orders, actor=agent, procs=args.procs),
            "routing": lambda: run_routing(
                report, decisions=args.decisions, baseline_decisions=args.baseline_decisions
            ),
            "sweep": lambda: run_sweep(
                report,
                n=sweep_n,
                every_min=args.sweep_every,
                window_days=args.due_window,
                backlog=args.backlog,
            ),
        }
        for name, run in benches.items():
            if name not in only:
                continue
            # Other work on the machine shares its CPUs with the benchmark: say how busy it was.
            print(f"{name}: load average before {os.getloadavg()[0]:.2f}")
            try:
                run()
            except Exception:  # one broken benchmark must not hide the others' figures
                traceback.print_exc()
                report.add(name, "FAILED (traceback above)", "-")
    finally:
        if args.keep:
            print(f"kept the benchmark database: {db.url}")
        else:
            db.drop()
    print()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Results ({db.vendor}, total {time.perf_counter() - started:.0f} s, load average now {load})")
    print(report.table())
    for note in report.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
