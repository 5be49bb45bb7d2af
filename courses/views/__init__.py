"""HTTP views of the courses app.

API: ``catalogue`` (providers, courses, sessions) and ``enrollments``
(enrollments, practice tasks), with their fast list rows in ``rows``.
Pages: ``pages``.
"""
