"""Fixed vocabularies of the exposure list (categories, severities, statuses)."""

from django.db import models


class Category(models.IntegerChoices):
    """The four kinds of serious dishonesty (国发〔2016〕33号; 国办发〔2020〕49号)."""

    HEALTH_SAFETY = 1, "严重危害人民群众身体健康和生命安全的行为"
    MARKET_ORDER = 2, "严重破坏市场公平竞争秩序和社会正常秩序的行为"
    REFUSES_OBLIGATION = 3, "有履行能力但拒不履行、逃避执行法定义务，情节严重的行为"
    NATIONAL_DEFENCE = 4, "拒不履行国防义务的行为"


class Severity(models.TextChoices):
    """严重程度; the publicity-period bounds of each live in SeverityPeriod (editable)."""

    MINOR = "minor", "轻微"
    ORDINARY = "ordinary", "一般"
    SERIOUS = "serious", "严重"


class Status(models.TextChoices):
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤回"
    CORRECTED = "corrected", "待更正"
    REPAIRED = "repaired", "已信用修复"
    EXPIRED = "expired", "公示期满"


# Statuses after which nothing may bring the entry back by itself.
FINAL_STATUSES = {Status.WITHDRAWN, Status.REPAIRED}
