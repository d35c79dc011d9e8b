"""Status changes of entries: one path for the admin, requests and expiry.

Each change is written three times on purpose: the entry's status, a row of
ExposureStatusChange (who/when/why, for staff) and Wagtail's audit log (so it
shows in the admin's history and reports).  An entry that leaves the public
is announced with content_left_public after the transaction commits, so that
channels (cache purge, search, WeChat) never see the old state again.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cms.home.signals import content_left_public

from .choices import Status
from .models import ExposureEntry, ExposureStatusChange

# Audit log actions (registered in wagtail_hooks.register_log_actions).
STATUS_ACTIONS = {
    Status.PUBLISHED: ("exposure.status.published", "恢复公示"),
    Status.WITHDRAWN: ("exposure.status.withdrawn", "撤回"),
    Status.CORRECTED: ("exposure.status.corrected", "待更正（下线）"),
    Status.REPAIRED: ("exposure.status.repaired", "信用修复（下线）"),
    Status.EXPIRED: ("exposure.status.expired", "公示期满（下线）"),
}
DISMISSED_ACTION = ("exposure.request.dismissed", "异议/修复申请不予支持")
IMPORT_ACTION = ("exposure.import", "导入失信主体")


def change_status(entries, new_status, *, reason, source, user=None, at=None):
    """Move entries to `new_status`; returns the entries that changed."""
    at = at or timezone.now()
    changed, left_public = [], []
    with transaction.atomic():
        for entry in entries:
            old_status = entry.status
            if old_status == new_status:
                continue
            entry.status, entry.status_changed_at = new_status, at
            fields = ["status", "status_changed_at", "updated_at"]
            if new_status == Status.PUBLISHED:
                # Back to the public only through the reviewer (cms.exposure.moderation).
                entry.pending_review = True
                fields.append("pending_review")
            entry.save(update_fields=fields)
            _record(entry, old_status, new_status, reason=reason, source=source, user=user, at=at)
            changed.append(entry)
            if old_status == Status.PUBLISHED:
                left_public.append(entry)
        if left_public:
            transaction.on_commit(lambda: announce_left_public(left_public, new_status))
    return changed


def record_decision_without_change(entry, *, reason, user=None):
    """A request that was dismissed: the entry stays as it is; the reason is on the record."""
    with transaction.atomic():
        ExposureStatusChange.objects.create(
            entry=entry,
            from_status=entry.status,
            to_status=entry.status,
            reason=reason,
            source=ExposureStatusChange.Source.REQUEST,
            changed_by=user,
        )
        log(
            instance=entry,
            action=DISMISSED_ACTION[0],
            user=user,
            data={"reason": reason, "status": entry.status},
        )


def announce_left_public(entries, new_status):
    content_left_public.send(sender=ExposureEntry, instances=list(entries), reason=str(new_status))


def _record(entry, old_status, new_status, *, reason, source, user, at):
    ExposureStatusChange.objects.create(
        entry=entry,
        from_status=old_status,
        to_status=new_status,
        reason=reason,
        source=source,
        changed_by=user,
        changed_at=at,
    )
    log(
        instance=entry,
        action=STATUS_ACTIONS[new_status][0],
        user=user,
        data={
            "from": str(old_status),
            "to": str(new_status),
            "reason": reason,
            "source": str(source),
        },
    )
