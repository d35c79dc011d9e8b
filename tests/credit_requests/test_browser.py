"""Filing an objection at phone width in a real browser, then reading its status."""

import pytest

from cms.credit_requests.models import CreditRequest, StepRule
from cms.credit_requests.seed_data import seed_step_rules

from .fake_target import PERSON_ID
from .uploads import PDF_BYTES


@pytest.mark.browser
def test_file_an_objection_and_read_its_status_on_a_phone(
    browser, live_server, transactional_db, target, tmp_path
):
    seed_step_rules(StepRule)  # flushed by transactional tests (seeded by a data migration)
    evidence = tmp_path / "处罚决定撤销书.pdf"
    evidence.write_bytes(PDF_BYTES)
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/credit-requests/")
        assert page.locator("h1").inner_text() == "异议与信用修复"

        # A mistyped check character: a Chinese error, and the field comes back empty.
        page.get_by_label("姓名").fill("张三")
        page.get_by_label("身份证号码").fill(PERSON_ID[:-1] + "1")
        page.get_by_role("button", name="下一步").click()
        assert "校验位不正确" in page.locator(".form-field__errors").first.inner_text()
        assert page.get_by_label("身份证号码").input_value() == ""

        page.get_by_label("身份证号码").fill(PERSON_ID)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_url("**/credit-requests/apply/")
        page.get_by_label("测试名单 · 张三 · 110105********002X").check()
        page.get_by_label("异议").check()
        page.get_by_label("联系电话").fill("13812345678")
        page.get_by_label("申请理由").fill("该处罚决定已被行政复议撤销。")
        page.get_by_label("证明材料").set_input_files(str(evidence))
        # Nothing sticks out sideways at 375 px.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_url("**/credit-requests/filed/")

        tracking_number = page.locator("#tracking-number").inner_text().strip()
        assert tracking_number == CreditRequest.objects.get().tracking_number
        assert PERSON_ID not in page.content()

        page.get_by_role("link", name="查询办理进度").click()
        page.get_by_label("查询编号").fill(tracking_number)
        page.get_by_label("身份证号码后4位").fill("002x")
        page.get_by_role("button", name="查询").click()
        assert page.locator("#request-status").inner_text() == "已提交，待受理"
        steps = page.locator(".credit-requests__step")
        assert steps.count() == 4
        assert "受理" in steps.first.inner_text() and "截止" in steps.first.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()
