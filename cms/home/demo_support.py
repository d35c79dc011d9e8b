"""Helpers that every app's `demo.py` uses to seed content idempotently."""

import io
import random

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image as PILImage
from PIL import ImageDraw

from .forms import unique_child_slug
from .slugs import pinyin_slug


def ensure_child_page(parent, model, *, title, slug=None, **fields):
    """Return the child of `parent` with this slug, creating and publishing it if missing.

    Existing pages are left untouched so that a second seed run changes nothing
    (and staff edits to demo pages survive re-seeding).
    """
    slug = slug or pinyin_slug(title)
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing, False
    page = model(title=title, slug=unique_child_slug(slug, parent), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def demo_image(title, *, seed, size=(1200, 675), collection=None):
    """A generated picture (no text: fresh machines have no CJK font), made once per title."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    base = tuple(rng.randint(120, 200) for _ in range(3))
    canvas = PILImage.new("RGB", size, base)
    draw = ImageDraw.Draw(canvas)
    for _ in range(14):
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        r = rng.randint(40, 260)
        colour = tuple(min(255, c + rng.randint(-60, 60)) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=82)
    image = Image(title=title, file=ImageFile(buffer, name=f"demo-{seed}.jpg"))
    if collection is not None:
        image.collection = collection
    image.save()
    return image
