"""Consultation (issue 13): masking personal details in a question. Every question of the shipped
legal_qa.jsonl (fawang/knowledge/data/) through `consult.anonymise.anonymise` (ID, phone, bank-card
numbers, e-mail, addresses, names by cue), beside the baseline measured in the same run: the log
filter's `core.logging.mask_text` (ID and mobile numbers only), the cheapest masking the platform
already does on every log line. Also how many questions the rules changed (each is a personal detail
found, or a false positive: the tests hold real ones that must come out unchanged)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .report import Report, faster

TARGET_US = 500.0  # a question is masked in well under a millisecond (intake pays it once)


def _questions() -> list[str]:
    import fawang.knowledge

    path = Path(fawang.knowledge.__file__).parent / "data" / "legal_qa.jsonl"
    return [json.loads(line)["question"] for line in path.read_text("utf-8").splitlines() if line.strip()]


def _best_of(fn, texts: list[str], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def run_consult(report: Report) -> None:
    from fawang.consult.anonymise import anonymise
    from fawang.core.logging import mask_text

    texts = _questions()
    ours = _best_of(anonymise, texts)
    base = _best_of(mask_text, texts)
    per_q, per_q_base = ours * 1e6 / len(texts), base * 1e6 / len(texts)
    changed = sum(1 for text in texts if anonymise(text).changed)
    print(
        f"consult: anonymise {per_q:.1f} µs/question, mask_text {per_q_base:.1f} µs; {changed} of {len(texts)} changed"
    )
    report.add(
        "consult",
        f"anonymise a question ({len(texts):,} questions)",
        f"{per_q:.1f} µs",
        f"{per_q_base:.1f} µs (log mask_text)",
        faster(per_q_base, per_q),
        f"< {TARGET_US:.0f} µs",
        "PASS" if per_q < TARGET_US else "MISS",
    )
    report.add("consult", "questions changed by the rules", f"{changed} of {len(texts):,}")
