"""CSP in a real browser: every public page of the demo site and a staff workflow, without a violation."""

from urllib.parse import urlparse

from django.test import override_settings

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records CSP violations in the page itself, before any script of the page runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

# The <html> classes at the moment <body> is parsed, i.e. before anything can be painted.
RECORD_CLASS_WHEN_BODY_APPEARS = """
new MutationObserver((records, observer) => {
  if (document.body) {
    window.__classWhenBodyAppeared = document.documentElement.className;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def _watch(page):
    seen = {"errors": [], "reports": []}
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on(
        "request",
        lambda request: (
            urlparse(request.url).path == "/csp-report/"
            and seen["reports"].append(request.post_data)
        ),
    )
    return seen


def _visit(page, url, seen):
    response = page.goto(url)
    assert response.status < 400, url
    assert "Content-Security-Policy" in {key.title() for key in response.headers}, url
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], (url, violations)
    assert seen["errors"] == [], (url, seen["errors"])
    assert seen["reports"] == [], (url, seen["reports"])


def public_urls():
    from wagtail.models import Page

    urls = {page.url for page in Page.objects.live().public().specific() if page.url}
    urls |= {"/credit-requests/", "/credit-requests/status/"}
    return sorted(urls)


@override_settings(
    RATE_LIMITS={
        "exposure.page": None,
        "exposure.search": None,
        "exposure.self": None,
        "exposure.api": None,
    }
)
def test_every_public_page_runs_under_the_csp(seeded_site, live_server, browser):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_init_script(RECORD_CLASS_WHEN_BODY_APPEARS)
    page = context.new_page()
    seen = _watch(page)
    urls = public_urls()
    assert len(urls) > 15
    for path in urls:
        _visit(page, live_server.url + path, seen)
    # The 大字版 pre-paint script (a same-origin file, no nonce) runs before <body> exists.
    page.evaluate("localStorage.setItem('xyyj-large-text', '1')")
    page.goto(live_server.url + "/")
    assert "text-large" in page.locator("html").get_attribute("class")
    assert page.evaluate("window.__classWhenBodyAppeared") == "text-large"
    assert page.evaluate("window.__cspViolations") == []
    context.close()


def test_staff_log_in_with_totp_edit_a_page_and_submit_it_for_review(
    seeded_site, live_server, browser
):
    from wagtail.models import Page, WorkflowState

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cms.home.models import StandardPage
    from tests.otp import current_code

    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    seen = _watch(page)

    page.goto(base + "/admin/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "browser-test-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/security/verify/**")
    assert "双因素验证" in page.locator("h1").inner_text()
    device = TOTPDevice.objects.get(user__username="admin")
    page.fill("input[name=code]", current_code(device))
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(base + "/admin/")
    assert page.evaluate("window.__cspViolations") == []

    for path in (
        "/admin/",
        "/admin/pages/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/reports/site-history/",
        "/admin/security/",
        "/admin/security/audit/",
        "/admin/security/my-second-factor/",
        "/",  # a public page with the staff userbar
    ):
        _visit(page, base + path, seen)

    about = StandardPage.objects.get(slug="guan-yu-wo-men")
    _visit(page, f"{base}/admin/pages/{about.pk}/edit/", seen)
    page.fill("#id_title", "关于我们（修订）")
    page.evaluate("document.querySelector('button[name=action-submit]').click()")
    page.wait_for_url(f"**/admin/pages/{Page.objects.get(pk=about.pk).get_parent().pk}/**")
    assert page.evaluate("window.__cspViolations") == []
    assert seen["errors"] == [] and seen["reports"] == []

    state = WorkflowState.objects.filter(
        base_content_type__isnull=False, object_id=str(about.pk), status="in_progress"
    ).first()
    assert state is not None and state.workflow.name == "信用审核"
    assert StandardPage.objects.get(pk=about.pk).get_latest_revision().content["title"] == (
        "关于我们（修订）"
    )
    context.close()
