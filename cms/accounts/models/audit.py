from django.db import models


class SecurityAudit(models.Model):
    """No table: it only carries the permission to read and export the security audit log."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_security_audit", "可以查看和导出安全审计日志"),
            ("manage_staff_security", "可以解除登录锁定、停用或重置员工的双因素验证"),
        ]
        verbose_name = "安全审计"
        verbose_name_plural = "安全审计"

    def __str__(self):
        return "安全审计"
