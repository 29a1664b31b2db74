"""The assignment suggestion: a pure function of the case's facts and the candidates (issue 11, item 4)."""

from __future__ import annotations

import random

from fawang.legalaid.suggestion import (
    AT_CAPACITY,
    CONFLICT_APPLICANT,
    CONFLICT_OPPOSING,
    UNAVAILABLE,
    Candidate,
    CaseFacts,
    Party,
    explain_component,
    explain_exclusion,
    party_key,
    suggest,
)

WUHOU = "510000/510100/510107/510107001/"
JINJIANG = "510000/510100/510104/"
KANGDING = "510000/513300/513301/"
CASE = CaseFacts(
    matter_type="civil",
    matter="wages",
    language="zh",
    region_path=WUHOU,
    opposing_party=party_key("某建筑公司"),
)


def lawyer(id: int, **kw) -> Candidate:
    base = dict(
        name=f"律师{id}",
        institution_id=100 + id,
        institution=f"律所{id}",
        region_path=WUHOU,
        languages=("zh",),
        matter_types=("civil",),
    )
    return Candidate(id=id, **{**base, **kw})


def test_the_wage_specialist_of_the_county_who_speaks_the_language_comes_first():
    candidates = [
        lawyer(1, region_path=KANGDING, matters=("wages",)),
        lawyer(2, matters=("wages",)),
        lawyer(3, matter_types=("criminal",)),
        lawyer(4, region_path=JINJIANG, matters=("wages",)),
    ]
    result = suggest(CASE, candidates)
    assert [r.id for r in result.ranked] == [2, 4, 1, 3]
    first = {c.name: (c.points, c.ceiling) for c in result.ranked[0].components}
    assert first == {
        "specialty": (35, 35),
        "language": (25, 25),
        "locality": (20, 20),
        "load": (15, 15),
        "rotation": (10, 10),
    }
    assert result.ranked[0].score == 105 - 0 and result.ranked[1].score == 97


def test_a_tibetan_speaker_is_ranked_above_an_equal_colleague_for_a_tibetan_applicant():
    case = CaseFacts(matter_type="civil", language="bo", region_path=KANGDING)
    result = suggest(
        case, [lawyer(1, region_path=KANGDING), lawyer(2, region_path=KANGDING, languages=("zh", "bo"))]
    )
    assert [r.id for r in result.ranked] == [2, 1]
    language = {c.name: c for c in result.ranked[1].components}["language"]
    from django.utils import translation

    with translation.override("en"):
        assert language.points == 0 and "interpreter" in explain_component(language.__dict__)
    with translation.override("zh-hans"):
        assert "翻译" in explain_component(language.__dict__)  # said in the reader's language


def test_load_and_rotation_spread_the_work():
    busy = lawyer(1, open_cases=8, capacity=10)
    often = lawyer(2, recent_assignments=5)
    fresh = lawyer(3)
    assert [r.id for r in suggest(CASE, [busy, often, fresh]).ranked] == [3, 2, 1]
    # Equal scores: fewer recent assignments first, then the lower id, whatever the input order.
    a, b = lawyer(7, recent_assignments=1, open_cases=1), lawyer(6, recent_assignments=1, open_cases=1)
    assert [r.id for r in suggest(CASE, [a, b]).ranked] == [6, 7]


def test_conflicts_unavailable_and_full_candidates_are_left_out_with_their_reason():
    opposing = Party(party_key("某建筑公司"), "某建筑公司", "case:LA1")
    against = Party(party_key("王某"), "王某", "record:3", against=True)
    case = CaseFacts(**{**CASE.__dict__, "applicant": party_key("王某")})
    candidates = [
        lawyer(1, parties=(opposing,)),
        lawyer(2, parties=(against,)),
        lawyer(3, available=False),
        lawyer(4, open_cases=10, capacity=10),
        lawyer(5),
    ]
    result = suggest(case, candidates)
    assert [r.id for r in result.ranked] == [5]
    reasons = {e.id: e.reason for e in result.excluded}
    assert reasons == {1: CONFLICT_OPPOSING, 2: CONFLICT_APPLICANT, 3: UNAVAILABLE, 4: AT_CAPACITY}
    assert "某建筑公司" in explain_exclusion(result.excluded[0].__dict__)


def test_the_same_inputs_give_the_same_output_in_any_order():
    rng = random.Random(4)
    candidates = [
        lawyer(
            i, open_cases=rng.randrange(10), recent_assignments=rng.randrange(6), matters=("wages",) * (i % 2)
        )
        for i in range(1, 200)
    ]
    first = suggest(CASE, candidates).as_json()
    rng.shuffle(candidates)
    assert suggest(CASE, candidates).as_json() == first


def test_a_duty_lawyer_on_duty_today_gains_on_a_criminal_case():
    case = CaseFacts(matter_type="criminal", region_path=WUHOU, criminal=True)
    result = suggest(
        case, [lawyer(1, matter_types=("criminal",)), lawyer(2, matter_types=("criminal",), on_duty=True)]
    )
    assert [r.id for r in result.ranked] == [2, 1]
    assert {c.name for c in result.ranked[0].components} >= {"duty"}


def test_the_fast_ranking_is_the_rule_applied_to_everyone():
    from fawang.legalaid.suggestion import compile_panel, suggest_by_scoring_everyone

    rng = random.Random(9)
    counties = [WUHOU, JINJIANG, KANGDING, "510000/510100/510105/", "510000/511100/511102/"]
    candidates = [
        lawyer(
            i,
            region_path=rng.choice(counties),
            languages=("zh", *rng.sample(("bo", "ii"), rng.choice((0, 1)))),
            matter_types=tuple(rng.sample(("civil", "criminal", "administrative"), rng.randint(1, 2))),
            matters=tuple(rng.sample(("wages", "work_injury", "maintenance"), rng.randint(0, 2))),
            open_cases=rng.randrange(12),
            recent_assignments=rng.randrange(7),
            available=rng.random() > 0.1,
            on_duty=rng.random() < 0.1,
            parties=(Party(party_key("某建筑公司"), "某建筑公司", "case:X"),) if i % 17 == 0 else (),
        )
        for i in range(1, 400)
    ]
    panel = compile_panel(candidates)
    for n in range(60):
        case = CaseFacts(
            matter_type=rng.choice(("civil", "criminal", "administrative")),
            matter=rng.choice(("", "wages", "maintenance")),
            language=rng.choice(("zh", "bo", "ii")),
            region_path=rng.choice(counties) + "001/",
            opposing_party=party_key("某建筑公司") if n % 2 else "",
            criminal=n % 3 == 0,
        )
        fast = suggest(case, panel)
        assert [r.id for r in fast.ranked] == suggest_by_scoring_everyone(case, candidates), case
        assert all(r.score == sum(c.points for c in r.components) for r in fast.ranked)
