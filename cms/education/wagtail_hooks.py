from wagtail import hooks

from .downloads import count_download
from .viewsets import document_download_viewset

hooks.register("before_serve_document", count_download)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return document_download_viewset
