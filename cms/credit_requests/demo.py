"""Demo requests in different states, on records that the registered targets offer for demos.

Runs after the targets' own demos (INSTALLED_APPS order). Quietly does nothing when no target is
registered or none offers records; a second run changes nothing (demo requests are marked).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import CreditRequest, StepRule
from .seed_data import seed_step_rules
from .targets import OBJECTION, REPAIR, all_targets

DEMO_MARK = "【演示】"

# kind, days before today it was filed, the actions staff took (one per day after filing), reason
PLANS = [
    (OBJECTION, 1, [], "公示的认定日期与处罚决定书不一致，申请更正。"),
    (OBJECTION, 30, ["accept", "check"], "该处罚决定已被行政复议撤销，申请撤下。"),
    (REPAIR, 2, [], "已全额缴纳罚款并完成整改，公示已满最短期限，申请信用修复。"),
    (REPAIR, 40, ["dismiss", "report"], "已履行部分义务，申请信用修复。"),
]
DECISION_NOTES = {"dismiss": "尚未履行全部法定义务，不符合修复条件。"}


def seed(command):
    seed_step_rules(StepRule)  # back after a flush; never overwrites what staff changed
    if CreditRequest.objects.filter(reason__startswith=DEMO_MARK).exists():
        return
    candidates = [item for target in all_targets() for item in target.demo_records(len(PLANS))]
    if not candidates:
        return
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    today = timezone.localdate()
    for index, (kind, days_ago, actions, reason) in enumerate(PLANS):
        record, name, id_hash, id_last4 = candidates[index % len(candidates)]
        filed_on = today - timedelta(days=days_ago)
        if kind == REPAIR and (
            record.repair_allowed_from is None or record.repair_allowed_from > filed_on
        ):
            kind, actions = OBJECTION, []
        credit_request = services.file_request(
            kind=kind,
            record=record,
            name=name,
            id_hash=id_hash,
            id_last4=id_last4,
            phone="13800138000",
            reason=DEMO_MARK + reason,
            today=filed_on,
        )
        for step_number, action in enumerate(actions, start=1):
            services.advance(
                credit_request,
                user=staff,
                action=action,
                note=DECISION_NOTES.get(action, ""),
                today=filed_on + timedelta(days=step_number),
            )
    command.stdout.write(f"异议与信用修复：已创建{len(PLANS)}个演示申请。")
