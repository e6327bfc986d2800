"""The one wrapper around the tesseract program: availability, version, and recognition as typed results."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pytesseract
from PIL import Image

from pipeline.errors import OcrUnavailableError

APT_HINT = "apt-get install tesseract-ocr tesseract-ocr-eng"


class OcrStatus(StrEnum):
    """How a recognition run ended."""

    OK = "ok"
    TIMEOUT = "timeout"
    FAILED = "failed"


@dataclass(frozen=True)
class OcrWord:
    """One word as tesseract reports it: pixel box, confidence 0-100, and its line's identity."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # (block, paragraph, line)


@dataclass(frozen=True)
class OcrResult:
    """The outcome of one recognition: words when OK, a message otherwise."""

    status: OcrStatus
    words: list[OcrWord] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0


def limit_threads() -> None:
    """Run tesseract single-threaded unless the user chose otherwise.

    Pages are already OCR'd in parallel, one process per core; tesseract's own OpenMP threads
    then only contend (measured on 2-core machines: 1.8 s/page vs 4.7 s with default threading).
    The variable is inherited by the tesseract subprocess, which is why it is set in os.environ.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def command() -> str:
    """The tesseract executable pytesseract will run (tests and users may point it elsewhere)."""
    return str(pytesseract.pytesseract.tesseract_cmd)


def set_command(cmd: str) -> None:
    """Point pytesseract at `cmd` (used to carry the parent's choice into worker processes)."""
    pytesseract.pytesseract.tesseract_cmd = cmd


def version() -> str | None:
    """Tesseract's version string, or None when the program cannot be run."""
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError, pytesseract.TesseractError, ValueError):
        return None


def available(lang: str = "eng") -> tuple[bool, str]:
    """Whether OCR can run in `lang` ('eng', 'eng+fra'), and a one-line report for `doctor`."""
    ver = version()
    if ver is None:
        return False, f"tesseract not found (looked for {command()!r}): {APT_HINT}"
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError) as exc:
        return False, f"tesseract {ver} cannot list its languages ({exc}): {APT_HINT}"
    missing = [code for code in lang.split("+") if code and code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
        return False, f"tesseract {ver} lacks language data {', '.join(missing)}: apt-get install {packages}"
    return True, f"tesseract {ver}; languages: {', '.join(sorted(installed))}"


def require(lang: str = "eng") -> None:
    """Raise OcrUnavailableError (naming the apt packages) unless OCR can run in `lang`."""
    ok, report = available(lang)
    if not ok:
        packages = " ".join(f"tesseract-ocr-{code}" for code in lang.split("+") if code)
        raise OcrUnavailableError(
            f"a page needs OCR but {report}",
            remedy=f"install it: apt-get install tesseract-ocr {packages} (or use --ocr never)",
        )


def recognise(image: np.ndarray, *, lang: str, dpi: float, psm: int, timeout: float) -> OcrResult:
    """Run tesseract on a grayscale or binary image and return its words; never raises for OCR failures.

    The image is written once as a fast, lightly compressed PNG (pytesseract's own save uses
    Pillow's default compression, a noticeable share of the time on a 300 dpi page).
    """
    limit_threads()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="plantrack-ocr-") as tmp:
        path = os.path.join(tmp, "page.png")
        Image.fromarray(image).save(path, format="PNG", compress_level=1, dpi=(dpi, dpi))
        config = f"--psm {psm} --dpi {round(dpi)}"
        try:
            data = pytesseract.image_to_data(
                path, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout
            )
        except RuntimeError as exc:
            # pytesseract kills the process and raises a bare RuntimeError on timeout.
            if "timeout" in str(exc).lower():
                return OcrResult(
                    OcrStatus.TIMEOUT,
                    message=f"no result within {timeout:g} s",
                    seconds=time.perf_counter() - started,
                )
            return _failed(exc, started)
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrUnavailableError(f"tesseract disappeared while running ({command()!r})") from exc
        except Exception as exc:  # TesseractError (crash, bad exit), unreadable output
            return _failed(exc, started)
    try:
        words = _words(data)
    except (KeyError, ValueError, TypeError) as exc:  # a truncated or foreign TSV
        return _failed(exc, started)
    return OcrResult(OcrStatus.OK, words=words, seconds=time.perf_counter() - started)


def orientation(image: np.ndarray, *, dpi: float, timeout: float) -> tuple[int, float] | None:
    """Tesseract's orientation detection (OSD, psm 0) on a page image.

    Returns the clockwise turn (0, 90, 180 or 270 degrees) that makes the page upright and OSD's
    confidence in it, or None when OSD cannot tell (too few characters, no osd data, timeout).
    """
    limit_threads()
    with tempfile.TemporaryDirectory(prefix="plantrack-osd-") as tmp:
        path = os.path.join(tmp, "page.png")
        Image.fromarray(image).save(path, format="PNG", compress_level=1, dpi=(dpi, dpi))
        try:
            data = pytesseract.image_to_osd(
                path,
                config=f"--psm 0 --dpi {round(dpi)}",
                output_type=pytesseract.Output.DICT,
                timeout=timeout,
            )
            return int(data["rotate"]) % 360, float(data["orientation_conf"])
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrUnavailableError(f"tesseract disappeared while running ({command()!r})") from exc
        except Exception:  # TesseractError ("Too few characters"), timeout, missing osd data, odd output
            return None


def _failed(exc: BaseException, started: float) -> OcrResult:
    detail = str(exc).strip().splitlines()
    text = detail[-1] if detail else ""
    return OcrResult(
        OcrStatus.FAILED, message=f"{type(exc).__name__}: {text}"[:300], seconds=time.perf_counter() - started
    )


def _words(data: dict[str, list[object]]) -> list[OcrWord]:
    words: list[OcrWord] = []
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(str(data["conf"][i]))
        if not text or conf < 0:  # structural rows (page, block, line) carry conf -1
            continue
        words.append(
            OcrWord(
                text=text,
                left=int(str(data["left"][i])),
                top=int(str(data["top"][i])),
                width=int(str(data["width"][i])),
                height=int(str(data["height"][i])),
                conf=conf,
                line=(
                    int(str(data["block_num"][i])),
                    int(str(data["par_num"][i])),
                    int(str(data["line_num"][i])),
                ),
            )
        )
    return words
