"""Right-to-left pages (Arabic, Hebrew): every format's layout mirrored, its reading order kept.

Asserted on the real PDFs: pdfminer for where characters print and what
text extracts, pypdfium2 for where bars, tiles and panels are drawn,
`tagcheck` for the structure tree's order. Each format is built in Arabic,
Hebrew and English on Letter and A4; English is the witness that
left-to-right pages print where they did.

The Arabic and Hebrew sentences are plain words written for these tests;
they would need a fluent reviewer before any clinical use.
"""

from __future__ import annotations

import shutil
from dataclasses import astuple, dataclass
from pathlib import Path

import matterhorn
import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from helpers import (
    ROOT,
    build_into,
    bullets,
    handout,
    layout_items,
    library,
    pdf_layout,
    section,
    write_content,
)
from page import validate_pdf
from pdfminer.high_level import extract_text
from pdfminer.layout import LTChar
from tagcheck import read

from handouts.checks.run import check_content
from handouts.engine import direction
from handouts.formats import FORMATS as FORMAT_OF
from handouts.labels import table
from handouts.language import language
from handouts.layouts import bifold, large_print, trifold
from handouts.layouts import handout as handout_layout
from handouts.layouts.catalogue import QR_SIZE, CatalogueFile, CatalogueRow, render_catalogue
from handouts.layouts.furniture import BAND_PAD
from handouts.model import Clinic
from handouts.options import BuildOptions, RenderOptions
from handouts.plan import Box
from handouts.theme import resolve_theme

WORDS = {
    "ar": {
        "title": "بعد جلسة العلاج",
        "summary": ["استرح بقية اليوم.", "اشرب الكثير من الماء.", "لا تقد السيارة حتى الغد."],
        "home": "ماذا تفعل في البيت",
        "para": "قد تشعر بالتعب قليلًا بعد الجلسة. هذا أمر شائع ويزول عادة خلال ساعات قليلة.",
        "bullets": ["نم مبكرًا الليلة.", "ابدأ بوجبة خفيفة.", "امشِ ببطء في البيت."],
        "warning": "اتصل بالرقم 911 إذا شعرت بألم في الصدر.",
        "ask": "أسئلة تطرحها على فريقك",
        "checklist": ["متى موعدي القادم؟", "هل أتناول دوائي كالمعتاد؟"],
        "header": ["الوقت", "ما يحدث"],
        "rows": [["أول ساعة", "نراقبك ونقيس ضغط الدم."], ["بعد ساعتين", "تعود إلى البيت."]],
        "cta": "اتصل بنا إذا كان لديك أي سؤال عن رعايتك.",
    },
    "he": {
        "title": "אחרי הטיפול",
        "summary": ["נוחו עד סוף היום.", "שתו הרבה מים.", "אל תנהגו עד מחר."],
        "home": "מה לעשות בבית",
        "para": "ייתכן שתרגישו עייפות קלה אחרי הטיפול. זה נפוץ ובדרך כלל עובר תוך כמה שעות.",
        "bullets": ["לכו לישון מוקדם הלילה.", "התחילו בארוחה קלה.", "הלכו לאט בבית."],
        "warning": "התקשרו 911 אם יש לכם כאב בחזה.",
        "ask": "שאלות לצוות",
        "checklist": ["מתי התור הבא שלי?", "האם לקחת את התרופה כרגיל?"],
        "header": ["זמן", "מה קורה"],
        "rows": [["השעה הראשונה", "אנחנו מודדים לחץ דם."], ["אחרי שעתיים", "חוזרים הביתה."]],
        "cta": "התקשרו אלינו בכל שאלה על הטיפול שלכם.",
    },
    "en": {
        "title": "After your treatment",
        "summary": ["Rest for the rest of the day.", "Drink plenty of water.", "Do not drive."],
        "home": "What to do at home",
        "para": "You may feel a little tired after the visit. This is common and passes soon.",
        "bullets": ["Go to bed early tonight.", "Start with a light meal.", "Walk slowly."],
        "warning": "Call 911 if you have chest pain.",
        "ask": "Questions for your team",
        "checklist": ["When is my next visit?", "Do I take my medicine as usual?"],
        "header": ["Time", "What happens"],
        "rows": [["First hour", "We check your blood pressure."], ["After two hours", "Home."]],
        "cta": "Call us with any question about your care.",
    },
}
FORMATS = ("handout", "trifold", "bifold", "large-print")
PAPERS = ("letter", "a4")


def _handout(lang: str, fmt: str) -> dict:
    w = WORDS[lang]
    home = section(
        w["home"],
        w["para"],
        bullets(*w["bullets"]),
        {"callout": {"kind": "warning", "body": [w["warning"]]}},
    )
    ask = section(
        w["ask"],
        {"checklist": w["checklist"]},
        {"table": {"header": w["header"], "rows": w["rows"]}},
    )
    if fmt in ("trifold", "bifold"):
        ask["panel_break"] = True  # the next inside panel (page)
    return handout(
        lang,
        home,
        ask,
        title=w["title"],
        summary=w["summary"],
        call_to_action=w["cta"],
        language=lang,
        formats=["handout" if fmt == "large-print" else fmt],
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str, str], Path]:
    """(language, format, paper) -> the PDF, with the sample logo in the band and on the cover."""
    out = {}
    for lang in WORDS:
        for fmt in FORMATS:
            for paper in PAPERS:
                folder = tmp_path_factory.mktemp(f"{lang}-{fmt}-{paper}")
                (folder / "assets").mkdir()
                shutil.copy(ROOT / "assets" / "logo.svg", folder / "assets" / "logo.svg")
                data = library(_handout(lang, fmt), logo="assets/logo.svg", logo_alt="Logo")
                report = build_into(folder, data, render=RenderOptions(paper=paper), formats=(fmt,))
                errors = [d for d in report.diagnostics if d.severity == "error"]
                assert errors == [], errors
                out[lang, fmt, paper] = report.outputs[0].path
    return out


CASES = [(lang, fmt, paper) for lang in ("ar", "he") for fmt in FORMATS for paper in PAPERS]
ALL = [(lang, fmt, paper) for lang in WORDS for fmt in FORMATS for paper in PAPERS]


def _rtl(lang: str) -> bool:
    return language(lang).rtl


# ------------------------------------------------------------------ reading the PDF


def _chars(path: Path) -> list[tuple[int, LTChar]]:
    return [(i, c) for i, page in enumerate(pdf_layout(path)) for c in layout_items(page, LTChar)]


@dataclass(frozen=True)
class Drawn:
    page: int
    box: Box


def _paths(path: Path) -> list[Drawn]:
    """Every path drawn (bars, boxes, tiles, fills), by its bounds."""
    doc = pypdfium2.PdfDocument(str(path))
    out = []
    for index in range(len(doc)):
        for obj in doc[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            out.append(Drawn(index, Box(left, bottom, right - left, top - bottom)))
    return out


def _page_width(path: Path) -> float:
    return pypdfium2.PdfDocument(str(path))[0].get_size()[0]


# ------------------------------------------------------------------ the one answer


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar", True),
        ("ar-EG", True),
        ("he", True),
        ("fa", True),
        ("ur", True),
        ("az-Arab", True),
        ("en", False),
        ("es-MX", False),
        ("zh-Hant", False),
        ("ku-Latn", False),
    ],
)
def test_a_language_says_whether_it_reads_right_to_left(tag, rtl):
    assert language(tag).rtl is rtl


def test_a_box_mirrored_in_its_page_keeps_its_size_and_swaps_its_margins():
    page = Box(0, 0, 612, 792)
    box = Box(54, 100, 200, 50)
    assert box.mirrored(page) == Box(358, 100, 200, 50)
    assert box.mirrored(page).mirrored(page) == box
    band = Box(36, 680, 540, 75)
    assert Box(50, 690, 47, 47).mirrored(band) == Box(515, 690, 47, 47)
    assert box.mirrored_if(False, page) == box


# ------------------------------------------------------------------ text and bullets


@pytest.mark.parametrize(("lang", "fmt", "paper"), CASES)
def test_text_extracts_in_the_order_it_was_written(pdfs, lang, fmt, paper):
    """From the page (pdfminer) and from the structure tree (what a screen reader
    reads). pdfminer sets a run of figures apart as a line of its own, so the
    warning, which holds one, is read from the tree alone."""
    path = pdfs[lang, fmt, paper]
    text = "".join(extract_text(str(path)).split())
    report = read(path)
    tree = "".join(report.text(report.root).split())
    for words in (WORDS[lang]["para"], *WORDS[lang]["bullets"], *WORDS[lang]["checklist"]):
        assert "".join(words.split()) in text, words
    for words in (WORDS[lang]["para"], *WORDS[lang]["bullets"], WORDS[lang]["warning"]):
        assert "".join(words.split()) in tree, words


@pytest.mark.parametrize(("lang", "fmt", "paper"), ALL)
def test_bullets_stand_at_the_start_of_their_line(pdfs, lang, fmt, paper):
    """At the right of their text on a right-to-left page, at the left otherwise."""
    chars = _chars(pdfs[lang, fmt, paper])
    marks = [(page, c) for page, c in chars if c.get_text() == "\u2022"]
    assert len(marks) >= 6  # the key points and the section's bullets
    for page, mark in marks:
        line = [
            c
            for p, c in chars
            if p == page
            and c is not mark
            and _baseline(c) == _baseline(mark)
            and c.get_text().strip()
        ]
        assert line, (page, mark.x0)
        if _rtl(lang):
            assert mark.x0 > max(c.x1 for c in line), (page, mark.x0)
        else:
            assert mark.x1 < min(c.x0 for c in line), (page, mark.x0)


def _baseline(c: LTChar) -> float:
    return round(c.matrix[5], 1)


def _words(chars, page: int, words: str) -> list[LTChar]:
    """The characters of `words` as printed on `page`."""
    printed = [c for p, c in chars if p == page and c.get_text().strip()]
    text = "".join(c.get_text() for c in printed)
    start = text.find("".join(words.split()))
    assert start >= 0, (page, words)
    return printed[start : start + len("".join(words.split()))]


def _lines_of(chars, page: int, words: str) -> list[LTChar]:
    """Every character of the line (or lines) where `words` print on a one-column `page`."""
    printed = [c for p, c in chars if p == page and c.get_text().strip()]
    text = "".join(c.get_text() for c in printed)
    start = text.find("".join(words.split()))
    assert start >= 0, (page, words)
    first = printed[start : start + len("".join(words.split()))]
    return [c for c in printed if _baseline(c) in {_baseline(f) for f in first}]


# The margin and body size of the one-column formats.
COLUMNS = {
    "handout": (handout_layout.MARGIN_X, 12.0),
    "large-print": (large_print.MARGIN, large_print.BODY_SIZE),
}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("fmt", list(COLUMNS))
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_right_to_left_handouts_text_and_bullets_sit_at_the_right_margin(pdfs, lang, fmt, paper):
    """Large print's column (6 in at most) hangs from the right margin too."""
    path = pdfs[lang, fmt, paper]
    width = _page_width(path)
    margin, bullet_size = COLUMNS[fmt]
    chars = _chars(path)
    paragraph = _lines_of(chars, 0, WORDS[lang]["para"])
    assert max(c.x1 for c in paragraph) == pytest.approx(width - margin, abs=1)
    for item in WORDS[lang]["bullets"]:
        line = _lines_of(chars, 0, item)
        mark = next(c for c in line if c.get_text() == "\u2022")
        # The bullet at the bullet indent from the right margin, the text at the list's indent.
        assert mark.x1 == pytest.approx(width - margin - 0.3 * bullet_size, abs=0.6)
        words = [c for c in line if c is not mark and c.get_text().strip()]
        assert max(c.x1 for c in words) == pytest.approx(width - margin - 1.5 * bullet_size, abs=1)


# ------------------------------------------------------------------ boxes and bars


def _bars(path: Path) -> list[tuple[Drawn, Drawn]]:
    """Each box's bar (4 pt wide, the box's full height) with the box it stands in."""
    drawn = _paths(path)
    out = []
    for bar in drawn:
        if not (3.5 < bar.box.width < 4.5 and bar.box.height > 15):
            continue
        for box in drawn:
            same = box.page == bar.page and box.box.width > 60
            if same and abs(box.box.y - bar.box.y) < 0.5 and abs(box.box.top - bar.box.top) < 0.5:
                out.append((bar, box))
                break
    return out


@pytest.mark.parametrize(("lang", "fmt", "paper"), ALL)
def test_a_boxs_bar_stands_at_the_side_its_lines_start(pdfs, lang, fmt, paper):
    """The key points' and the warning's bars: the right edge of the box when right to left."""
    bars = _bars(pdfs[lang, fmt, paper])
    assert len(bars) >= 2
    for bar, box in bars:
        if _rtl(lang):
            assert bar.box.right == pytest.approx(box.box.right, abs=0.5)
        else:
            assert bar.box.x == pytest.approx(box.box.x, abs=0.5)


def _tick_boxes(path: Path, body: float) -> list[Drawn]:
    """The checklist's boxes: 0.82 em squares, stroked 1.1 pt wide."""
    side = 0.82 * body + 2.2
    return [
        d for d in _paths(path) if abs(d.box.width - side) < 0.2 and abs(d.box.height - side) < 0.2
    ]


@pytest.mark.parametrize(("lang", "fmt", "paper"), ALL)
def test_tick_boxes_stand_before_their_item(pdfs, lang, fmt, paper):
    path = pdfs[lang, fmt, paper]
    chars = _chars(path)
    boxes = _tick_boxes(path, FORMAT_OF[fmt].body_size)
    assert len(boxes) == 2
    checklist = zip(boxes, WORDS[lang]["checklist"], strict=True)
    items = [_words(chars, box.page, item) for box, item in checklist]
    for tick, item in zip(boxes, items, strict=True):
        assert tick.box.y < item[0].matrix[5] < tick.box.top
        if _rtl(lang):
            assert tick.box.x > max(c.x1 for c in item)
        else:
            assert tick.box.right < min(c.x0 for c in item)


# ------------------------------------------------------------------ the header band


def _tile(path: Path, side: float) -> Drawn:
    """The logo's white tile on page 1 (a square `side` points wide)."""
    return next(
        d
        for d in _paths(path)
        if d.page == 0 and abs(d.box.width - side) < 0.2 and abs(d.box.height - side) < 0.2
    )


BANDS = {
    "handout": (handout_layout.EDGE, handout_layout.BAND_HEIGHT - 2 * BAND_PAD, BAND_PAD),
    "large-print": (large_print.EDGE, 0.8 * 72, 16.0),
}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("fmt", list(BANDS))
@pytest.mark.parametrize("lang", list(WORDS))
def test_the_header_bands_logo_and_name_stand_where_lines_start(pdfs, lang, fmt, paper):
    path = pdfs[lang, fmt, paper]
    width = _page_width(path)
    edge, side, pad = BANDS[fmt]
    tile = _tile(path, side)
    chars = _chars(path)
    name = [c for p, c in chars if p == 0 and c.get_text() == "H" and c.y0 > tile.box.y]
    assert name, "the clinic's name"
    if _rtl(lang):
        assert tile.box.right == pytest.approx(width - edge - pad, abs=0.5)
        assert max(c.x1 for c in name) < tile.box.x  # the name left of the logo
    else:
        assert tile.box.x == pytest.approx(edge + pad, abs=0.5)
        assert min(c.x0 for c in name) > tile.box.right


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_the_header_bands_contacts_take_its_left_end_when_right_to_left(pdfs, lang, paper):
    path = pdfs[lang, "handout", paper]
    chars = _chars(path)
    band_y = _tile(path, BANDS["handout"][1]).box.y
    phone = [c for p, c in chars if p == 0 and c.get_text() == "(" and c.y0 > band_y]
    assert min(c.x0 for c in phone) == pytest.approx(handout_layout.EDGE + BAND_PAD, abs=0.5)


# ------------------------------------------------------------------ folded sheets


def _cover(path: Path) -> Box:
    """Page 1's widest fill as tall as the sheet's panels: the cover's colour block."""
    drawn = [d.box for d in _paths(path) if d.page == 0]
    tallest = max(box.height for box in drawn)
    return next(box for box in drawn if box.height == tallest)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_right_to_left_brochures_cover_is_the_left_to_right_one_mirrored(pdfs, lang, fmt, paper):
    path, english = pdfs[lang, fmt, paper], pdfs["en", fmt, paper]
    width = _page_width(path)
    cover, ltr = _cover(path), _cover(english)
    page = Box(0, 0, width, 1)
    assert cover.x == pytest.approx(ltr.mirrored(page).x, abs=0.5)
    assert cover.width == pytest.approx(ltr.width, abs=0.5)
    assert cover.right < width / 2 < ltr.x  # the front cover at the left, not the right
    # The title prints on it.
    title = _words(_chars(path), 0, WORDS[lang]["title"])
    assert cover.x < min(c.x0 for c in title) and max(c.x1 for c in title) < cover.right


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", list(WORDS))
def test_a_trifolds_inside_panels_run_from_the_side_it_opens(pdfs, lang, paper):
    """Panel 1 (the first section) is the rightmost inside panel of a right-to-left
    tri-fold, the second section (a panel break) in the panel to its left."""
    path = pdfs[lang, "trifold", paper]
    width = _page_width(path)
    chars = _chars(path)
    first = _words(chars, 1, WORDS[lang]["home"])
    second = _words(chars, 1, WORDS[lang]["ask"])
    shape = trifold.geometry(RenderOptions(paper=paper), _rtl(lang))
    panels = shape.frames["inside"]
    one, two = panels["panel1"], panels["panel2"]
    assert all(one.x - 1 < c.x0 and c.x1 < one.right + 1 for c in first)
    assert all(two.x - 1 < c.x0 and c.x1 < two.right + 1 for c in second)
    if _rtl(lang):
        assert one.x > 2 * width / 3 and two.right < one.x
    else:
        assert one.right < width / 3 and two.x > one.right


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", list(WORDS))
def test_a_bifolds_page_two_is_the_half_it_opens_to(pdfs, lang, paper):
    path = pdfs[lang, "bifold", paper]
    width = _page_width(path)
    heading = _words(_chars(path), 1, WORDS[lang]["home"])
    if _rtl(lang):
        assert min(c.x0 for c in heading) > width / 2
    else:
        assert max(c.x1 for c in heading) < width / 2
    shape = bifold.geometry(RenderOptions(paper=paper), _rtl(lang))
    page2 = shape.frames["inside"]["page2"]
    assert page2.x > width / 2 if _rtl(lang) else page2.right < width / 2


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("fmt", [trifold, bifold])
def test_mirrored_sheets_list_their_panels_and_folds_left_to_right(fmt, paper):
    options = RenderOptions(paper=paper)
    ltr, rtl = fmt.geometry(options), fmt.geometry(options, True)
    assert [p.x for p in rtl.panels] == sorted(p.x for p in rtl.panels)
    assert rtl.folds == pytest.approx(tuple(rtl.trim.width - f for f in reversed(ltr.folds)))
    for name, frames in ltr.frames.items():
        for frame, box in frames.items():
            mirrored = box.mirrored(Box(0, 0, *ltr.page))
            assert astuple(rtl.frames[name][frame]) == pytest.approx(astuple(mirrored))


# ------------------------------------------------------------------ reading order


def _order(path: Path, *texts: str) -> list[int]:
    """Where each text starts in the structure tree's reading (by its first 12
    letters: a narrow panel may hyphenate the rest)."""
    report = read(path)
    whole = "".join(report.text(report.root).split())
    return [whole.index("".join(t.split())[:12]) for t in texts]


@pytest.mark.parametrize(("lang", "fmt", "paper"), ALL)
def test_the_structure_tree_reads_as_written(pdfs, lang, fmt, paper):
    """Title, key points, sections in order, each table row from its first column,
    the call to action before the contacts, though a mirrored page prints them
    from the right (and a brochure's panels in another order)."""
    w = WORDS[lang]
    path = pdfs[lang, fmt, paper]
    order = _order(
        path,
        w["title"],
        w["summary"][0],
        w["home"],
        w["bullets"][0],
        w["ask"],
        *w["header"],
        *w["rows"][0],
    )
    assert order == sorted(order)
    # The call to action, then the contacts (beside it in the handout's closing card).
    labels = language(lang).labels
    assert labels is not None
    contact = labels.contact.format(clinic="Harbor Light Behavioral Health")
    cta, title = _order(path, w["cta"], contact)
    assert cta < title


@pytest.mark.parametrize(("lang", "fmt", "paper"), CASES)
def test_a_mirrored_page_is_still_pdf_ua(pdfs, lang, fmt, paper):
    """Both checkers pass it: a mirrored table's or card's cells made before they draw are whole."""
    path = pdfs[lang, fmt, paper]
    assert matterhorn.check(path) == []
    assert read(path).problems == []


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_mirrored_tables_first_column_prints_at_the_right_and_reads_first(pdfs, lang, paper):
    path = pdfs[lang, "handout", paper]
    report = read(path)
    heads = ["".join(report.text(th).split()) for th in report.elements("TH")]
    assert heads == ["".join(h.split()) for h in WORDS[lang]["header"]]
    chars = _chars(path)
    first, second = (_printed(chars, head) for head in WORDS[lang]["header"])
    assert min(c.x0 for c in first) > max(c.x1 for c in second)


def _printed(chars, words: str) -> list[LTChar]:
    """The characters of `words` on the first page that prints them."""
    squeezed = "".join(words.split())
    pages = sorted({p for p, _ in chars})
    page = next(
        p for p in pages if squeezed in "".join(c.get_text().strip() for q, c in chars if q == p)
    )
    return _words(chars, page, words)


# ------------------------------------------------------------------ left to right unchanged


@pytest.mark.parametrize("paper", PAPERS)
def test_english_pages_print_where_they_did(pdfs, paper):
    """The left-to-right positions, from the layouts' own measures."""
    path = pdfs["en", "handout", paper]
    chars = _chars(path)
    margin = handout_layout.MARGIN_X
    for item in WORDS["en"]["bullets"]:
        line = _lines_of(chars, 0, item)
        mark = next(c for c in line if c.get_text() == "\u2022")
        assert mark.x0 == pytest.approx(margin + 0.3 * 12, abs=0.01)
        assert min(c.x0 for c in line if c is not mark) == pytest.approx(margin + 18, abs=0.01)
    paragraph = _lines_of(chars, 0, WORDS["en"]["para"])
    assert min(c.x0 for c in paragraph) == pytest.approx(margin, abs=0.01)
    for bar, _ in _bars(path):
        assert bar.box.x == pytest.approx(margin, abs=0.01)
    tile = _tile(path, BANDS["handout"][1])
    assert tile.box.x == pytest.approx(handout_layout.EDGE + BAND_PAD, abs=0.01)
    name = [c for p, c in chars if p == 0 and c.get_text() == "H" and c.y0 > tile.box.y]
    text_x = handout_layout.EDGE + BAND_PAD + tile.box.width + 12
    assert min(c.x0 for c in name) == pytest.approx(text_x, abs=0.01)
    width = _page_width(path)
    phone = [c for p, c in chars if p == 0 and c.get_text() == "9" and c.y0 > tile.box.y]
    assert max(c.x1 for c in phone) == pytest.approx(
        width - handout_layout.EDGE - BAND_PAD, abs=0.01
    )
    cover = _cover(pdfs["en", "trifold", paper])
    assert cover.right == pytest.approx(_page_width(pdfs["en", "trifold", paper]) - 18, abs=0.5)


@pytest.mark.parametrize("lang", list(WORDS))
def test_check_names_a_right_to_left_brochures_panels_as_they_are_read(tmp_path, lang):
    """Panel 1 is the rightmost inside panel of a mirrored sheet: the empty ones are 2 and 3."""
    short = handout(lang, section(WORDS[lang]["home"], WORDS[lang]["para"]), language=lang)
    path = write_content(tmp_path, library({**short, "formats": ["trifold"]}))
    report = check_content(BuildOptions(content=path, out_dir=tmp_path / "out"))
    (result,) = [r for r in report.handouts[0].results if r.rule == "pagination[trifold]"]
    assert result.summary.startswith("inside panels 2 and 3 are empty (inside panels ")
    assert result.measures["panel_fill"][0] > 0


@pytest.mark.parametrize("lang", list(WORDS))
def test_a_fillable_right_to_left_form_types_from_the_right(tmp_path, lang):
    fill = section(WORDS[lang]["ask"], {"fill_in": ["Name", {"label": "Notes", "lines": 2}]})
    data = library(handout(lang, fill, language=lang))
    report = build_into(tmp_path, data, render=RenderOptions(fillable=True))
    path = report.outputs[0].path
    with pikepdf.open(path) as pdf:
        quadding = [
            int(annot.get("/Q", 0))
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Widget"
        ]
    assert quadding == [2 if _rtl(lang) else 0] * 3
    assert matterhorn.check(path) == []


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_paragraph_keeps_its_languages_direction_and_hangs_from_the_right(tmp_path, lang):
    """A paragraph of the handout's language is right to left even when it opens
    with a Latin word ("MRI" first, at the right); one wholly in English keeps
    its full stop at its right end; both end at the right margin."""
    opening = "MRI " + WORDS[lang]["bullets"][0]
    english = "[Bring your list of medicines.]{lang=en}"
    data = library(handout(lang, section(WORDS[lang]["home"], opening, english), language=lang))
    path = build_into(tmp_path, data).outputs[0].path
    chars = _chars(path)
    width = _page_width(path)
    right = width - handout_layout.MARGIN_X
    mri = _words(chars, 0, "MRI")
    arabic = _words(chars, 0, WORDS[lang]["bullets"][0])
    assert max(c.x1 for c in mri) == pytest.approx(right, abs=1)
    assert min(c.x0 for c in mri) > max(c.x1 for c in arabic)
    bring = _words(chars, 0, "Bring your list of medicines.")
    assert max(c.x1 for c in bring) == pytest.approx(right, abs=1)
    assert bring[-1].get_text() == "." and bring[-1].x1 == max(c.x1 for c in bring)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_boxs_icon_is_the_left_to_right_one_mirrored(pdfs, lang, paper):
    """The key points' tick in its circle (1.25 em): as far from the box's right
    edge as it is from the left edge of the English box."""

    def icon_and_box(path: Path) -> tuple[Box, Box]:
        bars = _bars(path)
        box = bars[0][1].box  # the key points, first on page 1
        side = 1.25 * 12
        icon = next(
            d.box
            for d in _paths(path)
            if d.page == 0 and abs(d.box.width - side) < 0.3 and abs(d.box.height - side) < 0.3
        )
        return icon, box

    icon, box = icon_and_box(pdfs[lang, "handout", paper])
    ltr_icon, ltr_box = icon_and_box(pdfs["en", "handout", paper])
    assert box.right - icon.right == pytest.approx(ltr_icon.x - ltr_box.x, abs=0.3)


# ------------------------------------------------------------------ the catalogue


def _catalogue_rows(lang: str) -> list[CatalogueRow]:
    """Two handouts under one topic, the first also in English (not built: no code)."""
    w = WORDS[lang]
    files = (CatalogueFile("handout", "after.pdf", 2), CatalogueFile("trifold", "after-tri.pdf", 1))
    ask = (CatalogueFile("handout", "ask.pdf", 1),)
    return [
        CatalogueRow("after", w["title"], lang, (w["home"],), "2026-10-01", files),
        CatalogueRow("after-en", "After your treatment", "en", (), "2026-10-01", (), "after"),
        CatalogueRow("ask", w["ask"], lang, (w["home"],), "2026-10-01", ask),
    ]


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """(language, grayscale) -> the catalogue in that language, with QR codes."""
    folder = tmp_path_factory.mktemp("catalogues")
    theme = resolve_theme(Clinic.model_validate(library()["clinic"]), folder)
    out = {}
    for lang in WORDS:
        for gray in (False, True):
            rendered = render_catalogue(
                _catalogue_rows(lang),
                theme.in_language(lang),
                "https://clinic.example/h/",
                RenderOptions(grayscale=gray),
            ).rendered
            path = out[lang, gray] = folder / f"{lang}{'-gray' if gray else ''}.pdf"
            path.write_bytes(rendered.data)
    return out


def _codes(path: Path) -> list[Drawn]:
    """The QR codes' white squares."""
    return [d for d in _paths(path) if d.box.width == pytest.approx(QR_SIZE, abs=0.01)]


@pytest.mark.parametrize("gray", [False, True], ids=["colour", "grayscale"])
@pytest.mark.parametrize("lang", list(WORDS))
def test_a_catalogues_codes_stand_at_the_side_its_lines_end(catalogues, lang, gray):
    """Mirrored: the code at the right margin and each card's lines ending left of it."""
    path = catalogues[lang, gray]
    width = _page_width(path)
    left, right = handout_layout.MARGIN_X, width - handout_layout.MARGIN_X
    codes = _codes(path)
    assert [code.page for code in codes] == [0, 0]  # the English copy has no PDF, so no code
    chars = _chars(path)
    for code, title in zip(codes, (WORDS[lang]["title"], WORDS[lang]["ask"]), strict=True):
        printed = [c for c in _printed(chars, title) if code.box.y < _baseline(c) < code.box.top]
        assert printed, title
        if _rtl(lang):
            assert code.box.right == pytest.approx(right, abs=0.01)
            assert max(c.x1 for c in printed) == pytest.approx(right - QR_SIZE - 12, abs=0.5)
        else:
            assert code.box.x == pytest.approx(left, abs=0.01)  # where it always was
            assert min(c.x0 for c in printed) == pytest.approx(left + QR_SIZE + 12, abs=0.01)


@pytest.mark.parametrize("lang", list(WORDS))
def test_a_catalogues_contents_bar_and_page_numbers_are_mirrored(catalogues, lang):
    """The contents' bar at the side its lines start, each page number at the other."""
    path = catalogues[lang, False]
    (bar, box) = next((b, x) for b, x in _bars(path) if b.page == 0)
    chars = [c for p, c in _chars(path) if p == 0 and box.box.y < c.y0 < box.box.top]
    topic = [
        c
        for c in chars
        if _baseline(c) == _baseline(_printed(_chars(path), WORDS[lang]["home"])[0])
    ]
    number = [c for c in topic if c.get_text() == "1" and c.fontname.endswith("Regular")]
    words = [c for c in topic if c not in number and c.get_text().strip()]
    if _rtl(lang):
        assert bar.box.right == pytest.approx(box.box.right, abs=0.5)
        assert max(c.x1 for c in number) < min(c.x0 for c in words)
        # In the padding's first 4 pt, as the English numbers end 4 pt into theirs.
        assert min(c.x0 for c in number) == pytest.approx(box.box.x + 12 - 4, abs=0.5)
    else:
        assert bar.box.x == pytest.approx(box.box.x, abs=0.5)
        assert min(c.x0 for c in number) > max(c.x1 for c in words)


def _rules(path: Path) -> list[tuple[float, float]]:
    """The contents' hairlines under each entry (x from, x to), on the first page."""
    return sorted(
        (round(d.box.x, 2), round(d.box.right, 2))
        for d in _paths(path)
        if d.page == 0 and d.box.height < 1 and d.box.width > 300
    )


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_catalogues_contents_are_the_english_ones_seen_in_a_mirror(catalogues, lang):
    """Their lines under the entries, and the entries' ends, mirrored about the page's
    centre: the page numbers overhang the panel's padding as the English ones do."""
    width = _page_width(catalogues["en", False])
    english = _rules(catalogues["en", False])
    assert len(english) == 1  # one topic
    mirrored = [(round(width - b, 2), round(width - a, 2)) for a, b in english]
    assert _rules(catalogues[lang, False]) == mirrored


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_mirrored_catalogue_reads_as_written(catalogues, lang):
    """The structure tree: title, contents, topic, each card's title, its facts, its code;
    each contents entry topic first, then its page; the words in logical order."""
    path = catalogues[lang, False]
    words = table(lang).catalogue
    w = WORDS[lang]
    report = read(path)
    text = "".join(report.text(report.root).split())
    entry = "".join(f"{w['home']}  ({words.handouts.of(3)})1".split())
    assert entry in text  # the topic, then its page number
    order = [
        text.index("".join(s.split()))
        for s in (words.title, words.contents, w["home"], w["title"], "after", words.formats)
    ]
    assert order == sorted(order)
    alt = "".join(words.qr_alt.format(file="after.pdf").split())
    facts = "".join(words.formats.split())
    assert text.index(facts) < text.index("".join(w["ask"].split()), text.index(facts))
    assert alt in ["".join(str(f.obj.get("/Alt", "")).split()) for f in report.elements("Figure")]


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_a_mirrored_catalogue_is_pdf_ua(catalogues, lang):
    for gray in (False, True):
        path = catalogues[lang, gray]
        assert matterhorn.check(path) == []
        assert read(path).problems == []
        assert sorted({f.rule_id for f in validate_pdf(path, profile="ua1").failures}) == []


def test_a_number_closing_an_arabic_aside_stays_inside_its_brackets(catalogues):
    """The intro "(عدد النشرات: 3، عدد الملفات: 3)." prints its ")" after the last count
    (at its left), not between the count and its label."""
    path = catalogues["ar", False]
    words = table("ar").catalogue
    intro = words.intro.format(handouts=words.handouts.of(3), pdfs=words.pdfs.of(3))
    assert intro.startswith("النشرات حسب الموضوع (") and intro.endswith(": 3).")
    line = _lines_of(_chars(path), 0, "حسب الموضوع")
    close = next(c for c in line if c.get_text() == ")")
    last = min((c for c in line if c.get_text() == "3"), key=lambda c: c.x0)  # the PDFs'
    assert close.x1 <= last.x0 + 0.01


@pytest.mark.parametrize(
    ("text", "base", "brackets"),
    [
        # (nawm) sits in Arabic: its brackets read right to left; (dormir) is Spanish's own.
        ("العربية (nawm)، Español (dormir)", 1, [1, 1, 2, 2]),
        ("Sleep  (عدد النشرات: 3)", 1, [1, 1]),
        ("התקשרו (MRI) היום", 1, [1, 1]),
        ("Call (اتصل) now", 0, [0, 0]),
        ("اتصل بنا على (555) 010-0199 الآن", 1, [2, 2]),  # a phone number's own, left to right
        # after Arabic, the pair takes its direction; "[a]" inside, after "note", English's
        ("[ملاحظة] (note [a])", 1, [1, 1, 1, 2, 2, 1]),
    ],
)
def test_a_bracket_pair_takes_one_direction(text, base, brackets):
    """UAX #9 rule N0: both brackets of a pair at one level, the one the text inside
    and around them decides."""
    found = direction.levels(text, base)
    assert [found[i] for i, ch in enumerate(text) if ch in "()[]"] == brackets
