from django.core.cache import cache

import pytest

from cms.credit_requests.targets import register_target, unregister_target

from .fake_target import PERSON_ID, FakeTarget


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Evidence goes to a temporary private folder; rate-limit counters start empty."""
    settings.CREDIT_REQUEST_FILES_ROOT = tmp_path / "private-media"
    cache.clear()
    yield settings.CREDIT_REQUEST_FILES_ROOT
    cache.clear()


@pytest.fixture
def target():
    fake = FakeTarget()
    fake.add(1, "张三", PERSON_ID)
    register_target(fake)
    yield fake
    unregister_target(fake.key)


@pytest.fixture
def record(target):
    return target.get_record(1)
