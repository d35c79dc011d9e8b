"""Counts document downloads (Wagtail's before_serve_document hook)."""

from .models import DocumentDownload


def count_download(document, request):
    # A video player asks for many byte ranges of one file: count the first only.
    range_header = request.headers.get("Range", "")
    if request.method == "GET" and (not range_header or range_header.startswith("bytes=0-")):
        DocumentDownload.record(document)
