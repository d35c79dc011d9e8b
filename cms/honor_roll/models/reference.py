"""Reference lists that staff edit in the admin: honour categories (类别) and towns (镇街)."""

from django.db import models


class HonorCategory(models.Model):
    """类别 of an honoree, e.g. 诚实守信、助人为乐、见义勇为、敬业奉献、孝老爱亲."""

    name = models.CharField("类别名称", max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "荣誉类别"
        verbose_name_plural = "荣誉类别"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name


class Town(models.Model):
    """镇街 (or 县市区) an honoree lives or works in; the list pages filter by it."""

    name = models.CharField("镇街名称", max_length=30, unique=True)
    district = models.CharField("所属县（市、区）", max_length=30, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "镇街"
        verbose_name_plural = "镇街"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name
