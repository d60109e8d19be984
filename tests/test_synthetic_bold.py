"""Bold in a script whose font has no bold face: drawn as a synthetic bold.

WenQuanYi Micro Hei (Chinese, Japanese and Korean) has one weight. Its bold
runs are filled and stroked (text render mode 2) in their own colour, with a
stroke of `SYNTHETIC_BOLD` of the size; everything else is filled (mode 0),
and a script with a real bold (the brand's Latin, Noto Sans Arabic and
Cyrillic) keeps it. Asserted on the real PDFs: pdfminer's interpreter reads
every text run's render mode, line width, colours and font, pypdfium2 counts
the ink of one glyph in both weights.

The Chinese, Japanese, Korean, Arabic and Russian phrases are plain words
written for these tests; a fluent reviewer should check them before any
clinical use.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import fontpkg_noto_sans_arabic
import page
import pypdfium2
import pytest
from helpers import build_into, bullets, handout, layout_items, library, section
from matterhorn import check as matterhorn
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from tagcheck import read

from handouts.options import RenderOptions
from handouts.render.glyphs import SYNTHETIC_BOLD

# (language, its bold words, regular words beside them, a sentence holding both)
CJK = {
    "zh-Hans": ("按时", "请在饭后", "请在饭后**按时**服药，头晕时**告诉**护士。"),
    "ja": ("ゆっくり", "立つときは", "立つときは**ゆっくり**動いてください。"),
    "ko": ("천천히", "일어날 때는", "일어날 때는 **천천히** 움직이세요."),
}
REAL_BOLD = {  # a bold face exists: the brand's (Latin) or Noto's instance at wght 700
    "en": ("slowly", "When you stand up,", "When you stand up, move **slowly** and sit down."),
    "ar": ("ببطء", "عندما تقف", "عندما تقف تحرك **ببطء** واجلس إذا شعرت بدوار."),
    "ru": ("медленно", "Когда вы встаёте,", "Когда вы встаёте, двигайтесь **медленно**."),
}
# The closing card's words: bold, white on the brand's colour.
CALL = {
    "zh-Hans": "有问题请给我们打电话。",
    "ja": "質問があればお電話ください。",
    "ko": "질문이 있으면 전화하세요.",
    "en": "Call us with any question.",
    "ar": "اتصل بنا إذا كان لديك سؤال.",
    "ru": "Звоните нам с любым вопросом.",
}


@dataclass(frozen=True)
class Shown:
    """One text-showing operator as a viewer meets it."""

    text: str
    font: str
    size: float
    mode: int  # text render mode: 0 filled, 2 filled and stroked
    line_width: float
    fill: tuple[float, ...]
    stroke: tuple[float, ...]


class _Recorder(PDFDevice):
    """Every string shown, with the text state and graphics state it is shown in."""

    def __init__(self, rsrcmgr: PDFResourceManager):
        super().__init__(rsrcmgr)
        self.shown: list[Shown] = []
        self.painted: list[tuple[bool, float, tuple, tuple]] = []  # stroked, width, colours

    def paint_path(self, graphicstate, stroke, fill, evenodd, path) -> None:
        gs = graphicstate
        self.painted.append((stroke, gs.linewidth, _colour(gs.ncolor), _colour(gs.scolor)))

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        font = textstate.font
        text = "".join(
            font.to_unichr(cid) for s in seq if isinstance(s, bytes) for cid in font.decode(s)
        )
        gs = graphicstate
        self.shown.append(
            Shown(
                text,
                font.fontname,
                textstate.fontsize,
                textstate.render,
                gs.linewidth,
                _colour(gs.ncolor),
                _colour(gs.scolor),
            )
        )


def _colour(value) -> tuple[float, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def recorded(path: Path) -> _Recorder:
    rsrcmgr = PDFResourceManager()
    device = _Recorder(rsrcmgr)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    with path.open("rb") as f:
        for pdf_page in PDFPage.get_pages(f):
            interpreter.process_page(pdf_page)
    return device


def shown(path: Path) -> list[Shown]:
    return recorded(path).shown


def _handout(lang: str, sentence: str = "") -> dict:
    return handout(
        lang.lower(),  # an id: zh-hans
        section("Heading", sentence, bullets(sentence)),
        title="Title",
        summary=[sentence],
        call_to_action=CALL[lang],
        language=lang,
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """Every test language's handout in colour and in grayscale, one library each."""
    out = {}
    docs = [_handout(lang, words[2]) for lang, words in {**CJK, **REAL_BOLD}.items()]
    for gray in (False, True):
        folder = tmp_path_factory.mktemp("gray" if gray else "colour")
        render = RenderOptions(grayscale=gray)
        report = build_into(folder, library(*docs), render=render, catalogue=False)
        assert not report.failed, report.diagnostics
        by_id = {o.handout: o.path for o in report.outputs}
        out.update(((lang, gray), by_id[lang.lower()]) for lang in [*CJK, *REAL_BOLD])
    return out


def _runs_with(runs: list[Shown], words: str) -> list[Shown]:
    found = [r for r in runs if words in r.text]
    assert found, (words, [r.text for r in runs])
    return found


@pytest.mark.parametrize("gray", [False, True], ids=["colour", "grayscale"])
@pytest.mark.parametrize("lang", sorted(CJK))
def test_bold_words_in_a_font_without_bold_are_filled_and_stroked(pdfs, lang, gray):
    runs = shown(pdfs[lang, gray])
    bold, regular, _ = CJK[lang]
    for run in _runs_with(runs, bold):  # the body, the bullet, the summary
        assert run.text.strip() == bold, run
        assert run.mode == 2, run
        assert run.line_width == pytest.approx(run.size * SYNTHETIC_BOLD, abs=1e-3), run
        assert run.stroke == run.fill, run  # the stroke in the text's own colour
        assert len(run.fill) == (1 if gray else 3), run  # DeviceGray in grayscale
    for run in _runs_with(runs, regular):
        assert run.mode == 0, run


@pytest.mark.parametrize("lang", sorted(CJK))
def test_only_the_bold_runs_are_stroked(pdfs, lang):
    """Every stroked run is text set in bold (a heading, a label, a bold word), and in
    the CJK face; every run in the brand's font (its real bold too) is only filled."""
    runs = shown(pdfs[lang, False])
    stroked = [r for r in runs if r.mode == 2]
    assert stroked
    assert all("WenQuanYi" in r.font for r in stroked), stroked
    assert all(r.mode == 0 for r in runs if "Atkinson" in r.font)
    assert any("Atkinson" in r.font and "Bold" in r.font for r in runs)  # the band's name
    bold, regular, _ = CJK[lang]
    assert sum(bold in r.text for r in stroked) == 3  # the summary, the paragraph, the bullet
    assert not any(regular in r.text for r in stroked)


@pytest.mark.parametrize("lang", sorted(CJK))
def test_white_bold_words_on_the_closing_band_are_stroked_white(pdfs, lang):
    for gray in (False, True):
        (run,) = _runs_with(shown(pdfs[lang, gray]), CALL[lang])
        assert (run.mode, run.stroke) == (2, run.fill), run
        # White on the brand's colour; in grayscale, black in an outlined box.
        assert run.fill == ((0.0,) if gray else (1.0, 1.0, 1.0)), run


@pytest.mark.parametrize("lang", sorted(REAL_BOLD))
def test_a_script_with_a_bold_face_prints_it_and_strokes_nothing(pdfs, lang):
    runs = shown(pdfs[lang, False])
    assert all(r.mode == 0 for r in runs), [r for r in runs if r.mode]
    bold, regular, _ = REAL_BOLD[lang]
    bold_fonts = {r.font for r in _runs_with(runs, bold)}
    regular_fonts = {r.font for r in _runs_with(runs, regular)}
    assert bold_fonts.isdisjoint(regular_fonts)
    assert all("Bold" in f or "wght700" in f for f in bold_fonts), bold_fonts


@pytest.mark.parametrize("lang", sorted(CJK))
def test_the_text_extracts_as_written(pdfs, lang):
    """The stroke changes how glyphs are painted, not which: text and tags are the same."""
    path = pdfs[lang, False]
    text = "".join(extract_text(path).split())
    assert "".join(CJK[lang][2].replace("**", "").split()) in text
    assert read(path).problems == []


@pytest.mark.parametrize("lang", ["zh-Hans", "ko"])
def test_a_synthetic_bold_handout_passes_pdf_ua1(pdfs, lang):
    for gray in (False, True):
        path = pdfs[lang, gray]
        assert sorted({f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}) == []
        assert matterhorn(path) == []


def _ink(image, box: tuple[float, float, float, float], scale: float, height: float) -> int:
    """Dark pixels of the page image inside a PDF box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    crop = image.crop(
        (
            int(x0 * scale),
            int((height - y1) * scale),
            int(x1 * scale) + 1,
            int((height - y0) * scale) + 1,
        )
    )
    return sum(crop.convert("L").histogram()[:128])


def test_a_synthetic_bold_glyph_carries_more_ink_than_the_regular_one(tmp_path):
    """The same ideograph, regular and bold, side by side in one paragraph."""
    sentence = "药**药**水**水**"
    report = build_into(tmp_path, library(_handout("zh-Hans", sentence)), catalogue=False)
    path = report.outputs[0].path
    (first,) = extract_pages(path, page_numbers=[0])
    chars = [c for c in layout_items(first, LTChar) if c.get_text() in "药水"]
    scale = 4
    pdf_page = pypdfium2.PdfDocument(str(path))[0]
    image = pdf_page.render(scale=scale).to_pil()
    height = pdf_page.get_height()
    # The body paragraph: the first place the four characters stand in a row.
    texts = "".join(c.get_text() for c in chars)
    at = texts.index("药药水水")
    regular_yao, bold_yao, regular_shui, bold_shui = chars[at : at + 4]
    for regular, bold in ((regular_yao, bold_yao), (regular_shui, bold_shui)):
        assert regular.adv == pytest.approx(bold.adv)  # the font's advance kept
        light = _ink(image, regular.bbox, scale, height)
        heavy = _ink(image, bold.bbox, scale, height)
        assert heavy > 1.2 * light, (light, heavy)


def test_marks_drawn_as_paths_are_stroked_with_their_synthetic_bold_letters(tmp_path):
    """A brand's one-weight Arabic font (Noto Sans Arabic's default instance, named for
    both weights): bold words with their vowel marks, which print as paths (they
    stand for no text of their own), are stroked like the letters they sit on."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    variable = Path(fontpkg_noto_sans_arabic.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
    shutil.copy(variable, fonts / "Arab.ttf")
    own = {"scripts": {"arabic": {"regular": "fonts/Arab.ttf", "bold": "fonts/Arab.ttf"}}}
    body = section("العناية", "اشرب **الماءَ بِكَثْرَةٍ** كل يوم.")
    report = build_into(
        tmp_path, library(handout("ar", body, language="ar"), fonts=own), catalogue=False
    )
    device = recorded(report.outputs[0].path)
    bold = [r for r in device.shown if "الماء" in r.text]
    assert bold and all(r.mode == 2 for r in bold), bold
    assert all(r.mode == 0 for r in device.shown if "كل يوم" in r.text)
    # In font units in the file, but as wide on the page as the letters' stroke
    # (pdfminer gives widths in page units): the body's 12 pt / 30.
    body = pytest.approx(12 * SYNTHETIC_BOLD, abs=1e-3)
    marks = [p for p in device.painted if p[0] and p[1] == body]
    assert len(marks) >= 4, device.painted  # fatha, kasra, sukun, kasratan
    assert all(fill == stroke for _, _, fill, stroke in marks)


def test_a_one_weight_brand_font_named_for_bold_prints_a_synthetic_bold(tmp_path):
    """The clinic names its regular file for both faces: its bold words are stroked,
    and nothing in the Atkinson Hyperlegible Bold it did not ask for."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(
        Path(atkinson.ROOT) / "files" / "AtkinsonHyperlegible-Regular.ttf", fonts / "One.ttf"
    )
    own = {"body": {"regular": "fonts/One.ttf", "bold": "fonts/One.ttf"}}
    body = section("Heading", "Stand up **slowly** and sit down.")
    report = build_into(tmp_path, library(handout("one", body), fonts=own), catalogue=False)
    runs = shown(report.outputs[0].path)
    (bold,) = _runs_with(runs, "slowly")
    assert (bold.mode, bold.text.strip()) == (2, "slowly")
    assert "Bold" not in bold.font
    assert all(r.mode == 0 for r in _runs_with(runs, "Stand up"))
