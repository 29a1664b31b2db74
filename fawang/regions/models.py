from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")  # 省
    PREFECTURE = "prefecture", _("Prefecture")  # 市州
    COUNTY = "county", _("County")  # 区县
    TOWNSHIP = "township", _("Township")  # 乡镇/街道
    VILLAGE = "village", _("Village")  # 村/社区


LEVEL_DEPTH = {
    RegionLevel.PROVINCE: 0,
    RegionLevel.PREFECTURE: 1,
    RegionLevel.COUNTY: 2,
    RegionLevel.TOWNSHIP: 3,
    RegionLevel.VILLAGE: 4,
}


class Region(models.Model):
    """An administrative division (GB/T 2260 code). `path` is the materialised chain of codes from the
    province down ("510000/513300/513334/"), so subtree and ancestry questions are one indexed
    prefix query instead of a walk."""

    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=64)
    level = models.CharField(max_length=16, choices=RegionLevel.choices, db_index=True)
    type = models.CharField(max_length=32, blank=True)  # 地级市, 自治州, 市辖区, 县, 镇, 街道 ...
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=128, unique=True)
    depth = models.PositiveSmallIntegerField()
    is_admin_unit = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            models.Index(fields=["path"], name="region_path_prefix", opclasses=["varchar_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_codes(self) -> list[str]:
        """Codes from the province down to the parent, read off the path without a query."""
        return self.path.rstrip("/").split("/")[:-1]
