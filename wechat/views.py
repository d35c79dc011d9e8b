"""Admin views of the WeChat channel: the page's 公众号 panel, its actions, previews, the list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page, PageLogEntry

from cms.home.roles import CREDIT_REVIEWERS

from . import images as wimages
from . import tasks
from .client import WeChatError, get_client
from .log_actions import LOG_ACTIONS
from .models import WeChatArticle
from .renderers.base import RenderError, renderer_for
from .renderers.html import placeholder
from .sync import article_for, render


def can_publish(user):
    """发布 and 群发 reach the public: 信用审核员 only."""
    return user.is_superuser or user.groups.filter(name=CREDIT_REVIEWERS).exists()


def editable_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if renderer_for(page) is None:
        raise PermissionDenied
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class ArticleSettingsForm(ModelForm):
    class Meta:
        model = WeChatArticle
        fields = ["title_override", "digest_override", "auto_update"]


class PanelView(WagtailAdminTemplateMixin, TemplateView):
    """The 公众号 panel of one page: state, actions, settings, history."""

    template_name = "wechat/admin/panel.html"
    header_icon = "globe"

    def dispatch(self, request, page_id):
        self.page = editable_page(request, page_id)
        self.article = article_for(self.page)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return f"公众号：{self.page.get_admin_display_title()}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wechat:index"), "label": "微信公众号"},
            {"url": "", "label": self.page.get_admin_display_title()},
        ]

    def post(self, request, page_id):
        form = ArticleSettingsForm(request.POST, instance=self.article)
        if form.is_valid():
            form.save()
            messages.success(request, "公众号设置已保存")
            return redirect("wechat:panel", self.page.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.article
        context.update(
            page=self.page,
            article=article,
            form=kwargs.get("form") or ArticleSettingsForm(instance=article),
            can_publish=can_publish(self.request.user),
            history=PageLogEntry.objects.filter(
                page_id=self.page.pk, action__in=list(LOG_ACTIONS)
            ).order_by("-timestamp")[:20],
            shown_count=article.shown_objects.count() if article.pk else 0,
        )
        return context


ACTIONS = {
    "sync": (tasks.sync_draft_task, "已提交同步到草稿箱", False),
    "publish": (tasks.publish_task, "已提交发布", True),
    "refresh": (tasks.refresh_publication_task, "已查询发布状态", False),
    "mass-send": (tasks.mass_send_task, "已提交群发", True),
    "withdraw": (tasks.retry_withdrawal_task, "已重试从公众号删除", False),
}


class ActionView(View):
    """POST: run one step as a background task, then back to the panel."""

    def post(self, request, page_id, action):
        page = editable_page(request, page_id)
        if action not in ACTIONS:
            raise PermissionDenied
        task, done, needs_reviewer = ACTIONS[action]
        if needs_reviewer and not can_publish(request.user):
            raise PermissionDenied("发布和群发需要信用审核员权限")
        article = article_for(page)
        before = article.updated_at
        task.enqueue(page.pk, request.user.pk)
        article.refresh_from_db()
        if article.last_error and article.updated_at != before:
            messages.error(request, article.last_error)
        else:
            messages.success(request, done)
        return redirect("wechat:panel", page.pk)


def _preview(title, body_html, status=200):
    response = HttpResponse(
        render_to_string("wechat/admin/preview.html", {"title": title, "body": body_html}),
        status=status,
    )
    # What WeChat would show runs no script here, whatever it contains.
    response["Content-Security-Policy"] = "sandbox; img-src * data:; style-src 'unsafe-inline'"
    return response


class PreviewView(View):
    """预览: the article as it will be sent, with local pictures in place of uploaded ones."""

    def get(self, request, page_id):
        page = editable_page(request, page_id)
        try:
            rendered = render(page, article_for(page))
        except RenderError as error:
            return _preview("无法预览", f"<p>{escape(error.message)}</p>", 400)
        content = rendered.html
        for index in range(len(rendered.images) - 1, -1, -1):
            image = rendered.images[index]
            url = image.get_rendition(wimages.body_spec(image)).url
            content = content.replace(f'src="{placeholder(index)}"', f'src="{url}"')
        return _preview(rendered.title, content)


class DraftView(View):
    """The draft as the 公众号 draft box holds it (draft/get)."""

    def get(self, request, page_id):
        page = editable_page(request, page_id)
        article = article_for(page)
        if not article.draft_media_id:
            return _preview("没有草稿", "<p>草稿箱中没有这个页面的草稿。</p>", 404)
        try:
            item = get_client().draft.get(article.draft_media_id)["news_item"][0]
        except WeChatError as error:
            return _preview("无法读取草稿", f"<p>{escape(error.message)}</p>", 502)
        return _preview(item["title"], item["content"])


class IndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every page that has been sent to the 公众号, latest first."""

    template_name = "wechat/admin/index.html"
    page_title = "微信公众号"
    header_icon = "globe"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = WeChatArticle.objects.select_related("page").exclude(
            state=WeChatArticle.State.NEW, last_error=""
        )[:200]
        return context
