"""School stages (学段): a fixed list, so URLs and API filters stay stable for schools' scripts."""

from django.db import models


class Stage(models.TextChoices):
    PRIMARY = "xiaoxue", "小学"
    JUNIOR = "chuzhong", "初中"
    SENIOR = "gaozhong", "高中"
    VOCATIONAL = "zhongzhi", "中职"
    HIGHER = "gaoxiao", "高校"


STAGE_PATTERN = "|".join(Stage.values)


def unknown_stage_message(value) -> str:
    known = "、".join(f"{label}（{value}）" for value, label in Stage.choices)
    return f"没有“{value}”这个学段。可选学段：{known}。"
