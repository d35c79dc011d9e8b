"""A crash while handling a form with an ID number never puts the number into the error report."""

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from cms.home.privacy import check_character

BODY = "44170219800101123"
ID_NUMBER = BODY + check_character(BODY)


def test_error_report_hides_id_number_fields():
    request = RequestFactory().post("/exposure/", {"id_number": ID_NUMBER, "name": "张三"})
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        html, text = report.get_traceback_html(), report.get_traceback_text()
    assert ID_NUMBER not in html and ID_NUMBER not in text
    assert "张三" in text  # other fields are still there to debug with


def test_error_report_hides_id_numbers_in_frame_variables():
    from cms.home.privacy import parse_id_number

    def lookup(raw_number):
        parse_id_number(raw_number)
        raise ValueError("lookup failed")

    request = RequestFactory().get("/")
    try:
        lookup(f" {ID_NUMBER[:6]} {ID_NUMBER[6:]} ".replace(" ", ""))
    except ValueError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        html = report.get_traceback_html()
    assert "lookup failed" in html and "raw_number" in html
    assert ID_NUMBER not in html


def _report(request):
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        from django.views.debug import get_exception_reporter_class

        reporter = get_exception_reporter_class(request)(
            request, type(error), error, error.__traceback__
        )
        return reporter.get_traceback_html() + reporter.get_traceback_text()


SPELLINGS = [
    ID_NUMBER,
    ID_NUMBER.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}),
    f"{ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}",
    f"{ID_NUMBER[:6]}-{ID_NUMBER[6:14]}-{ID_NUMBER[14:]}",
]


def test_every_post_and_get_value_is_checked_in_any_spelling():
    for spelling in SPELLINGS:
        request = RequestFactory().post(
            f"/exposure/?q={spelling}", {"reason": f"本人号码{spelling}", "name": "张三"}
        )
        report = _report(request)
        assert spelling not in report, spelling
        assert ID_NUMBER[6:14] not in report
        assert "张三" in report


def test_frame_variables_in_any_spelling_are_cleansed():
    for spelling in SPELLINGS:

        def handler(text):
            raise ValueError("failed")

        request = RequestFactory().get("/")
        try:
            handler(f"备注：{spelling}")
        except ValueError as error:
            report = ExceptionReporter(request, type(error), error, error.__traceback__)
            html = report.get_traceback_html()
        assert spelling not in html and ID_NUMBER[6:14] not in html
