"""A tiny in-memory RequestTarget so these tests never depend on cms/exposure."""

from dataclasses import dataclass, field
from datetime import date

from cms.credit_requests.targets import MatchedRecord, RequestTarget
from cms.home.privacy import parse_id_number

# Valid-checksum test numbers (GB 11643); only tests may hold full numbers.
PERSON_ID = "11010519491231002X"
OTHER_ID = "440524188001010014"


@dataclass
class FakeRecord:
    record_id: int
    name: str
    id_number: str
    repair_allowed_from: date | None
    status: str = "published"

    @property
    def id_hash(self):
        return parse_id_number(self.id_number).keyed_hash

    def as_matched(self):
        masked = parse_id_number(self.id_number).masked
        return MatchedRecord(
            "fake", self.record_id, f"测试名单 · {self.name} · {masked}", self.repair_allowed_from
        )


@dataclass
class FakeTarget(RequestTarget):
    key: str = "fake"
    label: str = "测试名单"
    records: dict = field(default_factory=dict)
    decisions: list = field(default_factory=list)

    def add(self, record_id, name, id_number, repair_allowed_from=date(2020, 1, 1)):
        self.records[record_id] = FakeRecord(record_id, name, id_number, repair_allowed_from)
        return self.records[record_id]

    def find_records(self, *, name, id_hash):
        return [
            r.as_matched()
            for r in self.records.values()
            if r.name == name and r.id_hash == id_hash and r.status == "published"
        ]

    def get_record(self, record_id):
        record = self.records.get(record_id)
        return record.as_matched() if record else None

    def staff_description(self, record_id):
        record = self.records[record_id]
        return f"测试记录 {record.name} {parse_id_number(record.id_number).masked}"

    def admin_url(self, record_id):
        return None

    def apply_decision(self, record_id, *, kind, outcome, user, reason, request):
        self.decisions.append((record_id, kind, outcome, reason))
        if outcome in ("repaired", "withdrawn"):
            self.records[record_id].status = outcome

    def demo_records(self, limit):
        return [
            (r.as_matched(), r.name, r.id_hash, r.id_number[-4:])
            for r in list(self.records.values())[:limit]
        ]
