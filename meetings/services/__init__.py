"""The write side: identity (pure rules), the official resolver, derived fields.

Every writer (news ingest, the records import, curation, the admin) goes through
these modules, so "same person", "same meeting" and the derived fields of a meeting
have one rule each.
"""

# An arbitrary constant naming this project's write lock in pg_advisory_xact_lock: every
# writer that resolves officials or meetings takes it inside its transaction, so two
# processes never create one person or one meeting twice.
INGEST_LOCK = 0x6D656574  # "meet"
