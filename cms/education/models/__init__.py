"""Education materials for schools, split by concept: pages, attached documents, download counts."""

from .downloads import DocumentDownload  # noqa: F401
from .pages import (  # noqa: F401
    EducationIndexPage,
    EducationMaterialDocument,
    EducationMaterialPage,
    EducationMaterialTag,
)
