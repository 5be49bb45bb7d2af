"""The privacy tests assert messages in English, the source language."""

from tests.employees.imports_files import english  # noqa: F401 (autouse)
