"""Accessibility past what validators check: every sample PDF in every option set.

Each sample build (the sample library as shipped, on A4, in grayscale, for a
print shop, with fillable fields, in large print, and a library of another clinic with an
untranslated Spanish handout) is checked by the completeness walk (no text outside declared page
furniture is an artifact) and by `tests/matterhorn.py`, a second checker
independent of page-validation and of `tests/tagcheck.py`. Witness tests
prove each checker can fail.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import page
import pikepdf
import pytest
from helpers import (
    CLINIC,
    ROOT,
    SPANISH_WORDS,
    build_into,
    bullets,
    handout,
    library,
    section,
    text_lines,
    write_content,
)
from matterhorn import check as matterhorn
from reportlab.lib import colors
from tagcheck import Report, heading_levels, read, shown_text, text_map

from handouts import api, markup
from handouts.checks.pdf import Glyph, measure
from handouts.checks.run import check_content
from handouts.language import language
from handouts.options import BuildOptions, RenderOptions
from handouts.render.tagging import UntaggedText, tagged
from handouts.theme import contrast_ratio, gray, mark_color

# Besides "letter", the default options (sample_build): conftest's SAMPLE_OPTIONS.
OPTION_SETS = ("a4", "grayscale", "print-shop", "fillable", "large-print")
PALE = {"primary": "#1B4965", "accent": "#FFD166", "light": "#F3F7FA"}  # a pastel accent


def other_clinic(folder: Path) -> Path:
    """Another clinic: its own colours and logo, no translations, an es handout."""
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "assets" / "logo.svg", folder / "assets" / "logo.svg")
    clinic = {
        "name": "Bayside Pain Clinic",
        "tagline": "Care close to home for people who live with pain, and for the families "
        "who care for them every day",
        "logo": "assets/logo.svg",
        "logo_alt": "Bayside logo, a lighthouse",
        "colors": PALE,
        "contact": {**CLINIC["contact"], "hours": "Mon-Fri 9 am-5 pm"},
        "disclaimer": "General information only. In an emergency, call 911. "
        "In a crisis, call or text 988.",
    }
    es = handout(
        "dolor",
        section("Qué es", "Unas palabras sobre el [Pain Clinic]{lang=en} de la ciudad."),
        section("Qué hacer", {"steps": ["Llame.", "Venga."]}, bullets("Uno.", "Dos.")),
        language="es",
        formats=["handout", "trifold", "bifold"],
        fit="shrink",
    )
    en = handout("ache", section("What is it?", "A short answer."), tags=["pain"])
    data = {**library(es, en), "clinic": clinic}
    data["settings"] = {"base_url": "https://bayside.example/handouts/"}
    return write_content(folder, data)


@pytest.fixture(scope="module")
def samples(tmp_path_factory, sample_build, sample_built) -> dict[str, list[Path]]:
    """Option set -> every PDF the build wrote (catalogue included)."""
    assert sample_build.catalogue is not None
    out = {"letter": sorted(sample_build.catalogue.parent.glob("*.pdf"))}
    for name in OPTION_SETS:
        report = sample_built(name)
        assert not report.failed, report.diagnostics
        out[name] = sorted(report.outputs[0].path.parent.glob("*.pdf"))
    folder = tmp_path_factory.mktemp("other")
    content = other_clinic(folder / "content")
    report = api.build(BuildOptions(content=content, out_dir=folder / "out"))
    # Its untranslated words are the point (tagged English): build warns about them.
    expected = ("smaller to fit", "print in English in this 'es' handout")
    assert [d for d in report.diagnostics if not any(e in str(d) for e in expected)] == []
    out["other-clinic"] = sorted((folder / "out").glob("*.pdf"))
    return out


@functools.cache
def tree(path: Path) -> Report:
    """tagcheck's reading of a PDF, made once: several tests walk every sample's tree."""
    return read(path)


def all_pdfs(samples) -> list[tuple[str, Path]]:
    return [(name, path) for name, paths in samples.items() for path in paths]


# ------------------------------------------------------------------ completeness walk


def artifact_texts(path: Path) -> list[tuple[str, str]]:
    """(artifact type, text) of every text shown inside an artifact, per content stream.

    An untyped `/Artifact BMC` is the canvas's undeclared default: text there is
    content that escaped the tree. Declared furniture says /Pagination or /Layout.
    """
    found = []
    with pikepdf.open(path) as pdf:
        for p in pdf.pages:
            stack: list[str | None] = []
            _walk_stream(p.obj, stack, found)
    return found


def _walk_stream(owner, stack: list, found: list) -> None:
    resources = owner.get("/Resources", {})
    xobjects = resources.get("/XObject", {})
    fonts = resources.get("/Font", {})
    cmaps: dict[str, dict[int, str]] = {}  # by resource name: Tf comes before every run
    cmap: dict[int, str] = {}
    for operands, op in pikepdf.parse_content_stream(owner):
        name = str(op)
        if name == "Tf":
            font = str(operands[0])
            if font not in cmaps:
                cmaps[font] = text_map(fonts[font])
            cmap = cmaps[font]
        elif name in ("BMC", "BDC"):
            kind = None
            if str(operands[0]) == "/Artifact":
                props = operands[1] if len(operands) > 1 else None
                kind = str(props.get("/Type", "untyped")) if props is not None else "untyped"
            stack.append(kind)
        elif name == "EMC":
            stack.pop()
        elif name in ("Tj", "TJ", "'", '"'):
            kinds = [k for k in stack if k is not None]
            if kinds:
                found.append((kinds[-1], shown_text(cmap, operands[-1])[:40]))
        elif name == "Do" and xobjects[str(operands[0])].Subtype == "/Form":
            _walk_stream(xobjects[str(operands[0])], stack, found)


def test_no_text_outside_declared_furniture_is_an_artifact(samples):
    for name, path in all_pdfs(samples):
        found = artifact_texts(path)
        kinds = {kind for kind, _ in found}
        assert kinds <= {"/Pagination", "/Layout"}, (name, path.name, kinds)
        layout = [text for kind, text in found if kind == "/Layout"]
        report = tree(path)
        headers = {report.text(th) for th in report.elements("TH")}
        # Text in a layout artifact is only ever a table header repeated on a new page.
        assert all(any(h in t or t in h for h in headers) for t in layout), (name, layout)


def test_the_walk_is_a_witness_text_in_an_undeclared_artifact_is_found(samples, tmp_path):
    path = next(p for p in samples["letter"] if p.name == "first-infusion-visit.pdf")
    with pikepdf.open(path) as pdf:
        p = pdf.pages[0]
        data = p.Contents.read_bytes().replace(
            b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC", b"/Artifact BMC", 1
        )
        p.Contents = pdf.make_stream(data)
        pdf.save(tmp_path / "bad.pdf")
    assert "untyped" in {kind for kind, _ in artifact_texts(tmp_path / "bad.pdf")}


def test_a_layout_cannot_draw_text_without_a_role():
    """By construction: text drawn with no role and no declared artifact fails the build."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from handouts.plan import Box, Metadata, PageSpec, Plan
    from handouts.render.document import render
    from handouts.render.fonts import default_family

    font = default_family().regular
    style = ParagraphStyle("b", fontName=font, fontSize=12, leading=15)

    def plan(story, tagging: bool = True) -> Plan:
        pages = [PageSpec("page", {"body": Box(72, 72, 468, 648)}, lambda canv: None)]
        meta = Metadata("t", "a", "s", [], "en")
        return Plan(story, pages, LETTER, meta, font, "test", (), tagging=tagging)

    with pytest.raises(UntaggedText, match="no structure role"):
        render(plan([Paragraph("Content with no role", style)]))
    render(plan([tagged(Paragraph("Content with a role", style), "P")]))
    # Without tags nothing is refused: the same pages, untagged.
    render(plan([Paragraph("Content with no role", style)], tagging=False))


# ------------------------------------------------------------------ the second checker


def test_matterhorn_finds_nothing_in_any_sample_output(samples):
    for name, path in all_pdfs(samples):
        assert matterhorn(path) == [], (name, path.name)


def test_other_clinic_outputs_pass_pdf_ua1(samples):
    for path in samples["other-clinic"]:
        report = page.validate_pdf(path, profile="ua1")
        assert sorted({f.rule_id for f in report.failures}) == [], path.name
        assert tree(path).problems == [], path.name


def _mutated(source: Path, target: Path, change) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target


def _elements(pdf, role: str):
    def walk(node):
        kids = node.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if role == kid.S:
                    yield kid
                yield from walk(kid)

    yield from walk(pdf.Root.StructTreeRoot)


def _page_stream(pdf, old: bytes, new: bytes) -> None:
    p = pdf.pages[0]
    data = p.Contents.read_bytes()
    assert old in data
    p.Contents = pdf.make_stream(data.replace(old, new, 1))


def _drop_link_text(pdf) -> None:
    """A Link that holds only its annotation, as the QR-code links did."""
    for link in _elements(pdf, "/Link"):
        kids = link.K if isinstance(link.K, pikepdf.Array) else [link.K]
        link.K = pikepdf.Array([k for k in kids if isinstance(k, pikepdf.Dictionary)])


WITNESSES = {
    "13-004": lambda pdf: next(_elements(pdf, "/Figure")).__delitem__("/Alt"),
    "14-003": lambda pdf: setattr(next(_elements(pdf, "/H2")), "S", pikepdf.Name("/H4")),
    "14-002": lambda pdf: setattr(next(_elements(pdf, "/H1")), "S", pikepdf.Name("/H2")),
    "15-003": lambda pdf: next(_elements(pdf, "/TH")).__delitem__("/A"),
    "09-005": lambda pdf: setattr(next(_elements(pdf, "/LI")), "S", pikepdf.Name("/P")),
    "09-004": lambda pdf: setattr(next(_elements(pdf, "/TR")), "S", pikepdf.Name("/P")),
    "11-006": lambda pdf: pdf.Root.__delitem__("/Lang"),
    "07-001": lambda pdf: pdf.Root.__delitem__("/ViewerPreferences"),
    "06-001": lambda pdf: pdf.Root.__delitem__("/Metadata"),
    "28-012": lambda pdf: next(a for a in pdf.pages[1].Annots if a.Subtype == "/Link").__delitem__(
        "/Contents"
    ),
    "empty-link": _drop_link_text,
}


def _artifact_inside(pdf) -> None:
    p = pdf.pages[0]
    inside = rb"\1/Artifact BMC\nEMC\n"
    data = re.sub(rb"(/H1 <</MCID \d+>> BDC\n)", inside, p.Contents.read_bytes())
    p.Contents = pdf.make_stream(data)


def _untagged_text(pdf) -> None:
    _page_stream(pdf, b"\nEMC\n", b"\nEMC\nBT /F1+0 12 Tf 72 72 Td (loose) Tj ET\n")


@functools.cache
def _clean_findings(path: Path) -> tuple:
    """matterhorn on an unchanged sample PDF, run once for every witness that starts from it."""
    return tuple(matterhorn(path))


WITNESSES["01-003"] = _artifact_inside
WITNESSES["01-005"] = _untagged_text
WITNESSES["empty-mc"] = lambda pdf: _page_stream(
    pdf, b"\nEMC\n", b"\nEMC\n/P <</MCID 99>> BDC EMC\n"
)


@pytest.mark.parametrize("rule", sorted(WITNESSES))
def test_matterhorn_is_a_witness_each_rule_can_fail(samples, tmp_path, rule):
    visit = next(p for p in samples["letter"] if p.name == "first-infusion-visit.pdf")
    assert _clean_findings(visit) == ()
    bad = _mutated(visit, tmp_path / "bad.pdf", WITNESSES[rule])
    assert rule in {f.rule for f in matterhorn(bad)}


def test_matterhorn_fails_untagged_output(tmp_path):
    write_content(tmp_path, library(handout("one")))
    report = api.build(
        BuildOptions(
            content=tmp_path / "content.yaml",
            out_dir=tmp_path / "o",
            render=RenderOptions(tags=False),
        )
    )
    rules = {f.rule for f in matterhorn(report.outputs[0].path)}
    assert "01-005" in rules


# ------------------------------------------------------------------ the catalogue


def test_catalogue_is_tagged_with_headings_cards_contents_and_figures(samples):
    path = next(p for p in samples["letter"] if p.name == "catalogue.pdf")
    report = tree(path)
    text = report.text(report.root)
    assert text.startswith("Harbor Light Behavioral Health")
    assert "Handout catalogue" in text and "grouped by topic" in text
    h1 = [report.text(e) for e in report.elements("H1")]
    h2 = [report.text(e) for e in report.elements("H2")]
    h3 = [report.text(e) for e in report.elements("H3")]
    assert h1 == ["Handout catalogue"]
    assert h2[0] == "Contents" and "Ketamine" in h2
    handouts = len(api.open_project(ROOT / "content.yaml")[0].library.handouts)  # one card each
    assert "How long does ketamine pain relief last?" in h3 and len(h3) == handouts
    assert heading_levels(report)[:2] == [1, 2]
    (toc,) = report.elements("TOC")
    assert {k.role for k in toc.kids} == {"TOCI"}
    figures = report.elements("Figure")
    assert len([f for f in figures if str(f.obj.Alt).startswith("QR code that opens")]) == handouts
    cards = [s for s in report.elements("Sect") if s.kids and s.kids[0].role == "H3"]
    assert len(cards) == handouts
    for card in cards:
        (link,) = [e for e in card.walk() if e.role == "Link"]
        assert report.text(link).startswith("https://harborlight.example/handouts/")
    # Almost everything printed is in the tree; the rest is the footer and the page header.
    artifacts = report.artifact_text()
    assert len(text) > 4 * len(artifacts)  # 1,500 characters in the tree; 131 before
    # A language named in itself ("Español", "العربية") is read in that language.
    library = api.open_project(ROOT / "content.yaml")[0].library
    others = {h.language for h in library.handouts if not h.language.startswith("en")}
    spans = [e for e in report.elements("Span") if "/Lang" in e.obj]
    assert others and {str(e.obj.Lang) for e in spans} == others
    for span in spans:
        assert report.text(span) == language(str(span.obj.Lang)).own_name


# ------------------------------------------------------------------ links


def test_qr_code_links_hold_their_visible_text_in_every_format(samples):
    for name, path in all_pdfs(samples):
        report = tree(path)
        for link in report.elements("Link"):
            assert report.text(link).strip(), (name, path.name)
            for annot in link.annots:
                assert int(annot.F) & 4, "links print"  # the Print flag
    visit = tree(next(p for p in samples["letter"] if p.name == "first-infusion-visit.pdf"))
    texts = {report_text for report_text in (visit.text(e) for e in visit.elements("Link"))}
    assert "harborlight.example/first-visit" in texts


# ------------------------------------------------------------------ reading order


def _order(path: Path, *texts: str) -> list[int]:
    report = tree(path)
    whole = report.text(report.root)
    return [whole.index(t) for t in texts]


def test_reading_order_per_format_is_the_order_a_reader_meets(samples):
    letter = {p.name: p for p in samples["letter"]}
    handout_order = _order(
        letter["ketamine-pain-relief.pdf"],
        "Harbor Light Behavioral Health",
        "How long does ketamine pain relief last?",
        "Key points",
        "How does ketamine ease pain?",
        "Contact Harbor Light",
        "ketamine-pain-relief \u00b7 Reviewed",
    )
    assert handout_order == sorted(handout_order)
    trifold = _order(
        letter["ketamine-pain-relief-trifold.pdf"],
        "How long does ketamine pain relief last?",  # cover
        "Key points",  # the flap, met on opening the cover
        "How does ketamine ease pain?",  # inside
        "Contact Harbor Light",  # back
    )
    assert trifold == sorted(trifold)
    bifold = _order(
        letter["after-your-infusion-bifold.pdf"],
        "After your ketamine infusion",
        "Key points",
        "The rest of today",
        "Contact Harbor Light",
    )
    assert bifold == sorted(bifold)


# ------------------------------------------------------------------ language


def _lang_of(report, text: str) -> str | None:
    for e in report.root.walk():
        if e.role in ("P", "Span", "Figure") and text in report.text(e):
            lang = e.obj.get("/Lang")
            if lang is not None or e.role != "P":
                return str(lang) if lang is not None else None
    return None


def test_untranslated_brand_words_are_tagged_english_in_a_spanish_handout(samples):
    outputs = {p.name: p for p in samples["other-clinic"]}
    for name in ("dolor.pdf", "dolor-trifold.pdf", "dolor-bifold.pdf"):
        report = tree(outputs[name])
        assert str(report.pdf.Root.Lang) == "es"
        tagline = "Care close to home"
        assert _lang_of(report, tagline) == "en", name
        assert _lang_of(report, "In an emergency, call 911.") == "en", name
        figures = [f for f in report.elements("Figure") if "lighthouse" in str(f.obj.Alt)]
        assert figures and all(str(f.obj.Lang) == "en" for f in figures), name
    report = tree(outputs["dolor.pdf"])
    (hours,) = [s for s in report.elements("Span") if "Mon-Fri" in report.text(s)]
    assert str(hours.obj.Lang) == "en"
    # The English handout of the same clinic needs no /Lang of its own.
    english = tree(outputs["ache.pdf"])
    assert not [e for e in english.root.walk() if "/Lang" in e.obj]


def test_translated_brand_words_carry_no_english_lang(samples):
    es = tree(next(p for p in samples["letter"] if p.name == "sleep-and-pain-es.pdf"))
    assert _lang_of(es, "Atención integral") is None
    assert not [s for s in es.elements("Span") if "lun" in es.text(s)]


def test_inline_language_markup_is_a_span_with_its_lang(samples):
    report = tree(next(p for p in samples["other-clinic"] if p.name == "dolor.pdf"))
    (span,) = [s for s in report.elements("Span") if report.text(s) == "Pain Clinic"]
    assert str(span.obj.Lang) == "en" and span.parent.role == "P"
    assert "el Pain Clinic de la ciudad." in report.text(span.parent)
    assert not [a for e in report.elements("Link") for a in e.annots if "lang" in str(a.A)]


def test_inline_language_markup_parses_and_prints_as_its_words():
    assert markup.plain("Say [thank you]{lang=en} now") == "Say thank you now"
    spans = markup.parse("**[merci]{lang=fr-CA}** and [x](https://a.example)")
    assert [(s.text, s.bold, s.lang) for s in spans[:1]] == [("merci", True, "fr-CA")]
    assert markup.plain("[odd]{lang=not a tag}") == "[odd]{lang=not a tag}"  # stays text


def test_a_paragraph_wholly_in_another_language_takes_the_lang_itself(tmp_path):
    only = handout("one", section("Hi", "[All English]{lang=en}"), language="es")
    report = build_into(tmp_path, library(only, translations=SPANISH_WORDS))
    assert report.diagnostics == []
    tree = read(report.outputs[0].path)
    (p,) = [e for e in tree.elements("P") if tree.text(e) == "All English"]
    assert str(p.obj.Lang) == "en" and not tree.elements("Span")


def test_the_glyph_check_still_reads_a_phrase_in_another_language(tmp_path):
    # Japanese prints (the engine falls back to a CJK face); a snowman no font has.
    body = "Words in [\u65e5\u672c\u2603]{lang=ja} here."
    content = write_content(tmp_path, library(handout("one", section("Hi", body))))
    report = check_content(BuildOptions(content=content, out_dir=tmp_path / "o"))
    missing = [str(d) for d in report.diagnostics if "\u2603" in str(d)]
    assert len(missing) == 1 and "'\u2603' (U+2603)" in missing[0], report.diagnostics


# ------------------------------------------------------------------ header band


def test_a_wrapped_tagline_is_one_paragraph(samples):
    report = tree(next(p for p in samples["other-clinic"] if p.name == "ache.pdf"))
    tagline = (
        "Care close to home for people who live with pain, and for the families who care for "
        "them every day"
    )
    assert tagline in [report.text(e) for e in report.elements("P")]
    lines = [
        ln for ln in _text_lines(report.pdf.filename) if "Care close" in ln or "every day" in ln
    ]
    assert len(lines) >= 2 or "every day" not in lines[0], "the sample tagline should wrap"


def _text_lines(path) -> list[str]:
    return [line.text.strip() for line in text_lines(path) if line.page == 0]


# ------------------------------------------------------------------ review date


def test_every_format_tags_its_review_date_and_id(samples):
    for name, path in all_pdfs(samples):
        if path.name == "catalogue.pdf":
            continue
        report = tree(path)
        # "id · Reviewed <date>", the words and the date in the handout's language
        assert re.search(r"\S+ \u00b7 .+\d{4}", report.text(report.root)), (name, path.name)


# ------------------------------------------------------------------ contrast of marks


def _bullet_colors(path: Path) -> set[tuple[float, ...]]:
    """The fill colour each list label (Lbl) is drawn in."""
    found = set()
    with pikepdf.open(path) as pdf:
        for p in pdf.pages:
            in_label, color = False, None
            for operands, op in pikepdf.parse_content_stream(p.obj):
                name = str(op)
                if name == "BDC" and str(operands[0]) == "/Lbl":
                    in_label = True
                elif name == "EMC":
                    in_label = False
                elif name in ("rg", "g") and in_label:
                    color = tuple(float(v) for v in operands)
                elif name in ("Tj", "TJ") and in_label and color is not None:
                    found.add(color if len(color) == 3 else color * 3)
    return found


@pytest.mark.parametrize("option_set", ["letter", "grayscale", "other-clinic"])
def test_bullets_reach_3_to_1_on_white_and_on_box_tints(samples, option_set):
    light = {"other-clinic": PALE["light"]}.get(option_set, "#EEF4F8")
    backgrounds = [colors.white, colors.HexColor(light), colors.HexColor("#FBEDEA")]
    if option_set == "grayscale":
        backgrounds = [gray(c) for c in backgrounds]
    seen = set()
    for path in samples[option_set]:
        seen |= _bullet_colors(path)
    assert seen
    for rgb in seen:
        mark = colors.Color(*rgb)
        assert min(contrast_ratio(mark, bg) for bg in backgrounds) >= 3.0, (option_set, rgb)


def test_a_dark_enough_accent_is_kept_and_a_light_one_darkened():
    white = (colors.white,)
    dark = colors.HexColor("#1B4965")
    assert mark_color(dark, white) is dark
    light = mark_color(colors.HexColor("#F4A259"), white)
    assert contrast_ratio(light, colors.white) >= 3.0
    assert contrast_ratio(colors.HexColor("#F4A259"), colors.white) < 3.0  # today's 2.07:1


def test_check_reports_the_darker_bullets_and_the_shrunk_brochures(sample_check):
    report = sample_check
    contrast = [r for h in report.handouts for r in h.results if r.rule == "contrast"]
    assert contrast and all("bullets need 3:1" in r.summary for r in contrast)
    assert all(r.measures["bullet_color"] == "#B97B44" for r in contrast)
    messages = [str(d) for d in report.diagnostics]
    assert any("trifold: text made smaller to fit: 12 pt to" in m for m in messages), messages
    assert any("bifold: text made smaller to fit: 12 pt to" in m for m in messages), messages


# ------------------------------------------------------------------ sizes


def _lines_with_sizes(path: Path):
    for line in text_lines(path):
        yield line.text.strip(), list(line.sizes)


def _printed_lines(path: Path) -> Iterator[tuple[str, list[float]]]:
    """The lines a reader sees (characters on one baseline, split at a gap wider than
    one and a half times their size) with each character's size, read as the print
    checks read a PDF (`checks.pdf.measure`, held against pdfminer in test_measure)."""
    rows: dict[tuple[int, int], list[Glyph]] = {}
    for g in measure(path.read_bytes()).glyphs:
        rows.setdefault((g.page, round(g.baseline)), []).append(g)
    for row in rows.values():
        row.sort(key=lambda g: g.box[0])
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or row[i].box[0] - row[i - 1].box[2] > 1.5 * row[i - 1].size:
                yield "".join(g.text for g in row[start:i]), [g.size for g in row[start:i]]
                start = i


def test_emergency_and_crisis_lines_are_never_below_10_pt(samples):
    """Every line naming 911 or 988, the page footers' included, in every sample
    PDF of every option set (tests/test_emergency_lines.py tests the footer's
    mechanism: wrapping, its height, refusing words too long for it)."""
    seen = 0
    for name, path in all_pdfs(samples):
        for text, sizes in _printed_lines(path):
            if "911" in text or "988" in text:
                assert min(round(s, 2) for s in sizes) >= 10, (name, path.name, text, min(sizes))
                assert "\u2026" not in text, (name, path.name, text)
                seen += 1
    assert seen > 50  # the footers of every page, and the fine print


def test_brochure_body_text_is_12_pt_unless_the_content_asks_to_shrink(tmp_path):
    small = handout("small", section("What is it?", "A short answer."), formats=["bifold"])
    report = build_into(tmp_path, library(small))
    assert report.diagnostics == []
    sizes = [
        s for text, s in _lines_with_sizes(report.outputs[0].path) if text == "A short answer."
    ]
    assert sizes and min(sizes[0]) == 12.0


# ------------------------------------------------------------------ minor


def test_lists_say_their_numbering(samples):
    report = tree(next(p for p in samples["letter"] if p.name == "first-infusion-visit.pdf"))
    numbering = {str(lst.obj.A.ListNumbering) for lst in report.elements("L") if "/A" in lst.obj}
    assert numbering >= {"/Decimal", "/Disc"}


def test_pagination_artifacts_have_a_subtype_and_the_header_says_pdf_1_5(samples):
    for name, path in all_pdfs(samples):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.5"), (name, path.name)
        with pikepdf.open(path) as pdf:
            for p in pdf.pages:
                for operands, op in pikepdf.parse_content_stream(p.obj):
                    if str(op) == "BDC" and str(operands[0]) == "/Artifact":
                        props = operands[1]
                        if props.get("/Type") == "/Pagination":
                            assert props.get("/Subtype") in ("/Header", "/Footer"), name


def test_a_filled_fillable_form_passes_pdf_ua1(tmp_path):
    from pypdf import PdfReader, PdfWriter

    project, _ = api.open_project(ROOT / "content.yaml")
    visit = project.library.by_id["first-infusion-visit"]
    data = api.render_pdf(project, visit, "handout", RenderOptions(fillable=True)).data
    (tmp_path / "form.pdf").write_bytes(data)
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "form.pdf"))
    for p in writer.pages:
        writer.update_page_form_field_values(p, {"next_appointment": "Tuesday 10 am"})
    writer.write(tmp_path / "filled.pdf")
    failures = page.validate_pdf(tmp_path / "filled.pdf", profile="ua1").failures
    assert sorted({f.rule_id for f in failures}) == []
