"""Who may do what with honorees (granted after every `migrate` by cms.home.roles).

宣传人员 prepare honorees and their consent records; 信用审核员 may also download consent scans
and record a withdrawal.
"""

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF

EDITOR_PERMISSIONS = [
    "add_honoree",
    "change_honoree",
    "view_honoree",
    "view_honorcategory",
    "view_town",
]
GRANTS = {
    PUBLICITY_STAFF: EDITOR_PERMISSIONS,
    CREDIT_REVIEWERS: EDITOR_PERMISSIONS + ["delete_honoree", "manage_consent"],
}
