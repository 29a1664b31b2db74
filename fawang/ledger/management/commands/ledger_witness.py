"""`manage.py ledger_witness`: a C2SP tlog-witness (fawang/ledger/witness.py) that a court or the notary
association runs, with its own key and state file, independent of the platform's database.

    manage.py ledger_witness keygen --name court.example/witness --key witness.key
    manage.py ledger_witness serve --key witness.key --state state.json \\
        --log "<log vkey>" [--log ...] [--listen 127.0.0.1:7380]
    manage.py ledger_witness add-checkpoint --key witness.key --state state.json --log "<log vkey>" < request

`serve` answers POST /add-checkpoint and GET /<sha256(origin)>/checkpoint; `add-checkpoint` is the
one-shot mode: one request body on stdin (or --request FILE), the reply on stdout, the HTTP status as
the exit code's reason (0 when cosigned, 1 otherwise). A log's origin is its key name.
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fawang.ledger import note
from fawang.ledger.witness import (
    MAX_REQUEST_BYTES,
    FileState,
    Witness,
    generate_key,
    signer_from_skey,
    signer_to_skey,
)


class Command(BaseCommand):
    help = "Run a C2SP tlog-witness with its own key and state: keygen, serve, or add-checkpoint (one-shot)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mode", choices=["keygen", "serve", "add-checkpoint"])
        parser.add_argument("--key", required=True, help="the witness's private key file (PRIVATE+KEY+...)")
        parser.add_argument("--name", help="keygen: the witness's key name, e.g. court.example/witness")
        parser.add_argument("--state", help="the state file: the last checkpoint cosigned per log origin")
        parser.add_argument("--log", action="append", default=[], help="a log's verifier key (repeatable)")
        parser.add_argument("--listen", default="127.0.0.1:7380", help="serve: host:port")
        parser.add_argument("--request", help="add-checkpoint: the request body's file (default: stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["mode"] == "keygen":
            self._keygen(Path(options["key"]), options["name"])
            return
        witness = self._witness(options)
        if options["mode"] == "add-checkpoint":
            body = Path(options["request"]).read_bytes() if options["request"] else sys.stdin.buffer.read()
            reply = witness.add_checkpoint(body[: MAX_REQUEST_BYTES + 1])
            self.stdout.write(reply.text, ending="")
            if reply.status != 200:
                raise CommandError(f"refused with HTTP status {reply.status}")
            return
        host, _, port = options["listen"].rpartition(":")
        server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), _handler(witness))
        self.stdout.write(f"witness {witness.verifier.vkey} listening on {options['listen']}")
        try:
            server.serve_forever()
        finally:
            server.server_close()

    def _keygen(self, path: Path, name: str | None) -> None:
        if not name:
            raise CommandError("keygen needs --name")
        if path.exists():
            raise CommandError(f"{path} exists: a witness keeps its key")
        try:
            signer = generate_key(name)
        except note.NoteError as exc:
            raise CommandError(str(exc)) from exc
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(signer_to_skey(signer) + "\n")
        self.stdout.write(signer.verifier.vkey)

    def _witness(self, options: dict[str, Any]) -> Witness:
        if not options["state"]:
            raise CommandError("--state is required")
        if not options["log"]:
            raise CommandError("at least one --log verifier key is required")
        try:
            signer = signer_from_skey(Path(options["key"]).read_text())
            logs: dict[str, list[note.Verifier]] = {}
            for vkey in options["log"]:
                verifier = note.Verifier.from_vkey(vkey)
                logs.setdefault(verifier.name, []).append(verifier)
            return Witness(signer=signer, logs=logs, state=FileState(options["state"]))
        except (OSError, note.NoteError) as exc:
            raise CommandError(str(exc)) from exc


def _handler(witness: Witness) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the spec asks

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST_BYTES:
                self._send(413, b"request too large\n", "text/plain; charset=utf-8")
                self.close_connection = True
                return
            body = self.rfile.read(length)
            reply = witness.handle("POST", self.path, body)
            self._send(reply.status, reply.body, reply.content_type)

        def do_GET(self) -> None:
            reply = witness.handle("GET", self.path, b"")
            self._send(reply.status, reply.body, reply.content_type)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler
