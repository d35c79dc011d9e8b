"""Factories of the honor roll tests: index, lists, honorees with a complete consent record."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

import factory
import wagtail_factories
from PIL import Image as PILImage

from cms.honor_roll.models import HonorCategory, Honoree, HonorRollIndexPage, HonorRollPage, Town
from cms.honor_roll.models.consent import ConsentMethod


def png_bytes(size=(40, 50), colour=(200, 180, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps(size=(300, 400), sideways=False):
    """A JPEG as a phone writes it: GPS position, camera, owner. The picture shows a blue band
    at its top; `sideways` stores it turned, with the orientation tag (6) that turns it back."""
    image = PILImage.new("RGB", size, (180, 40, 40))
    image.paste((20, 20, 200), (0, 0, size[0], size[1] // 4))
    exif = PILImage.Exif()
    exif[0x010F] = "TestPhone"
    exif[0x0110] = "TestPhone X"
    exif[0x013B] = "拍摄者某某"
    exif[0x0112] = 6 if sideways else 1
    exif[0x8825] = {1: "N", 2: (21.0, 51.0, 30.0), 3: "E", 4: (111.0, 58.0, 12.0)}
    if sideways:
        image = image.transpose(PILImage.Transpose.ROTATE_90)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def make_photo(title="照片", data=None, name="photo.jpg"):
    image = get_image_model()(
        title=title, file=ImageFile(io.BytesIO(data or jpeg_with_gps()), name=name)
    )
    image.save()
    return image


class HonorRollIndexPageFactory(wagtail_factories.PageFactory):
    title = "诚信红榜"
    slug = "honor-roll"

    class Meta:
        model = HonorRollIndexPage


class HonorRollPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"2026年第{n}批“阳江好人”榜")
    year = 2026
    round_label = "第二季度"
    recommending_unit = "阳江市文明办"
    publicity_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    publicity_end = factory.LazyAttribute(lambda o: o.publicity_start + timedelta(days=6))

    class Meta:
        model = HonorRollPage


class HonoreeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"好人{n}")
    gender = "f"
    unit = "阳江市某公司"
    town = factory.LazyFunction(lambda: Town.objects.get(name="南恩街道"))
    category = factory.LazyFunction(lambda: HonorCategory.objects.get(name="诚实守信"))
    story = "<p>拾金不昧，归还失主。</p>"
    honours = "2025年度“阳江好人”"
    consent_given_by = factory.LazyAttribute(lambda o: o.name)
    consent_given_on = factory.LazyFunction(timezone.localdate)
    consent_method = ConsentMethod.SIGNED_BY_HONOREE
    consent_scan_type = "image/png"
    consent_scan = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="consent.png"))

    class Meta:
        model = Honoree

    class Params:
        without_consent = factory.Trait(
            consent_given_by="",
            consent_given_on=None,
            consent_method="",
            consent_scan=None,
            consent_scan_type="",
        )
