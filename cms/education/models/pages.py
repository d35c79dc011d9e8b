"""诚信教育: the education section (/education/) and its materials."""

from urllib.parse import urlencode

from django.db import models
from django.http import Http404
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from rest_framework import serializers

from cms.home.blocks import ArticleBodyBlock
from cms.home.models import BasePage, SectionIndexPage
from cms.home.pagination import paginate

from ..stages import STAGE_PATTERN, Stage

DEFAULT_LICENCE = (
    "本资料供各级各类学校开展诚信教育免费使用，可复制、转发；转载或改编请注明来源：信用阳江。"
)


class EducationIndexPage(RoutablePageMixin, SectionIndexPage):
    """诚信教育 (/education/): materials by stage and topic, feeds for schools."""

    page_size = 12

    subpage_types = ["education.EducationMaterialPage"]

    class Meta:
        verbose_name = "诚信教育栏目"

    def materials(self, stage=None, topic=None):
        """Live, public materials under this page, newest first."""
        materials = EducationMaterialPage.objects.live().public().child_of(self)
        if stage:
            materials = materials.filter(stage=stage)
        if topic:
            materials = materials.filter(tags__name=topic).distinct()
        return materials.order_by("-first_published_at", "-pk")

    def topics(self):
        """The topic tags that live materials carry, by name."""
        return list(
            EducationMaterialTag.objects.filter(content_object__in=self.materials())
            .values_list("tag__name", flat=True)
            .distinct()
            .order_by("tag__name")
        )

    def listing(self, request, stage=None):
        topic = request.GET.get("topic", "").strip()[:100]
        materials = self.materials(stage, topic).select_related("cover_image")
        page_obj = paginate(materials.prefetch_related("tags"), request, self.page_size)
        return self.render(
            request,
            context_overrides={
                "stage": stage,
                "stage_label": Stage(stage).label if stage else "",
                "stages": Stage.choices,
                "topic": topic,
                "topics": self.topics(),
                "materials": page_obj,
                "query_suffix": urlencode({"topic": topic}) if topic else "",
            },
        )

    @path("")
    def index_route(self, request):
        return self.listing(request)

    @re_path(rf"^(?P<stage>{STAGE_PATTERN})/$")
    def stage_route(self, request, stage):
        return self.listing(request, stage)

    @path("feed/", name="feed")
    def feed_route(self, request):
        return self._feed(request, None, atom=False)

    @path("feed/atom/", name="atom_feed")
    def atom_feed_route(self, request):
        return self._feed(request, None, atom=True)

    @re_path(r"^(?P<stage>[a-z]+)/feed/$", name="stage_feed")
    def stage_feed_route(self, request, stage):
        return self._feed(request, stage, atom=False)

    @re_path(r"^(?P<stage>[a-z]+)/feed/atom/$", name="stage_atom_feed")
    def stage_atom_feed_route(self, request, stage):
        return self._feed(request, stage, atom=True)

    def _feed(self, request, stage, atom):
        from ..feeds import MaterialAtomFeed, MaterialRssFeed

        if stage is not None and stage not in Stage.values:
            raise Http404("unknown stage")
        feed_class = MaterialAtomFeed if atom else MaterialRssFeed
        return feed_class(self, stage)(request)


class EducationMaterialTag(TaggedItemBase):
    content_object = ParentalKey(
        "education.EducationMaterialPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EducationMaterialDocument(Orderable):
    """A file attached to a material: lesson plan, slides, video, poster, reading list."""

    page = ParentalKey(
        "education.EducationMaterialPage", on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("显示名称", max_length=200, blank=True, help_text="留空则使用文件标题")

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_title(self):
        return self.label or self.document.title


class DocumentListField(serializers.Field):
    """Attached documents with absolute download URLs, for schools' scripts."""

    def to_representation(self, documents):
        request = self.context.get("request")
        rows = []
        for item in documents.all().select_related("document"):
            document = item.document
            url = document.url
            rows.append(
                {
                    "id": document.pk,
                    "title": item.display_title,
                    "filename": document.filename,
                    "file_extension": document.file_extension,
                    "file_size": document.get_file_size(),
                    "download_url": request.build_absolute_uri(url) if request else url,
                }
            )
        return rows


class EducationMaterialPage(BasePage):
    """诚信教育资料: one material for one school stage, with its files."""

    stage = models.CharField("学段", max_length=10, choices=Stage.choices, db_index=True)
    tags = ClusterTaggableManager(
        "主题标签",
        through=EducationMaterialTag,
        blank=True,
        help_text="如：诚信故事、信用常识、班会",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="封面图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name="正文", blank=True, use_json_field=True)
    teaching_notes = RichTextField(
        "教学建议", blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    licence_note = models.TextField("使用说明", default=DEFAULT_LICENCE)

    parent_page_types = ["education.EducationIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("stage"), FieldPanel("tags")], heading="分类"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("documents", label="附件（教案、课件、视频、海报等）"),
        FieldPanel("teaching_notes"),
        FieldPanel("licence_note"),
    ]
    promote_panels = Page.promote_panels
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("teaching_notes"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("stage"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("stage"),
        APIField("stage_label", serializer=serializers.CharField(source="get_stage_display")),
        APIField("tags"),
        APIField("cover_image"),
        APIField(
            "cover_image_thumbnail",
            serializer=ImageRenditionField("fill-480x270", source="cover_image"),
        ),
        APIField("body"),
        APIField("teaching_notes"),
        APIField("licence_note"),
        APIField("documents", serializer=DocumentListField()),
        APIField("last_published_at"),
    ]

    class Meta:
        verbose_name = "诚信教育资料"

    @cached_property
    def attachments(self):
        return list(self.documents.select_related("document"))
