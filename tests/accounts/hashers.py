from django_password_validators.password_history.hashers import HistoryHasher


class FastHistoryHasher(HistoryHasher):
    """The history hasher with few iterations: tests create many users."""

    iterations = 1
