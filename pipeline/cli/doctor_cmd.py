"""`plantrack doctor`: versions of what plantrack relies on, and how to install what is missing."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata

import typer

from pipeline.cli import app

PY_PACKAGES = [
    "pdfplumber",
    "pypdfium2",
    "pytesseract",
    "opencv-python-headless",
    "spacy",
    "pandas",
    "pyarrow",
    "pydantic",
    "rapidfuzz",
    "pyspellchecker",
    "openpyxl",
    "dask",
    "distributed",
]
OPTIONAL = {"dask", "distributed"}


def tesseract_report() -> tuple[str | None, list[str]]:
    """Tesseract's version and installed languages (None when the binary is missing)."""
    exe = shutil.which("tesseract")
    if not exe:
        return None, []
    # argv lists only: no shell, nothing user-controlled.
    ver = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    first = (ver.stdout or ver.stderr).splitlines()
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    names = [ln.strip() for ln in (langs.stdout or "").splitlines()[1:] if ln.strip()]
    return (first[0] if first else "unknown"), names


@app.command("doctor")
def doctor_command() -> None:
    """Report versions of Python, the libraries and tesseract; say what is missing and how to install it."""
    problems = 0
    print(f"python       {platform.python_version()}")
    for name in PY_PACKAGES:
        try:
            print(f"{name:<12} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            if name in OPTIONAL:
                print(f"{name:<12} not installed (optional: pip install 'plantrack[dask]')")
            else:
                problems += 1
                print(f"{name:<12} MISSING: pip install {name}")
    version, langs = tesseract_report()
    if version is None:
        problems += 1
        print(
            "tesseract    MISSING: apt-get install tesseract-ocr tesseract-ocr-eng  (needed only for scans)"
        )
    else:
        print(f"tesseract    {version}; languages: {', '.join(langs) or 'none'}")
        if "eng" not in langs:
            problems += 1
            print("tesseract    English data MISSING: apt-get install tesseract-ocr-eng")
    print("status       " + ("ok" if not problems else f"{problems} problem(s)"))
    if problems:
        raise typer.Exit(1)
