"""What a request is about: the plug-in point between this machinery and content apps.

A content app (exposure, later the honor roll) subclasses RequestTarget and calls
register_target() from its AppConfig.ready(). This app never imports a content app;
it only asks the registry, so the dependency points from content to machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

OBJECTION = "objection"  # 异议
REPAIR = "repair"  # 信用修复
# 公示异议: any member of the public objects to a record in a publicity window (e.g. an honor roll
# candidate). The filer is named but not matched against the record: no ID number is asked.
THIRD_PARTY_OBJECTION = "public_objection"
OBJECTION_KINDS = (OBJECTION, THIRD_PARTY_OBJECTION)

# Decision outcomes passed to RequestTarget.apply_decision().
OUTCOME_REPAIRED = "repaired"  # repair granted
OUTCOME_WITHDRAWN = "withdrawn"  # objection upheld: record withdrawn
OUTCOME_CORRECTED = "corrected"  # objection upheld: record corrected (staff edit it themselves)
OUTCOME_DISMISSED = "dismissed"  # nothing changes
OUTCOMES = (OUTCOME_REPAIRED, OUTCOME_WITHDRAWN, OUTCOME_CORRECTED, OUTCOME_DISMISSED)


@dataclass(frozen=True)
class MatchedRecord:
    """A public record that belongs to the person filing a request, as the person may see it."""

    target_key: str  # e.g. "exposure"
    record_id: int  # primary key in the target's own model
    summary: str  # e.g. "2026年第3批严重失信主体名单 · 张三 · 441702********123X · 文书号 …"
    repair_allowed_from: date | None  # first day a repair may be asked for (None: not applicable)


class RequestTarget:
    """Base class of a kind of record people may object to or ask to have repaired."""

    key: str = ""  # unique, e.g. "exposure"
    label: str = ""  # e.g. "严重失信主体名单"
    kinds: tuple[str, ...] = (OBJECTION, REPAIR)  # request kinds this target accepts

    def find_records(self, *, name: str, id_hash: str) -> list[MatchedRecord]:
        """Records of the person with this name and keyed ID hash that are public now, and
        nothing else: a record that is offline (expired, withdrawn, corrected, unpublished,
        awaiting review) must give the same answer as no record. Never raises for 'not found';
        returns []."""
        raise NotImplementedError

    def get_record(self, record_id: int) -> MatchedRecord | None:
        """The record if it is public now (as find_records), else None."""
        raise NotImplementedError

    def staff_description(self, record_id: int) -> str:
        """Longer text for the admin (may include non-public fields; masked ID only)."""
        raise NotImplementedError

    def admin_url(self, record_id: int) -> str | None:
        return None

    def apply_decision(
        self, record_id: int, *, kind: str, outcome: str, user, reason: str, request
    ) -> None:
        """Called by credit_requests when staff decide. outcome is one of
        'repaired' (repair granted), 'withdrawn' (objection upheld: record withdrawn),
        'corrected' (objection upheld: record corrected, staff edit it themselves),
        'dismissed' (nothing changes). The target changes its record's status, records who/why in its
        own audit trail, and sends content_left_public where the record leaves the public."""
        raise NotImplementedError

    def third_party_records(self, *, group: str | None = None) -> list[MatchedRecord]:
        """Records any member of the public may object to today (THIRD_PARTY_OBJECTION), e.g.
        the candidates of lists in their publicity window; `group` narrows them (target-defined,
        e.g. one list). Only targets whose kinds include THIRD_PARTY_OBJECTION are asked."""
        return []

    def third_party_refusal(self, record_id: int, today: date) -> str | None:
        """Why a third-party objection to this record is refused today, in Chinese (e.g. the
        publicity window has closed), or None when it may be filed."""
        return "该记录不接受公众异议。"

    def demo_records(self, limit: int) -> list[tuple[MatchedRecord, str, str, str]]:
        """Records usable for demo requests, as (record, name, id_hash, id_last4) tuples."""
        return []


_registry: dict[str, RequestTarget] = {}


def register_target(target: RequestTarget) -> None:
    """Called from the plug-in app's AppConfig.ready(). Registering the same key again replaces
    the earlier target (a reloaded app, or a test that swaps in a fake)."""
    if not target.key:
        raise ValueError("RequestTarget.key must not be empty")
    _registry[target.key] = target


def unregister_target(key: str) -> None:
    """Remove a target (used by tests that register a fake one)."""
    _registry.pop(key, None)


def get_target(key: str) -> RequestTarget:
    """The registered target; KeyError if no app registered this key."""
    return _registry[key]


def all_targets() -> list[RequestTarget]:
    return list(_registry.values())
