"""`make bench`: intake, routing, the deadline sweep and legal aid eligibility, each against a baseline measured in the same
run, then the scale bench. Uses PostgreSQL when DATABASE_URL is set (a database `fawang_bench` next to
it, created and dropped here), otherwise a temporary SQLite file. Prints figures as it goes and a table
at the end; targets are reported as PASS/MISS and never fail the build.

The scale bench (`--only scale`, bench/scale.py) needs PostgreSQL (skipped on SQLite, said in the
table): it loads `--scale-orders` orders (10,000,000: five years of work, with their events, clocks,
ratings, supervision orders and return visits) by plain SQL into `<name>_scale_run` (`<name>_scale`
with --keep-scale), then times every
staff page and API list of every role at county, prefecture and province level beside a 25-row
primary-key fetch (the floor), and prints a table per page. It runs in a process of its own (its own
database). On this shared 2-CPU machine the 10,000,000-order load takes well over half an hour and
the timing of every page as long again: pass `--keep-scale` to keep the database and reuse it on the
next run (migrated when only the migrations changed, rebuilt when the loader or the size did), `--scale-orders 200000` for a quick
run, `--scale-pages core` to time a dozen of the queue's filter variants instead of all of them."""

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
    parser.add_argument(
        "--applicants", type=int, default=10_000, help="legal aid eligibility decisions timed (10,000)"
    )
    parser.add_argument(
        "--baseline-applicants",
        type=int,
        default=1000,
        help="eligibility decisions with a query each (1,000)",
    )
    parser.add_argument(
        "--only",
        default="intake,routing,sweep,eligibility,assignment,scale",
        help="comma-separated subset (ledger: alone)",
    )
    parser.add_argument(
        "--practitioners",
        type=int,
        default=2000,
        help="legal aid panel for the assignment suggestion (2,000)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument(
        "--scale-orders", type=int, default=10_000_000, help="orders in the scale database (10,000,000)"
    )
    parser.add_argument(
        "--keep-scale",
        action="store_true",
        help="keep the scale database <name>_scale and reuse it when its loader and migrations match",
    )
    parser.add_argument("--scale-requests", type=int, default=20, help="timed requests per page (20)")
    parser.add_argument(
        "--scale-budget", type=float, default=60.0, help="seconds per page before timing stops early (60)"
    )
    parser.add_argument("--scale-roles", default="", help="comma-separated roles to time (all)")
    parser.add_argument("--scale-levels", default="", help="county,prefecture,province (all)")
    parser.add_argument(
        "--scale-pages",
        choices=("all", "core"),
        default="all",
        help="all: the queue and API list with every filter choice; core: a dozen of them (all)",
    )
    parser.add_argument(
        "--ledger-appends", type=int, default=50_000, help="entries appended for the log's rate (50,000)"
    )
    parser.add_argument("--ledger-batch", type=int, default=1000, help="entries per append batch (1,000)")
    parser.add_argument(
        "--ledger-leaves",
        type=int,
        default=10_000_000,
        help="leaves of the tree proofs are timed in (10,000,000)",
    )
    parser.add_argument("--ledger-proofs", type=int, default=2000, help="inclusion proofs timed (2,000)")
    parser.add_argument(
        "--keep-ledger",
        action="store_true",
        help="keep the proof tree's database <name>_ledger and reuse it when its size matches",
    )
    parser.add_argument("--report-json", default="", help=argparse.SUPPRESS)  # the scale subprocess's report
    return parser.parse_args(argv)


def _scale_argv(args: argparse.Namespace) -> list[str]:
    argv = ["--only", "scale", "--scale-orders", str(args.scale_orders)]
    argv += ["--scale-requests", str(args.scale_requests), "--scale-budget", str(args.scale_budget)]
    argv += ["--scale-roles", args.scale_roles, "--scale-levels", args.scale_levels]
    argv += ["--scale-pages", args.scale_pages]
    return argv + (["--keep-scale"] if args.keep_scale else [])


def _run_scale_subprocess(args: argparse.Namespace, database_url: str, report: object) -> None:
    """The scale bench has its own database: run it as `python -m bench --only scale` in a process of
    its own (Django connects to one database per process here) and merge its figures."""
    import json
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {**os.environ, "DATABASE_URL": database_url}
        if not database_url:
            env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "bench", *_scale_argv(args), "--report-json", out.name],
            env=env,
            check=False,
        )
        try:
            with open(out.name, encoding="utf-8") as fh:
                data = json.loads(fh.read() or "{}")
        except ValueError:
            data = {}
    if data:
        report.merge_json(data)  # type: ignore[attr-defined]
    else:
        report.add("scale", "FAILED (output above)", "-")  # type: ignore[attr-defined]


def _main_scale(args: argparse.Namespace) -> int:
    """`--only scale`: load (or reuse) the scale database and time the staff pages over it."""
    import json

    sys.path.insert(0, os.getcwd())
    from bench.db import open_scale_database

    db = open_scale_database(keep=args.keep_scale)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench.report import Report

    report = Report()
    started = time.perf_counter()
    if db is None:
        print("scale: the scale bench needs PostgreSQL (set DATABASE_URL); skipped")
        report.add("scale", "skipped: needs PostgreSQL (DATABASE_URL unset)", "-")
    else:
        from bench import scale

        print(
            f"Fawang scale bench on PostgreSQL {db.name}; Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        try:
            record = scale.build_record() if (db.existed and args.keep_scale) else None
            if scale.build_matches(record, args.scale_orders):
                print(
                    f"scale: reusing {db.name}, built {record['built_at']:%Y-%m-%d %H:%M} (loader and migrations match)"
                )
            elif scale.build_migratable(record, args.scale_orders):
                print(f"scale: reusing {db.name} (same loader and size), applying the new migrations")
                scale.migrate_kept(args.scale_orders)
            else:
                if db.existed:
                    print(
                        f"scale: {db.name} was not built by this loader, these migrations and size: rebuilding"
                    )
                db.recreate()
                print(
                    f"scale: loading {args.scale_orders:,} orders into {db.name} (10M: tens of minutes) ..."
                )
                _prepare(with_agent=False)
                built = scale.load(args.scale_orders)
                print(f"scale: loaded in {built['seconds'] / 60:.1f} min", flush=True)
                record = scale.build_record()
            scale.run_scale(
                report,
                n=args.scale_orders,
                built=record,
                requests=args.scale_requests,
                budget_s=args.scale_budget,
                roles={r for r in args.scale_roles.split(",") if r} or None,
                levels={v for v in args.scale_levels.split(",") if v} or None,
                every_filter=args.scale_pages == "all",
            )
        except Exception:
            traceback.print_exc()
            report.add("scale", "FAILED (traceback above)", "-")
        finally:
            if args.keep_scale:
                print(f"scale: kept the scale database {db.name}")
            else:
                db.drop()
    if args.report_json:
        with open(args.report_json, "w", encoding="utf-8") as fh:
            json.dump(report.as_json(), fh)
        return 0
    print()
    print(f"Results (scale, total {time.perf_counter() - started:.0f} s)")
    if report.pages:
        print(report.pages_table())
        print()
    print(report.table())
    for note in report.notes:
        print(f"note: {note}")
    return 0


def _main_ledger(args: argparse.Namespace) -> int:
    """`--only ledger` (bench/ledger.py): appends in a fresh benchmark database, then proofs in a tree of
    --ledger-leaves loaded into `<name>_ledger` (kept with --keep-ledger), in a process of its own."""
    import json
    import subprocess
    import tempfile

    sys.path.insert(0, os.getcwd())
    from bench.db import create_bench_database

    database_url = os.environ.get("DATABASE_URL", "")
    db = create_bench_database()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.ledger import run_appends
    from bench.report import Report

    report = Report()
    print(f"Fawang ledger bench on {db.label}; Python {platform.python_version()}, {os.cpu_count()} CPUs")
    if db.vendor != "postgresql":
        report.notes.append("SQLite: the ledger's targets are for PostgreSQL")
    try:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"ledger: load average before {os.getloadavg()[0]:.2f}", flush=True)
        run_appends(report, n=args.ledger_appends, batch=args.ledger_batch)
    except Exception:
        traceback.print_exc()
        report.add("ledger", "appends FAILED (traceback above)", "-")
    finally:
        db.drop()
    if database_url.startswith(("postgres://", "postgresql://")):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            argv = ["--only", "ledger-proofs", "--ledger-leaves", str(args.ledger_leaves)]
            argv += ["--ledger-proofs", str(args.ledger_proofs), "--report-json", out.name]
            argv += ["--keep-ledger"] if args.keep_ledger else []
            subprocess.run(
                [sys.executable, "-m", "bench", *argv],
                env={**os.environ, "DATABASE_URL": database_url},
                check=False,
            )
            try:
                with open(out.name, encoding="utf-8") as fh:
                    report.merge_json(json.loads(fh.read() or "{}"))
            except ValueError:
                report.add("ledger", "proofs FAILED (output above)", "-")
    else:
        report.add("ledger", "proofs: skipped, they need PostgreSQL (DATABASE_URL unset)", "-")
    print()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Results (ledger, load average now {load})")
    print(report.table())
    for note in report.notes:
        print(f"note: {note}")
    return 0


def _main_ledger_proofs(args: argparse.Namespace) -> int:
    import json

    sys.path.insert(0, os.getcwd())
    from bench.db import open_scale_database

    db = open_scale_database(keep=args.keep_ledger, suffix="ledger")
    assert db is not None
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.ledger import run_proofs
    from bench.report import Report

    report = Report()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        run_proofs(
            report, n=args.ledger_leaves, proofs=args.ledger_proofs, reuse=db.existed and args.keep_ledger
        )
    except Exception:
        traceback.print_exc()
        report.add("ledger", "proofs FAILED (traceback above)", "-")
    finally:
        if args.keep_ledger:
            print(f"ledger: kept the proof tree's database {db.name}")
        else:
            db.drop()
    with open(args.report_json, "w", encoding="utf-8") as fh:
        json.dump(report.as_json(), fh)
    return 0


def _main_assignment(args: argparse.Namespace) -> int:
    """`--only assignment`: the pure suggestion over an indexed panel, then the suggestion as the pages
    read it, from a benchmark database holding the panel (see bench/db.py)."""
    sys.path.insert(0, os.getcwd())
    from bench.db import create_bench_database

    db = create_bench_database()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.assignment import run_assignment, run_assignment_read
    from bench.report import Report
    from fawang.regions.services import regions_load

    report = Report()
    print(
        f"Fawang assignment bench on {db.label}; Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    try:
        run_assignment(report, practitioners=args.practitioners)
        call_command("migrate", verbosity=0, interactive=False)
        regions_load()
        run_assignment_read(report, practitioners=args.practitioners)
    finally:
        db.drop()
    print()
    print(report.table())
    return 0


def _prepare(*, with_agent: bool = True) -> object:
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
    print(f"setup: migrated and loaded regions, catalog and demo network in {time.perf_counter() - t0:.1f} s")
    print(f"setup: network {demo.totals}")
    if not with_agent:
        return None
    agent = User.objects.create(
        username="bench_hotline",
        kind=UserKind.STAFF,
        display_name="基准测试坐席",
        jurisdiction_region_id="510000",
    )
    UserRole.objects.create(user=agent, role=Role.HOTLINE_AGENT)
    return agent


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if only == {"scale"}:
        return _main_scale(args)
    if only == {"assignment"}:
        return _main_assignment(args)
    if only == {"ledger"}:
        return _main_ledger(args)
    if only == {"ledger-proofs"}:
        return _main_ledger_proofs(args)
    database_url = os.environ.get("DATABASE_URL", "")
    sys.path.insert(0, os.getcwd())
    from bench.db import create_bench_database

    db = create_bench_database()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench.report import Report

    report = Report()
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
        from bench.assignment import run_assignment
        from bench.eligibility import run_eligibility
        from bench.intake import run_intake
        from bench.routing import run_routing
        from bench.sweep import run_sweep

        benches = {
            "intake": lambda: run_intake(report, n=args.orders, actor=agent, procs=args.procs),
            "routing": lambda: run_routing(
                report, decisions=args.decisions, baseline_decisions=args.baseline_decisions
            ),
            "assignment": lambda: run_assignment(report, practitioners=args.practitioners),
            "sweep": lambda: run_sweep(
                report,
                n=sweep_n,
                every_min=args.sweep_every,
                window_days=args.due_window,
                backlog=args.backlog,
            ),
            "eligibility": lambda: run_eligibility(
                report, n=args.applicants, baseline_n=args.baseline_applicants
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
    if "scale" in only:
        print(f"scale: load average before {os.getloadavg()[0]:.2f}", flush=True)
        _run_scale_subprocess(args, database_url, report)
    print()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Results ({db.vendor}, total {time.perf_counter() - started:.0f} s, load average now {load})")
    if report.pages:
        print(report.pages_table())
        print()
    print(report.table())
    for note in report.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
