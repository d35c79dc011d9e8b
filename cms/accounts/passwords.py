"""Password rules: length, and characters from several classes (大写、小写、数字、符号)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda char: not char.isalnum()),
)


class CharacterClassValidator:
    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(char) for char in password) for _, test in CLASSES)
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        names = "、".join(name for name, _ in CLASSES)
        return f"密码须包含{names}中的至少 {self.min_classes} 类字符。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule; its Chinese catalog lacks the message of Django 5.2, so it is given here."""

    def get_error_message(self):
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"
