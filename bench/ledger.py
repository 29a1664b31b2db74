"""The evidence log (issue 12, docs/adr/0023), on PostgreSQL:

* appends per second through `ledger_append_many` in batches (target >= 5,000/s on 2 cores), beside the
  physical baseline measured in the same run: raw SHA-256 leaf hashing of the same entries, with the ratio;
  single appends (one transaction each) for comparison;
* inclusion and consistency proofs in a tree of `--ledger-leaves` (10,000,000) leaves (target p99 < 2 ms),
  after 100 untimed proofs (a serving process keeps the tiles above level 0), beside the floor of reading
  one tile row by its key (p50 and p99: on a busy shared machine the floor's p99 shows the scheduler's
  share of the tail). That tree is loaded by COPY into the database
  `<name>_ledger` as its tiles and head (what a proof reads: no entry rows), kept with --keep-ledger and
  reused when its size matches;
* serving a full tile and an entry bundle through Django's request handling.
"""

from __future__ import annotations

import hashlib
import random
import time

from .report import Report, percentile, verdict

TARGET_APPENDS_PER_S = 5_000
TARGET_PROOF_P99_MS = 2.0


def _entries(n: int, offset: int = 0) -> list[tuple[str, bytes]]:
    # What a module enters: a certificate number and the SHA-256 of its PDF (no personal data).
    return [
        (
            "notary.certificate",
            f"cert (2026)川成证字第{offset + i}号 sha256:".encode()
            + hashlib.sha256(str(i).encode()).digest(),
        )
        for i in range(n)
    ]


def run_appends(report: Report, *, n: int, batch: int) -> None:
    from django.test import Client

    from fawang.ledger import merkle, services

    items = _entries(n)
    t0 = time.perf_counter()
    for item in items:
        merkle.leaf_hash(services.entry_body(*item))
    hash_s = time.perf_counter() - t0

    singles = _entries(300, offset=n)
    t0 = time.perf_counter()
    for kind, data in singles:
        services.ledger_append(kind=kind, data=data)
    single_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for at in range(0, n, batch):
        services.ledger_append_many(items[at : at + batch])
    append_s = time.perf_counter() - t0
    services.ledger_checkpoint()

    per_s, hash_per_s = n / append_s, n / hash_s
    print(f"ledger: {n:,} appends in batches of {batch} in {append_s:.2f} s = {per_s:,.0f}/s")
    report.add(
        "ledger",
        f"appends/s, batches of {batch} ({n:,})",
        f"{per_s:,.0f}/s",
        baseline=f"{hash_per_s:,.0f}/s raw SHA-256",
        ratio=f"{hash_per_s / per_s:,.1f}x the hashing time",
        target=f">= {TARGET_APPENDS_PER_S:,}/s",
        verdict=verdict(per_s >= TARGET_APPENDS_PER_S),
    )
    report.add("ledger", "appends/s, one transaction each (300)", f"{len(singles) / single_s:,.0f}/s")

    client = Client()
    samples = []
    for _ in range(200):
        t0 = time.perf_counter()
        response = client.get("/log/tile/entries/001")
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    report.add(
        "ledger",
        "serve an entry bundle (256 entries) p50 / p99",
        f"{percentile(samples, 50):.2f} / {percentile(samples, 99):.2f} ms",
    )


def _load_tree(n: int) -> float:
    """Tiles and head of a tree of `n` synthetic leaves, by COPY. Returns seconds."""
    from django.db import connection, transaction

    from fawang.ledger import merkle
    from fawang.ledger.models import Checkpoint, LogEntry, LogHead, LogTile

    t0 = time.perf_counter()
    with transaction.atomic():
        for model in (Checkpoint, LogEntry, LogTile, LogHead):
            model.objects.all().delete()
        level, hashes_of_level = 0, None
        count = n
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy("COPY ledger_logtile (level, index, hashes) FROM STDIN") as copy,
        ):
            below: list[bytes] = []
            # Level 0 streamed in tiles, so memory holds only the next level's hashes.
            sha = hashlib.sha256
            for tile_index in range((n + 255) // 256):
                start = tile_index * 256
                chunk = [
                    sha(b"\x00bench.entry\n" + str(i).encode()).digest()
                    for i in range(start, min(start + 256, n))
                ]
                copy.write_row((0, tile_index, b"".join(chunk)))
                if len(chunk) == 256:
                    below.append(merkle.perfect_root(chunk))
                if tile_index % 5000 == 4999:
                    print(f"ledger: loaded {start + 256:,} leaves", flush=True)
            level, hashes_of_level, count = 1, below, n // 256
            while count:
                below = []
                for tile_index, at in enumerate(range(0, count, 256)):
                    chunk = hashes_of_level[at : at + 256]
                    copy.write_row((level, tile_index, b"".join(chunk)))
                    if len(chunk) == 256:
                        below.append(merkle.perfect_root(chunk))
                level, hashes_of_level, count = level + 1, below, count // 256
        LogHead.objects.create(pk=1, size=n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ledger_logtile")
    return time.perf_counter() - t0


def run_proofs(report: Report, *, n: int, proofs: int, reuse: bool) -> None:
    from django.test import Client

    from fawang.ledger import merkle, selectors, services
    from fawang.ledger.models import LogTile

    if reuse and selectors.tree_size() == n:
        print(f"ledger: reusing the kept tree of {n:,} leaves")
    else:
        print(f"ledger: loading a tree of {n:,} leaves by COPY ...", flush=True)
        seconds = _load_tree(n)
        print(f"ledger: loaded in {seconds:.0f} s", flush=True)
        report.add("ledger", f"load {n:,} leaves' tiles (COPY)", f"{seconds:.0f} s")
    checkpoint = services.ledger_checkpoint()
    root = bytes(checkpoint.root_hash)
    rng = random.Random(12)

    floor = []
    for _ in range(proofs):
        level0 = rng.randrange(n // 256 or 1)
        t0 = time.perf_counter()
        LogTile.objects.filter(level=0, index=level0).values_list("hashes", flat=True).first()
        floor.append((time.perf_counter() - t0) * 1000)

    for _ in range(100):  # warm up: the process keeps the tiles above level 0 (fawang/ledger/tiles.py)
        selectors.inclusion_proof_for(rng.randrange(n), n)
    samples = []
    for k in range(proofs):
        index = rng.randrange(n)
        t0 = time.perf_counter()
        proof = selectors.inclusion_proof_for(index, n)
        samples.append((time.perf_counter() - t0) * 1000)
        if k < 50:  # they are right, not only fast
            leaf = hashlib.sha256(b"\x00bench.entry\n" + str(index).encode()).digest()
            merkle.verify_inclusion(index, n, leaf, proof, root)
    p50, p99 = percentile(samples, 50), percentile(samples, 99)
    f50, f99 = percentile(floor, 50), percentile(floor, 99)
    print(f"ledger: inclusion proof at {n:,} leaves p50 {p50:.3f} ms, p99 {p99:.3f} ms")
    report.add(
        "ledger",
        f"inclusion proof at {n:,} leaves p50 / p99",
        f"{p50:.2f} / {p99:.2f} ms",
        baseline=f"{f50:.2f} / {f99:.2f} ms one tile row",
        ratio=f"{p50 / f50:.1f}x / {p99 / f99:.1f}x the floor",
        target=f"p99 < {TARGET_PROOF_P99_MS} ms",
        verdict=verdict(p99 < TARGET_PROOF_P99_MS),
    )

    samples = []
    for _ in range(max(proofs // 4, 1)):
        new = rng.randrange(2, n + 1)
        old = rng.randrange(1, new)
        t0 = time.perf_counter()
        selectors.consistency_proof_between(old, new)
        samples.append((time.perf_counter() - t0) * 1000)
    report.add(
        "ledger",
        f"consistency proof at {n:,} leaves p50 / p99",
        f"{percentile(samples, 50):.2f} / {percentile(samples, 99):.2f} ms",
    )

    client = Client()
    samples = []
    for _ in range(proofs // 4 or 1):
        path = "/log/tile/0/" + merkle.tile_path_index(rng.randrange(n // 256 or 1))
        t0 = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200 and len(response.content) == 8192
    report.add(
        "ledger",
        "serve a full tile p50 / p99",
        f"{percentile(samples, 50):.2f} / {percentile(samples, 99):.2f} ms",
        baseline=f"{f50:.2f} / {f99:.2f} ms one tile row",
    )
