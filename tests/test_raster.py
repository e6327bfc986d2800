"""Raster preparation without tesseract: deskew, rules, colour fills, text polarity, unread ink, loading."""

from __future__ import annotations

import colorsys
import io

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from pipeline.ingest import raster, render

DPI = 150
PPP = DPI / 72
W, H = 1754, 1240  # A4 landscape at 150 dpi


def blank() -> np.ndarray:
    return np.full((H, W, 3), 255, dtype=np.uint8)


def table_page(fills: list[tuple[int, int, int]] | None = None) -> np.ndarray:
    """A ruled 4 x 6 grid with word-like blocks in the cells and the last column filled in colour."""
    img = blank()
    xs, ys = [100, 500, 900, 1300, 1600], [300 + 90 * i for i in range(7)]
    for r in range(6):
        colour = fills[r % len(fills)] if fills else None
        if colour:
            cv2.rectangle(img, (xs[3], ys[r]), (xs[4], ys[r + 1]), colour, thickness=-1)
        for c in range(4):
            for k in range(5):  # five 'words' of 'letters' per cell
                x = xs[c] + 12 + k * 55
                if x + 40 < xs[c + 1]:
                    for j in range(0, 40, 8):
                        cv2.rectangle(img, (x + j, ys[r] + 35), (x + j + 5, ys[r] + 55), (0, 0, 0), -1)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), (0, 0, 0), 2)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), (0, 0, 0), 2)
    return img


def ink_of(rgb: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.bitwise_and(raster.dark_mask(gray), cv2.bitwise_not(raster.coloured_mask(rgb)))


def hue_of(rgb: tuple[int, int, int]) -> float:
    return colorsys.rgb_to_hsv(*(v / 255 for v in rgb))[0] * 360


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(angle=st.floats(min_value=-4.0, max_value=4.0).filter(lambda a: abs(a) > 0.2))
def test_skew_is_estimated_within_a_tenth_of_a_degree(angle: float) -> None:
    skewed = raster.rotate(table_page(), angle, border=(255, 255, 255))
    assert raster.estimate_skew(ink_of(skewed)) == pytest.approx(-angle, abs=0.1)


def test_blank_or_straight_pages_are_not_rotated() -> None:
    assert raster.estimate_skew(ink_of(blank())) == 0.0
    assert abs(raster.estimate_skew(ink_of(table_page()))) <= 0.05


def test_deskewed_rules_are_level_and_where_drawn() -> None:
    prepared = raster.prepare_page(raster.rotate(table_page(), 1.5, border=(255, 255, 255)), DPI)
    assert prepared.skew == pytest.approx(-1.5, abs=0.1)
    horizontal = [b for b in prepared.lines if b.x1 - b.x0 > b.y1 - b.y0]
    vertical = [b for b in prepared.lines if b.x1 - b.x0 <= b.y1 - b.y0]
    assert len(horizontal) == 7 and len(vertical) == 5
    for i, b in enumerate(sorted(horizontal, key=lambda b: b.y0)):
        assert b.y1 - b.y0 <= 6  # level: a 1.5 degree tilt over 1500px would be ~40px tall
        assert abs((b.y0 + b.y1) / 2 - (300 + 90 * i)) <= 4
        assert abs(b.x0 - 100) <= 6 and abs(b.x1 - 1600) <= 6


def test_text_blocks_and_filled_bars_are_not_rules() -> None:
    img = blank()
    for k in range(20):  # a line of 10pt-ish text: short strokes with gaps
        cv2.rectangle(img, (100 + k * 14, 100), (100 + k * 14 + 9, 120), (0, 0, 0), -1)
    cv2.rectangle(img, (100, 300), (900, 360), (40, 40, 40), -1)  # a dark header bar
    cv2.line(img, (100, 361), (1500, 361), (0, 0, 0), 2)  # a rule running out of the bar
    lines, mask = raster.find_rule_lines(ink_of(img), PPP)
    assert len(lines) == 1
    (rule,) = lines
    assert rule.y0 >= 355 and rule.y1 <= 366 and rule.x1 >= 1495 and rule.x0 <= 910
    assert mask[100:121].sum() == 0


@settings(max_examples=15, deadline=None)
@given(
    h=st.floats(min_value=0.0, max_value=0.99),
    s=st.floats(min_value=0.45, max_value=1.0),
    v=st.floats(min_value=0.5, max_value=1.0),
)
def test_fill_colour_is_the_median_of_the_fill_not_its_text(h: float, s: float, v: float) -> None:
    colour = tuple(round(c * 255) for c in colorsys.hsv_to_rgb(h, s, v))
    img = blank()
    cv2.rectangle(img, (400, 400), (520, 460), colour, -1)
    cv2.putText(img, "G", (445, 445), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 3)
    fills = raster.prepare_page(img, DPI, deskew=False).fills
    assert len(fills) == 1
    got = fills[0]
    assert all(abs(a - b) <= 2 for a, b in zip(got.rgb, colour, strict=True))
    assert abs(got.box.x0 - 400) <= 4 and abs(got.box.x1 - 521) <= 4 and abs(got.box.y0 - 400) <= 4
    assert got.hex == "#{:02x}{:02x}{:02x}".format(*got.rgb)


def test_adjacent_cells_split_at_their_rule_even_after_jpeg() -> None:
    img = table_page(fills=[(0, 176, 80), (255, 0, 0), (255, 192, 0)])
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=60)
    jpeg = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    fills = sorted(raster.prepare_page(jpeg, DPI).fills, key=lambda f: f.box.y0)
    assert len(fills) == 6
    drawn = [(0, 176, 80), (255, 0, 0), (255, 192, 0)] * 2
    for fill, colour in zip(fills, drawn, strict=True):
        d = abs(hue_of(fill.rgb) - hue_of(colour)) % 360
        assert min(d, 360 - d) <= 6, (fill, colour)
        assert 80 <= fill.box.y1 - fill.box.y0 <= 96  # one row, not two merged


def test_grey_is_a_neutral_fill_and_off_white_is_not() -> None:
    img = blank()
    cv2.rectangle(img, (100, 100), (400, 200), (217, 217, 217), -1)  # header grey
    cv2.rectangle(img, (100, 300), (400, 400), (250, 248, 245), -1)  # off-white paper
    fills = raster.prepare_page(img, DPI, deskew=False).fills
    assert len(fills) == 1, fills
    assert fills[0].rgb == (217, 217, 217)
    assert abs(fills[0].box.y0 - 100) <= 4 and abs(fills[0].box.y1 - 201) <= 4


@pytest.mark.parametrize(
    ("fill", "text"),
    [((255, 0, 0), (0, 0, 0)), ((0, 176, 80), (0, 0, 0)), ((31, 56, 100), (255, 255, 255))],
    ids=["black-on-red", "black-on-green", "white-on-navy"],
)
def test_text_in_a_fill_becomes_black_on_white_whatever_its_polarity(
    fill: tuple[int, int, int], text: tuple[int, int, int]
) -> None:
    img = blank()
    cv2.rectangle(img, (300, 300), (700, 400), fill, -1)
    cv2.putText(img, "HIGH", (360, 370), cv2.FONT_HERSHEY_SIMPLEX, 1.6, text, 4)
    out = raster.prepare_page(img, DPI, deskew=False).ocr_image
    cell = out[305:395, 305:695]
    ink = (cell < 128).mean()
    assert 0.05 < ink < 0.4  # the letters, not a slab and not nothing
    assert (out[:290] > 128).all()  # paper stays white


def test_rules_are_removed_from_the_ocr_image_but_text_kept() -> None:
    prepared = raster.prepare_page(table_page(), DPI, deskew=False)
    out = prepared.ocr_image
    assert (out[298:303, 150:450] > 128).all()  # the rule at y=300 is gone
    assert (out[335:356, 112:118] < 128).any()  # the first 'letter' of the first cell is there


def test_unread_ink_keeps_dots_with_their_letters_and_skips_covered_words() -> None:
    sheet = np.full((400, 800), 255, dtype=np.uint8)
    cv2.putText(sheet, "Embed", (100, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.putText(sheet, "a", (100, 250), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    cv2.rectangle(sheet, (125, 246), (128, 249), 0, -1)  # its full stop, 1pt on as in Helvetica
    sheet[300, 500] = 0  # a speck
    covered = [raster.PixelBox(95, 70, 210, 105)]
    clusters = raster.unread_ink(sheet, covered, 200 / 72)
    assert len(clusters) == 1
    (cluster,) = clusters
    assert 95 <= cluster.box.x0 <= 105 and cluster.box.x1 >= 125
    stacked, offsets = raster.stack_clusters(clusters, 200 / 72)
    x, y = offsets[0]
    h, w = cluster.mask.shape
    assert (stacked[y : y + h, x : x + w] == np.where(cluster.mask, 0, 255)).all()


def test_image_frames_use_their_dpi_and_composite_alpha_on_white() -> None:
    rgba = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    buf = io.BytesIO()
    rgba.save(buf, "PNG", dpi=(200, 200))
    page = render.load_image_frame(buf.getvalue(), 0, 10**9)
    assert page.dpi == pytest.approx(200)
    assert page.width_pt == pytest.approx(600 * 72 / 200, abs=0.1)
    assert (page.rgb == 255).all()
    plain = io.BytesIO()
    Image.new("L", (600, 300), 255).save(plain, "PNG")  # no dpi recorded
    assert render.load_image_frame(plain.getvalue(), 0, 10**9).dpi == 300


def test_pixel_limit_is_enforced_and_restored() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (1000, 1000), "white").save(buf, "PNG")
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(render.OverPixelLimit):
        render.image_frame_count(buf.getvalue(), 600_000)  # between 1x and 2x: Pillow only warns
    with pytest.raises(render.OverPixelLimit):
        render.load_image_frame(buf.getvalue(), 0, 100_000)  # over 2x: Pillow refuses
    assert before == Image.MAX_IMAGE_PIXELS
    assert render.image_frame_count(buf.getvalue(), 1_000_000) == 1


def test_a_short_thick_band_is_a_glued_bold_word_not_a_rule() -> None:
    img = blank()
    ppp = DPI / 72
    band_h = round(3.6 * ppp)  # a 9pt bold word whose letters blur together: ~60 x 3.6pt
    img[300 : 300 + band_h, 200 : 200 + round(60 * ppp)] = 0
    img[600 : 600 + band_h, 200 : 200 + round(300 * ppp)] = 0  # a thick border spanning a table
    lines, _ = raster.find_rule_lines(ink_of(img), ppp)
    assert [(b.y0, b.x0) for b in lines if b.y0 < 400] == []
    assert any(abs(b.y0 - 600) <= 2 and b.x1 - b.x0 > 250 * ppp for b in lines)


def speckled_sparse_page(seed: int = 3) -> np.ndarray:
    """A mostly empty page on grey recycled paper, dimming towards one edge, with scanner speckle:
    a status-key or sign-off page scanned at the end of a plan, a few black words and nothing else."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(200, 225, W, dtype=np.float32)[None, :]
    gray = np.repeat(ramp, H, axis=0) + rng.normal(0, 3, (H, W)).astype(np.float32)
    specks = rng.random((H, W)) < 0.0015
    gray[specks] = rng.uniform(120, 190, int(specks.sum()))
    img = np.repeat(np.clip(gray, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    for k in range(6):  # six bold 'words' of solid black strokes, 4pt tall letters
        x = 150 + k * 160
        for j in range(0, 90, 15):
            cv2.rectangle(img, (x + j, 200), (x + j + 8, 230), (20, 20, 20), -1)
    return img


def test_sparse_speckled_page_keeps_glyphs_solid() -> None:
    # On a sparse page the contrast stretch's dark end lies in the paper's own noise; black glyph
    # cores must stay black after it (not turn white and leave hollow outlines for tesseract).
    prepared = raster.prepare_page(speckled_sparse_page(), DPI, deskew=False)
    ink = prepared.ocr_image == 0
    for k in range(6):
        x = 150 + k * 160
        for j in range(0, 90, 15):
            core = ink[205:226, x + j + 2 : x + j + 7]
            assert core.mean() > 0.95, (k, j, core.mean())
