"""The write side: identity (pure rules), the official resolver, derived fields.

Every writer (news ingest, the records import, curation, the admin) goes through
these modules, so "same person", "same meeting" and the derived fields of a meeting
have one rule each.
"""
