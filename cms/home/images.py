"""Every uploaded picture loses its metadata: EXIF, XMP, IPTC, comments (GPS position, camera,
owner, time taken). The orientation the camera recorded is applied to the pixels first, so the
picture still stands upright. This happens before the file is written under MEDIA_ROOT, so the
stored original carries none, and neither does any rendition made from it (Willow copies the
original's EXIF into renditions, so stripping the original is what keeps them clean).

It hooks pre_save of the image model, so it covers every way a picture arrives: the admin's
upload forms, the multiple uploader, choosers, seed scripts. Non-images and pictures too large
to decode safely (decompression bombs) are refused with a Chinese message, by the admin form
(ImageForm, set as WAGTAILIMAGES_IMAGE_FORM_BASE) before anything is saved.
"""

import io
import logging
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.signals import pre_save

from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image, ImageOps, ImageSequence

logger = logging.getLogger(__name__)

SAVE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# What a picture needs to look the same; everything else in Pillow's info (exif, xmp, comment,
# dpi, photoshop/IPTC blocks, PNG text chunks) is dropped.
KEPT_INFO = ("icc_profile", "transparency", "duration", "loop", "background")
NOT_AN_IMAGE = "文件不是可识别的图片（支持JPG、PNG、GIF、WEBP格式），或图片已损坏，请重新选择。"
TOO_MANY_PIXELS = (
    "图片尺寸过大（{pixels:,}像素，上限{limit:,}像素），无法安全处理。请缩小图片后重新上传。"
)


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)


def open_checked(fileobj):
    """Open with Pillow (headers only) and refuse a non-image or a decompression bomb."""
    limit = max_image_pixels()
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(fileobj)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            TOO_MANY_PIXELS.format(pixels=Image.MAX_IMAGE_PIXELS or 0, limit=limit),
            code="too_many_pixels",
        ) from None
    except Exception:  # Pillow raises many kinds for a file that is not a picture
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    if image.format not in SAVE_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    pixels = width * height * getattr(image, "n_frames", 1)
    if limit and pixels > limit:
        raise ValidationError(
            TOO_MANY_PIXELS.format(pixels=pixels, limit=limit), code="too_many_pixels"
        )
    return image


def strip_metadata(fileobj) -> bytes:
    """The picture re-encoded in its own format, upright, without any metadata."""
    image = open_checked(fileobj)
    image_format = image.format
    kept = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    try:
        if getattr(image, "is_animated", False):
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        else:
            image.load()
            frames = [ImageOps.exif_transpose(image)]
    except Exception:  # truncated or corrupt pixel data
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    for frame in frames:
        frame.info = {}
    output = io.BytesIO()
    first, rest = frames[0], frames[1:]
    options = _save_options(image_format, kept)
    if image_format == "JPEG" and first.mode not in ("RGB", "L", "CMYK"):
        first = first.convert("RGB")
    if rest:
        options.update(save_all=True, append_images=rest)
    first.save(output, format=image_format, **options)
    return output.getvalue()


def _save_options(image_format, kept):
    options = {}
    if "icc_profile" in kept and image_format != "GIF":
        options["icc_profile"] = kept["icc_profile"]
    if image_format == "JPEG":
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    elif image_format == "PNG":
        options.update(optimize=True)
    for key in ("transparency", "duration", "loop", "background"):
        if key in kept and image_format in ("PNG", "GIF", "WEBP"):
            if key == "transparency" and image_format == "WEBP":
                continue
            options[key] = kept[key]
    return options


def strip_before_save(sender, instance, **kwargs):
    """pre_save of the image model: a newly assigned file is replaced by its clean version."""
    field_file = instance.file
    if not field_file or getattr(field_file, "_committed", True):
        return  # no new file: an edit of title, focal point, tags…
    source = field_file.file
    clean = strip_metadata(source)
    name = field_file.name
    upload = UploadedFile(io.BytesIO(clean), name=name, size=len(clean))
    instance.file = upload  # ImageField's descriptor updates width and height
    instance.file_size = len(clean)
    instance.file_hash = ""  # recomputed from the stored bytes after save
    instance._metadata_stripped = True


def refresh_hash_after_save(sender, instance, created=False, **kwargs):
    if getattr(instance, "_metadata_stripped", False):
        instance._metadata_stripped = False
        instance.get_file_hash()  # computes and saves the hash of the clean file


def connect_metadata_stripping():
    from django.db.models.signals import post_save

    model = get_image_model()
    pre_save.connect(strip_before_save, sender=model, dispatch_uid="images-strip-metadata")
    post_save.connect(refresh_hash_after_save, sender=model, dispatch_uid="images-rehash")


class SafeImageField(WagtailImageField):
    """Wagtail's image field with Chinese messages, and a decompression bomb refused rather than
    crashing (Pillow raises while Wagtail reads the size)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages.update(
            invalid_image=NOT_AN_IMAGE,
            invalid_image_extension=NOT_AN_IMAGE,
            invalid_image_known_format="文件扩展名与图片的实际格式不符，请确认后重新选择。",
            file_too_many_pixels=TOO_MANY_PIXELS.replace("{pixels:,}", "%(num_pixels)s").replace(
                "{limit:,}", "%(max_pixels_count)s"
            ),
        )

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                TOO_MANY_PIXELS.format(pixels=Image.MAX_IMAGE_PIXELS * 2, limit=max_image_pixels()),
                code="file_too_many_pixels",
            ) from None


class ImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the safe field."""

    file = SafeImageField(label="文件", widget=BaseImageForm.Meta.widgets["file"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            open_checked(upload)  # the same checks as on save, in Chinese, before saving
            upload.seek(0)
        return upload
