"""Fixed vocabularies of requests: kinds and step codes (the order of a kind's steps comes from
StepRule.order)."""

from .targets import OBJECTION, REPAIR, THIRD_PARTY_OBJECTION

KIND_CHOICES = [(OBJECTION, "异议"), (REPAIR, "信用修复"), (THIRD_PARTY_OBJECTION, "公示异议")]

ACCEPT, CHECK, PROVIDER_ANSWER, DECIDE, REPORT = (
    "accept",
    "check",
    "provider_answer",
    "decide",
    "report",
)
STEP_CHOICES = [
    (ACCEPT, "受理"),
    (CHECK, "核查"),
    (PROVIDER_ANSWER, "数据提供单位答复"),
    (DECIDE, "作出决定"),
    (REPORT, "结果报送"),
]
