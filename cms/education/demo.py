"""Demo content: the education section with materials for every school stage, each with files."""

import io
import zlib

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from PIL import Image as PILImage
from PIL import ImageDraw

from cms.home.demo_support import demo_image, ensure_child_page
from cms.home.forms import unique_child_slug
from cms.home.models import HomePage
from cms.home.slugs import pinyin_slug

from .models import EducationIndexPage, EducationMaterialDocument, EducationMaterialPage
from .stages import Stage

# (stage, title, summary, tags, body, teaching notes, pdf subject line)
MATERIALS = [
    (
        Stage.PRIMARY,
        "诚信小故事：曾子杀猪",
        "用一则家喻户晓的故事，让低年级学生理解“说到做到”。",
        ["诚信故事", "班会"],
        "曾子的妻子为哄孩子随口许诺杀猪，曾子认为对孩子也要守信，于是真的杀了猪。故事告诉我们：诚信从小事做起。",
        "<p>建议一课时。先讲故事，再请学生分享自己说到做到的经历。</p>",
        "Lesson plan: Zengzi keeps his word",
    ),
    (
        Stage.PRIMARY,
        "我的诚信小约定（手抄报模板）",
        "适合三至六年级的诚信主题手抄报模板与评价表。",
        ["手抄报", "诚信承诺"],
        "学生与家长共同写下一条本学期的诚信小约定，期末回顾完成情况。",
        "<p>可结合“信用记录关爱日”开展展评。</p>",
        "Poster template: my integrity promise",
    ),
    (
        Stage.JUNIOR,
        "信用记录是什么",
        "面向初中生的信用常识课件：信用记录、信用报告与个人信用修复。",
        ["信用常识", "信用修复"],
        "信用记录记载个人履约情况。失信主体在公示期满后，纠正失信行为并消除不良影响的，可以申请信用修复。",
        "<p>课件含课堂讨论题：借了同学的书没有按时归还，算不算失信？</p>",
        "Slides: what is a credit record",
    ),
    (
        Stage.JUNIOR,
        "网络诚信与防范电信诈骗",
        "网络诚信主题班会教案，含真实案例与情景剧本。",
        ["网络诚信", "班会"],
        "网络不是法外之地。不传谣、不刷单、不出租出借银行卡和手机卡，是每个网民的诚信责任。",
        "<p>情景剧分组排练约15分钟。</p>",
        "Lesson plan: honesty online",
    ),
    (
        Stage.SENIOR,
        "社会信用体系与红黑名单制度",
        "高中思想政治拓展阅读：守信激励与失信惩戒。",
        ["信用常识", "红黑名单"],
        "社会信用体系通过红黑名单、守信激励和失信惩戒，让守信者处处受益、失信者处处受限。失信被执行人将受到限制高消费等措施。",
        "<p>可与《政治与法治》相关单元结合。</p>",
        "Reading list: social credit system",
    ),
    (
        Stage.SENIOR,
        "考试诚信承诺与学术规范",
        "考前诚信教育课件与诚信承诺书样式。",
        ["考试诚信", "诚信承诺"],
        "考试作弊将记入诚信档案。签署诚信承诺书，是对自己和他人的郑重承诺。",
        "<p>建议在期中考试前一周使用。</p>",
        "Slides: exam integrity pledge",
    ),
    (
        Stage.VOCATIONAL,
        "职业诚信：从实习岗位做起",
        "中职学生实习前的职业道德与诚信教育教案。",
        ["职业诚信", "实习"],
        "守时、守约、守规，是职业诚信的基本要求。实习期间的表现将成为个人职业信用的起点。",
        "<p>可邀请合作企业导师参与讨论。</p>",
        "Lesson plan: integrity at work",
    ),
    (
        Stage.VOCATIONAL,
        "合同与契约精神",
        "用租房、实习协议等案例讲解契约精神。",
        ["契约精神", "信用常识"],
        "签订合同前要看清条款；签了字就要履行。违约不仅要承担法律责任，还会影响个人信用记录。",
        "<p>课堂练习：找出示例合同中的三处风险条款。</p>",
        "Worksheet: contracts and keeping promises",
    ),
    (
        Stage.HIGHER,
        "大学生诚信与助学贷款",
        "学生资助诚信教育月专题讲座课件。",
        ["助学贷款", "信用修复"],
        "国家助学贷款按时还款会记入个人信用报告。逾期未还的，结清后可以按规定申请信用修复。",
        "<p>适合新生入学教育和毕业生离校教育。</p>",
        "Slides: student loans and credit",
    ),
    (
        Stage.HIGHER,
        "学术诚信与科研规范",
        "研究生与本科毕业班的学术诚信讲座材料。",
        ["学术诚信", "科研规范"],
        "抄袭、伪造数据和代写论文都是严重的学术不端行为，将被记入科研诚信严重失信行为数据库。",
        "<p>可结合本校学术规范文件使用。</p>",
        "Slides: research integrity",
    ),
]


def seed(command):
    home = HomePage.objects.first()
    if home is None:
        return
    index, _ = ensure_child_page(
        home,
        EducationIndexPage,
        title="诚信教育",
        slug="education",
        show_in_menus=True,
        intro="面向小学、初中、高中、中职和高校的诚信教育资料：教案、课件、海报和阅读材料，可免费下载使用。",
    )
    created = sum(_ensure_material(index, n, *spec) for n, spec in enumerate(MATERIALS))
    total = EducationMaterialPage.objects.child_of(index).count()
    command.stdout.write(f"诚信教育：{total} 份资料（本次新建 {created} 份）")


def _ensure_material(index, n, stage, title, summary, tags, body, notes, pdf_subject):
    slug = pinyin_slug(title)
    if index.get_children().filter(slug=slug).exists():
        return False  # staff edits survive re-seeding
    page = EducationMaterialPage(
        title=title,
        slug=unique_child_slug(slug, index),
        summary=summary,
        stage=stage,
        cover_image=demo_image(f"诚信教育封面{n + 1}", seed=900 + n),
        body=[("paragraph", f"<p>{body}</p>")],
        teaching_notes=notes,
    )
    page.tags.add(*tags)
    page.documents = [
        EducationMaterialDocument(document=_pdf_document(f"{title}（教案）", pdf_subject)),
        EducationMaterialDocument(document=_poster_document(f"{title}（海报）", seed=700 + n)),
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return True


def _document(title, filename, content):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title, file=ContentFile(content, name=filename))
    document.save()
    return document


def _pdf_document(title, subject):
    return _document(title, f"{title}.pdf", minimal_pdf(["Xinyong Yangjiang", subject]))


def _poster_document(title, seed):
    canvas = PILImage.new("RGB", (600, 848), (155, 28, 28))
    draw = ImageDraw.Draw(canvas)
    for step in range(8):
        inset = 30 + step * 30
        draw.rectangle((inset, inset, 600 - inset, 848 - inset), outline=(255, 230 - step * 8, 180))
    draw.ellipse((200 + seed % 50, 330, 400 + seed % 50, 530), fill=(253, 230, 138))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=True)
    return _document(title, f"{title}.png", buffer.getvalue())


def minimal_pdf(lines):
    """A valid one-page PDF 1.4 with the given ASCII lines (no font file needed: Helvetica)."""
    text = "BT /F1 20 Tf 72 760 Td 28 TL " + " ".join(
        "({}) '".format(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
        for line in lines
    )
    stream = zlib.compress(text.encode("ascii") + b" ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
