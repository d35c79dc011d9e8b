"""Staff of the two roles: 宣传人员 (editor) and 信用审核员 (reviewer)."""

import shutil
import socket
import subprocess
import time

from django.contrib.auth.models import Group

import pytest

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF, ensure_roles
from tests.seeding import seeded_once


@pytest.fixture
def staff(home, django_user_model):
    ensure_roles(home)
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name=PUBLICITY_STAFF))
    reviewer = django_user_model.objects.create_user("reviewer", password="x")
    reviewer.groups.add(Group.objects.get(name=CREDIT_REVIEWERS))
    return editor, reviewer


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo site, seeded once for the module (tests only read it)."""
    with seeded_once(django_db_blocker):
        yield


@pytest.fixture
def redis_url():
    """A throwaway redis-server on a free loopback port (skips without one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(5)
