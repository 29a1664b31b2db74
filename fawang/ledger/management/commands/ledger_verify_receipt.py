"""`manage.py ledger_verify_receipt RECEIPT [ORIGINAL] --vkey KEY [--witness KEY --quorum N]`

Checks a receipt (a C2SP tlog-proof@v1 file) offline: no database, no network, nothing but the log's
public key (and the witnesses' keys for a quorum). Given the original file, also checks that the receipt
records it (its SHA-256, read a megabyte at a time). Exit status 0 when everything verifies; otherwise
each reason is printed and the command fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.ledger import note
from fawang.ledger.receipts import sha256_of, verify_receipt


class Command(BaseCommand):
    help = "Verify an evidence log receipt (.tlog-proof) offline with the log's public key."
    requires_system_checks: list[str] = []  # offline: no database, nothing of the project's state

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("receipt", help="the .tlog-proof file")
        parser.add_argument("original", nargs="?", help="the original file the entry records (optional)")
        parser.add_argument("--vkey", help="the log's verifier key (default: the LEDGER_VKEY setting)")
        parser.add_argument("--witness", action="append", default=[], help="a witness's verifier key")
        parser.add_argument(
            "--quorum", type=int, default=0, help="how many of the witnesses must have cosigned"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        vkey = options["vkey"] or getattr(settings, "LEDGER_VKEY", "")
        if not vkey:
            raise CommandError("give the log's public key with --vkey (or set LEDGER_VKEY)")
        try:
            log_key = note.Verifier.from_vkey(vkey)
            witness_keys = [note.Verifier.from_vkey(w) for w in options["witness"]]
        except note.NoteError as exc:
            raise CommandError(f"bad key: {exc}") from exc
        try:
            receipt = Path(options["receipt"]).read_bytes()
            original_sha256 = None
            if options["original"]:
                with open(options["original"], "rb") as original:
                    original_sha256 = sha256_of(original)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        check = verify_receipt(
            receipt,
            log_key=log_key,
            witness_keys=witness_keys,
            quorum=options["quorum"],
            original_sha256=original_sha256,
        )
        if check.entry is not None:
            self.stdout.write(f"entry #{check.index}: {check.entry.kind} sha256 {check.entry.sha256}")
        if check.tree_size is not None:
            self.stdout.write(f"checkpoint: {check.origin} size {check.tree_size}")
        if witness_keys:
            self.stdout.write(
                f"witnesses: {', '.join(check.witnesses) or 'none'} (quorum {options['quorum']})"
            )
        if not check.ok:
            for problem in check.problems:
                self.stderr.write(f"FAIL [{problem.code}] {problem.message}")
            raise CommandError("the receipt does not verify")
        if check.original_checked:
            self.stdout.write("original: matches the entry")
        self.stdout.write(self.style.SUCCESS("OK: the receipt verifies"))
