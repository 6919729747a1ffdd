"""Importing an existing worker register, or a list of posts, from XLSX or CSV.

reading → the file's rows; columns and cells → the headings and values accepted; scope → what the importer may
name; checking and checkers → every problem, row by row, with the registry's own validation; writing → all rows
or none, audited; tasks → the same as background jobs with progress on the page; blanks → the files to fill in.
"""

from __future__ import annotations

from .checkers import check_file, check_table
from .checking import Checked, NoProgress, Problem
from .columns import COLUMNS
from .reading import MAX_BYTES, MAX_ROWS, FileProblem, read_table
from .scope import IMPORT_ROLES, may_import
from .writing import ImportConflict, write_checked

ENTITIES = ("workers", "posts")

__all__ = [
    "COLUMNS",
    "ENTITIES",
    "IMPORT_ROLES",
    "MAX_BYTES",
    "MAX_ROWS",
    "Checked",
    "FileProblem",
    "ImportConflict",
    "NoProgress",
    "Problem",
    "check_file",
    "check_table",
    "may_import",
    "read_table",
    "write_checked",
]
