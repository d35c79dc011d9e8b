from .audit import SecurityAudit

__all__ = ["SecurityAudit"]
