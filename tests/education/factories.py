"""Factories for the education section's pages and documents."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import factory
import wagtail_factories

from cms.education.demo import minimal_pdf
from cms.education.models import (
    EducationIndexPage,
    EducationMaterialDocument,
    EducationMaterialPage,
)


class EducationIndexPageFactory(wagtail_factories.PageFactory):
    title = "诚信教育"
    slug = "education"
    intro = "诚信教育资料"

    class Meta:
        model = EducationIndexPage


class EducationMaterialPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"诚信教育资料{n}")
    summary = "资料摘要"
    stage = "xiaoxue"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>资料正文</p>")])

    class Meta:
        model = EducationMaterialPage


def make_document(title="诚信教案", filename="诚信教案.pdf", content=None):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content or minimal_pdf(["test"]), name=filename)
    )


def make_material(index, *, tags=(), documents=(), **fields):
    material = EducationMaterialPageFactory(parent=index, **fields)
    if tags:
        material.tags.add(*tags)
    for document in documents:
        EducationMaterialDocument.objects.create(page=material, document=document)
    if tags or documents:
        material.save_revision().publish()
    return material
