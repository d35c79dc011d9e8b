"""The identity verified in step 1, kept server-side in the session between the two steps.

Only the name, the keyed hash, the last 4 characters and the matched record references are
kept, for a short time; never the number, and never in a hidden form field.
"""

import time

IDENTITY_KEY = "credit_requests.identity"
FILED_KEY = "credit_requests.filed"
IDENTITY_TTL_SECONDS = 15 * 60


def remember(session, *, name, id_hash, id_last4, records):
    session[IDENTITY_KEY] = {
        "name": name,
        "id_hash": id_hash,
        "id_last4": id_last4,
        "records": [[r.target_key, r.record_id] for r in records],
        "expires": time.time() + IDENTITY_TTL_SECONDS,
    }


def recall(session):
    identity = session.get(IDENTITY_KEY)
    if not identity or identity.get("expires", 0) < time.time():
        session.pop(IDENTITY_KEY, None)
        return None
    return identity


def forget(session):
    session.pop(IDENTITY_KEY, None)
