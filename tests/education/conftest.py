import pytest

from .factories import EducationIndexPageFactory


@pytest.fixture
def education(home):
    return EducationIndexPageFactory(parent=home)
