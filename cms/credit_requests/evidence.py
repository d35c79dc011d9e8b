"""Checks on uploaded evidence (证明材料): PDF, JPEG or PNG by content, at most 10 MB, at most 5.

The file name and the browser's content type are ignored: an .exe renamed .pdf is refused, and a
PNG named .pdf is taken for what it is (a PNG) and stored as one.
"""

import os

from django.core.exceptions import ValidationError

import filetype
from PIL import Image

from cms.home.privacy import redact_id_numbers

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 5
ALLOWED_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def display_name(upload) -> str:
    """The uploaded name without any directory part, shortened for messages and the admin; an
    ID number in it (身份证正面_<number>.png) is kept masked only."""
    name = os.path.basename((upload.name or "").replace("\\", "/"))
    return redact_id_numbers(name)[:100] or "未命名文件"


def detect_content_type(upload) -> str:
    """The allowed content type of the upload, judged by its bytes; ValidationError otherwise."""
    name = display_name(upload)
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(f"文件“{name}”超过10 MB，请压缩或拆分后再上传。")
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空文件。")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise ValidationError(f"文件“{name}”不是PDF、JPG或PNG格式（按文件内容判断），请重新选择。")
    if mime == "application/pdf":
        if not head.startswith(b"%PDF-"):
            raise ValidationError(f"文件“{name}”不是有效的PDF文件。")
    elif not _is_intact_image(upload, _IMAGE_FORMATS[mime]):
        raise ValidationError(f"文件“{name}”已损坏或不是有效的图片。")
    return mime


def _is_intact_image(upload, expected_format: str) -> bool:
    try:
        with Image.open(upload) as image:
            if image.format != expected_format:
                return False
            image.verify()
    except Exception:  # Pillow raises many kinds for broken or hostile files; all mean "refuse"
        return False
    finally:
        upload.seek(0)
    return True


def check_uploads(uploads) -> list[tuple[object, str]]:
    """Every upload with its detected content type; one ValidationError listing every bad file."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError(f"证明材料最多上传{MAX_FILES}个文件。")
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, detect_content_type(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked
