"""Wagtail search backends that segment Chinese text before the engine sees it.

Selected in settings by dotted path only (WAGTAILSEARCH_BACKENDS):
`cms.search.backends.database` (SQLite FTS5 or PostgreSQL, by the default
database) and `cms.search.backends.elasticsearch8`.
"""
