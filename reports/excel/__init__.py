"""Excel builders: they take rows and write a workbook, and never query.

Every workbook is written in openpyxl's ``write_only`` mode, so memory stays
flat whatever the number of rows: callers pass iterators that stream from the
database.
"""
