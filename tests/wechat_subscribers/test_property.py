"""Whatever arrives at the callback, the answer is never a server error."""

import base64
from urllib.parse import urlencode
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .wechat import ACCOUNT, OPENID, TOKEN, sign

pytestmark = pytest.mark.django_db

ELEMENTS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["text", "event", "subscribe", "CLICK", "PUBLISHJOBFINISH", ACCOUNT, OPENID]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
XML_LIKE = st.lists(st.tuples(st.sampled_from(ELEMENTS), VALUES), max_size=8).map(
    lambda pairs: "<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in pairs) + "</xml>"
)
BODIES = st.one_of(
    st.binary(max_size=2000), st.text(max_size=2000).map(str.encode), XML_LIKE.map(str.encode)
)
SAFE = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SAFE
@given(body=BODIES, encrypted=st.booleans())
def test_arbitrary_signed_bodies_never_give_a_500(wechat, body, encrypted):
    wechat.client.raise_request_exception = False
    if encrypted:
        query = wechat.query()
        envelope, msg_signature = wechat.encrypted_body(body.decode("utf-8", "replace"), query)
        query.update(encrypt_type="aes", msg_signature=msg_signature)
        response = wechat.post_raw(envelope, query)
    else:
        response = wechat.post_raw(body, wechat.query())
    assert response.status_code in (200, 400, 403, 413), response.status_code


@SAFE
@given(
    params=st.dictionaries(
        st.sampled_from(["signature", "timestamp", "nonce", "encrypt_type", "msg_signature"]),
        st.text(max_size=50),
    ),
    body=st.binary(max_size=300),
)
def test_arbitrary_queries_never_give_a_500(client, home, params, body):
    client.raise_request_exception = False
    response = client.generic(
        "POST", "/wechat/callback/", body, content_type="text/xml", QUERY_STRING=urlencode(params)
    )
    assert response.status_code in (400, 403, 413), response.status_code


@SAFE
@given(encrypt=st.one_of(st.binary(max_size=200).map(base64.b64encode), st.text(max_size=200)))
def test_arbitrary_encrypt_values_with_a_valid_msg_signature_never_give_a_500(wechat, encrypt):
    """Only someone holding the token can get here; they still cannot crash the callback."""
    wechat.client.raise_request_exception = False
    encrypt = encrypt.decode() if isinstance(encrypt, bytes) else encrypt
    query = wechat.query()
    body = f"<xml><Encrypt>{escape(encrypt)}</Encrypt></xml>".encode()
    query.update(
        encrypt_type="aes",
        msg_signature=sign(TOKEN, query["timestamp"], query["nonce"], encrypt.strip()),
    )
    response = wechat.post_raw(body, query)
    assert response.status_code in (400, 403), response.status_code
