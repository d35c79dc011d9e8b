"""Admin page form that fills a blank slug with the title's pinyin."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .slugs import pinyin_slug


class PinyinSlugPageForm(WagtailAdminPageForm):
    """A slug typed by staff is kept; a blank one becomes the title's pinyin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空则根据标题自动生成拼音网址"

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("slug") and cleaned_data.get("title"):
            cleaned_data["slug"] = unique_child_slug(
                pinyin_slug(cleaned_data["title"]), self.parent_page, self.instance
            )
            self.errors.pop("slug", None)
        return cleaned_data


def unique_child_slug(base: str, parent, instance=None) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free below `parent`."""
    if parent is None:
        return base
    candidate, suffix = base, 1
    while not Page._slug_is_available(candidate, parent, instance):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate
