"""HTTP views of the employees app.

Pages: ``pages`` and ``imports``; API: ``api`` and ``imports_api``.
"""
