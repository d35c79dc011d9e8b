"""A NUL character in a URL is refused with a Chinese 400 page, on SQLite as on PostgreSQL.

PostgreSQL cannot compare text with NUL: without the check, `?search=%00` on the API was a
server error in production while SQLite answered it.
"""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?search=%E4%BF%A1%E7%94%A8%00",
        "/?q=%00",
        "/?%00=1",
        "/missing%00page/",
    ],
)
def test_nul_in_the_url_is_a_bad_request(client, home, url, caplog):
    response = client.get(url)
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
    assert any("NUL character" in record.getMessage() for record in caplog.records)


def test_the_same_urls_without_nul_still_answer(client, home):
    assert client.get("/api/v2/pages/?search=%E4%BF%A1%E7%94%A8").status_code == 200
    assert client.get("/?q=1").status_code == 200
