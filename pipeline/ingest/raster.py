"""Page images for OCR: deskew, binarisation, ruling-line and colour-fill detection (OpenCV)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

# Geometry is expressed in points and converted with the render resolution, so one set of thresholds
# serves 150-600 dpi scans alike.
RULE_MIN_LENGTH_PT = 15.0  # shorter ink runs are glyph strokes, not rules (a 24pt 'T' bar is ~14pt)
RULE_MAX_THICKNESS_PT = 4.0  # thicker runs are filled bars or bold glyph rows, not rules
# Rules over 2.5pt thick are table borders and run long; a short band that thick is a bold word
# whose letters the scan's blur joined (a 9pt bold header word at 200 dpi: 61 x 4pt).
RULE_THICK_PT = 2.5
RULE_THICK_MIN_LENGTH_PT = 120.0
RULE_GAP_PT = 3.0  # collinear rule fragments closer than this are one rule (JPEG/noise breaks)
RULE_MIN_ASPECT = 10.0  # length / mean thickness
RULE_JOIN_PT = 10.0  # collinear rule pieces this close are one rule
INK_MIN_CONTRAST = 60  # grey levels below the paper that ink reaches at least (JPEG grain stays above)
MARK_MIN_PT, MARK_MAX_PT = 3.0, 16.0  # sides of a coloured status shape (a 7-14pt glyph)
MARK_SOLID = 0.4  # erosion, as a share of its smaller side, that a solid shape survives
MARK_CONVEX = 0.85  # ink / convex hull: shapes are convex (circle, triangle, diamond); letters are not
SPECK_MAX_PT2 = 0.3  # ink blobs smaller than this (in pt²) are scanner speckle, not marks
RULE_RIM_PT = 0.75  # ink this close to a found rule is its blurred rim, removed with it
RULE_MAX_FLANK = 0.35  # share of a rule's length that may touch ink beside it (crossing rules, text)
# Slab-serif type (Courier and its kin) blurred at 200 dpi joins the feet of a word's letters into
# one thin baseline run as long as the word ('behind', 'Business': 50-70px). Letters stand on it:
# within 1pt of one side a third of its length or more is ink at every row, where a rule has
# paper there but for the rules crossing it (under a tenth). A run shorter than
# RULE_THICK_MIN_LENGTH_PT with more than this share of ink along either side is a baseline.
RULE_MAX_STANDING = 0.2
RULE_BLACK_MAX = 110  # gray level of a black rule's core on a scan (a grey fill is 128-217)
BLOB_PT = 5.0  # ink thicker than this in both directions is a filled block, not a rule
FILL_MIN_SIDE_PT = 4.0
FILL_MIN_AREA_PT2 = 60.0  # a RAG cell is ~400pt²; coloured glyphs are far smaller
SATURATION_MIN = 0.25  # coloured = saturation and value over these (DOMAIN: grey below ~0.15)
VALUE_MIN = 0.30
# A black rule beside a strong fill is tinted by it (JPEG chroma is sampled at half resolution and
# blurred: the rule between two orange cells scans as (88, 73, 43), saturation 0.5): coloured
# pixels no brighter than this in their brightest channel are the rule's ink, not the fill's.
# Strong fills are bright in at least one channel (#e03c31, #00b050, #0070c0, #ffc000: 176-255).
RULE_TINTED_VALUE_MAX = 150
TEXT_COLOUR_DISTANCE = 90.0  # RGB distance from a cell's fill beyond which a pixel is text, not fill
UNIFORM_DISTANCE = 30.0  # RGB/Lab distance within which pixels count as one fill colour
MAX_SKEW_DEG = 5.0
PAPER_PERCENTILE = 90  # of sample brightness: paper (a page is mostly paper)
PAPER_WHITE = 244  # paper estimated at least this bright in every channel counts as white
# Light fills (pale tints and grey shading): darkest channel at least this far below white paper,
# gray level above text ink, in areas thicker than glyph edges (see tint_mask).
TINT_STEP = 20
TINT_DARKEST = 110
TINT_MIN_THICKNESS_PT = 2.0


@dataclass(frozen=True)
class PixelBox:
    """An axis-aligned box in image pixels; x1/y1 exclusive."""

    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True)
class ColourFill:
    """A coloured area and its median fill colour (text pixels excluded)."""

    box: PixelBox
    rgb: tuple[int, int, int]
    shape: str | None = None  # a status mark's glyph ('●', '▲'), read from its outline (mark_shape)

    @property
    def hex(self) -> str:
        """The colour as '#rrggbb'."""
        return "#{:02x}{:02x}{:02x}".format(*self.rgb)


@dataclass(frozen=True)
class PreparedPage:
    """What OCR and the page model need from one page image."""

    ocr_image: np.ndarray  # uint8, black text on white, rules removed
    lines: list[PixelBox]
    fills: list[ColourFill]
    skew: float  # degrees the image was rotated by to straighten it


# ---------------------------------------------------------------- deskew


def estimate_skew(ink: np.ndarray, max_angle: float = MAX_SKEW_DEG) -> float:
    """The rotation (degrees, OpenCV sign) that makes text lines and rules horizontal; 0 when unsure.

    Projection-profile method: rules and text lines give the sharpest row profile when level. It
    uses text as well as rules, so pages without a ruled table are straightened too.
    """
    h, w = ink.shape
    factor = min(1.0, 1000.0 / max(w, 1))
    small = cv2.resize(ink, (max(1, int(w * factor)), max(1, int(h * factor))), interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0

    def score(angle: float) -> float:
        rotated = rotate(small, angle, border=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = float(max(fine, key=score))
    # A flat profile (blank page, a photo) makes every angle look alike: do not rotate on noise.
    if score(best) < score(0.0) * 1.02:
        return 0.0
    return round(best, 2)


def rotate(image: np.ndarray, angle: float, border: int | tuple[int, int, int] = 255) -> np.ndarray:
    """Rotate about the centre keeping the size (the page frame stays the page frame)."""
    if abs(angle) < 1e-6:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    value = border if isinstance(border, tuple) else (border, border, border)
    return cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=value
    )


# ---------------------------------------------------------------- paper


def flatten_paper(rgb: np.ndarray, ppp: float) -> np.ndarray:
    """Tinted or recycled paper and a lamp that dims towards one edge, brought back to white paper.

    The paper is modelled per channel as a plane (a tint and a linear fall-off of the light),
    fitted to pixels sampled every 16 that look like paper: bright and neutral, then within a few
    levels of the first fit. Text, rules and fills, whatever their size, are darker than paper or
    coloured and drop out of the fit. Each pixel is divided by the model, so fills keep the colour
    they were printed in and grey shading stays a fixed step below the paper. Pages whose paper is
    white everywhere are returned as they are. (`ppp` is unused: the model has no scale.)
    """
    del ppp
    h, w = rgb.shape[:2]
    step = 16
    samples = rgb[step // 2 :: step, step // 2 :: step].reshape(-1, 3).astype(np.float32)
    ys, xs = np.mgrid[step // 2 : h : step, step // 2 : w : step]
    design = np.column_stack([np.ones(xs.size), xs.ravel() / w - 0.5, ys.ravel() / h - 0.5])
    lightest, darkest = samples.max(axis=1), samples.min(axis=1)
    bright = np.percentile(lightest, PAPER_PERCENTILE)
    paper = (lightest >= bright - 40) & (lightest - darkest <= 0.15 * np.maximum(lightest, 1))
    if paper.sum() < 50:
        return rgb
    coefficients = np.linalg.lstsq(design[paper], samples[paper], rcond=None)[0]
    for _ in range(2):  # refit on the samples close to the model: the paper itself
        model = design @ coefficients
        close = (np.abs(samples - model) <= 12).all(axis=1)
        if close.sum() < 50:
            break
        coefficients = np.linalg.lstsq(design[close], samples[close], rcond=None)[0]
    corners = np.array([[1, x, y] for x in (-0.5, 0.5) for y in (-0.5, 0.5)]) @ coefficients
    if float(corners.min()) >= PAPER_WHITE:
        return rgb
    sh, sw = max(2, h // 8), max(2, w // 8)  # a plane: drawn small, enlarged exactly enough
    gx = (np.arange(sw, dtype=np.float32) / (sw - 1) - 0.5)[None, :, None]
    gy = (np.arange(sh, dtype=np.float32) / (sh - 1) - 0.5)[:, None, None]
    a, b, c = (coefficients[i].astype(np.float32)[None, None, :] for i in range(3))
    small = np.clip(np.rint(a + b * gx + c * gy), 1, 255).astype(np.uint8)
    return cv2.divide(rgb, cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), scale=255)


# ---------------------------------------------------------------- masks


def coloured_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels that are clearly coloured (not white, grey or black), as a 0/255 mask."""
    return _coloured_masks(rgb)[0]


def _coloured_masks(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The coloured mask, and its part brighter than RULE_TINTED_VALUE_MAX (fills, not tinted rules)."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    saturated = int(SATURATION_MIN * 255) + 1
    coloured = cv2.inRange(hsv, (0, saturated, int(VALUE_MIN * 255) + 1), (180, 255, 255))
    bright = cv2.inRange(hsv, (0, saturated, RULE_TINTED_VALUE_MAX + 1), (180, 255, 255))
    return coloured, bright


def tint_mask(rgb: np.ndarray, gray: np.ndarray, ppp: float) -> np.ndarray:
    """Light fills on (flattened, white) paper as a 0/255 mask: pale tints and grey shading.

    Spreadsheet cell styles are mostly light: Excel's conditional formatting (#c6efce, #ffc7ce,
    #ffeb9c), its 'Lighter 80%' accents (#dce6f1) and greys (#d9d9d9 to #a6a6a6) are at least
    TINT_STEP below white in their darkest channel but lighter than ink. Saturation cannot find them
    evenly (a blue-grey header band straddles any threshold), depth below white can. Scanner noise
    is removed with a median; glyph edges, hairlines and JPEG ringing, a pixel or two wide, with an
    opening TINT_MIN_THICKNESS_PT across.
    """
    darkest = cv2.min(cv2.min(rgb[:, :, 0], rgb[:, :, 1]), rgb[:, :, 2])
    _, below_white = cv2.threshold(darkest, 255 - TINT_STEP, 255, cv2.THRESH_BINARY_INV)
    lighter_than_ink = cv2.inRange(gray, TINT_DARKEST, 255)
    # Blurred glyph strokes are mid-grey too; nothing within 1pt of ink counts (a fill's own text
    # only makes holes in it).
    near_ink = cv2.dilate(
        cv2.bitwise_not(lighter_than_ink), cv2.getStructuringElement(cv2.MORPH_RECT, (_odd(2.0, ppp),) * 2)
    )
    light = cv2.bitwise_and(below_white, cv2.bitwise_not(near_ink))
    mask = cv2.medianBlur(light, 5)
    k = _odd(TINT_MIN_THICKNESS_PT, ppp)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))


def dark_mask(gray: np.ndarray) -> np.ndarray:
    """Otsu binarisation after a contrast stretch: 255 where the pixel is darker than the paper.

    Ink is also at least INK_MIN_CONTRAST below the paper: on a page of a few short lines (a key,
    a sign-off page) ink is under 1% of the pixels, and Otsu splits the paper's own noise instead,
    turning grain into specks and glyphs into blobs.
    """
    below_paper = cv2.inRange(gray, 0, max(0, paper_level(gray) - INK_MIN_CONTRAST))
    return cv2.bitwise_and(_otsu_dark(gray), below_paper)


def _otsu_dark(gray: np.ndarray) -> np.ndarray:
    # Percentiles from the histogram: np.percentile sorts all 9 million pixels of a 300 dpi page.
    cdf = np.cumsum(_histogram(gray)) / gray.size
    lo, hi = int(np.searchsorted(cdf, 0.005)), int(np.searchsorted(cdf, 0.995))
    if hi - lo > 10:  # faded photocopies: stretch so Otsu sees the full range
        stretched = cv2.convertScaleAbs(gray, alpha=255.0 / (hi - lo), beta=-lo * 255.0 / (hi - lo))
        _, dark = cv2.threshold(stretched, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        # convertScaleAbs takes the absolute value, so pixels darker than `lo` come back mirrored.
        # On a dense page `lo` is the ink's own darkest level and the mirror stays dark; on a
        # sparse page (a status key, a sign-off page) the darkest 0.5% is the paper's speckle and
        # black glyph cores mirrored to white, leaving hollow outlines that read as garbage.
        # Anything darker than `lo` is ink.
        _, darkest = cv2.threshold(gray, lo - 1, 255, cv2.THRESH_BINARY_INV)
        return cv2.bitwise_or(dark, darkest)
    _, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return dark


def faint_mask(gray: np.ndarray) -> np.ndarray:
    """Anything clearly darker than the paper (255 = not paper), for hairline grey rules Otsu drops.

    The paper level is the bright mode of the histogram, so a greyish photocopy background is
    paper too; 50 levels below it is beyond JPEG and scanner noise but catches a 50% grey hairline.
    """
    paper = paper_level(gray)
    _, faint = cv2.threshold(gray, max(0, paper - 51), 255, cv2.THRESH_BINARY_INV)
    return faint


def paper_level(gray: np.ndarray) -> int:
    """The grey level of blank paper: the bright mode of the histogram (white, or a tinted sheet)."""
    hist = _histogram(gray)
    return 128 + int(np.argmax(hist[128:]))


def _histogram(gray: np.ndarray) -> np.ndarray:
    """256-bin histogram of a uint8 image (OpenCV's: several times faster than np.bincount)."""
    return cv2.calcHist([gray], [0], None, [256], [0, 256]).reshape(-1)


def _ink_bounds(mask: np.ndarray, margin: int = 0) -> tuple[int, int, int, int] | None:
    """The bounding box (x, y, w, h) of a mask's nonzero pixels grown by `margin` within the image,
    or None for an empty mask. Connected components and openings run on this crop find exactly
    what they find on the whole page (an opening needs `margin` of its kernel's size, so the crop's
    border is paper as the page's is), at a fraction of the cost on sparse masks (coloured marks
    and fills cover a few percent of a page)."""
    x, y, w, h = cv2.boundingRect(mask)
    if w == 0 or h == 0:
        return None
    height, width = mask.shape[:2]
    x0, y0 = max(0, x - margin), max(0, y - margin)
    x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
    return x0, y0, x1 - x0, y1 - y0


def _labelled(mask: np.ndarray, connectivity: int) -> tuple[int, np.ndarray, np.ndarray]:
    """cv2.connectedComponentsWithStats without centroids: (count, labels, stats), the same labels.

    16-bit labels where they fit: on a 300 dpi page the 32-bit label image takes three times as
    long (0.08 vs 0.03 s per call, most of it writing 36 MB). A mask of 65535 components or more
    (a page of speckle) makes OpenCV refuse 16 bits, and it is labelled in 32.
    """
    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_16U
        )
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(
            mask, connectivity=connectivity, ltype=cv2.CV_32S
        )
    return n, labels, stats


def _px(points: float, ppp: float) -> int:
    return max(1, round(points * ppp))


def _odd(points: float, ppp: float) -> int:
    """A kernel size in pixels, odd so the anchor is central (even kernels shift an opening by a pixel)."""
    return _px(points, ppp) | 1


# ---------------------------------------------------------------- ruling lines


def find_rule_lines(
    ink: np.ndarray, ppp: float, gray: np.ndarray | None = None
) -> tuple[list[PixelBox], np.ndarray]:
    """Long thin ink components (horizontal and vertical) and their pixel mask.

    `ppp` is pixels per point. Morphological opening with a long 1-pixel kernel keeps only runs
    at least RULE_MIN_LENGTH_PT long; filled blocks are removed first so a rule touching a dark
    header bar survives beside it rather than vanishing into it.

    The morphology and labelling run on the inked area (page margins are paper), grown by every
    kernel's size so each opening and closing sees paper around the ink as it would on the whole
    page, and started at even pixels so the labelling's 2x2 blocks (and the labels' order) are the
    page's: the rules found are exactly those found on the whole page.
    """
    blob_k = _odd(BLOB_PT, ppp)
    length, gap, mend = _odd(RULE_MIN_LENGTH_PT, ppp), _odd(RULE_GAP_PT, ppp), _odd(0.6, ppp)
    mask = np.zeros_like(ink)
    bounds = _ink_bounds(ink, margin=blob_k + 5 + mend + length + gap + 2)
    if bounds is None:
        return [], mask
    cx, cy, cw, ch = bounds
    cw, ch = cw + cx % 2, ch + cy % 2
    cx, cy = cx - cx % 2, cy - cy % 2
    crop = ink[cy : cy + ch, cx : cx + cw]
    blobs = cv2.morphologyEx(
        crop, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (blob_k, blob_k))
    )
    black_kept, flank_ink = None, ink
    if blobs.any() and gray is not None:
        # A grey fill (#a6a6a6, a 'Grey = business as usual' swatch) is ink to Otsu and a block,
        # and the black rules around it go with it. Black pixels beside a block that is itself
        # grey are given back: the rules (and the text in a grey cell, which makes no long run).
        # A black fill's own pixels are not (its grey rim, a pixel or two, is opened away first).
        very_dark = cv2.inRange(gray[cy : cy + ch, cx : cx + cw], 0, RULE_BLACK_MAX)
        grey_body = cv2.morphologyEx(
            cv2.bitwise_and(blobs, cv2.bitwise_not(very_dark)),
            cv2.MORPH_OPEN,
            cv2.getStructuringElement(cv2.MORPH_RECT, (_odd(2.0, ppp),) * 2),
        )
        if grey_body.any():
            reach = _odd(2.0 * RULE_MAX_THICKNESS_PT, ppp)
            near_grey = cv2.dilate(grey_body, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach)))
            black_kept = cv2.bitwise_and(cv2.bitwise_and(very_dark, near_grey), crop)
            # and the grey block beside a rule is not ink flanking it (as bold type's stems are)
            flank_ink = ink.copy()
            flank_ink[cy : cy + ch, cx : cx + cw] &= cv2.bitwise_not(grey_body)
    if blobs.any():  # widened so a block's anti-aliased rim is not left behind as a thin 'rule'
        blobs = cv2.dilate(blobs, np.ones((5, 5), np.uint8))
    thin = cv2.bitwise_and(crop, cv2.bitwise_not(blobs))
    if black_kept is not None:
        thin = cv2.bitwise_or(thin, black_kept)
    boxes: list[PixelBox] = []
    crop_mask = mask[cy : cy + ch, cx : cx + cw]
    for horizontal in (True, False):
        found: list[PixelBox] = []
        long_k = (length, 1) if horizontal else (1, length)
        gap_k = (gap, 1) if horizontal else (1, gap)
        # A hairline near the threshold breaks every few pixels on JPEG block edges (thin header rules
        # of JPEG-compressed scans); pixel-wide breaks are mended first, too narrow to join letters.
        mend_k = (mend, 1) if horizontal else (1, mend)
        mended = cv2.morphologyEx(thin, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, mend_k))
        runs = cv2.morphologyEx(mended, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, long_k))
        runs = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap_k))
        n, labels, stats = _labelled(runs, 8)
        for i in range(1, n):
            lx, ly, w, h, area = (int(v) for v in stats[i])
            x, y = lx + cx, ly + cy
            extent = w if horizontal else h
            # Mean thickness, not the box's: a slightly tilted rule has a tall box but is thin.
            thickness = area / extent
            # Glyph stems of large type (a 24pt 'I' is ~17 x 2.5pt) are long but stubby; rules are not.
            if (
                extent < length
                or thickness > RULE_MAX_THICKNESS_PT * ppp
                # a bold word whose letters blur together at 200 dpi is a short, thick band
                or (thickness > RULE_THICK_PT * ppp and extent < RULE_THICK_MIN_LENGTH_PT * ppp)
                or extent < RULE_MIN_ASPECT * thickness
                or _flanked(flank_ink, PixelBox(x, y, x + w, y + h), horizontal, _px(0.75, ppp))
                > RULE_MAX_FLANK
                or (
                    horizontal  # (a narrow column's text may come as close to a vertical rule)
                    and extent < RULE_THICK_MIN_LENGTH_PT * ppp
                    and _standing(ink, PixelBox(x, y, x + w, y + h), _px(1.0, ppp)) > RULE_MAX_STANDING
                )
            ):
                continue
            found.append(PixelBox(x, y, x + w, y + h))
            own = labels[ly : ly + h, lx : lx + w] == i
            crop_mask[ly : ly + h, lx : lx + w] |= np.where(own, 255, 0).astype(np.uint8)
        boxes.extend(_join_collinear(found, horizontal, _px(RULE_JOIN_PT, ppp)))
    return boxes, mask


def _join_collinear(boxes: list[PixelBox], horizontal: bool, max_gap: int) -> list[PixelBox]:
    """One rule from pieces on the same line separated by less than `max_gap` (a rule broken where
    text grazes it, as a running header's rule is where a heading's descenders touch it)."""
    if not horizontal:
        flipped = [PixelBox(b.y0, b.x0, b.y1, b.x1) for b in boxes]
        return [PixelBox(b.y0, b.x0, b.y1, b.x1) for b in _join_collinear(flipped, True, max_gap)]
    out: list[PixelBox] = []
    for b in sorted(boxes, key=lambda b: (b.x0, b.y0)):
        for k, a in enumerate(out):
            if a.y0 <= b.y1 and b.y0 <= a.y1 and 0 <= b.x0 - a.x1 <= max_gap:
                out[k] = PixelBox(a.x0, min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1))
                break
        else:
            out.append(b)
    return out


def _standing(ink: np.ndarray, b: PixelBox, depth: int) -> float:
    """The larger, of the two sides, of the share of ink in the `depth` rows above and below a
    horizontal run: letters standing on a baseline run fill a third of it, a rule has paper there."""
    h = ink.shape[0]
    above = ink[max(0, b.y0 - depth) : b.y0, b.x0 : b.x1]
    below = ink[b.y1 : min(h, b.y1 + depth), b.x0 : b.x1]
    return max(
        float((above > 0).mean()) if above.size else 0.0,
        float((below > 0).mean()) if below.size else 0.0,
    )


def _flanked(ink: np.ndarray, b: PixelBox, horizontal: bool, off: int) -> float:
    """Share of a run's length with ink just beside it on either side.

    A rule has paper on both sides except where other rules cross it; the bars of bold
    display type ('tat' in a 28pt title) have stems and bowls hanging off them.
    """
    h, w = ink.shape
    if horizontal:
        above = ink[max(0, b.y0 - off), b.x0 : b.x1] > 0
        below = ink[min(h - 1, b.y1 - 1 + off), b.x0 : b.x1] > 0
        return float((above | below).mean())
    left = ink[b.y0 : b.y1, max(0, b.x0 - off)] > 0
    right = ink[b.y0 : b.y1, min(w - 1, b.x1 - 1 + off)] > 0
    return float((left | right).mean())


# ---------------------------------------------------------------- colour fills


def find_colour_fills(
    rgb: np.ndarray, coloured: np.ndarray, barrier: np.ndarray, ppp: float
) -> list[ColourFill]:
    """Coloured cell fills: connected coloured areas, split at rules, with their median colour.

    Text inside a cell is not coloured, so it only makes holes in the component and never
    reaches the median. `barrier` (the rules, slightly widened) keeps two adjacent cells apart
    even where JPEG chroma bleeding tints the rule between them.
    """
    mask = cv2.bitwise_and(coloured, cv2.bitwise_not(barrier))
    speck = _odd(0.5, ppp)
    bounds = _ink_bounds(mask, margin=speck)
    if bounds is None:
        return []
    if speck > 1:  # hairline bridges and JPEG speckle (opened on the inked area: see _ink_bounds)
        x, y, w, h = bounds
        opened = np.zeros_like(mask)
        opened[y : y + h, x : x + w] = cv2.morphologyEx(
            mask[y : y + h, x : x + w],
            cv2.MORPH_OPEN,
            cv2.getStructuringElement(cv2.MORPH_RECT, (speck, speck)),
        )
        mask = opened
    min_side, min_area = FILL_MIN_SIDE_PT * ppp, FILL_MIN_AREA_PT2 * ppp * ppp
    grow = _px(1.0, ppp)  # back out to the rule the barrier kept it from
    height, width = mask.shape
    fills: list[ColourFill] = []
    for box, pixels in _components(mask, rgb, min_side, min_area, split=True):
        median = np.median(pixels, axis=0)
        grown = PixelBox(
            max(0, box.x0 - grow),
            max(0, box.y0 - grow),
            min(width, box.x1 + grow),
            min(height, box.y1 + grow),
        )
        fills.append(ColourFill(box=grown, rgb=(int(median[0]), int(median[1]), int(median[2]))))
    return fills


def _components(
    mask: np.ndarray, rgb: np.ndarray, min_side: float, min_area: float, split: bool
) -> Iterator[tuple[PixelBox, np.ndarray]]:
    """Connected areas of `mask` big enough to be fills, with a sample of their pixels' colours.

    An area of two or more colours (legend swatches stacked with no rule between them) is cut
    along its colour edges and each part judged again.
    """
    bounds = _ink_bounds(mask)
    if bounds is None:
        return
    cx, cy, cw, ch = bounds
    if (cw, ch) != (mask.shape[1], mask.shape[0]):  # the components of the inked area, placed back
        for box, pixels in _components(
            mask[cy : cy + ch, cx : cx + cw], rgb[cy : cy + ch, cx : cx + cw], min_side, min_area, split
        ):
            yield PixelBox(box.x0 + cx, box.y0 + cy, box.x1 + cx, box.y1 + cy), pixels
        return
    n, labels, stats = _labelled(mask, 4)
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if w < min_side or h < min_side or area < min_area:
            continue
        own = labels[y : y + h, x : x + w] == i
        pixels = rgb[y : y + h, x : x + w][own]
        if len(pixels) > 20000:  # the median of a sample is the median; large fills need not be sorted whole
            pixels = pixels[:: len(pixels) // 20000]
        if split and not _uniform(pixels):
            patch = rgb[y : y + h, x : x + w]
            part = np.where(own & ~_colour_edges(patch), 255, 0).astype(np.uint8)
            parts = list(_components(part, patch, min_side, min_area, split=False))
            # JPEG chroma blur can leave no sharp edge between two stacked colours (200 dpi, q60):
            # a part that is still two colours is separated by its two dominant colours
            parts = [
                sub
                for box, sub_pixels in parts
                for sub in _split_mixed(box, sub_pixels, part, patch, min_side, min_area)
            ]
            if len(parts) < 2:
                parts = list(_colour_clusters(own, patch, min_side, min_area))
            if len(parts) >= 2:
                for box, sub in parts:
                    yield PixelBox(box.x0 + x, box.y0 + y, box.x1 + x, box.y1 + y), sub
                continue
        yield PixelBox(x, y, x + w, y + h), pixels


def _split_mixed(
    box: PixelBox, pixels: np.ndarray, mask: np.ndarray, patch: np.ndarray, min_side: float, min_area: float
) -> list[tuple[PixelBox, np.ndarray]]:
    """The part as it is when uniform, else its colour clusters (offset back into the patch)."""
    if _uniform(pixels):
        return [(box, pixels)]
    sub_mask = mask[box.y0 : box.y1, box.x0 : box.x1] > 0
    sub_patch = patch[box.y0 : box.y1, box.x0 : box.x1]
    clusters = _colour_clusters(sub_mask, sub_patch, min_side, min_area)
    if len(clusters) < 2:
        return [(box, pixels)]
    return [(PixelBox(b.x0 + box.x0, b.y0 + box.y0, b.x1 + box.x0, b.y1 + box.y0), px) for b, px in clusters]


def _colour_clusters(
    own: np.ndarray, patch: np.ndarray, min_side: float, min_area: float
) -> list[tuple[PixelBox, np.ndarray]]:
    """Split an area into its two dominant colours (k-means in Lab), each part judged as a fill."""
    lab = cv2.cvtColor(patch, cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float32)
    inside = own.reshape(-1)
    samples = lab[inside]
    if len(samples) < 2:
        return []
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    best = np.zeros((len(samples), 1), np.int32)
    _, labels, centres = cv2.kmeans(samples, 2, best, criteria, 3, cv2.KMEANS_PP_CENTERS)
    if float(np.linalg.norm(centres[0] - centres[1])) < UNIFORM_DISTANCE:
        return []
    flat = np.full(inside.shape, -1, dtype=np.int32)
    flat[inside] = np.asarray(labels).reshape(-1)
    full = flat.reshape(own.shape)
    parts: list[tuple[PixelBox, np.ndarray]] = []
    kernel = np.ones((3, 3), np.uint8)
    for k in range(2):
        mask = cv2.morphologyEx(np.where(full == k, 255, 0).astype(np.uint8), cv2.MORPH_OPEN, kernel)
        parts.extend(_components(mask, patch, min_side, min_area, split=False))
    return parts


def _uniform(pixels: np.ndarray) -> bool:
    """Most pixels lie near the median colour (JPEG noise included)."""
    distance = np.sqrt(np.square(pixels.astype(np.float32) - np.median(pixels, axis=0)).sum(axis=1))
    return float((distance < UNIFORM_DISTANCE).mean()) >= 0.85


def _colour_edges(patch: np.ndarray) -> np.ndarray:
    """Where the colour changes sharply (Lab gradient on a lightly blurred patch), as a bool mask."""
    lab = cv2.cvtColor(cv2.GaussianBlur(patch, (5, 5), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    magnitude = np.zeros(lab.shape[:2], dtype=np.float32)
    for c in range(3):
        gx = cv2.Sobel(lab[:, :, c], cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(lab[:, :, c], cv2.CV_32F, 0, 1, ksize=3)
        magnitude += gx * gx + gy * gy
    edges = np.sqrt(magnitude) > 4 * UNIFORM_DISTANCE  # a 3x3 Sobel reports about 4x a step
    return cv2.dilate(edges.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0


def find_colour_marks(
    rgb: np.ndarray, coloured: np.ndarray, fills: list[ColourFill], ppp: float
) -> list[ColourFill]:
    """Small solid coloured shapes (a status column's ● ▲ ◆ ■, a key's swatch glyphs) as fills.

    The text layer turns such glyphs into filled areas the size of the glyph, so their cell takes
    their colour; on a scan they are coloured blobs too small for a cell fill. A shape is solid: an
    erosion by MARK_SOLID times its smaller side leaves ink (a circle's, a triangle's or a diamond's
    inscribed circle is 0.6-1.0 of it), where a letter's strokes, even in heavy coloured display
    type, are under a quarter of its height and vanish; and a shape is convex (its ink fills its
    convex hull), where even a heavy letter has counters and notches. Shapes inside a fill found
    already are part of that fill.
    """
    bounds = _ink_bounds(coloured)
    if bounds is None:
        return []
    cx, cy, cw, ch = bounds
    n, labels, stats = _labelled(coloured[cy : cy + ch, cx : cx + cw], 8)
    lo, hi = MARK_MIN_PT * ppp, MARK_MAX_PT * ppp
    marks: list[ColourFill] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        lx, ly = x, y  # in the crop's labels
        x, y = x + cx, y + cy
        if not (lo <= w <= hi and lo <= h <= hi) or not 0.5 <= w / h <= 2.0 or area < 0.4 * w * h:
            continue
        if any(f.box.x0 <= x and f.box.y0 <= y and x + w <= f.box.x1 and y + h <= f.box.y1 for f in fills):
            continue
        own = (labels[ly : ly + h, lx : lx + w] == i).astype(np.uint8)
        k = max(2, round(MARK_SOLID * min(w, h)))
        core = cv2.erode(own, np.ones((k, k), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
        if not core.any():  # (outside the box is not ink: OpenCV's default border would make it so)
            continue
        contours, _ = cv2.findContours(own, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(np.vstack(contours)))
        if hull <= 0 or area < MARK_CONVEX * hull:  # a 'K' or 'R' whose strokes meet in a wedge
            continue
        pixels = rgb[y : y + h, x : x + w][own > 0]
        median = np.median(pixels, axis=0)
        colour = (int(median[0]), int(median[1]), int(median[2]))
        marks.append(ColourFill(PixelBox(x, y, x + w, y + h), colour, mark_shape(own)))
    return marks


# Ink / bounding box of the status shapes plans print: a square fills it, a circle 0.79 of it, a
# triangle and a diamond half (blur rounds a square's corners and fills a diamond's a little).
SQUARE_FILL = 0.88
ROUND_FILL = 0.66


def mark_shape(mask: np.ndarray) -> str | None:
    """The glyph a solid status mark is, from its outline: '■', '●', '◆', '▲' or '▼'; None when unsure.

    On the text layer such a mark is a character ('▲' in a status column, its colour giving its
    meaning through the key); the scan has only its ink, whose share of its box tells a square
    from a circle from a pointed shape, and whose widest row tells a diamond (middle) from a
    triangle (its base, at the bottom or the top).
    """
    h, w = mask.shape
    if h < 4 or w < 4:
        return None
    fill = float(mask.sum()) / (h * w)
    if fill >= SQUARE_FILL:
        return "■"
    if fill >= ROUND_FILL:
        return "●"
    widths = mask.sum(axis=1).astype(np.float64)
    third = max(1, h // 3)
    top, middle, bottom = widths[:third].mean(), widths[third : h - third].mean(), widths[h - third :].mean()
    if middle > 1.3 * max(top, bottom):
        return "◆"
    if bottom > 1.8 * top:
        return "▲"
    if top > 1.8 * bottom:
        return "▼"
    return None


def text_on_fill(rgb: np.ndarray, gray: np.ndarray, fill: ColourFill, margin: int = 1) -> np.ndarray:
    """Ink mask of the text inside one fill, whatever its polarity (black on red, white on navy)."""
    b = fill.box
    patch = rgb[b.y0 : b.y1, b.x0 : b.x1].astype(np.int32)
    distance = np.sqrt(np.square(patch - np.array(fill.rgb, dtype=np.int32)).sum(axis=2))
    differs = distance > TEXT_COLOUR_DISTANCE
    g = gray[b.y0 : b.y1, b.x0 : b.x1]
    fill_gray = 0.299 * fill.rgb[0] + 0.587 * fill.rgb[1] + 0.114 * fill.rgb[2]
    # Polarity is decided away from the box's rim, which reaches the rules and the paper around.
    rim = max(1, min(margin, (g.shape[0] - 1) // 2, (g.shape[1] - 1) // 2))
    inner_d, inner_g = differs[rim:-rim, rim:-rim], g[rim:-rim, rim:-rim]
    darker = int((inner_d & (inner_g < fill_gray)).sum())
    lighter = int((inner_d & (inner_g > fill_gray)).sum())
    if darker == lighter == 0:
        return np.zeros(g.shape, dtype=np.uint8)
    text = np.where(differs & ((g < fill_gray) if darker >= lighter else (g > fill_gray)), 255, 0).astype(
        np.uint8
    )
    if darker < lighter:
        # The box reaches past the fill (grown back to its rules) to the paper around it, which is
        # lighter than the fill too: a swatch with no text of its own, a few blurred edge pixels
        # lighter inside, came out as its paper ring, a hollow box read as 'cl]' or '[]'. Light
        # text sits inside its fill; light ink touching the box's edge is the paper around.
        text = _inside_only(text)
    return text


def _inside_only(mask: np.ndarray) -> np.ndarray:
    """The mask without its components that touch the border (0/255 in and out)."""
    n, labels, stats = _labelled(mask, 8)
    if n <= 1:
        return mask
    h, w = mask.shape
    x, y, bw, bh = (stats[:, i] for i in range(4))
    touching = (x == 0) | (y == 0) | (x + bw >= w) | (y + bh >= h)
    touching[0] = True  # the background
    keep = np.where(touching, 0, 255).astype(np.uint8)
    return keep[labels]


# ---------------------------------------------------------------- the whole preparation


def prepare_page(rgb: np.ndarray, dpi: float, deskew: bool = True) -> PreparedPage:
    """Deskew, find rules and fills, and binarise for tesseract (rules removed, fills neutralised)."""
    ppp = dpi / 72.0
    rgb = flatten_paper(rgb, ppp)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    coloured, bright_colour = _coloured_masks(rgb)
    dark = dark_mask(gray)
    ink = cv2.bitwise_and(dark, cv2.bitwise_not(coloured))
    angle = estimate_skew(ink) if deskew else 0.0
    if angle:
        rgb = rotate(rgb, angle, border=(255, 255, 255))
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        coloured, bright_colour = _coloured_masks(rgb)
        dark = dark_mask(gray)
    # Faint (grey hairline) ink counts only away from dark ink, where it cannot be the anti-aliased
    # rim that joins the letters of a word into one long bar.
    near_dark = cv2.dilate(dark, np.ones((5, 5), np.uint8))
    faint = cv2.bitwise_and(faint_mask(gray), cv2.bitwise_not(near_dark))
    # Rules are found in dark ink and faint hairlines, less the fills' colour: a rule's own pixels
    # tinted by the fill beside it stay (see RULE_TINTED_VALUE_MAX), else the rules between two
    # coloured cells are lost and a status column merges with its neighbours.
    lines, line_mask = find_rule_lines(
        cv2.bitwise_and(cv2.bitwise_or(dark, faint), cv2.bitwise_not(bright_colour)), ppp, gray
    )
    widen = _px(1.0, ppp) * 2 + 1
    barrier = cv2.dilate(line_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (widen, widen)))
    fills = find_colour_fills(rgb, coloured, barrier, ppp)
    # Light tints apart from strong colours (whose JPEG halos and mixed rims are light too).
    near_colour = cv2.dilate(coloured, cv2.getStructuringElement(cv2.MORPH_RECT, (widen, widen)))
    tints = cv2.bitwise_and(tint_mask(rgb, gray, ppp), cv2.bitwise_not(near_colour))
    fills += find_colour_fills(rgb, tints, barrier, ppp)
    marks = find_colour_marks(rgb, coloured, fills, ppp)
    fills += marks
    # Outside fills every dark pixel is ink (including coloured text: red text is dark); inside a
    # fill only what differs from the fill is, so a red RAG cell does not become a black slab.
    text = dark.copy()
    for fill in fills:
        b = fill.box
        text[b.y0 : b.y1, b.x0 : b.x1] = text_on_fill(rgb, gray, fill, margin=widen)
    # A red ▲ or green ● is its colour, not a letter (tesseract read them as 'A', '@', 'e'): the
    # mark and its blurred rim, 1pt around it, leave the OCR image.
    grow = _px(1.0, ppp)
    for mark in marks:
        b = mark.box
        text[max(0, b.y0 - grow) : b.y1 + grow, max(0, b.x0 - grow) : b.x1 + grow] = 0
    text = drop_specks(text, ppp)
    # Rules glued to glyphs make tesseract read '|' and 'l' and merge cells into one word. The
    # opened rule mask misses a blurred rule's ragged rim, which read as '—', '_', '-.' along the
    # rule between two header bands of ruled scans: the mask is widened by RULE_RIM_PT each side.
    rim = _px(RULE_RIM_PT, ppp) * 2 + 1
    text = cv2.bitwise_and(
        text, cv2.bitwise_not(cv2.dilate(line_mask, cv2.getStructuringElement(cv2.MORPH_RECT, (rim, rim))))
    )
    return PreparedPage(ocr_image=cv2.bitwise_not(text), lines=lines, fills=fills, skew=angle)


def drop_specks(text: np.ndarray, ppp: float) -> np.ndarray:
    """The ink mask without isolated specks smaller than SPECK_MAX_PT2 (0/255 in, 0/255 out).

    Scanner speckle (dust, sensor hits, a JPEG-smeared dark pixel) is a blob of a few pixels; on a
    sparse page (a blank 'intentionally blank' page, a key) hundreds of them read as 'a', 'u', '.'
    and spoil the glyphs they touch. The smallest mark that means something, a full stop or the dot
    of an i at 7pt, covers about 0.5pt², so blobs under SPECK_MAX_PT2 go.
    """
    limit = SPECK_MAX_PT2 * ppp * ppp
    _, labels, stats = _labelled(text, 8)
    small = stats[:, cv2.CC_STAT_AREA] < limit
    small[0] = False
    if not small.any():
        return text
    # text is 0/255 and label 0 its paper: a look-up by label gives each pixel its component's fate
    keep = np.where(small, 0, 255).astype(np.uint8)
    keep[0] = 0
    return keep[labels]


# ---------------------------------------------------------------- ink tesseract left unread


@dataclass(frozen=True)
class InkCluster:
    """A word- or line-sized group of ink components that no recognised word covers."""

    box: PixelBox
    mask: np.ndarray  # bool, the cluster's own ink within `box`


def unread_ink(ocr_image: np.ndarray, covered: list[PixelBox], ppp: float) -> list[InkCluster]:
    """Ink in the OCR image outside every recognised word box, grouped into word/line clusters.

    Tesseract's page segmentation drops isolated short words (a RAG letter alone in its cell,
    an action letter 'a.', a '-' meaning "not set"); those are exactly the table tokens that
    matter, so they are collected here for a second, cheap pass.
    """
    _, ink = cv2.threshold(ocr_image, 127, 255, cv2.THRESH_BINARY_INV)  # 255 where < 128
    cover = np.zeros_like(ink)
    margin = _px(1.0, ppp)
    for b in covered:
        cover[max(0, b.y0 - margin) : b.y1 + margin, max(0, b.x0 - margin) : b.x1 + margin] = 255
    n, labels, stats = _labelled(ink, 8)
    if n <= 1:
        return []
    touched = np.bincount(labels[cover > 0], minlength=n)
    area = stats[:, cv2.CC_STAT_AREA]
    keep = (touched == 0) & (area >= 2)
    keep[0] = False
    if not keep.any():
        return []
    missed = np.where(keep[labels], 255, 0).astype(np.uint8)
    # Join letters into words and words into short phrases, but not lines into paragraphs.
    joined = cv2.dilate(missed, cv2.getStructuringElement(cv2.MORPH_RECT, (_px(4.0, ppp), _px(1.0, ppp))))
    m, groups, gstats = _labelled(joined, 8)
    clusters: list[InkCluster] = []
    for i in range(1, m):
        x, y, gw, gh, _ = (int(v) for v in gstats[i])
        region = (groups[y : y + gh, x : x + gw] == i) & (missed[y : y + gh, x : x + gw] > 0)
        ys, xs = np.nonzero(region)
        # Judged per cluster so the dot of 'a.' stays with its letter: a hyphen at 9pt is about
        # 3 x 0.6pt, while scanner speckle is a few pixels.
        if max(xs.max() - xs.min(), ys.max() - ys.min()) + 1 < 2.0 * ppp or len(xs) < 1.2 * ppp * ppp:
            continue
        box = PixelBox(x + int(xs.min()), y + int(ys.min()), x + int(xs.max()) + 1, y + int(ys.max()) + 1)
        clusters.append(InkCluster(box=box, mask=region[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]))
    return clusters


def stack_clusters(clusters: list[InkCluster], ppp: float) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Paste clusters one under another on a white sheet; returns the sheet and each cluster's (x, y) on it.

    One tesseract run over the sheet costs one program start instead of one per cluster.
    """
    pad, gap = _px(12.0, ppp), _px(10.0, ppp)
    width = max(c.mask.shape[1] for c in clusters) + 2 * pad
    height = sum(c.mask.shape[0] + gap for c in clusters) + 2 * pad
    sheet = np.full((height, width), 255, dtype=np.uint8)
    offsets: list[tuple[int, int]] = []
    y = pad
    for c in clusters:
        h, w = c.mask.shape
        sheet[y : y + h, pad : pad + w][c.mask] = 0
        offsets.append((pad, y))
        y += h + gap
    return sheet, offsets
