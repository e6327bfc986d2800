"""Image-only scans of a generated PDF: render, skew, seeded noise, JPEG, wrapped back into a PDF."""

from __future__ import annotations

import io
import random
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
    paper: int = 255  # grey level of blank paper: recycled or tinted stock, a scanner's grey background
    lighting: float = 0.0  # share by which the lamp's light falls off towards one edge of the page
    lighting_angle: float = 0.0  # direction (degrees, 0 = towards the right edge) of that fall-off
    # Pages fed the wrong way: (0-based page, degrees counter-clockwise: 90, 180 or 270).
    turned: tuple[tuple[int, int], ...] = ()


def corpus_damage(seed: int, dpi: int, pages: int) -> ScanSettings:
    """The damage of one corpus scan, drawn per seed: what office scanners do to printed plans.

    Skew up to 2 degrees either way, sensor noise (jitter or speckle), optical blur, JPEG quality
    50-80, a grey paper tint, a lamp that dims towards one edge, and in about one scan in three a
    page fed upside down (180) or a landscape page fed portrait (90/270). The draws use their own
    generator, so the drawn document and its expected edition are unchanged.
    """
    rng = random.Random(f"scan-damage-{seed}")
    skew = round(rng.uniform(-2.0, 2.0), 2)
    noise = rng.choice(("gaussian", "speckle"))
    level = round(rng.uniform(2.0, 8.0), 1) if noise == "gaussian" else round(rng.uniform(1e-4, 5e-4), 5)
    quality = rng.randint(50, 80)
    blur = round(rng.uniform(0.0, 0.8), 2)
    paper = rng.randint(222, 252)
    lighting, angle = round(rng.uniform(0.0, 0.12), 3), round(rng.uniform(0.0, 360.0), 1)
    turned: tuple[tuple[int, int], ...] = ()
    fed = rng.random()
    if pages and fed < 0.2:
        turned = ((rng.randrange(pages), 180),)
    elif pages and fed < 0.33:
        turned = ((rng.randrange(pages), rng.choice((90, 270))),)
    return ScanSettings(
        dpi,
        skew,
        noise,
        level,
        quality,
        seed,
        blur,
        paper=paper,
        lighting=lighting,
        lighting_angle=angle,
        turned=turned,
    )


def _distort(image: Image.Image, settings: ScanSettings, rng: np.random.Generator) -> Image.Image:
    rotated = image.rotate(
        settings.skew_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255)
    )
    if settings.paper < 255 or settings.lighting:
        rotated = _light(rotated, settings)
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


def _light(image: Image.Image, settings: ScanSettings) -> Image.Image:
    """Tinted paper under an uneven lamp: every pixel scaled by the paper level and a linear fall-off."""
    pixels = np.asarray(image, dtype=np.float32)
    h, w = pixels.shape[:2]
    angle = np.radians(settings.lighting_angle)
    xs = (np.arange(w, dtype=np.float32) / max(1, w - 1) - 0.5)[None, :]
    ys = (np.arange(h, dtype=np.float32) / max(1, h - 1) - 0.5)[:, None]
    ramp = np.clip(xs * np.cos(angle) + ys * np.sin(angle) + 0.5, 0.0, 1.0)
    field = (settings.paper / 255.0) * (1.0 - settings.lighting * ramp)
    lit = pixels * field[:, :, None]
    return Image.fromarray(np.clip(np.rint(lit), 0, 255).astype(np.uint8), mode="RGB")


_TURN = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def scan(pdf: bytes, settings: ScanSettings, title: str) -> bytes:
    """An image-only PDF of `pdf`; page sizes in points match the original's (to a pixel)."""
    document = pdfium.PdfDocument(pdf)
    rng = np.random.default_rng(settings.seed)
    pages: list[Image.Image] = []
    try:
        for index in range(len(document)):
            bitmap = document[index].render(scale=settings.dpi / 72.0)
            page = _distort(bitmap.to_pil().convert("RGB"), settings, rng)
            for turned_index, degrees in settings.turned:
                if turned_index == index:
                    page = page.transpose(_TURN[degrees])
            pages.append(page)
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
