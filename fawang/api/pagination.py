"""Page numbers the database can count to. ninja's PageNumberPagination takes any `page` >= 1 and
turns it into an OFFSET; `?page=99999999999999999999` overflowed SQLite's INTEGER and PostgreSQL's
bigint (a 500). Every list endpoint paginates with this class instead."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

# A million pages of at most 100 orders is far past any queue and far inside a 64-bit OFFSET.
MAX_PAGE = 1_000_000


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
        page_size: int | None = Field(None, ge=1, description="Items per page (default 20, at most 100)")
