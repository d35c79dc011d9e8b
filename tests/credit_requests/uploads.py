"""Generated upload files for the form tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name="证明.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (155, 28, 28)).save(buffer, fmt)
    return buffer.getvalue()


def png(name="scan.png"):
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg(name="photo.jpg"):
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def exe_renamed_pdf(name="证明.pdf"):
    # A Windows PE header: "MZ", padding, the PE offset and signature.
    content = (
        b"MZ" + b"\x90" * 58 + b"\x80\x00\x00\x00" + b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 200
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def truncated_png(name="broken.png"):
    return SimpleUploadedFile(name, image_bytes("PNG")[:60], content_type="image/png")
