"""Taking an honoree off every public surface: consent withdrawn, or an objection upheld.

The row stays for staff with who, when and why (its own fields and Wagtail's audit log); the
public surfaces all read Honoree.objects.public(), so the change is immediate. content_left_public
is sent after the transaction commits, so the page cache, the search index and WeChat never see
the old state again.
"""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cms.home.signals import content_left_public

from .models import Honoree
from .models.honorees import RemovalOutcome

CONSENT_WITHDRAWN_ACTION = ("honor_roll.consent_withdrawn", "撤回同意（下线）")
REMOVED_ACTIONS = {
    RemovalOutcome.WITHDRAWN: ("honor_roll.objection_withdrawn", "异议成立：撤下"),
    RemovalOutcome.CORRECTED: ("honor_roll.objection_corrected", "异议成立：待更正（下线）"),
}
OBJECTION_DISMISSED_ACTION = ("honor_roll.objection_dismissed", "异议不予支持")
LOG_ACTIONS = [CONSENT_WITHDRAWN_ACTION, *REMOVED_ACTIONS.values(), OBJECTION_DISMISSED_ACTION]


class AlreadyOffline(Exception):
    """The honoree's consent was already withdrawn."""


def withdraw_consent(honoree_id, *, user, reason, at=None):
    at = at or timezone.now()
    with transaction.atomic():
        honoree = Honoree.objects.select_for_update().get(pk=honoree_id)
        if honoree.consent_withdrawn_at is not None:
            raise AlreadyOffline
        was_public = Honoree.objects.public().filter(pk=honoree.pk).exists()
        honoree.consent_withdrawn_at = at
        honoree.consent_withdrawn_by = user
        honoree.consent_withdrawn_reason = reason
        honoree.save(
            update_fields=[
                "consent_withdrawn_at",
                "consent_withdrawn_by",
                "consent_withdrawn_reason",
                "updated_at",
            ]
        )
        log(
            instance=honoree,
            action=CONSENT_WITHDRAWN_ACTION[0],
            user=user,
            data={"reason": reason, "was_public": was_public},
        )
        _announce_on_commit(honoree, "consent_withdrawn")
    return honoree


def remove_after_objection(honoree_id, *, outcome, user, reason, at=None):
    """An upheld objection (outcome 'withdrawn' or 'corrected') takes the honoree offline."""
    outcome = RemovalOutcome(outcome)
    at = at or timezone.now()
    with transaction.atomic():
        honoree = Honoree.objects.select_for_update().get(pk=honoree_id)
        if honoree.removed_at is None:
            honoree.removed_at, honoree.removed_by = at, user
            honoree.removal_outcome, honoree.removal_reason = outcome, reason
            honoree.save(
                update_fields=[
                    "removed_at",
                    "removed_by",
                    "removal_outcome",
                    "removal_reason",
                    "updated_at",
                ]
            )
        log(
            instance=honoree,
            action=REMOVED_ACTIONS[outcome][0],
            user=user,
            data={"reason": reason},
        )
        _announce_on_commit(honoree, str(outcome))
    return honoree


def record_dismissed_objection(honoree_id, *, user, reason):
    honoree = Honoree.objects.get(pk=honoree_id)
    log(instance=honoree, action=OBJECTION_DISMISSED_ACTION[0], user=user, data={"reason": reason})


def _announce_on_commit(honoree, reason):
    if honoree.photo_id:
        # Rendition URLs that were served stop working (Wagtail deletes their files); the
        # original stays for staff and is never linked publicly.
        honoree.photo.renditions.all().delete()
    transaction.on_commit(
        lambda: content_left_public.send(sender=Honoree, instances=[honoree], reason=reason)
    )


def announce_deleted(sender, instance, **kwargs):
    """pre_delete: a staff member deletes an honoree. If the public could see them, channels hear
    of it (reason 'withdrawn'); the private consent scan goes with the record."""
    was_public = Honoree.objects.public().filter(pk=instance.pk).exists()
    scan = instance.consent_scan.name if instance.consent_scan else ""
    storage = instance.consent_scan.storage

    def after_commit():
        if scan:
            storage.delete(scan)
        if was_public:
            content_left_public.send(sender=Honoree, instances=[instance], reason="withdrawn")

    transaction.on_commit(after_commit)
