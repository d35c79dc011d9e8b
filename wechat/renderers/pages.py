"""The WeChat renderers of the site's page types (imported by WechatConfig.ready()).

To republish another page type, add a class here registered with its model
label; StreamFieldRenderer renders any StreamField body, so most page types
only say what comes before or after it.
"""

from django.conf import settings

from .base import Renderer, StreamFieldRenderer, register

EXPOSURE_ENTRIES_MAX = 80  # keeps a batch under WeChat's 20,000-character body limit


@register("home.ArticlePage")
class ArticleRenderer(StreamFieldRenderer):
    def author(self, page):
        return page.source or super().author(page)

    def intro(self, page, out):
        out.paragraph(f"{page.date:%Y年%-m月%-d日}　来源：{page.source or '信用阳江'}", "meta")


@register("campaigns.CampaignPage")
class CampaignRenderer(StreamFieldRenderer):
    def intro(self, page, out):
        lines = []
        if page.start_date:
            when = f"{page.start_date:%Y年%-m月%-d日}"
            if page.end_date and page.end_date != page.start_date:
                when += f"至{page.end_date:%Y年%-m月%-d日}"
            lines.append(f"活动时间：{when}")
        if page.organiser_list:
            lines.append("主办/承办：" + "、".join(page.organiser_list))
        out.paragraph("\n".join(lines), "meta")


@register("exposure.ExposureListPage")
class ExposureBatchRenderer(Renderer):
    """A batch of the exposure list: only entries public today, masked ID numbers only."""

    def cover(self, page):
        return None  # the account's default cover

    def body(self, page, out):
        meta = [f"公布日期：{page.date:%Y年%-m月%-d日}"]
        if page.deciding_units:
            meta.append(f"认定单位：{page.deciding_units}")
        out.paragraph("\n".join(meta), "meta")
        out.paragraph(page.intro)
        limit = getattr(settings, "WECHAT_EXPOSURE_ENTRIES_MAX", EXPOSURE_ENTRIES_MAX)
        entries = page.public_entries()
        total = entries.count()
        for number, entry in enumerate(entries[:limit], start=1):
            out.shows(entry)
            out.paragraph(
                f"{number}. {entry.name}（身份证号码 {entry.masked_id}）\n"
                f"失信类别：{entry.get_category_display()}\n"
                f"认定部门：{entry.authority}　文书号：{entry.document_number}\n"
                f"公示截止：{entry.end_date:%Y年%-m月%-d日}"
            )
        if total > limit:
            out.paragraph(
                f"本批次共 {total} 条，以上为前 {limit} 条，完整名单请点击“阅读原文”查询。", "note"
            )
        elif total == 0:
            out.paragraph("本批次目前没有公示中的名单。", "note")
        out.paragraph(
            "公示期满、信用修复或撤销的信息将及时撤下。对公示信息有异议的，可在网站“异议与信用修复”栏目提出。",
            "note",
        )


@register("honor_roll.HonorRollPage")
class HonorRollRenderer(Renderer):
    """A 红榜 list: only honorees who may be shown now (consent recorded and not withdrawn,
    no upheld objection); each is recorded as shown, so a withdrawal takes the article down."""

    def cover(self, page):
        return None  # people's photos are not cropped into a cover: the account's default

    def body(self, page, out):
        meta = [f"评选年度：{page.year}年　{page.round_label}".rstrip()]
        if page.recommending_unit:
            meta.append(f"推荐单位：{page.recommending_unit}")
        if page.objections_open():
            meta.append(
                f"公示期：{page.publicity_start:%Y年%-m月%-d日}至{page.publicity_end:%Y年%-m月%-d日}。"
                "公示期内对人选有异议的，可在网站“异议与信用修复”栏目提出。"
            )
        out.paragraph("\n".join(meta), "meta")
        if page.intro:
            out.rich_text(page.intro)
        for honoree in page.public_honorees():
            out.shows(honoree)
            out.heading(honoree.name, level=3)
            out.image(honoree.photo, honoree.name)
            out.paragraph(
                "\n".join(line for line in (f"类别：{honoree.category}", honoree.place) if line),
                "meta",
            )
            out.rich_text(honoree.story)
            if honoree.honour_lines:
                out.paragraph("所获荣誉：" + "；".join(honoree.honour_lines))


@register("education.EducationMaterialPage")
class EducationMaterialRenderer(StreamFieldRenderer):
    def intro(self, page, out):
        out.paragraph(f"适用学段：{page.get_stage_display()}", "meta")
        out.paragraph(page.summary)

    def extra(self, page, out):
        if page.teaching_notes:
            out.heading("教学建议", level=3)
            out.rich_text(page.teaching_notes)
        for attachment in page.documents.select_related("document"):
            out.link(f"附件：{attachment.display_title}", attachment.document.url)
        out.paragraph(page.licence_note, "note")
