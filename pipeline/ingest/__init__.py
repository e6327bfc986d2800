"""Ingest stage: a file to a Document of pages (text layer, OCR or plain text), one page model for all."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from pipeline.errors import InputError, LimitError, PlantrackError
from pipeline.models import Document
from pipeline.options import ExtractOptions

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
TEXT_SUFFIXES = {".txt", ".text"}


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of the bytes."""
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes, suffix: str) -> str:
    """Decide the input kind from its bytes first, then its suffix: 'pdf', 'image' or 'text'."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "is a ZIP container (e.g. a .docx or .xlsx), not a PDF",
            remedy="export it to PDF first (File > Save as PDF)",
        )
    if head.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        raise InputError(
            "is an HTML page, not a document", remedy="the download probably failed: download the PDF again"
        )
    if suffix in TEXT_SUFFIXES or _looks_like_text(data):
        if suffix == ".pdf":
            raise InputError(
                "is named .pdf but contains plain text", remedy="rename it to .txt to extract it as OCR text"
            )
        return "text"
    if suffix == ".pdf":
        raise InputError(
            "is not a PDF (no %PDF- header)", remedy="check the download is complete and not an HTML page"
        )
    raise InputError("is not a PDF, image or text file")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if not sample or b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        # Latin-1 text: mostly printable bytes.
        printable = sum(32 <= b < 127 or b in (9, 10, 13) or b >= 160 for b in sample)
        return printable / len(sample) > 0.95


def not_regular_file(path: Path) -> InputError:
    """The error for a FIFO, device or socket given as input (only regular files are read)."""
    return InputError(
        "is not a regular file (a FIFO, device or socket)",
        remedy="pass the document file itself",
        path=str(path),
    )


def _check_text_size(path: Path, head: bytes, size: int, options: ExtractOptions) -> None:
    """Refuse a text input over `max_text_bytes` before reading it (PDFs and images have their own limits)."""
    if size <= options.max_text_bytes or not head:
        return
    try:
        kind = sniff(head, path.suffix.lower())
    except PlantrackError:
        return  # the full read reports what it is
    if kind == "text":
        raise LimitError(
            f"is {size} bytes of text, over the limit of {options.max_text_bytes}",
            remedy="raise --max-text-bytes if the input is genuine, or split it",
            path=str(path),
        )


def load_document(path: Path, options: ExtractOptions | None = None) -> Document:
    """Read `path` (never modified) into a Document; raises a PlantrackError subclass on bad input."""
    options = options or ExtractOptions()
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            try:
                os.stat(path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise InputError(
                        "is a symbolic link loop", remedy="point the link at the document", path=str(path)
                    ) from exc
            raise InputError(
                f"is a symbolic link to a missing file ({os.readlink(path)})",
                remedy="point the link at the document",
                path=str(path),
            )
        raise InputError("no such file", remedy="check the path", path=str(path))
    if path.is_dir():
        raise InputError(
            "is a folder", remedy="pass the files inside it, or the folder to `extract`", path=str(path)
        )
    if not path.is_file():  # reading a FIFO or /dev/zero would block or never end
        raise not_regular_file(path)
    try:
        with open(path, "rb") as fh:  # read-only: inputs are never modified
            head = fh.read(4096)
            _check_text_size(path, head, os.fstat(fh.fileno()).st_size, options)
            data = head + fh.read()
    except OSError as exc:
        raise InputError(
            f"cannot be read: {exc.strerror}", remedy="check its permissions", path=str(path)
        ) from exc
    if not data:
        raise InputError("is empty (0 bytes)", remedy="download or export it again", path=str(path))
    digest = sha256_of(data)
    try:
        kind = sniff(data, path.suffix.lower())
        if kind == "pdf":
            from pipeline.ingest.pdf import read_pdf

            pages = read_pdf(data, options)
        elif kind == "image":
            from pipeline.ingest.ocr import read_image

            pages = read_image(data, options)
        else:
            from pipeline.ingest.plaintext import read_text

            pages = read_text(data)
            if len(pages) > options.max_pages:
                raise LimitError(
                    f"has {len(pages)} pages, over the limit of {options.max_pages}",
                    remedy="raise --max-pages if the input is genuine",
                )
    except PlantrackError as exc:  # every typed error names the file it is about
        exc.path = exc.path or str(path)
        raise
    return Document(name=path.name, sha256=digest, kind=kind, pages=pages)
