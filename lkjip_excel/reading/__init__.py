"""Reading and checking submitted workbooks (``lkjip-excel periksa``)."""

from .batch import CheckReport, check_folder, list_inputs
from .model import Record, Submission, TableData
from .submission import read_submission

__all__ = [
    "CheckReport",
    "Record",
    "Submission",
    "TableData",
    "check_folder",
    "list_inputs",
    "read_submission",
]
