"""Image bytes for WeChat tests: the formats and sizes WeChat accepts and refuses."""

import io
import os

from PIL import Image


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 30, 30), mode="RGB", noise=False):
    """Bytes of an image; noise=True makes it incompressible (for size limits)."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new(mode, size, color if mode == "RGB" else None)
    if mode != image.mode:
        image = image.convert(mode)
    out = io.BytesIO()
    options = {"quality": 95} if fmt == "JPEG" else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return (name, io.BytesIO(data), content_type)
