"""Honor roll models, split by concept: reference lists, consent, honorees, pages."""

from .honorees import Honoree  # noqa: F401
from .pages import HonorRollIndexPage, HonorRollPage  # noqa: F401
from .reference import HonorCategory, Town  # noqa: F401
