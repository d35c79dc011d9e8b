"""Template filters for the publicity calendar."""

from django import template

register = template.Library()


@register.filter
def date_range(occurrence):
    """3月15日 · 6月1日至30日 · 2026年12月28日至2027年1月3日 (the year is implied by the page)."""
    start, end = occurrence.start, occurrence.end
    if start == end:
        return f"{start.month}月{start.day}日"
    if start.year != end.year:
        return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
    if start.month == end.month:
        return f"{start.month}月{start.day}日至{end.day}日"
    return f"{start.month}月{start.day}日至{end.month}月{end.day}日"


@register.filter
def countdown(occurrence, today):
    """进行中 / 今天 / 还有N天 / 已结束."""
    if occurrence.start <= today <= occurrence.end:
        return "进行中" if occurrence.start < today or occurrence.end > today else "今天"
    if today < occurrence.start:
        days = (occurrence.start - today).days
        return "明天" if days == 1 else f"还有{days}天"
    return "已结束"
