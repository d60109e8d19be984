"""Page breaks a print professional would accept, read back from the PDF.

A generated library moves every kind of block across the page feet (more
or fewer lines before it); each PDF is read with pdfminer: a caption's page
is its picture's, no page ends with a heading, blank at a page's foot stays
under the stated limit, the closing never stands alone on a last page
unless the build says so; and the check rule finds each fault in pages
made to have it.
"""

from __future__ import annotations

import functools
import io
import itertools
import random
from pathlib import Path

import pytest
from checks_support import GOOD_HANDOUT, check, content, result
from helpers import CLINIC, build_into, bullets, handout, layout_items, library, pdf_layout, section
from pdfminer.layout import LTChar, LTImage, LTTextLine
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from handouts.checks import Printed, PrintSpec, Status
from handouts.checks.printing import PICTURE_GAPS
from handouts.formats import BLANK_LIMIT, MIN_PICTURE_SCALE
from handouts.layouts.handout import FOOTER_TOP
from handouts.render.fonts import default_family

FILLER = (
    "Relief can come fast for some people. It may fade over days or weeks. Your care "
    "team will plan the next steps with you and check how you feel at each visit."
)
FORM = {"fill_in": ["Name", "Date", "Next appointment", {"label": "Notes", "lines": 4}]}
PICTURE = {"image": {"src": "picture.png", "alt": "A blue square", "caption": "A calm square."}}
TABLE = {
    "table": {
        "header": ["Time", "What happens"],
        "rows": [[f"Step {i}", "We check how you feel and what you need."] for i in range(6)],
    }
}


def every_block(n: int) -> dict:
    """A handout whose blocks start lower on the page as `n` grows."""
    return handout(
        f"blocks-{n}",
        section("Before", *[FILLER] * n),
        section("A picture", "Look at this.", PICTURE),
        section("Your visit notes", {"subheading": "Fill this in"}, FORM),
        section("What happens", TABLE, "After the table, a few words."),
        section("Lists", bullets(*[f"**Item {i}.** A short line." for i in range(5)])),
        section(
            "Boxes",
            {"callout": {"kind": "tip", "body": [f"Tip {i} to try." for i in range(5)]}},
            {"checklist": [f"Thing {i} to bring" for i in range(4)]},
        ),
    )


LONG = "We check how you feel and what you need, and we write it down for you."


def _kinds(rng: random.Random) -> dict:
    """One maker per block kind, each drawing its length from `rng`."""
    n = rng.randint
    return {
        "paragraph": lambda: " ".join([FILLER] * n(1, 3)),
        "bullets": lambda: bullets(
            *[f"**Item {i}.** A short line to read." for i in range(n(2, 9))]
        ),
        "steps": lambda: {"steps": [f"Do step {i} when you are ready." for i in range(n(2, 8))]},
        "subheading": lambda: [{"subheading": "A smaller heading"}, FILLER],
        "callout": lambda: {
            "callout": {
                "kind": rng.choice(["tip", "warning", "when-to-call"]),
                "body": [f"Tip {i} to try at home." for i in range(n(1, 7))],
            }
        },
        "definitions": lambda: {
            "definitions": [
                {"term": f"Word {i}", "definition": "What it means, in plain words."}
                for i in range(n(1, 6))
            ]
        },
        "quote": lambda: {"quote": {"text": "I sleep better now. " * n(1, 6), "by": "A patient"}},
        "checklist": lambda: {"checklist": [f"Thing {i} to bring" for i in range(n(2, 9))]},
        "table": lambda: {
            "table": {
                "header": ["Time", "What happens"],
                "rows": [
                    [f"Step {i}", rng.choice([LONG, "We check in."])] for i in range(n(2, 14))
                ],
            }
        },
        "image": lambda: {
            "image": {
                "src": rng.choice(["picture.png", "tall.png", "wide.png"]),
                "alt": "A blue shape",
                "width": rng.choice([0.5, 0.8, 1.0]),
                **({"caption": "A calm square."} if rng.random() < 0.6 else {}),
            }
        },
        "qr": lambda: {"qr": {"url": "https://harborlight.example/visit", "caption": "Scan it."}},
        "fill_in": lambda: {"fill_in": ["Name", "Date", {"label": "Notes", "lines": n(1, 4)}]},
    }


def generated(seed: int) -> dict:
    """A handout with every block kind once, in a shuffled order, at drawn lengths."""
    rng = random.Random(seed)
    makers = _kinds(rng)
    order = list(makers)
    rng.shuffle(order)
    sections = []
    while order:
        k = rng.randint(1, 4)
        take, order = order[:k], order[k:]
        body = [FILLER] * rng.randint(0, 2)
        for kind in take:
            made = makers[kind]()
            body += made if isinstance(made, list) else [made]
        sections.append(section(f"Section {len(sections) + 1}", *body))
    return handout(f"gen-{seed}", *sections)


def _pictures(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, size in (("picture", (1200, 900)), ("tall", (900, 1500)), ("wide", (2400, 900))):
        Image.new("RGB", size, "#3366AA").save(folder / f"{name}.png", dpi=(300, 300))


LIBRARIES = {
    # One handout of every kind of block, pushed lower on the page each time.
    "every-block": lambda: [every_block(n) for n in range(0, 14)],
    # Every kind of block in other orders and lengths, pictures wide and tall.
    "generated": lambda: [generated(seed) for seed in range(24)],
}


@pytest.fixture(scope="module", params=sorted(LIBRARIES))
def library_pdfs(request, tmp_path_factory) -> list[tuple[Path, list[str]]]:
    folder = tmp_path_factory.mktemp(request.param)
    _pictures(folder)
    report = build_into(folder, library(*LIBRARIES[request.param]()))
    warnings = {}
    for d in report.diagnostics:
        warnings.setdefault(d.handout, []).append(str(d))
    assert all("page" in w for ws in warnings.values() for w in ws), warnings
    return [(o.path, warnings.get(o.handout, [])) for o in report.outputs]


def _pages(path: Path):
    """pdfminer's pages of a PDF, read once: four tests walk each library's pages."""
    return list(pdf_layout(path))


def _lines(page) -> list[LTTextLine]:
    out = []
    for box in page:
        if hasattr(box, "__iter__"):
            out += [line for line in box if isinstance(line, LTTextLine)]
    height = page.height
    body = [ln for ln in out if ln.y0 > FOOTER_TOP and ln.y1 < height - 0.5 * 72 - 36]
    return sorted(body, key=lambda ln: -ln.y1)


def _images(page) -> list:
    return [i for i in layout_items(page, LTImage) if i.width > 100]  # the picture, not the logo


def _chars(line):
    return [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]


def _is_heading(line) -> bool:
    chars = _chars(line)
    smallest = _theme().styles().h3.fontSize  # a subheading's size
    return bool(chars) and all(c.size >= smallest - 0.01 and "Bold" in c.fontname for c in chars)


def test_a_caption_is_on_its_pictures_page(library_pdfs):
    for path, _ in library_pdfs:
        pages = _pages(path)
        picture = [i for i, p in enumerate(pages) if _images(p)]
        caption = [
            i for i, p in enumerate(pages) for ln in _lines(p) if "A calm square." in ln.get_text()
        ]
        captioned = path.name.startswith("blocks-") or caption  # generated ones may have none
        assert len(picture) == 1 and (picture == caption or not captioned), path.name


def test_no_page_ends_with_a_heading(library_pdfs):
    for path, _ in library_pdfs:
        for number, page in enumerate(_pages(path)[:-1], start=1):
            lines = _lines(page)
            assert lines and not _is_heading(lines[-1]), (path.name, number, lines[-1].get_text())


def test_blank_at_a_page_foot_stays_under_the_limit(library_pdfs):
    """Unless the next page opens with a picture too tall for the gap even at its
    smallest; then the build names that page and a width that fits."""
    for path, warnings in library_pdfs:
        pages = _pages(path)
        for number, (page, following) in enumerate(itertools.pairwise(pages), 1):
            lows = [ln.y0 for ln in _lines(page)] + [i.y0 for i in _images(page)]
            blank = min(lows) - FOOTER_TOP
            if blank <= BLANK_LIMIT:
                continue
            first = _lines(following)[0]
            caption = first.y1 - first.y0 if "A calm square." in first.get_text() else 0
            tall = [
                i
                for i in _images(following)
                if i.y0 >= first.y1 - 1
                and (i.y1 - i.y0) * MIN_PICTURE_SCALE + caption + PICTURE_GAPS > blank
            ]
            assert tall, (path.name, number, blank / 72)
            named = [w for w in warnings if f"page {number} ends with" in w]
            assert not named or "the picture after it" in named[0], named


def test_a_picture_prints_smaller_rather_than_leave_a_hole(tmp_path):
    """Its page's foot had room for it at 70 to 100 % of its width: it stays there."""
    planned = 4 * 72  # 1200 pixels at 300 dpi
    shrunk = 0
    _pictures(tmp_path)
    report = build_into(tmp_path, library(*map(every_block, range(3, 9))), catalogue=False)
    outputs = {o.handout: o.path for o in report.outputs}
    for n in range(3, 9):
        out = outputs[f"blocks-{n}"]
        ((width, page),) = [
            (i.width, number) for number, p in enumerate(_pages(out), 1) for i in _images(p)
        ]
        assert MIN_PICTURE_SCALE * planned - 1 <= width <= planned + 1, (n, width)
        shrunk += width < planned - 1 and page == 1
    assert shrunk  # some of these pages kept their picture by printing it smaller


def test_a_picture_too_tall_even_at_its_smallest_is_named_with_a_width_that_fits(tmp_path):
    """The page's foot is named, with a width at which the picture would have fitted."""
    tall = {"image": {"src": "tall.png", "alt": "A tall blue shape", "width": 1.0}}
    column = 612 - 2 * 0.75 * 72
    named = 0
    _pictures(tmp_path)
    counts = range(4, 16)
    data = library(
        *[handout(f"tall-{n}", section("Before", *[FILLER] * n, tall, FILLER)) for n in counts]
    )
    report = build_into(tmp_path, data, catalogue=False)
    outputs = {o.handout: o.path for o in report.outputs}
    for n in counts:
        said = [str(d) for d in report.diagnostics if d.handout == f"tall-{n}"]
        warnings = [w for w in said if "the picture after it" in w]
        page = _pages(outputs[f"tall-{n}"])[0]
        blank = min(ln.y0 for ln in _lines(page)) - FOOTER_TOP
        if not warnings:  # it stayed on page 1, or moved leaving less than the limit
            assert _images(page) or blank <= BLANK_LIMIT + PICTURE_GAPS, (n, blank / 72)
            continue
        (warning,) = warnings
        assert f"body[{n}].image: page 1 ends with" in warning
        assert '("A tall blue shape") is too tall to fit there even at 70%' in warning
        if "width:" not in warning:  # a width that fits would be under a fifth of the column
            assert "(shorten the text before the picture, or move the picture)" in warning
            continue
        assert "to keep it on page 1, or shorten the text before it" in warning
        share = float(warning.split("width: ")[1].split()[0])
        assert share >= 0.2 and share * column * 1500 / 900 <= blank  # that width fits
        named += 1
    assert named


CLOSING = (
    "Call us to talk about your care.",
    "Contact Harbor Light",
    "Phone:",
    "Website:",
    "Address:",
    CLINIC["disclaimer"],
    CLINIC["accreditation"],
    "Reviewed",
)


def test_the_closing_never_stands_alone_unless_the_build_warns(library_pdfs):
    for path, warnings in library_pdfs:
        pages = _pages(path)
        lines = [" ".join(ln.get_text().split()) for ln in _lines(pages[-1])]
        alone = (
            len(pages) > 1
            and not _images(pages[-1])
            and all(any(c in ln for c in CLOSING) for ln in lines)
        )
        if alone:
            assert any(f"page {len(pages)} holds only" in w for w in warnings), (path.name, lines)


def test_the_check_passes_the_generated_library(library_pdfs):
    for path, _ in library_pdfs:
        printed = {"good": [Printed(path.read_bytes(), _handout_spec())]}
        outcome = result(check(content(GOOD_HANDOUT), printed=printed), "pagination")
        assert outcome.status is Status.PASS, (path.name, outcome.findings)


def test_a_closing_that_cannot_come_back_is_named_with_its_page(tmp_path):
    """Four short parts: the closing is too tall for what page 1 has left."""
    parts = [
        section(f"Part {i + 1}", FILLER, bullets("**Sleep:** rest.", "**Move:** walk."))
        for i in range(4)
    ]
    report = build_into(tmp_path, library(handout("tight", *parts)))
    (warning,) = [str(d) for d in report.diagnostics]
    assert "page 2 holds only the end of the closing: the fine print" in warning
    assert "shorten the text before the closing" in warning


def test_tightening_brings_a_closing_back_when_it_can(tmp_path):
    from handouts.layouts import handout as layout

    counts = range(3, 12)
    data = library(
        *[handout(f"t-{n}", *[section(f"Part {i}", FILLER) for i in range(n)]) for n in counts]
    )
    report = build_into(tmp_path, data, catalogue=False)  # one build, a PDF for each length
    assert all(d.handout for d in report.diagnostics), report.diagnostics
    pages = {o.handout: o.pages for o in report.outputs}
    built = {
        n: (pages[f"t-{n}"], [str(d) for d in report.diagnostics if d.handout == f"t-{n}"])
        for n in counts
    }
    assert layout.TIGHTENING[0] == (1.0, 1.0)
    assert any(pages > 1 and not w for pages, w in built.values())
    assert all(not w or "closing" in w[0] for _, w in built.values())


# ------------------------------------------------------------------ the rule's witnesses

BOLD = default_family().bold
FONT = default_family().regular


def _handout_spec() -> PrintSpec:
    from handouts.checks.printing import print_spec

    return print_spec("handout", _theme())


@functools.cache
def _theme():
    """The sample's theme, opened once: every line's heading test asks for it."""
    from helpers import ROOT

    from handouts.api import open_project

    project, _ = open_project(ROOT / "content.yaml")
    return project.theme


def two_pages(first, second) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792), invariant=1)
    for draw in (first, second):
        canvas.setFont(FONT, 12)
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def body(canvas: Canvas, top: float, bottom: float) -> None:
    y = top
    while y >= bottom:
        canvas.drawString(54, y, "Rest helps your body heal and your mind settle.")
        y -= 16


def judged(pdf: bytes):
    return result(
        check(content(GOOD_HANDOUT), printed={"good": [Printed(pdf, _handout_spec())]}),
        "pagination",
    )


def test_a_heading_at_a_page_foot_is_named():
    def first(c):
        body(c, 600, 140)
        c.setFont(BOLD, 15.6)
        c.drawString(54, 110, "What to bring")

    outcome = judged(two_pages(first, lambda c: body(c, 700, 400)))
    assert outcome.status is Status.WARN
    assert 'page 1 ends with the heading "What to bring"' in outcome.findings[0].message


def test_a_hole_at_a_page_foot_is_named_with_the_next_pages_words():
    outcome = judged(two_pages(lambda c: body(c, 600, 380), lambda c: body(c, 700, 400)))
    assert outcome.status is Status.WARN
    message = outcome.findings[0].message
    assert message.startswith("page 1 ends with 4.") and "page 2 starts with" in message


def test_a_full_page_passes():
    outcome = judged(two_pages(lambda c: body(c, 600, 110), lambda c: body(c, 700, 400)))
    assert outcome.status is Status.PASS


# ------------------------------------------------------------------ the catalogue

TOPICS = ("sleep", "pain", "mood", "ketamine")


def _catalogue_pages(folder: Path, handouts: list[dict]) -> list[str]:
    from helpers import write_content

    from handouts.api import open_project
    from handouts.layouts.catalogue import catalogue_rows, render_catalogue
    from handouts.options import RenderOptions

    project, _ = open_project(write_content(folder, library(*handouts)))
    rows = catalogue_rows(project.library, {})
    made = render_catalogue(rows, project.theme, project.library.settings, RenderOptions())
    reader = PdfReader(io.BytesIO(made.rendered.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("count", [6, 7, 8, 18, 20, 29])
def test_no_catalogue_page_holds_one_card_and_no_card_splits(tmp_path, count):
    handouts = [
        handout(f"h{i}", title=f"Handout number {i}", tags=[TOPICS[i % 4]]) for i in range(count)
    ]
    pages = _catalogue_pages(tmp_path, handouts)
    cards = [text.count("Handout number") for text in pages]
    assert sum(cards) == count and min(cards) >= 2, cards
    for i in range(count):  # a card's title and its id line on one page
        assert len([p for p in pages if f"Handout number {i} h{i} ·" in p]) == 1, i


def test_a_translation_sits_under_its_originals_topic(tmp_path):
    english = handout("sleep-well", title="Sleep well", tags=["sleep"])
    spanish = handout(
        "dormir", title="Dormir bien", language="es", tags=["sueño"], translation_of="sleep-well"
    )
    other = handout("pain-basics", title="Pain basics", tags=["pain"])
    (page,) = _catalogue_pages(tmp_path, [english, spanish, other])
    assert "Sueño" not in page and "Sleep (2 handouts)" in page
    # Pain's card comes first, then the Sleep topic with both of its cards.
    assert page.index("Pain basics") < page.index("Dormir bien")
    assert page.index("Pain basics") < page.index("Sleep well")


# ------------------------------------------------------------------ splits


def _split_counts(path: Path, prefix: str) -> list[int]:
    """How many lines starting with `prefix` each page holds, pages without any left out."""
    counts = [
        sum(" ".join(ln.get_text().split()).startswith(prefix) for ln in _lines(page))
        for page in _pages(path)
    ]
    return [c for c in counts if c]


def test_tables_and_checklists_split_with_two_rows_or_items_each_side(tmp_path):
    five = {
        "table": {
            "header": ["Time", "What happens"],
            "rows": [[f"Row {i}", LONG] for i in range(5)],
        }
    }
    things = {"checklist": [f"Thing {i} to bring" for i in range(5)]}
    handouts = [
        handout(f"{name}-{n}", section("Before", *[FILLER] * n), section("After", block))
        for name, block in (("table", five), ("checklist", things))
        for n in range(8, 16)
    ]
    report = build_into(tmp_path, library(*handouts))
    split = {"Row": 0, "Thing": 0}
    for out in report.outputs:
        for prefix in split:
            if (prefix == "Row") != out.handout.startswith("table"):
                continue
            counts = _split_counts(out.path, prefix)
            assert sum(counts) == 5 and min(counts) >= 2, (out.handout, prefix, counts)
            split[prefix] += len(counts) > 1
    assert all(split.values()), split  # each kind was split somewhere, by the rule


def test_a_table_of_few_tall_rows_splits_rather_than_leave_a_hole(tmp_path):
    """Three rows cannot split two and two; moved whole they would leave a hole."""
    tall = " ".join([LONG] * 6)
    three = {
        "table": {
            "header": ["Time", "What happens"],
            "rows": [[f"Row {i}", tall] for i in range(3)],
        }
    }
    handouts = [handout(f"tall-{n}", section("Before", *[FILLER] * n, three)) for n in range(6, 14)]
    report = build_into(tmp_path, library(*handouts))
    split = 0
    for out in report.outputs:
        pages = _pages(out.path)
        for number, (page, following) in enumerate(itertools.pairwise(pages), 1):
            blank = min(ln.y0 for ln in _lines(page)) - FOOTER_TOP
            opens = " ".join(_lines(following)[0].get_text().split())
            assert blank <= BLANK_LIMIT or not opens.startswith("Time"), (out.handout, number)
        split += len(_split_counts(out.path, "Row")) > 1
    assert split
