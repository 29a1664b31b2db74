"""Integrity under faults: a changed byte is found and named, concurrent writers neither fork nor leave a
gap, and a writer killed mid-batch loses nothing it acknowledged."""

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from fawang.ledger import merkle, selectors, services
from fawang.ledger.models import Checkpoint, LogEntry, LogTile
from fawang.ledger.tests.conftest import append_entries
from fawang.ledger.verify import verify_log

ROOT = Path(__file__).resolve().parents[3]
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers and a second process need PostgreSQL"
)


def _fill(count: int) -> None:
    append_entries(count)
    services.ledger_checkpoint()


def _flip(value: bytes, at: int) -> bytes:
    return value[:at] + bytes([value[at] ^ 0x01]) + value[at + 1 :]


@pytest.mark.django_db
def test_ledger_verify_passes_on_an_intact_log(capsys):
    _fill(600)
    call_command("ledger_verify")
    assert "OK: 600 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_one_changed_byte_in_an_entry_is_named():
    _fill(600)
    row = LogEntry.objects.get(index=345)
    LogEntry.objects.filter(index=345).update(body=_flip(bytes(row.body), 14))
    with pytest.raises(CommandError, match="Entry 345: its bytes do not hash"):
        call_command("ledger_verify")


@pytest.mark.django_db
def test_one_changed_byte_in_a_stored_leaf_hash_is_named():
    _fill(600)
    row = LogEntry.objects.get(index=77)
    LogEntry.objects.filter(index=77).update(leaf_hash=_flip(bytes(row.leaf_hash), 31))
    with pytest.raises(CommandError, match="Entry 77:"):
        call_command("ledger_verify")


@pytest.mark.django_db
def test_one_changed_byte_in_a_stored_tile_hash_is_named():
    _fill(600)
    tile = LogTile.objects.get(level=0, index=1)
    LogTile.objects.filter(pk=tile.pk).update(hashes=_flip(bytes(tile.hashes), 32 * 10 + 3))
    with pytest.raises(CommandError, match=r"Tile 0/1: stored hash 10 \(entry 266\)"):
        call_command("ledger_verify")


@pytest.mark.django_db
def test_a_deleted_entry_and_a_forged_checkpoint_are_found():
    _fill(600)
    LogEntry.objects.filter(index=500).delete()
    with pytest.raises(CommandError, match="Entry 500 is missing"):
        call_command("ledger_verify")
    LogEntry.objects.all().delete()
    LogTile.objects.all().delete()
    services.LogHead.objects.update(size=0)
    _fill(600)
    checkpoint = Checkpoint.objects.get()
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=checkpoint.note.replace("\n600\n", "\n601\n"))
    with pytest.raises(CommandError, match="Checkpoint of size 600"):
        call_command("ledger_verify")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_or_leave_a_gap():
    indices: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(15):
                batch = rng.choice([1, 3, 50, 257])
                entries = services.ledger_append_many([("test.concurrent", f"{seed}".encode())] * batch)
                got = [e.index for e in entries]
                assert got == list(range(got[0], got[0] + batch))  # a batch is contiguous
                with lock:
                    indices.extend(got)
                if rng.random() < 0.3:
                    services.ledger_checkpoint()
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(indices) == list(range(len(indices)))
    assert selectors.tree_size() == len(indices)
    services.ledger_checkpoint()
    report = verify_log()  # every checkpoint signed along the way is a prefix of this tree
    assert report.size == len(indices) and report.checkpoints >= 1


def _writer(name: str) -> subprocess.Popen:
    from urllib.parse import quote

    settings = connection.settings_dict
    user = quote(settings["USER"] or "postgres")
    if settings.get("PASSWORD"):
        user += ":" + quote(settings["PASSWORD"])
    url = f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_writer.py")), name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_writer_killed_mid_batch_loses_nothing_acknowledged():
    """Two writers append; one is killed with SIGKILL inside a batch (entries written, not committed);
    the other goes on. No gap, no fork, every acknowledged entry present, the tree verifies."""
    victim, survivor = _writer("victim"), _writer("survivor")
    acked: list[tuple[int, int]] = []
    assert victim.stdout is not None and survivor.stdout is not None
    try:
        for line in victim.stdout:
            if line.startswith("ACK"):
                _, first, last = line.split()
                acked.append((int(first), int(last)))
            elif line.startswith("INSIDE") and len(acked) >= 5:
                victim.send_signal(signal.SIGKILL)  # mid-batch: its last entries are not committed
                break
        victim.wait(timeout=30)
        survivor_acked = []
        for line in survivor.stdout:
            if line.startswith("ACK"):
                _, first, last = line.split()
                survivor_acked.append((int(first), int(last)))
                if len(survivor_acked) >= 3:
                    break
    finally:
        for process in (victim, survivor):
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    size = selectors.tree_size()
    stored = list(LogEntry.objects.order_by("index").values_list("index", flat=True))
    assert stored == list(range(size))  # no gap, nothing past the head
    for first, last in acked + survivor_acked:
        assert LogEntry.objects.filter(index__gte=first, index__lte=last).count() == last - first + 1
    bodies = LogEntry.objects.filter(kind="test.crash").values_list("body", flat=True)
    victims = sum(bytes(body).startswith(b"test.crash\nvictim ") for body in bodies)
    # Whole batches only: the killed one left nothing behind (it may have committed one more than we read).
    assert victims % 200 == 0 and victims >= 200 * len(acked)
    checkpoint = services.ledger_checkpoint()
    assert verify_log().size == checkpoint.size == size
    leaves = [bytes(h) for h in LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)]
    assert bytes(checkpoint.root_hash) == merkle.root_of(leaves)


@pytest.mark.django_db(transaction=True)
def test_kept_tiles_never_outlive_a_rollback_or_a_growing_tile():
    """Tiles a process keeps between requests are only what was committed: a partial tile grows, and
    an append rolled back leaves nothing behind in what later proofs use."""
    from django.db import transaction

    leaves = [e.leaf_hash for e in services.ledger_append_many([("test.a", b"%d" % n) for n in range(300)])]
    selectors.inclusion_proof_for(299, 300)  # kept: tile 0/1 with 44 hashes, outside any transaction
    leaves += [e.leaf_hash for e in services.ledger_append_many([("test.b", b"%d" % n) for n in range(300)])]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        services.ledger_append_many([("test.undone", b"x")] * 10)
        selectors.inclusion_proof_for(605, 610)
        raise Undo
    leaves += [e.leaf_hash for e in services.ledger_append_many([("test.c", b"y")] * 10)]
    root = merkle.root_of(leaves)
    for index in (0, 299, 300, 599, 600, 609):
        merkle.verify_inclusion(index, 610, leaves[index], selectors.inclusion_proof_for(index, 610), root)
    assert bytes(services.ledger_checkpoint().root_hash) == root
