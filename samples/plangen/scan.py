"""Image-only scans of a generated PDF: render, skew, seeded noise, JPEG, wrapped back into a PDF."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

# Pillow stamps the current time into the PDF's Info dictionary; a fixed one keeps the bytes reproducible.
FIXED_TIME = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))


@dataclass(frozen=True)
class ScanSettings:
    """How a sample is 'scanned'. Positive skew turns the page counter-clockwise (PIL's convention)."""

    dpi: int
    skew_degrees: float
    noise: str  # 'speckle' (sparse dark and light specks) or 'gaussian' (every pixel jittered)
    noise_level: float  # speckle: share of pixels hit; gaussian: standard deviation in grey levels
    jpeg_quality: int
    seed: int
    blur_radius: float = 0.0  # scanner optics soften edges (and keep the JPEGs smaller)


def _distort(image: Image.Image, settings: ScanSettings, rng: np.random.Generator) -> Image.Image:
    rotated = image.rotate(
        settings.skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255)
    )
    if settings.blur_radius:
        rotated = rotated.filter(ImageFilter.GaussianBlur(settings.blur_radius))
    pixels = np.asarray(rotated, dtype=np.int16)
    if settings.noise == "gaussian":
        jitter = rng.normal(0.0, settings.noise_level, size=pixels.shape[:2])
        pixels = pixels + np.rint(jitter).astype(np.int16)[:, :, None]
    elif settings.noise == "speckle":
        hit = rng.random(pixels.shape[:2]) < settings.noise_level
        dark = rng.random(pixels.shape[:2]) < 0.5
        pixels = pixels.copy()
        pixels[hit & dark] = 90
        pixels[hit & ~dark] = 255
    else:
        raise ValueError(f"unknown noise {settings.noise!r}")
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="RGB")


def scan(pdf: bytes, settings: ScanSettings, title: str) -> bytes:
    """An image-only PDF of `pdf`; page sizes in points match the original's (to a pixel)."""
    document = pdfium.PdfDocument(pdf)
    rng = np.random.default_rng(settings.seed)
    pages: list[Image.Image] = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=settings.dpi / 72.0)
            pages.append(_distort(bitmap.to_pil().convert("RGB"), settings, rng))
    finally:
        document.close()
    out = io.BytesIO()
    pages[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(settings.dpi),
        quality=settings.jpeg_quality,
        optimize=True,
        title=title,
        creationDate=FIXED_TIME,
        modDate=FIXED_TIME,
    )
    return out.getvalue()
