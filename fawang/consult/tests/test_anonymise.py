"""The anonymiser on real questions (fixtures copied from legal_qa.jsonl with their line numbers, see
data/README.md) and on the numbers that must never be published: names, phone and ID numbers and
addresses go; the legal substance stays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fawang.consult.anonymise import anonymise, only_personal_numbers

ROWS = {
    row["line"]: row
    for row in map(
        json.loads,
        (Path(__file__).parent / "data" / "legal_qa_personal.jsonl").read_text("utf-8").splitlines(),
    )
}


def test_a_named_asker_and_a_companys_legal_representative_line_4165():
    out = anonymise(ROWS[4165]["question"])
    assert "张善德" not in out.text and "张述伟" not in out.text
    assert "土豆收获机" in out.text and "山东昌信智达机械有限公司" in out.text  # a company is not a person
    assert out.found.count("name") == 2


def test_a_flats_address_and_two_tenants_line_5968():
    out = anonymise(ROWS[5968]["question"])
    for gone in ("湖宾东路", "13栋", "501室", "琚路德", "江卫影"):
        assert gone not in out.text, gone
    assert out.text.startswith("本人将位于") and "租给租户" in out.text


def test_a_titled_surname_line_3145():
    out = anonymise(ROWS[3145]["question"])
    assert "吴女士" not in out.text and "女士" in out.text


def test_an_already_anonymised_name_and_a_question_without_personal_details_are_left_alone():
    assert anonymise(ROWS[457]["question"]).text == ROWS[457]["question"]  # 戴XX: nothing more to take
    assert not anonymise(ROWS[6007]["question"]).changed  # "叫做" is not a name cue


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("身份证号510107199001011237", "510107199001011237"),
        ("旧身份证510107900101123", "510107900101123"),
        ("电话138 1234 5678", "138 1234 5678"),
        ("手机+86 13812345678", "13812345678"),
        ("座机028-85551234", "85551234"),
        ("工资卡6222021234567890123", "6222021234567890123"),
        ("邮箱chen.ming@example.com", "chen.ming@example.com"),
        ("我住在武侯区武侯祠大街231号", "武侯祠大街231号"),
        ("家在昭觉县解放沟村3组", "解放沟村3组"),
        ("原告王小明诉称", "王小明"),
    ],
)
def test_personal_details_are_removed(text, gone):
    assert gone not in anonymise(text).text


def test_a_question_that_is_only_an_id_number_is_recognised():
    assert only_personal_numbers(" 510107199001011237 ")
    assert only_personal_numbers("13812345678。")
    assert not only_personal_numbers("我的身份证510107199001011237丢了怎么办")
    assert not only_personal_numbers("")


def test_questions_that_name_no_one_come_out_unchanged():
    """Roles followed by a verb (原告要求…, 出借人可以…), fees (20万律师费), a shop's name (店名叫做…):
    real questions the rules once mangled."""
    for line in (6007, *sorted(n for n in ROWS if n not in (457, 3145, 4165, 5968, 6007))):
        out = anonymise(ROWS[line]["question"])
        assert out.text == ROWS[line]["question"], (line, out.text)
