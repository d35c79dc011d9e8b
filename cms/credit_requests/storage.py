"""Evidence files live outside MEDIA_ROOT, so nothing under /media/ can ever serve them.

Staff download them through an admin view that checks permission; this storage has no URL.
The location is read from settings on every use, so tests (and deployments) can move it.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="cms.credit_requests.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(settings.CREDIT_REQUEST_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    # Owner only: 0600 files in 0700 folders, whatever the media uploads get.
    @property
    def file_permissions_mode(self):
        return settings.PRIVATE_FILE_PERMISSIONS

    @property
    def directory_permissions_mode(self):
        return settings.PRIVATE_DIRECTORY_PERMISSIONS

    def url(self, name):
        raise ValueError("Evidence files have no public URL; use the admin download view.")


def private_file_response(field_file, *, filename, content_type):
    """A download of a private file, for views that have already checked permission."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("private file missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
