"""seed_demo: materials for every stage with real PDF and poster files; a second run changes nothing."""

import re

from django.test import Client

import pytest

from cms.education.models import EducationMaterialPage
from cms.education.stages import Stage
from cms.search.services import site_search
from tests.seeding import row_counts, seed_demo

pytestmark = pytest.mark.django_db


def test_seed_covers_every_stage_with_files_and_is_idempotent():
    seed_demo()
    counts = row_counts()
    seed_demo()
    assert row_counts() == counts

    materials = EducationMaterialPage.objects.live()
    assert {m.stage for m in materials} == set(Stage.values)
    for material in materials:
        files = [item.document for item in material.documents.all()]
        assert {f.file_extension for f in files} == {"pdf", "png"}
        pdf = next(f for f in files if f.file_extension == "pdf")
        with pdf.open_file() as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
        xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
        assert data[xref_at : xref_at + 4] == b"xref"
        assert re.search(r"[\u4e00-\u9fff]", pdf.filename)

    response = Client().get("/education/gaoxiao/")
    assert response.status_code == 200 and "学术诚信" in response.content.decode()
    assert [hit.title for hit in site_search("助学贷款")] == ["大学生诚信与助学贷款"]
