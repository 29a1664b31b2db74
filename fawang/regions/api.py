from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from fawang.api.schemas import ErrorOut
from fawang.core.errors import NotFound

from .models import Region
from .selectors import region_ancestors, region_children, region_get

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    type: str
    parent_code: str | None
    is_admin_unit: bool

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id


class RegionDetailOut(RegionOut):
    ancestors: list[RegionOut]
    children: list[RegionOut] = Field(alias="children_list")


def _get_or_404(code: str) -> Region:
    region = region_get(code)
    if region is None:
        raise NotFound("region_not_found", _("No region with code %(code)s.") % {"code": code}, "code")
    return region


@router.get(
    "/{code}",
    response={200: RegionDetailOut, 404: ErrorOut},
    summary="A region with its ancestors and children",
)
def region_detail(request: HttpRequest, code: str) -> Region:
    region = _get_or_404(code)
    region.ancestors = list(region_ancestors(region))
    region.children_list = list(region_children(region))
    return region


@router.get(
    "/{code}/children",
    response={200: list[RegionOut], 404: ErrorOut},
    summary="Direct subdivisions of a region",
)
def region_children_list(request: HttpRequest, code: str) -> list[Region]:
    return list(region_children(_get_or_404(code)))
