from django.core.cache import cache

import pytest

from tests.otp import test_device


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_password():
    return "Xinyong-2026-staff"


@pytest.fixture
def editor(django_user_model, home, staff_password):
    """A 宣传人员 with the admin permission, password set, no second factor yet."""
    from cms.home.roles import PUBLICITY_STAFF, ensure_roles

    editors, _ = ensure_roles(home)
    user = django_user_model.objects.create_user(
        "zhangsan", "zhangsan@example.invalid", staff_password
    )
    user.groups.add(editors)
    assert editors.name == PUBLICITY_STAFF
    return user


@pytest.fixture
def editor_device(editor):
    return test_device(editor)
