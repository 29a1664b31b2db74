"""Evidence preservation, witnesses and receipts (docs/adr/0024), each beside its physical floor measured
in the same run:

- streaming an upload through `EvidenceUploadHandler` (256 KB chunks written to a temporary file and
  hashed as they arrive) against SHA-256 of the same bytes already in memory;
- our witness cosigning a growing log (`add-checkpoint`: parse, verify the log's signature, check the
  consistency proof, cosign, persist the state file with fsync) against the two Ed25519 operations it
  cannot avoid (one verify, one sign);
- checking a receipt offline (`verify_receipt`: the log's signature, two witness cosignatures, the
  inclusion proof) against the three Ed25519 verifications it cannot avoid.
No database: everything here is files and CPU."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time

from .report import Report

UPLOAD_MB = 256


def _best(run, repeat: int = 3) -> float:
    """The best of `repeat` timings (the machine is shared: the best is the code's speed)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def run_upload(report: Report) -> None:
    from django.test import RequestFactory

    from fawang.evidence.uploads import EvidenceUploadHandler

    chunk = os.urandom(EvidenceUploadHandler.chunk_size)
    chunks = UPLOAD_MB * 1024 * 1024 // len(chunk)
    blob = chunk * chunks

    def through_handler() -> None:
        handler = EvidenceUploadHandler(RequestFactory().post("/"))
        handler.limit = len(blob) + 1
        handler.new_file("file", "bench.bin", "application/octet-stream", None)
        for i in range(chunks):
            handler.receive_data_chunk(chunk, i * len(chunk))
        handler.file_complete(len(blob)).discard()

    def in_memory() -> None:
        hashlib.sha256(blob).hexdigest()

    handler_s, floor_s = _best(through_handler), _best(in_memory)
    mb_s, floor_mb_s = UPLOAD_MB / handler_s, UPLOAD_MB / floor_s
    print(
        f"evidence upload: {mb_s:.0f} MB/s streamed to disk and hashed; SHA-256 in memory {floor_mb_s:.0f} MB/s"
    )
    report.add(
        "evidence",
        f"upload streamed+hashed ({UPLOAD_MB} MB)",
        f"{mb_s:.0f} MB/s",
        baseline=f"{floor_mb_s:.0f} MB/s sha256 in memory",
        ratio=f"{handler_s / floor_s:.2f}× the floor's time",
    )


def run_witness(report: Report, checkpoints: int = 300) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fawang.ledger import note, tlog
    from fawang.ledger.tests import rfc6962
    from fawang.ledger.witness import FileState, Witness, generate_key

    log = note.Signer("bench.example/log", Ed25519PrivateKey.generate())
    leaves = [
        b"evidence\n" + hashlib.sha256(str(i).encode()).hexdigest().encode() for i in range(checkpoints * 3)
    ]
    # Requests prepared beforehand (the log's work, not the witness's): a checkpoint every 3 entries.
    requests, old = [], 0
    for size in range(3, len(leaves) + 1, 3):
        body = tlog.Checkpoint(log.name, size, rfc6962.mth(leaves[:size])).to_text()
        proof = rfc6962.consistency_proof(old, leaves[:size]) if old else []
        requests.append(tlog.add_checkpoint_body(old, proof, note.sign(body, [log])))
        old = size
    with tempfile.TemporaryDirectory() as tmp:
        witness = Witness(
            generate_key("bench.example/witness"), {log.name: [log.verifier]}, FileState(f"{tmp}/s.json")
        )
        t = time.perf_counter()
        for request in requests:
            assert witness.add_checkpoint(request).status == 200
        elapsed = time.perf_counter() - t
    text = "bench.example/log\n1\n" + tlog.b64(b"\0" * 32) + "\n"
    signed = note.parse(note.sign(text, [log])).signatures[0].signature
    witness_key = generate_key("floor.example/witness")

    def floor() -> None:
        for _ in range(len(requests)):
            log.verifier.verify(text, signed)
            witness_key.signature_line(text, timestamp=1)

    floor_s = _best(floor, 1)
    rate, floor_rate = len(requests) / elapsed, len(requests) / floor_s
    print(
        f"witness: {rate:.0f} checkpoints/s cosigned (state fsynced each); Ed25519 verify+sign {floor_rate:.0f}/s"
    )
    report.add(
        "evidence",
        "witness add-checkpoint",
        f"{rate:.0f}/s",
        baseline=f"{floor_rate:.0f}/s Ed25519 verify+sign",
        ratio=f"{floor_rate / rate:.1f}× slower than the floor",
    )


def run_receipts(report: Report, n: int = 2000) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fawang.ledger import note, tlog
    from fawang.ledger.receipts import build_receipt, verify_receipt
    from fawang.ledger.tests import rfc6962
    from fawang.ledger.witness import generate_key

    log = note.Signer("bench.example/log", Ed25519PrivateKey.generate())
    witnesses = [generate_key("w1.example/witness"), generate_key("w2.example/witness")]
    leaves = [b"evidence\n" + hashlib.sha256(str(i).encode()).hexdigest().encode() for i in range(1000)]
    body = tlog.Checkpoint(log.name, len(leaves), rfc6962.mth(leaves)).to_text()
    cosigned = note.add_signature_lines(
        note.sign(body, [log]), [w.signature_line(body, timestamp=1_764_000_000) for w in witnesses]
    )
    receipts = [
        build_receipt(i, rfc6962.inclusion_path(i, leaves), cosigned, leaves[i])
        for i in range(0, 1000, 1000 // 50)
    ]
    keys = [w.verifier for w in witnesses]

    def verify_all() -> None:
        for i in range(n):
            assert verify_receipt(
                receipts[i % len(receipts)], log_key=log.verifier, witness_keys=keys, quorum=2
            ).ok

    opened = note.parse(cosigned)

    def floor() -> None:
        for _ in range(n):
            for sig, verifier in zip(opened.signatures, [log.verifier, *keys], strict=True):
                verifier.verify(opened.text, sig.signature)

    measured, floor_s = _best(verify_all, 1), _best(floor, 1)
    rate, floor_rate = n / measured, n / floor_s
    print(
        f"receipts: {rate:.0f}/s verified offline (log + 2 witnesses + inclusion); 3 Ed25519 verifies {floor_rate:.0f}/s"
    )
    report.add(
        "evidence",
        "receipt verified offline",
        f"{rate:.0f}/s",
        baseline=f"{floor_rate:.0f}/s three Ed25519 verifies",
        ratio=f"{floor_rate / rate:.2f}× slower than the floor",
    )


def run_evidence(report: Report) -> None:
    run_upload(report)
    run_witness(report)
    run_receipts(report)
