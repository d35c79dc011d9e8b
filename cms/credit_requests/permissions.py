"""The reviewers' permissions on requests (granted after every `migrate` by cms.home.roles)."""

from cms.home.roles import CREDIT_REVIEWERS

GRANTS = {
    CREDIT_REVIEWERS: [
        "view_creditrequest",
        "process_creditrequest",
        "view_steprule",
        "change_steprule",
    ],
}
