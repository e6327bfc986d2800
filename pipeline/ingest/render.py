"""Page images for OCR: PDF pages rendered with pypdfium2, image files decoded with Pillow, both bounded."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageSequence


@dataclass(frozen=True)
class RenderedPage:
    """A page image (RGB, uint8) with its size in points and its resolution."""

    rgb: np.ndarray
    width_pt: float
    height_pt: float
    dpi: float


class OverPixelLimit(Exception):
    """The page image would exceed the configured pixel limit."""


def render_pdf_page(pdf: object, number: int, dpi: float, max_pixels: int) -> RenderedPage:
    """Render 1-based page `number` of an open pypdfium2 document, refusing images over `max_pixels`."""
    page = pdf[number - 1]  # type: ignore[index]
    try:
        width_pt, height_pt = page.get_size()
        scale = dpi / 72.0
        pixels = round(width_pt * scale) * round(height_pt * scale)
        if pixels > max_pixels:
            raise OverPixelLimit(f"{pixels:,} pixels at {dpi:g} dpi, over the limit of {max_pixels:,}")
        bitmap = page.render(scale=scale, rev_byteorder=True, fill_color=(255, 255, 255, 255))
        try:
            rgb = np.array(bitmap.to_numpy()[:, :, :3])  # copy: the bitmap's buffer is freed on close
        finally:
            bitmap.close()
    finally:
        page.close()
    return RenderedPage(rgb=rgb, width_pt=float(width_pt), height_pt=float(height_pt), dpi=dpi)


@contextmanager
def pixel_limit(max_pixels: int) -> Iterator[None]:
    """Make Pillow refuse images over `max_pixels` (it only warns below twice its limit, so warn = error)."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def image_frame_count(data: bytes, max_pixels: int) -> int:
    """Number of frames (pages) of an image; raises OverPixelLimit when any frame is too large."""
    with pixel_limit(max_pixels):
        try:
            with Image.open(io.BytesIO(data)) as img:
                count = 0
                for frame in ImageSequence.Iterator(img):
                    count += 1
                    if frame.size[0] * frame.size[1] > max_pixels:
                        raise OverPixelLimit(f"frame {count} is {frame.size[0]} x {frame.size[1]} pixels")
                return count
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise OverPixelLimit(str(exc)) from exc


def image_dpi(img: Image.Image) -> float:
    """The image's resolution from its metadata, or 300 when absent or implausible.

    72 dpi (and 96) is what screenshots and many encoders write when they know nothing, which
    would make a page 30+ inches wide; a scan is rarely below 100 dpi.
    """
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    # PNG stores pixels per metre, so 200 dpi comes back as 199.9996.
    return round(value, 1) if 100.0 <= value <= 1200.0 else 300.0


def load_image_frame(data: bytes, index: int, max_pixels: int) -> RenderedPage:
    """Decode frame `index` (0-based) of an image file as RGB on white."""
    with pixel_limit(max_pixels):
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.seek(index)
                dpi = image_dpi(img)
                frame = img.convert("RGBA") if _has_alpha(img) else img.convert("RGB")
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise OverPixelLimit(str(exc)) from exc
    if frame.mode == "RGBA":  # transparent areas are paper, not black
        background = Image.new("RGB", frame.size, (255, 255, 255))
        background.paste(frame, (0, 0), frame.getchannel("A"))
        frame = background
    width, height = frame.size
    return RenderedPage(
        rgb=np.asarray(frame), width_pt=width * 72.0 / dpi, height_pt=height * 72.0 / dpi, dpi=dpi
    )


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
