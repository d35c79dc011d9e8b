"""Request models, split by concept: requests and their steps, step rules, evidence files."""

from .evidence import EvidenceFile  # noqa: F401
from .requests import CreditRequest, RequestStep  # noqa: F401
from .rules import StepRule  # noqa: F401
