"""A page fed into the scanner upside down or sideways is detected (tesseract OSD) and read upright."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from test_ocr_ingest import build_plan_pdf, scan_of, word_recall

from pipeline.ingest import ocr
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.render import RenderedPage
from pipeline.models import Page
from pipeline.options import ExtractOptions

pytestmark = pytest.mark.ocr

DPI = 200


@pytest.fixture(scope="module")
def text_page() -> Page:
    return read_pdf(build_plan_pdf(), ExtractOptions())[0]


@pytest.fixture(scope="module")
def upright() -> RenderedPage:
    png = scan_of(build_plan_pdf(), dpi=DPI, skew=0.7, fmt="PNG")
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    h, w = rgb.shape[:2]
    return RenderedPage(rgb=rgb, width_pt=w * 72 / DPI, height_pt=h * 72 / DPI, dpi=DPI)


@pytest.mark.parametrize("clockwise", [180, 90], ids=["upside-down", "sideways"])
def test_a_turned_page_is_read_upright(upright: RenderedPage, text_page: Page, clockwise: int) -> None:
    fed = ocr.turned(upright, clockwise)  # what the scanner produced
    assert (fed.width_pt > fed.height_pt) != (clockwise == 90)
    page = ocr.ocr_page_image(fed, 1, ExtractOptions(dpi=DPI))
    # the page model is the upright page's: landscape again, words where the text layer has them
    assert page.width == pytest.approx(text_page.width, abs=1.0)
    assert page.height == pytest.approx(text_page.height, abs=1.0)
    assert page.confidence >= 0.8
    assert [i.code for i in page.issues] == ["PT107"]  # the turn is reported, as an info
    assert ("upside down" if clockwise == 180 else "sideways") in page.issues[0].message
    assert word_recall(text_page, page) >= 0.9
    found = {w.text: w for w in page.words}
    title = found["Recommendation"]
    truth = next(w for w in text_page.words if w.text == "Recommendation")
    assert abs(title.x0 - truth.x0) < 6 and abs(title.top - truth.top) < 6


def test_an_upright_page_is_not_reported_turned(upright: RenderedPage) -> None:
    page = ocr.ocr_page_image(upright, 1, ExtractOptions(dpi=DPI))
    assert page.words and not [i for i in page.issues if i.code == "PT107"]


def test_turning_back_and_forth_is_the_identity(upright: RenderedPage) -> None:
    for clockwise in (90, 180, 270):
        back = ocr.turned(ocr.turned(upright, clockwise), (360 - clockwise) % 360)
        assert np.array_equal(back.rgb, upright.rgb)
        assert (back.width_pt, back.height_pt) == (upright.width_pt, upright.height_pt)
