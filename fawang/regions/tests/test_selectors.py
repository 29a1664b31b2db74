"""Ancestors, descendants and "is X inside Y", answered from the materialised path."""

import pytest

from fawang.regions.models import Region
from fawang.regions.selectors import region_ancestors, region_children, region_descendants, region_is_within

pytestmark = pytest.mark.django_db


def test_ancestors_run_from_the_province_down_to_the_parent(sichuan):
    litang = Region.objects.get(code="513334")
    assert [r.name for r in region_ancestors(litang)] == ["四川省", "甘孜藏族自治州"]
    assert list(region_ancestors(sichuan)) == []


def test_descendants_of_ganzi_are_its_18_counties_and_their_townships_in_one_query(
    sichuan, django_assert_num_queries
):
    ganzi = Region.objects.get(code="513300")
    with django_assert_num_queries(1):
        below = list(region_descendants(ganzi))
    assert sum(r.level == "county" for r in below) == 18
    assert all(r.path.startswith("510000/513300/") for r in below)
    assert ganzi not in below
    assert ganzi in region_descendants(ganzi, include_self=True)
    assert len(below) == Region.objects.filter(code__startswith="5133").count() - 1


def test_is_within_compares_whole_codes_not_string_prefixes(sichuan):
    litang = Region.objects.get(code="513334")
    ganzi = Region.objects.get(code="513300")
    chengdu = Region.objects.get(code="510100")
    assert region_is_within(litang, ganzi)
    assert region_is_within(litang, sichuan)
    assert region_is_within(ganzi, ganzi)
    assert not region_is_within(litang, chengdu)
    assert not region_is_within(ganzi, litang)
    # 510104 (锦江区) sits under 510100; 511000 (内江市) shares the "51" + "1" prefix with it but not the path.
    assert region_is_within(Region.objects.get(code="510104"), chengdu)
    assert not region_is_within(Region.objects.get(code="511002"), chengdu)
    assert region_is_within("510000/513300/513334/", "510000/513300/")


def test_children_are_the_direct_subdivisions_only(sichuan):
    assert region_children(sichuan).count() == 21
    assert region_children(Region.objects.get(code="513300")).count() == 18
