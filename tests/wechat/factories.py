"""Staff users for the WeChat admin tests."""

from django.contrib.auth import get_user_model


def staff_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(group)
    return user
