"""Generic StreamField rendering: every block becomes inline-styled HTML WeChat keeps."""

import re

from wechat.renderers.base import renderer_for
from wechat.renderers.html import clean_rich_text


def test_rich_text_keeps_structure_drops_scripts_and_turns_links_into_text():
    html = clean_rich_text(
        '<h2 class="x">标题</h2><p>见<a href="/policy/">政策</a><script>alert(1)</script></p>'
        "<ul><li>一</li></ul><p>&lt;b&gt;</p>",
        "https://credit.example/",
    )
    assert 'class="' not in html and "<script" not in html and "alert" not in html
    assert re.match(r'<h2 style="[^"]+">标题</h2>', html)
    assert "政策（" in html and "https://credit.example/policy/" in html
    assert "<li style=" in html
    assert "&lt;b&gt;" in html  # text stays text


def test_campaign_blocks_render_with_inline_styles(make_campaign, make_image, column):
    page = make_campaign([], title="诚信宣传月")
    page.body = [
        ("quote", {"text": "人无信不立", "attribution": "《论语》"}),
        (
            "call_to_action",
            {"text": "签署诚信承诺书", "button_label": "立即参与", "page": column, "url": ""},
        ),
        (
            "call_to_action",
            {
                "text": "答题",
                "button_label": "去答题",
                "page": None,
                "url": "https://quiz.example/",
            },
        ),
        ("video", "https://v.example/abc"),
        ("gallery", {"title": "活动图集", "images": [{"image": make_image(), "caption": "合影"}]}),
    ]
    page.save()
    rendered = renderer_for(page).render(page)
    html = rendered.html
    assert "<blockquote style=" in html and "人无信不立" in html and "——《论语》" in html
    assert "签署诚信承诺书" in html and "立即参与（" in html and column.full_url in html
    assert "去答题（" in html and "https://quiz.example/" in html
    assert "视频（" in html and "https://v.example/abc" in html
    assert "活动图集" in html and "合影" in html and len(rendered.images) == 1
    assert "<a " not in html and "class=" not in html
    assert rendered.title == "诚信宣传月"
    assert rendered.content_source_url == page.full_url
