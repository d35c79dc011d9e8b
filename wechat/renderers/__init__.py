"""Renderers that turn pages into WeChat articles (base.py: registry and base classes)."""
