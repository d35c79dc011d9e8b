"""Staff of both roles may read the download counts (granted after every `migrate`)."""

from cms.home.roles import CREDIT_REVIEWERS, PUBLICITY_STAFF

GRANTS = {
    PUBLICITY_STAFF: ["view_documentdownload"],
    CREDIT_REVIEWERS: ["view_documentdownload"],
}
