"""Exposure list models, split by concept: reference lists, entries, pages."""

from .entries import ExposureEntry, ExposureImport, ExposureStatusChange  # noqa: F401
from .pages import ExposureIndexPage, ExposureListPage  # noqa: F401
from .reference import KeyArea, KeyGroup, SeverityPeriod  # noqa: F401
