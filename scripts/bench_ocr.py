"""Benchmark and check the OCR ingest path: speed against bare tesseract, parallel speed-up, memory, quality.

Usage: .venv/bin/python scripts/bench_ocr.py [--pages 6] [--repeats 2] [--big 50] [--dpi 300] [--skip-quality]

Scanned samples (samples/*/*-scan.pdf) are used when they exist; otherwise the text-layer samples
are "scanned" here (rendered, skewed, JPEG-compressed, saved image-only), and when there are no
samples at all a reportlab table page is drawn. Quality compares each OCR page with the text-layer
page it was scanned from: exact word recall, rules recovered, coloured cells recovered.
"""

from __future__ import annotations

import argparse
import colorsys
import io
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ocr, render, tesseract  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402
from pipeline.models import Page  # noqa: E402
from pipeline.options import ExtractOptions, OcrMode  # noqa: E402


def scan(pdf: bytes, dpi: int, skew: float, noise: float = 0.0, quality: int = 85) -> bytes:
    """An image-only PDF of `pdf`: each page rendered at `dpi`, rotated `skew` degrees, noised, JPEG'd."""
    rng = np.random.default_rng(7)
    images = []
    for page in pdfium.PdfDocument(pdf):
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        img = img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white")
        if noise:
            arr = np.asarray(img).astype(np.float32) + rng.normal(0, noise, (img.height, img.width, 1))
            img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
        jpeg = io.BytesIO()
        img.save(jpeg, "JPEG", quality=quality)
        images.append(Image.open(io.BytesIO(jpeg.getvalue())))
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def sources(dpi: int) -> list[tuple[str, bytes, bytes | None]]:
    """(name, scan, text-layer original or None) for every sample available."""
    found: list[tuple[str, bytes, bytes | None]] = []
    for path in sorted(ROOT.glob("samples/*/*-scan.pdf")):
        original = path.with_name(path.name.replace("-scan", ""))
        found.append((path.name, path.read_bytes(), original.read_bytes() if original.exists() else None))
    if found:
        return found
    for path in sorted(ROOT.glob("samples/*/*.pdf"))[:2]:
        data = path.read_bytes()
        found.append((f"{path.stem} (300 dpi, +0.8°)", scan(data, 300, 0.8), data))
        noisy = scan(data, 200, -1.2, noise=8, quality=60)
        found.append((f"{path.stem} (200 dpi, -1.2°, noise, q60)", noisy, data))
    if found:
        return found
    sys.path.insert(0, str(ROOT / "tests"))
    from test_ocr_ingest import build_plan_pdf

    data = build_plan_pdf(pages=2)
    return [("reportlab table (300 dpi, +0.8°)", scan(data, 300, 0.8), data)]


def page_images(pdf: bytes, dpi: int, count: int) -> list[Image.Image]:
    """The first `count` pages (cycling) rendered the way ocr_pdf_pages renders them."""
    doc = pdfium.PdfDocument(pdf)
    return [doc[i % len(doc)].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(count)]


def repeat_pages(pdf: bytes, count: int) -> bytes:
    """A `count`-page PDF made by repeating the pages of `pdf`."""
    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    n = len(src)
    while len(out) < count:
        out.import_pages(src, list(range(min(n, count - len(out)))))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def timed_ocr(
    pdf: bytes, pages: list[int], options: ExtractOptions, workers: int
) -> tuple[float, list[Page]]:
    """Seconds for ocr_pdf_pages with `workers` OCR processes (options.ocr_workers)."""
    options = options.model_copy(update={"ocr_workers": workers})
    started = time.perf_counter()
    result = ocr.ocr_pdf_pages(pdf, pages, options)
    return time.perf_counter() - started, result


def bare_tesseract(path: Path, dpi: int) -> float:
    """Seconds for the tesseract program alone on one page image file (one thread: OMP_THREAD_LIMIT=1)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [tesseract.command(), str(path), "stdout", "--psm", str(ocr.PSM), "--dpi", str(dpi), "tsv"]
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def speed(pdf: bytes, count: int, dpi: int, repeats: int) -> None:
    """plantrack's OCR of each page against the floor: bare tesseract, one thread, on the same page image.

    Both are timed in this run, page by page and interleaved, `repeats` times; each page keeps its
    fastest time on either side, so a neighbour's load on a shared machine inflates neither. The
    floor gets the page exactly as plantrack renders it, saved beforehand (its PNG costs it nothing);
    plantrack's time includes rendering, deskew, rules, fills, both OCR passes and the page model,
    with OpenCV on one thread as in an OCR worker process (one thread per process on both sides).
    """
    numbers = list(range(1, count + 1))
    pdf = repeat_pages(pdf, count)
    options = ExtractOptions(dpi=dpi, ocr_workers=1)
    floor = [float("inf")] * count
    ours = [float("inf")] * count
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        doc = pdfium.PdfDocument(pdf)
        paths = []
        for n in numbers:
            rendered = render.render_pdf_page(doc, n, float(dpi), options.max_image_pixels)
            path = Path(tmp) / f"page{n}.png"
            Image.fromarray(rendered.rgb).save(path, dpi=(dpi, dpi), compress_level=1)
            paths.append(path)
        doc.close()
        source = ocr.PageSourceData("pdf", pdf)
        threads = cv2.getNumThreads()
        cv2.setNumThreads(1)  # what ocr._init_worker sets in each worker
        for _ in range(repeats):
            for i, n in enumerate(numbers):
                floor[i] = min(floor[i], bare_tesseract(paths[i], dpi))
                started = time.perf_counter()
                ocr._one_page(source, n, options)  # what each page costs, in the process that OCRs it
                ours[i] = min(ours[i], time.perf_counter() - started)
        cv2.setNumThreads(threads)
        source.close()
    print(f"speed on {count} pages at {dpi} dpi, fastest of {repeats} ({os.cpu_count()} cores):")
    print("  page  floor s  plantrack s  ratio   (floor: bare tesseract, OMP_THREAD_LIMIT=1)")
    for i, n in enumerate(numbers):
        print(f"  {n:>4}  {floor[i]:7.2f}  {ours[i]:11.2f}  {ours[i] / floor[i]:5.2f}x")
    ratio = sum(ours) / sum(floor)
    print(
        f"  RATIO plantrack / one-thread tesseract floor: {ratio:.2f}x per page "
        f"({sum(ours) / count:.2f} vs {sum(floor) / count:.2f} s/page; target <= 1.1x)"
    )
    one, _ = timed_ocr(pdf, numbers, options, 1)
    two, _ = timed_ocr(pdf, numbers, options, 2)
    print(f"  ocr_pdf_pages, 1 worker          {one / count:6.2f} s/page")
    print(f"  ocr_pdf_pages, 2 workers         {two / count:6.2f} s/page   speed-up {one / two:4.2f}x (~2x)")


def memory(pdf: bytes, count: int, dpi: int) -> None:
    """Peak memory while OCR'ing a `count`-page scan with the default worker count."""
    big = repeat_pages(pdf, count)
    peak_tree = [0]
    stop = threading.Event()

    def sample() -> None:  # summed RSS of this process and every descendant (workers, tesseract)
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not stop.wait(0.1):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            peak_tree[0] = max(peak_tree[0], total)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    tracemalloc.start()
    started = time.perf_counter()
    pages = ocr.ocr_pdf_pages(big, list(range(1, count + 1)), ExtractOptions(dpi=dpi))
    seconds = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stop.set()
    sampler.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"memory on a {count}-page scan at {dpi} dpi, {ocr.worker_count(count)} workers ({seconds:.0f} s, "
        f"{seconds / count:.2f} s/page, {sum(len(p.words) for p in pages)} words):"
    )
    print(f"  tracemalloc peak (parent)         {traced_peak / 2**20:7.1f} MiB")
    print(f"  ru_maxrss parent                  {own:7.1f} MiB")
    print(f"  ru_maxrss largest reaped child    {children:7.1f} MiB")
    if peak_tree[0]:
        print(f"  peak summed RSS, whole tree       {peak_tree[0] / 2**20:7.1f} MiB (psutil, 0.1 s samples)")


def hue(fill: str) -> float:
    """Hue in degrees of '#rrggbb'."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def saturation(fill: str) -> float:
    """HSV saturation of '#rrggbb'."""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[1]


def on_rule(a: object, b: object) -> bool:
    """OCR rule `a` lies on text-layer rule `b` (3pt across) and spans it (4pt along)."""
    from pipeline.models import RuleLine

    assert isinstance(a, RuleLine) and isinstance(b, RuleLine)
    if a.horizontal != b.horizontal:
        return False
    if a.horizontal:
        return abs(a.top + a.bottom - b.top - b.bottom) / 2 <= 3 and a.x0 <= b.x0 + 4 and a.x1 >= b.x1 - 4
    return abs(a.x0 + a.x1 - b.x0 - b.x1) / 2 <= 3 and a.top <= b.top + 4 and a.bottom >= b.bottom - 4


def quality(name: str, scanned: bytes, original: bytes, dpi: int) -> None:
    """Word recall, rules and fills of the OCR pages against the text-layer pages."""
    truth = read_pdf(original, ExtractOptions(ocr=OcrMode.NEVER))
    got = ocr.ocr_pdf_pages(scanned, list(range(1, len(truth) + 1)), ExtractOptions(dpi=dpi))
    words = found = lines = lines_hit = rects = rects_hit = 0
    false_rules = greys = 0
    missing: Counter[str] = Counter()
    for t, g in zip(truth, got, strict=True):
        want, have = Counter(w.text for w in t.words), Counter(w.text for w in g.words)
        words += sum(want.values())
        found += sum((want & have).values())
        missing.update(want - have)
        lines += len(t.lines)
        lines_hit += sum(any(on_rule(o, ln) for o in g.lines) for ln in t.lines)
        false_rules += sum(not any(on_rule(o, ln) or on_rule(ln, o) for ln in t.lines) for o in g.lines)
        for r in t.rects:
            if saturation(r.fill) < 0.25:  # grey shading: not detected on scans (coloured fills only)
                greys += 1
                continue
            cx, cy = (r.x0 + r.x1) / 2, (r.top + r.bottom) / 2
            rects += 1
            inside = [o for o in g.rects if o.x0 < cx < o.x1 and o.top < cy < o.bottom]
            d = abs(hue(inside[0].fill) - hue(r.fill)) % 360 if inside else 999
            rects_hit += min(d, 360 - d) <= 15
    confidence = float(np.mean([p.confidence for p in got]))
    print(f"quality, {name}: {len(got)} pages, mean confidence {confidence:.2f}")
    print(f"  words exactly recovered  {found}/{words} = {found / max(words, 1):.1%}")
    print(f"  rules recovered          {lines_hit}/{lines} = {lines_hit / max(lines, 1):.1%}")
    print(f"  OCR rules on no rule     {false_rules}")
    share = rects_hit / max(rects, 1)
    print(f"  coloured fills, hue      {rects_hit}/{rects} = {share:.1%} ({greys} grey not sought)")
    print(f"  most missed words        {', '.join(f'{w!r}x{n}' for w, n in missing.most_common(12))}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages for the speed comparison")
    parser.add_argument("--big", type=int, default=50, help="pages of the memory run (0 = skip)")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2, help="timings per page (the fastest counts)")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"{version}; psm {ocr.PSM}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    samples = sources(args.dpi)
    first = samples[0][1]
    speed(first, args.pages, args.dpi, args.repeats)
    if args.big:
        memory(first, args.big, args.dpi)
    if not args.skip_quality:
        for name, scanned, original in samples:
            if original is not None:
                quality(name, scanned, original, args.dpi)


if __name__ == "__main__":
    main()
