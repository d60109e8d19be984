"""Large print: a format in the registry, measured on the PDF it writes.

Body text at least 18 pt, page furniture at least 14 pt, margins of 1 in and
lines at most 6 in long, for every paper; any handout can be built in it on
request, and check holds it to its own print spec.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    SPANISH_WORDS,
    Line,
    build_into,
    handout,
    library,
    page_texts,
    run_main,
    section,
    text_lines,
    write_content,
)
from pypdf import PdfReader

from handouts.checks.pdf import measure
from handouts.formats import FORMATS
from handouts.options import BuildOptions, RenderOptions

INCH = 72.0
LP = FORMATS["large-print"]


def every_block() -> dict:
    return handout(
        "big",
        section(
            "What to expect",
            "Relief can come fast. It may fade over days or weeks.",
            {"bullets": ["**Sleep:** rest well.", "**Move:** walk a little each day."]},
            {"steps": ["Eat a light meal.", "Bring a friend to drive you home."]},
            {"callout": {"kind": "warning", "body": ["Call 911 if you cannot breathe."]}},
            {"table": {"header": ["Dose", "Relief"], "rows": [["One", "Hours to days"]]}},
            {"definitions": [{"term": "Infusion", "definition": "Medicine through a thin tube."}]},
            {"fill_in": ["Name", "Date"]},
        ),
        subtitle="A short guide",
    )


@pytest.fixture(scope="module", params=["letter", "a4"])
def large(request, tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp(f"large-{request.param}")
    report = build_into(
        folder, library(every_block()), formats=("large-print",), paper=request.param
    )
    assert not report.failed, report.diagnostics
    return folder / "out" / "big-large-print.pdf", request.param


def regions(paper: str):
    shape = LP.geometry(RenderOptions(paper=paper))
    return shape, LP.spec


def sizes(path: Path, paper: str) -> tuple[list[float], list[float]]:
    """The sizes of the letters and figures of the body, and of the furniture."""
    shape, spec = regions(paper)
    height = shape.page[1]
    body, furniture = [], []
    for g in measure(path.read_bytes()).glyphs:
        if not g.text.strip() or not g.text.isalnum():
            continue
        top = height - (spec.header_first if g.page == 1 else spec.header)
        inside = g.box[1] >= spec.footer - 1 and g.box[3] <= top + 1
        (body if inside else furniture).append(g.size)
    return body, furniture


def test_body_text_is_at_least_18_pt_and_furniture_at_least_14_pt(large):
    body, furniture = sizes(*large)
    assert body and furniture
    assert min(body) >= 18.0
    assert min(furniture) >= 14.0


def test_margins_are_an_inch_and_lines_at_most_six_inches(large):
    path, paper = large
    band = regions(paper)[0].bands["header"]
    facts = measure(path.read_bytes())
    xs = [g.box for g in facts.glyphs if g.text.strip() and not (g.page == 1 and g.box[1] > band.y)]
    assert min(b[0] for b in xs) >= 1.0 * INCH - 0.5
    body = [b for b in xs if b[0] >= INCH - 0.5]
    assert max(b[2] for b in body) - 1.0 * INCH <= 6.0 * INCH + 0.5


def test_every_word_of_the_content_prints(large):
    path, _ = large
    text = " ".join(page_texts(path))
    for words in (
        "What to expect",
        "Bring a friend to drive you home.",
        "Hours to days",
        "Infusion",
    ):
        assert words in text


def test_any_handout_builds_in_large_print_on_request_and_keeps_it(tmp_path):
    write_content(tmp_path, library(handout("plain")))
    result = run_main("build", "--format", "large-print", "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "plain-large-print.pdf"
    assert out.exists() and "About plain" in page_texts(out)[0]
    again = run_main("build", "--no-catalogue", cwd=tmp_path)  # a full build keeps it
    assert again.returncode == 0 and out.exists()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {e["format"] for e in manifest["outputs"]} == {"handout", "large-print"}


def test_check_holds_large_print_to_its_own_spec(tmp_path):
    from handouts.checks.run import check_content

    data = library(handout("big", formats=["large-print"]))
    report = check_content(BuildOptions(content=write_content(tmp_path, data)))
    (h,) = report.handouts
    (size,) = [r for r in h.results if r.rule == "font_size[large-print]"]
    assert size.status.value == "pass", size
    assert "(min 18)" in size.summary and "headers and footers 14 pt" in size.summary


def test_large_print_is_tagged_pdf_ua(large):
    import page

    path, _ = large
    failures = page.validate_pdf(path, profile="ua1").failures
    assert [f.rule_id for f in failures] == []


def test_the_pdf_is_one_column_on_the_paper_asked_for(large):
    path, paper = large
    reader = PdfReader(path)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == {"letter": (612, 792), "a4": (595, 842)}[paper]


def test_the_sample_library_can_print_every_handout_in_large_print(tmp_path):
    content = ROOT / "content.yaml"
    args = ("--content", str(content), "--format", "large-print", "--out", str(tmp_path))
    result = run_main("build", *args, "--no-catalogue", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*-large-print.pdf"))) >= 5


# ------------------------------------------------------------------ the last page

FILLER = (
    "Relief can come fast for some people. It may fade over days or weeks. Your care "
    "team will plan the next steps with you and check how you feel at each visit."
)
LENGTHS = range(1, 13)


def parts(n: int, short: int) -> dict:
    """A handout of `n` parts, then `short` one-line paragraphs: its closing lands
    lower on the page as they grow."""
    body = [FILLER, {"bullets": ["**Sleep:** rest.", "**Move:** walk."]}]
    story = [section(f"Part {i + 1}", *body) for i in range(n)]
    if short:
        story.append(section("Before you go", *["Rest well tonight."] * short))
    return handout(f"parts-{n}-{short}", *story)


def variety() -> list[dict]:
    return [parts(n, short) for n in LENGTHS for short in (0, 3)]


@pytest.fixture(scope="module", params=["letter", "a4"])
def lengths(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"lengths-{request.param}")
    data = library(*variety())
    report = build_into(folder, data, formats=("large-print",), paper=request.param)
    assert not report.failed, report.diagnostics
    warned = {d.handout: str(d) for d in report.diagnostics}
    return report.outputs, warned, request.param


def _page_lines(path: Path, page_number: int) -> list[Line]:
    """One page's text lines, top down (pdfminer)."""
    lines = [ln for ln in text_lines(path) if ln.page == page_number - 1]
    return sorted(lines, key=lambda ln: -ln.y1)


def _words(lines: list[Line]) -> list[str]:
    return [" ".join(ln.text.split()) for ln in lines]


def _body_lines(path: Path, page_number: int, paper: str) -> list[str]:
    """The words of one page's lines between its header and footer."""
    shape, spec = regions(paper)
    top = shape.page[1] - (spec.header_first if page_number == 1 else spec.header)
    lines = _page_lines(path, page_number)
    return _words([ln for ln in lines if ln.y0 >= spec.footer and ln.y1 <= top])


def _fine_print(project, hid: str, paper: str = "letter") -> str:
    """What follows the closing card: the full disclaimer, accreditation and review line."""
    from handouts.layouts.footer import review_line

    h = project.library.by_id[hid]
    clinic = project.theme_for(h, RenderOptions(paper=paper)).clinic
    labels = project.theme_for(h, RenderOptions()).labels
    words = f"{clinic.disclaimer} {clinic.accreditation} {review_line(h, labels)}"
    return " ".join(words.split())


SAMPLE_IN_LARGE_PRINT = {"letter": "large-print", "a4": "large-print-a4"}  # sample_built's names


def _only_fine_print(project, out, paper: str) -> bool:
    """Whether the output's last page holds nothing but the fine print."""
    pages = len(PdfReader(out.path).pages)
    fine = _fine_print(project, out.handout, paper)
    return pages > 1 and all(ln in fine for ln in _body_lines(out.path, pages, paper))


class TestTheFinePrintNeverStandsAlone:
    def test_unless_the_build_names_the_page(self, lengths, tmp_path):
        from handouts.api import open_project

        outputs, warned, paper = lengths
        project, _ = open_project(write_content(tmp_path, library(*variety())))
        alone = 0
        for out in outputs:
            pages = len(PdfReader(out.path).pages)
            if _only_fine_print(project, out, paper):
                alone += 1
                message = warned.get(out.handout, "")
                assert f"page {pages} holds only the end of the closing: the fine print" in message
                assert f"to page {pages - 1}" in message
            else:
                assert out.handout not in warned, warned[out.handout]
        assert alone < len(outputs) / 2  # tightening brought most of them back

    def test_tightening_saved_pages_and_kept_the_body_at_18_pt(self, lengths, tmp_path):
        """Laid out without tightening, some of these would take one page more."""
        from handouts.api import open_project
        from handouts.render.document import _laid_out, reportlab_configured

        outputs, _, paper = lengths
        project, _ = open_project(write_content(tmp_path, library(*variety())))
        options = RenderOptions(paper=paper)
        saved = 0
        for h, out in zip(project.library.handouts, outputs, strict=True):
            with reportlab_configured():
                loose, _ = _laid_out(LP.lay_out(h, project.theme_for(h, options), options))
            saved += loose.doc.page > out.pages
            body, furniture = sizes(out.path, paper)
            assert min(body) >= 18.0 and min(furniture) >= 14.0, out.handout
        assert saved, "tightening never brought a closing back"

    def test_the_call_to_action_never_ends_a_page_without_the_contacts(self, lengths):
        """At 18 pt it reads as a heading: the contacts' title and first line follow it."""
        outputs, _, paper = lengths
        for out in outputs:
            for number in range(1, len(PdfReader(out.path).pages) + 1):
                lines = _body_lines(out.path, number, paper)
                if "Call us to talk about your care." not in lines:
                    continue
                after = lines[lines.index("Call us to talk about your care.") + 1 :]
                assert after[:2] == [
                    "Contact Harbor Light Behavioral Health",
                    "Phone: (555) 010-0199",
                ], (out.handout, number, after[:2])

    @pytest.mark.parametrize("paper", ["letter", "a4"])
    def test_every_sample_ends_with_more_than_the_fine_print_or_says_so(self, sample_built, paper):
        from handouts.api import open_project

        report = sample_built(SAMPLE_IN_LARGE_PRINT[paper])
        assert not report.failed
        project, _ = open_project(ROOT / "content.yaml")
        warned = {d.handout: str(d) for d in report.diagnostics if "holds only" in str(d)}
        for out in report.outputs:
            if _only_fine_print(project, out, paper):
                pages = len(PdfReader(out.path).pages)
                assert f"page {pages} holds only" in warned.get(out.handout, ""), out.handout
            else:
                assert out.handout not in warned, warned[out.handout]


# ------------------------------------------------------------------ the footer

SHORT = {  # the first sentence, then a clause repeated to make it longer
    "en": ("For education only, not medical advice.", "In a crisis call or text 988."),
    "es": ("Solo para informarle, no es consejo médico.", "En una crisis llame al 988."),
}


def _short(language: str, clauses: int) -> str:
    """A short disclaimer of one to five lines at 14 pt."""
    first, clause = SHORT[language]
    return " ".join([first, *[clause] * clauses])


def _footer_text(path: Path, page_number: int) -> str:
    lines = [ln for ln in _page_lines(path, page_number) if ln.y1 <= LP.spec.footer]
    return " ".join(_words(lines))


class TestTheFooterNeverCutsTheDisclaimerShort:
    """Printed whole on every page, or the handout is refused, naming what to shorten."""

    @pytest.mark.parametrize("language", ["en", "es"])
    @pytest.mark.parametrize("crisis", [None, "In a crisis, call or text 988."])
    @pytest.mark.parametrize("paper", ["letter", "a4"])
    def test_in_every_length(self, tmp_path, language, crisis, paper):
        printed = refused = 0
        for sentences in (0, 2, 4, 6, 8):
            text = _short(language, sentences)
            translations = {
                "es": {**SPANISH_WORDS["es"], "disclaimer_short": _short("es", sentences)}
            }
            clinic = {"disclaimer_short": text, "translations": translations}
            if crisis:
                clinic["crisis_line"] = crisis
            data = library(handout("foot", language=language, formats=["large-print"]), **clinic)
            folder = tmp_path / f"{sentences}"
            report = build_into(folder, data, formats=("large-print",), paper=paper)
            problems = [str(d) for d in report.diagnostics if "footer" in str(d)]
            if report.outputs:
                assert not problems
                path = report.outputs[0].path
                for number in range(1, len(PdfReader(path).pages) + 1):
                    footer = _footer_text(path, number)
                    assert " ".join(text.split()) in footer, (number, footer)
                    if crisis:
                        assert crisis in footer
                printed += 1
                continue
            field = "clinic.disclaimer_short"
            if language == "es":
                field = "clinic.translations.es.disclaimer_short"
            (problem,) = problems
            assert f": {field}: large-print: the short disclaimer takes " in problem
            assert (
                "lines in the footer at 14 pt (the smallest it prints); there is room for"
                in problem
            )
            refused += 1
        assert printed and refused  # both sides of the rule were met


def test_check_names_a_page_of_fine_print_the_layout_could_not_avoid(tmp_path):
    from handouts.checks.run import check_content

    named = []
    for n in (4, 7):  # on A4 their fine print cannot come back (the build warns)
        data = library({**parts(n, 0), "formats": ["large-print"]})
        content = write_content(tmp_path / str(n), data)
        report = check_content(BuildOptions(content=content, render=RenderOptions(paper="a4")))
        (h,) = report.handouts
        (rule,) = [r for r in h.results if r.rule == "pagination[large-print]"]
        named += [f.message for f in rule.findings if "holds only" in f.message]
    assert len(named) == 2 and all("the fine print" in m for m in named), named


def test_the_tightest_step_halves_every_boxs_padding_and_keeps_the_type(tmp_path):
    """The plan at each step: boxes (callouts, key points, closing card) lose
    padding, spacers shrink, no paragraph changes size."""
    from handouts.api import open_project
    from handouts.layouts.boxes import Panel
    from handouts.layouts.large_print import TIGHTENING
    from handouts.render.primitives import Spacer

    project, _ = open_project(write_content(tmp_path, library(every_block())))
    (h,) = project.library.handouts
    theme = project.theme_for(h, RenderOptions())

    def measured(step: int):
        story = LP.lay_out(h, theme, RenderOptions(), step).story
        boxes = [f.padding for f in story if isinstance(f, Panel) and f.padding]
        gaps = sum(f.height for f in story if type(f) is Spacer)
        sizes = sorted({f.style.fontSize for f in story if hasattr(f, "style")})
        return boxes, gaps, sizes

    loose, tight = measured(0), measured(len(TIGHTENING) - 1)
    spacing, padding = TIGHTENING[-1]
    assert len(loose[0]) >= 3  # key points, a callout, the closing card
    assert tight[0] == pytest.approx([p * padding for p in loose[0]])
    assert tight[1] == pytest.approx(loose[1] * spacing)
    assert tight[2] == loose[2] and min(tight[2]) >= 18.0


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_contact_card_moves_on_whole_rather_than_split(sample_built, paper):
    """A card halved across pages reads as two; it splits only as tightening's last step."""
    ids = ("sleep-and-pain", "first-infusion-visit", "ketamine-pain-relief")
    report = sample_built(SAMPLE_IN_LARGE_PRINT[paper])
    outputs = [o for o in report.outputs if o.handout in ids]
    assert not report.failed and len(outputs) == 3
    for out in outputs:
        pages = len(PdfReader(out.path).pages)
        where = {
            line: number
            for number in range(1, pages + 1)
            for line in _body_lines(out.path, number, paper)
        }
        title = next(n for line, n in where.items() if line.startswith("Contact Harbor Light"))
        hours = next(n for line, n in where.items() if line.startswith("Hours:"))
        assert title == hours, (out.handout, title, hours)
