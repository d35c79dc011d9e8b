"""信用阳江: the Django project (settings, URLs, WSGI) and its content apps."""
