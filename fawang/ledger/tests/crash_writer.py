"""A process that appends to the log until killed (test_integrity's crash test): each batch inside a
transaction that says `INSIDE <batch>` after its entries are written and before it commits, then
`ACK <first> <last>` once committed. Run with DJANGO_SETTINGS_MODULE and DATABASE_URL set."""

import sys
import time

import django

django.setup()

from django.db import transaction  # noqa: E402

from fawang.ledger.services import ledger_append_many  # noqa: E402

name = sys.argv[1]
for batch in range(10_000):
    with transaction.atomic():
        entries = ledger_append_many([("test.crash", f"{name} {batch} {n}".encode()) for n in range(200)])
        print(f"INSIDE {batch}", flush=True)
        time.sleep(0.05)
    print(f"ACK {entries[0].index} {entries[-1].index}", flush=True)
