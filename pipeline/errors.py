"""Fatal errors: each carries an exit code and a one-line remedy (the OCRmyPDF pattern)."""

from __future__ import annotations

import re
from enum import IntEnum

# Control characters (C0 but tab, DEL, C1) and bidirectional overrides: in a file name they could move
# the cursor, set the window title or forge a line of output.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """One line safe for a terminal: control characters shown as escapes (ESC as '\\x1b', CR as '\\r')."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or char.encode("unicode_escape").decode("ascii")


class ExitCode(IntEnum):
    """Process exit codes; documented in the README."""

    OK = 0
    CHANGES = 1  # `diff --exit-code` found changes
    USAGE = 2  # bad command line (typer/click's own code)
    INPUT = 3  # missing, empty, corrupt or not a supported document
    PASSWORD = 4  # encrypted: no password or the wrong one
    NO_PLAN = 5  # read fine, but no improvement-plan structure found
    LIMIT = 6  # over a safety limit (--max-pages, --max-image-pixels)
    OCR_UNAVAILABLE = 7  # a page needs OCR and tesseract (or its language) is missing
    OUTPUT = 8  # cannot write the output (read-only, disk full)
    BATCH_FAILED = 9  # several inputs, and some of them failed (see failures.csv)
    TIMEOUT = 10  # the document exceeded its time limit
    PARTLY_READ = 11  # --strict: a document was only partly read (coverage warnings PT501-PT505)
    DIFFERENT_PLANS = 12  # diff: the two editions belong to different plans (--force diffs them anyway)
    INTERNAL = 70  # a bug: please report it with the -v traceback
    INTERRUPTED = 130  # Ctrl-C


class PlantrackError(Exception):
    """Base of every fatal error: message names the file, remedy says what to do."""

    exit_code: ExitCode = ExitCode.INPUT
    remedy: str = ""

    def __init__(self, message: str, *, remedy: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        if remedy is not None:
            self.remedy = remedy

    def one_line(self) -> str:
        """The single line the CLI prints: 'plantrack: <path>: <message> (<remedy>)'."""
        where = f"{self.path}: " if self.path else ""
        tail = f" ({self.remedy})" if self.remedy else ""
        return f"{where}{self.message}{tail}"


class InputError(PlantrackError):
    """The input cannot be read as a document."""

    exit_code = ExitCode.INPUT
    remedy = "check the file is a PDF, image or text export of the plan"


class PasswordError(PlantrackError):
    """The PDF is encrypted and no (or the wrong) password was given."""

    exit_code = ExitCode.PASSWORD
    remedy = "pass the document's password with --password"


class NoPlanError(PlantrackError):
    """The document was read but has no improvement-plan structure."""

    exit_code = ExitCode.NO_PLAN
    remedy = "check this is an improvement plan or progress update"


class LimitError(PlantrackError):
    """The input exceeds a safety limit."""

    exit_code = ExitCode.LIMIT
    remedy = "raise the limit (--max-pages / --max-image-pixels) if the input is genuine"


class OcrUnavailableError(PlantrackError):
    """A page needs OCR but tesseract or its language data is missing."""

    exit_code = ExitCode.OCR_UNAVAILABLE
    remedy = "install it: apt-get install tesseract-ocr tesseract-ocr-eng (or use --ocr never)"


class OutputError(PlantrackError):
    """The output cannot be written."""

    exit_code = ExitCode.OUTPUT
    remedy = "check the output folder exists, is writable and has free space"


class DocumentTimeoutError(PlantrackError):
    """The document took longer than its time limit."""

    exit_code = ExitCode.TIMEOUT
    remedy = "raise --doc-timeout, or split the document"
