"""Loading Sichuan's divisions: counts, idempotence, renames that keep references, and bad rows
that are refused whole with an error naming the line, the code and the rule."""

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from fawang.core.errors import ValidationFailed
from fawang.regions.models import Region, RegionLevel
from fawang.regions.services import BUNDLED_CSV, regions_load

pytestmark = pytest.mark.django_db


def _copy_csv(tmp_path: Path) -> Path:
    target = tmp_path / "divisions.csv"
    shutil.copy(BUNDLED_CSV, target)
    return target


def _rewrite(path: Path, edit) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_sichuan_has_one_province_21_prefectures_183_counties_3111_townships(sichuan):
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    assert counts == {"province": 1, "prefecture": 21, "county": 183, "township": 3111, "village": 0}
    assert sichuan.name == "四川省"
    assert Region.objects.get(code="513334").path == "510000/513300/513334/"


def test_a_second_load_changes_nothing(sichuan):
    before = dict(Region.objects.values_list("code", "name"))

    report = regions_load()

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3316)
    assert dict(Region.objects.values_list("code", "name")) == before


def test_a_renamed_township_is_updated_and_keeps_what_refers_to_it(sichuan, tmp_path):
    from fawang.network.models import ServicePoint

    station = ServicePoint.objects.create(
        name="浆洗街街道公共法律服务工作站", kind="station", level="township", region_id="510107001"
    )
    path = _copy_csv(tmp_path)

    def rename(rows):
        for row in rows:
            if row["code"] == "510107001":
                row["name"] = "浆洗街新街道"
        return rows

    _rewrite(path, rename)
    report = regions_load(csv_path=path)

    assert report.updated == 1 and report.changed_codes == ["510107001"] and report.created == 0
    station.refresh_from_db()
    assert station.region.name == "浆洗街新街道"
    assert station.region.path == "510000/510100/510107/510107001/"


def test_a_row_with_an_unknown_parent_is_refused_naming_line_code_and_rule(sichuan, tmp_path):
    path = _copy_csv(tmp_path)
    _rewrite(
        path,
        lambda rows: [*rows, {**rows[-1], "code": "519999001", "name": "无主街道", "parent_code": "519999"}],
    )
    last_line = 3316 + 2  # header is line 1, the new row is the last one

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        regions_load(csv_path=path)

    [error] = caught.value.errors
    assert error.code == "region_parent_unknown"
    assert error.field == "parent_code"
    assert f"line {last_line}" in error.message
    assert "519999001" in error.message and "519999" in error.message
    assert not Region.objects.filter(code="519999001").exists()


def test_a_bad_row_among_new_valid_rows_saves_none_of_them(sichuan, tmp_path):
    path = _copy_csv(tmp_path)
    good = {
        "code": "510107099",
        "name": "新设街道",
        "level": "township",
        "parent_code": "510107",
        "type": "街道",
        "code12": "510107099000",
        "is_admin_unit": "1",
    }
    bad = {**good, "code": "510199001", "name": "错误街道", "parent_code": "510199"}
    renamed = "浆洗街改名街道"

    def edit(rows):
        for row in rows:
            if row["code"] == "510107001":
                row["name"] = renamed
        return [*rows, good, bad]

    _rewrite(path, edit)

    with pytest.raises(ValidationFailed):
        regions_load(csv_path=path)

    assert Region.objects.count() == 3316
    assert not Region.objects.filter(code="510107099").exists()
    assert Region.objects.get(code="510107001").name == "浆洗街街道"  # the rename was not applied either


def test_the_command_reports_the_bad_row(sichuan, tmp_path):
    path = _copy_csv(tmp_path)
    _rewrite(path, lambda rows: [*rows, {**rows[-1], "code": "519999001", "parent_code": "519999"}])

    with pytest.raises(CommandError, match="519999001"):
        call_command("load_regions", "--csv", str(path))
