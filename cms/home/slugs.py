"""Readable ASCII slugs for Chinese titles (pinyin), e.g. 政策解读 -> zheng-ce-jie-du."""

from django.utils.text import slugify

from pypinyin import Style, lazy_pinyin

MAX_SLUG_LENGTH = 80


def pinyin_slug(title: str) -> str:
    """Transliterate Han characters to toneless pinyin and slugify the rest."""
    syllables = lazy_pinyin(title or "", style=Style.NORMAL, errors="default")
    slug = slugify(" ".join(syllables), allow_unicode=False)
    return slug[:MAX_SLUG_LENGTH].strip("-") or "page"
