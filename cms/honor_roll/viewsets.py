"""Admin of the honor roll: honorees (with consent and its withdrawal), categories, towns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.credit_requests.storage import private_file_response

from .forms import HonoreeForm, WithdrawConsentForm
from .models import HonorCategory, Honoree, Town
from .withdrawal import AlreadyOffline, withdraw_consent

CONSENT_PERMISSION = "honor_roll.manage_consent"


def can_manage_consent(user):
    return user.has_perm(CONSENT_PERMISSION)


class HonoreeFilterSet(WagtailFilterSet):
    class Meta:
        model = Honoree
        fields = ["roll", "category", "town"]


def download_consent_scan(request, pk):
    """Staff with the consent permission only: the scan is not under MEDIA_ROOT."""
    if not can_manage_consent(request.user):
        raise PermissionDenied
    honoree = get_object_or_404(Honoree, pk=pk)
    if not honoree.consent_scan:
        raise PermissionDenied
    extension = honoree.consent_scan.name.rsplit(".", 1)[-1]
    return private_file_response(
        honoree.consent_scan,
        filename=f"consent-{honoree.pk}.{extension}",
        content_type=honoree.consent_scan_type or "application/octet-stream",
    )


def withdraw_consent_view(request, pk):
    """撤回同意: the honoree leaves every public surface at once; who, when and why are kept."""
    if not can_manage_consent(request.user):
        raise PermissionDenied
    honoree = get_object_or_404(Honoree.objects.select_related("roll"), pk=pk)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_consent(honoree.pk, user=request.user, reason=form.cleaned_data["reason"])
        except AlreadyOffline:
            messages.warning(request, f"{honoree.name}的同意此前已撤回。")
        else:
            messages.success(request, f"已登记{honoree.name}撤回同意，其信息已从网站各处撤下。")
        return redirect(honoree_viewset.get_url_name("edit"), honoree.pk)
    return TemplateResponse(
        request,
        "honor_roll/admin/withdraw_consent.html",
        {
            "honoree": honoree,
            "form": form,
            "page_title": f"撤回同意：{honoree.name}",
            "header_title": f"撤回同意：{honoree.name}",
            "header_icon": "user",
        },
    )


class PublicStateColumn(Column):
    def get_value(self, instance):
        return instance.public_state


class HonoreeViewSet(SnippetViewSet):
    model = Honoree
    icon = "user"
    menu_label = "入选人物"
    list_display = [
        "name",
        "roll",
        "category",
        "town",
        PublicStateColumn("public_state", label="公开状态"),
    ]
    filterset_class = HonoreeFilterSet
    search_fields = ["name", "unit", "recommending_unit"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["consent_scan", "consent_scan_type"]
    edit_handler = ObjectList(
        [
            FieldPanel("roll"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("gender")]),
            FieldPanel("photo"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("town")]),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("recommending_unit")]),
            FieldPanel("story"),
            FieldPanel("honours"),
            FieldPanel("sort_order"),
            MultiFieldPanel(
                [
                    HelpPanel(
                        "未登记完整的书面同意（同意人、日期、方式、同意书扫描件），"
                        "该人物不会在网站任何位置显示，所在榜单也不能发布。"
                        "本人撤回同意时，请在列表中使用“撤回同意”。"
                    ),
                    FieldRowPanel([FieldPanel("consent_given_by"), FieldPanel("consent_given_on")]),
                    FieldPanel("consent_method"),
                    FieldPanel("consent_scan"),
                ],
                heading="本人书面同意",
            ),
        ],
        base_form_class=HonoreeForm,
    )

    def get_queryset(self, request):
        return Honoree.objects.select_related("roll", "category", "town")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("consent-scan/<int:pk>/", download_consent_scan, name="consent_scan"),
            path("withdraw-consent/<int:pk>/", withdraw_consent_view, name="withdraw_consent"),
        ]


def honoree_listing_buttons(snippet, user, next_url=None):
    """Consent actions next to each honoree in the admin list."""
    if not isinstance(snippet, Honoree) or not can_manage_consent(user):
        return []
    buttons = []
    if snippet.consent_scan:
        buttons.append(
            ListingButton(
                "下载同意书",
                reverse(honoree_viewset.get_url_name("consent_scan"), args=[snippet.pk]),
                icon_name="download",
                priority=60,
            )
        )
    if snippet.consent_recorded and snippet.consent_withdrawn_at is None:
        buttons.append(
            ListingButton(
                "撤回同意",
                reverse(honoree_viewset.get_url_name("withdraw_consent"), args=[snippet.pk]),
                icon_name="cross",
                priority=70,
            )
        )
    return buttons


class HonorCategoryViewSet(SnippetViewSet):
    model = HonorCategory
    icon = "tag"
    list_display = ["name", "sort_order"]


class TownViewSet(SnippetViewSet):
    model = Town
    icon = "site"
    list_display = ["name", "district", "sort_order"]
    search_fields = ["name", "district"]
    search_backend_name = None


class HonorRollViewSetGroup(SnippetViewSetGroup):
    menu_label = "诚信红榜"
    menu_icon = "pick"
    menu_order = 240
    items = (HonoreeViewSet, HonorCategoryViewSet, TownViewSet)


honor_roll_group = HonorRollViewSetGroup()
honoree_viewset = next(v for v in honor_roll_group.registerables if v.model is Honoree)
