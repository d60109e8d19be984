"""Where the patient's details land on the page."""

from __future__ import annotations

import datetime as dt
import functools
import io

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from helpers import ROOT, handout, layout_items, library, section, write_content
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar
from pypdf import PdfReader
from station_helpers import PATIENT, pdf_chars, pdf_pages, pdf_text, stamped_chars

from handouts.api import open_project, render_pdf
from handouts.engine.scripts import default_face, script_of
from handouts.engine.shaping import shape
from handouts.labels import ENGLISH, label_key, shipped
from handouts.language import language
from handouts.layouts.handout import BAND_HEIGHT, EDGE, MARGIN_X
from handouts.station.personalise import (
    FormProblem,
    Personal,
    card_words,
    check_glyphs,
    field_for,
    find_spots,
    stamp,
)

FILL_IN = {"fill_in": ["Name", "Date", "Clinician", {"label": "Notes", "lines": 2}]}


def _project(tmp_path, *blocks):
    data = library(handout("visit", section("Your visit", "Bring your list.", *blocks)))
    project, diagnostics = open_project(write_content(tmp_path, data))
    assert diagnostics == []
    return project, project.library.handouts[0]


def _texts(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, x, baseline) of every text object."""
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for index in range(len(doc)):
        page = doc[index]
        text_page = page.get_textpage()
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], textpage=text_page):
            matrix = obj.get_matrix().get()
            out.append((index, obj.extract(), matrix[4], matrix[5]))
    return out


def test_labels_map_to_fields():
    assert field_for("Your name") == "patient"
    assert field_for("Next appointment date") == "next_appointment"
    assert field_for("Próxima cita", language("es").labels) == "next_appointment"
    assert field_for("Questions") is None


# Lines that hold a date word but are not the visit's date (a pain log's days, a
# question), and true date lines as editors write them.
NOT_THE_DATE = [
    ("en", "Day 1"),
    ("en", "Date of next visit?"),
    ("en", "Date of the pain"),
    ("en", "Questions for next time"),
    ("vi", "Ngày 1"),
    ("vi", "Ngày đau nhất"),
    ("es", "Fecha de la cirugía"),
    ("zh-Hans", "第 1 天"),
    ("zh-Hans", "出生日期"),
    ("ko", "1일째"),
    ("ru", "День 1"),
    ("hi", "दिन 1"),
]
THE_DATE = [
    ("en", "Date"),
    ("en", "date:"),
    ("en", "  DATE :  "),
    ("es", "Fecha"),
    ("es", "Fecha:"),
    ("vi", "Ngày"),
    ("vi", "ngày:"),
    ("zh-Hans", "日期："),
    ("ja", "日付："),
    ("ko", "날짜:"),
    ("ar", "التاريخ:"),
    ("hi", "तारीख"),
]


@pytest.mark.parametrize(("tag", "label"), NOT_THE_DATE)
def test_a_line_that_only_mentions_a_date_word_is_not_the_date(tag, label):
    assert field_for(label, language(tag).labels) is None


@pytest.mark.parametrize(("tag", "label"), THE_DATE)
def test_a_date_line_is_the_date_whatever_its_case_spaces_and_colon(tag, label):
    assert field_for(label, language(tag).labels) == "date"


@pytest.mark.parametrize("tag", sorted(shipped().values()))
def test_every_tables_fill_in_labels_match_whole_labels_only(tag):
    """Each label a table names (and the word its card prints for the field) is its
    field, written as editors do; with a day's number or another word after it, it
    is no field; no label names two fields, with the English ones."""
    labels = language(tag).labels
    seen: dict[str, str] = {}
    card = card_words(labels)
    for name, words in labels.fill_in_words:
        for word in (*words, *([card[name]] if name in card else [])):
            for written in (word, f"{word}:", f" {word.upper()}\uff1a ", word.title()):
                assert field_for(written, labels) == name, (written, name)
            assert field_for(f"{word} 1", labels) is None, word
            assert field_for(f"1 {word}", labels) is None, word
            key = label_key(word)
            assert seen.setdefault(key, name) == name, (word, seen[key], name)
    for name, words in ENGLISH.fill_in_words:
        for word in words:
            assert seen.setdefault(label_key(word), name) == name, (tag, word)


@functools.cache
def _sample_project():
    """The shipped sample, opened once: the tests below only read it."""
    project, _ = open_project(ROOT / "content.yaml")
    return project


@functools.cache
def _sample_rendered(hid: str, fmt: str = "handout"):
    """A sample handout rendered once per format; `stamp` only reads what it is given."""
    project = _sample_project()
    sample = project.library.by_id[hid]
    return sample, project.theme_for(sample), render_pdf(project, sample, fmt)


@pytest.mark.parametrize(
    "hid", ["after-your-infusion", "after-your-infusion-vi", "after-your-infusion-ru"]
)
def test_the_samples_pain_log_days_stay_blank_and_the_date_goes_in_the_card(hid):
    pain_log, theme, rendered = _sample_rendered(hid)
    assert "date" not in find_spots(rendered.places, pain_log, theme.labels)
    stamped = stamp(rendered, pain_log, Personal({"patient": PATIENT, "date": "2026-12-02"}), theme)
    days = [p for p in rendered.places.write_ins if p.label[-1].isdigit()]
    assert len(days) >= 3
    added = stamped_chars(rendered.data, stamped)
    for day in days:
        rule = day.rules[0]
        on_line = [
            c
            for c in added
            if c[0] == rule.page and abs(c[3][1] - rule.y) < 12 and rule.x0 < c[3][0] < rule.x1
        ]
        assert on_line == [], day.label
    card = [t for p, t, _, _ in _texts(stamped) if p == 0 and t not in _clean_texts(rendered)]
    date = theme.labels.date(dt.date(2026, 12, 2))
    assert theme.labels.labelled(theme.labels.date_label, date) in card  # the band's card


def test_a_date_line_is_filled_and_a_days_line_beside_it_is_not(tmp_path):
    visit = handout(
        "visite",
        section("Nhật ký", "Ghi lại mỗi ngày.", {"fill_in": ["Ngày 1", "Ngày:", "Tên"]}),
        language="vi",
    )
    data = library(visit, translations={"vi": {"disclaimer": "Tài liệu này chỉ để tham khảo."}})
    project, _ = open_project(write_content(tmp_path, data))
    visit = project.library.handouts[0]
    theme = project.theme_for(visit)
    rendered = render_pdf(project, visit)
    spots = find_spots(rendered.places, visit, theme.labels)
    assert set(spots) == {"date", "patient"}
    day_one, date_line, _ = rendered.places.write_ins
    assert spots["date"].rows[0][1] == pytest.approx(date_line.rules[0].y + 3.5)
    stamped = stamp(
        rendered, visit, Personal({"patient": "Nguyễn Văn An", "date": "2026-12-02"}), theme
    )
    texts = _texts(stamped)
    x, baseline, _ = spots["date"].rows[0]
    dated = [(tx, ty) for _, t, tx, ty in texts if t == "2 tháng 12 năm 2026"]
    assert len(dated) == 1 and abs(dated[0][0] - x) < 0.5 and abs(dated[0][1] - baseline) < 0.5
    beside_day_one = [
        t for p, t, _, ty in texts if p == day_one.page and abs(ty - day_one.rules[0].y) < 6
    ]
    assert beside_day_one == ["Ngày 1"]


def test_details_are_written_on_the_fill_in_lines(tmp_path):
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit)
    spots = find_spots(rendered.places, visit)
    assert set(spots) == {"patient", "date", "clinician", "notes"}
    assert len(spots["notes"].rows) == 2
    personal = Personal({"patient": PATIENT, "clinician": "Dr Lee", "notes": "Drink water."})
    stamped = stamp(rendered, visit, personal, project.theme)
    texts = _texts(stamped)
    for name, value in (("patient", PATIENT), ("clinician", "Dr Lee"), ("notes", "Drink water.")):
        x, baseline, _ = spots[name].rows[0]
        page = spots[name].page
        assert any(
            (p, t) == (page, value) and abs(tx - x) < 0.5 and abs(ty - baseline) < 0.5
            for p, t, tx, ty in texts
        ), name
    assert "PREPARED FOR" not in pdf_text(stamped)


def test_without_fill_in_a_prepared_for_card_goes_on_page_one(tmp_path):
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit)
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT}), project.theme)
    page_one = [t for p, t, _, _ in _texts(stamped) if p == 0]
    assert "PREPARED FOR" in page_one and PATIENT in page_one


def test_nothing_to_stamp_returns_the_clean_pdf(tmp_path):
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit)
    clean = rendered.data
    assert stamp(rendered, visit, Personal({}), project.theme) is clean


def test_personal_details_never_show_in_repr():
    assert repr(Personal({"patient": PATIENT})) == "Personal(filled=['patient'])"


def test_a_brochure_keeps_its_pages_and_gets_a_cover_card(tmp_path):
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit, "trifold")
    clean = rendered.data
    notes = "Drink water.\nBring a friend."
    personal = Personal({"patient": PATIENT, "notes": notes})
    stamped = stamp(rendered, visit, personal, project.theme)
    assert pdf_pages(stamped) == pdf_pages(clean)
    width = pypdfium2.PdfDocument(clean)[0].get_width()
    cover = [t for p, t, x, _ in _texts(stamped) if p == 0 and x > width * 2 / 3]
    assert {"PREPARED FOR", PATIENT, "Drink water.", "Bring a friend."} <= set(cover)


# ------------------------------------------------------------ legible stamps

LONG_NAME = "Maria Guadalupe Fernández-Villanueva"  # wraps in the band's card
LONGEST_NAME = "Maria Guadalupe Fernández-Villanueva de la Cruz Hernández Ortiz"
LONG_DETAILS = {
    "clinician": "Dr Josephine Okonkwo-Abernathy, Nurse Practitioner",
    "date": "2026-11-25",
    "next_appointment": "Thursday 3 December at 10:30 in Room 4B, second floor",
}


@pytest.mark.parametrize("name", ["Ada Lee", PATIENT, LONG_NAME, LONGEST_NAME])
def test_the_stamp_is_legible_whatever_the_length(tmp_path, name):
    """Name at 12 pt or more, details at 10 pt or more; wrapped inside the card and band."""
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit)
    clean = rendered.data
    stamped = stamp(rendered, visit, Personal({"patient": name, **LONG_DETAILS}), project.theme)
    added = [c for c in stamped_chars(clean, stamped) if c[1].strip()]
    sizes = {t: s for _, t, s, _ in added}
    assert all(s >= 10 for s in sizes.values() if s != 8.0)  # 8 pt: the card's kicker only
    name_sizes = {s for _, t, s, _ in added if t in name and s >= 12}
    assert name_sizes and min(name_sizes) >= 12
    doc = pypdfium2.PdfDocument(stamped)
    width, height = doc[0].get_width(), doc[0].get_height()
    band_bottom = height - EDGE - BAND_HEIGHT
    for page, _, _, (x0, y0, x1, y1) in added:
        assert x0 >= MARGIN_X - 1 and x1 <= width - EDGE - 10, (page, x0, x1)
        if page == 0 and y0 > band_bottom:  # in the band's card: inside the band
            assert y1 < height - EDGE and x1 <= width - EDGE - 2 * 10
    text = " ".join(pdf_text(stamped).split())
    printed = {**LONG_DETAILS, "date": "November 25, 2026"}  # as the page prints dates
    for value in (name, *printed.values()):
        assert " ".join(value.split()) in text or _words_in(value, text)


def _words_in(value: str, text: str) -> bool:
    """Every word of `value` in `text`, where a line may end after a word's hyphen."""
    joined = text.replace("- ", "-")
    return all(word in joined for word in value.split())


def test_notes_on_a_page_of_their_own_get_header_footer_and_the_page_count(tmp_path):
    project, visit = _project(tmp_path, FILL_IN)
    rendered = render_pdf(project, visit)
    clean = rendered.data
    notes = "\n".join(["Call us if the headache lasts more than a day, or if you feel sick."] * 30)
    stamped = stamp(rendered, visit, Personal({"notes": notes}), project.theme)
    before, after = pdf_pages(clean), pdf_pages(stamped)
    assert after == before + 1
    reader = PdfReader(io.BytesIO(stamped))
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    for number, page_text in enumerate(texts, start=1):
        assert f"Page {number} of {after}" in page_text, number
    last = texts[-1]
    assert "Harbor Light Behavioral Health" in last and "About visit" in last  # running header
    assert "visit · Reviewed" in last  # the footer's id and review date
    assert "Notes from your care team" in last


def test_a_brochure_cover_card_never_covers_the_title_and_refuses_what_cannot_fit(tmp_path):
    project, visit = _project(tmp_path)
    rendered = render_pdf(project, visit, "trifold")
    clean = rendered.data
    personal = Personal({"patient": PATIENT, "notes": "Drink water.\nBring a friend."})
    stamped = stamp(rendered, visit, personal, project.theme)
    added = stamped_chars(clean, stamped)
    title_bottom = min(
        y0
        for p, t, _, (_, y0, _, _) in pdf_chars(clean)
        if p == 0 and t in "About visit" and y0 > 80
    )
    assert max(y1 for _, _, _, (_, _, _, y1) in added) < title_bottom
    assert min(s for _, t, s, _ in added if t.strip() and s != 8.0) >= 10
    notes = "\n".join(["Call us if it hurts."] * 22)  # within the form's 500 characters
    too_long = Personal({"patient": PATIENT, "notes": notes})
    with pytest.raises(FormProblem, match="too long for the brochure's cover"):
        stamp(rendered, visit, too_long, project.theme)


@pytest.mark.parametrize(
    ("tag", "label", "field"),
    [
        ("es", "Nombre del paciente", "patient"),
        ("fr", "Prochain rendez-vous", "next_appointment"),
        ("fr", "Date du rendez-vous", "next_appointment"),
        ("vi", "Tên bệnh nhân", "patient"),
        ("vi", "Ngày hẹn tới", "next_appointment"),
        ("vi", "Ghi chú", "notes"),
        ("pl", "Lekarz prowadzący", "clinician"),
        ("ru", "Следующий приём", "next_appointment"),
        ("zh-Hans", "患者姓名", "patient"),
        ("zh-Hant", "下次預約日期", "next_appointment"),
        ("ja", "担当医", "clinician"),
        ("ko", "다음 예약", "next_appointment"),
        ("ht", "Non pasyan an", "patient"),
        ("tl", "Petsa", "date"),
        ("es", "Date", "date"),  # English words count in any handout
        ("vi", "Câu hỏi", None),
    ],
)
def test_fill_in_labels_are_read_in_the_handouts_language(tag, label, field):
    assert field_for(label, language(tag).labels) == field


# The card's date row as each language prints it: its own date format, its own colon.
CARD_DATES = {
    "en": "Date: December 2, 2026",
    "es": "Fecha: 2 de diciembre de 2026",
    "ko": "날짜: 2026년 12월 2일",
    "hi": "तारीख: 2 दिसंबर 2026",
    "zh-Hans": "日期：2026年12月2日",
    "zh-Hant": "日期：2026年12月2日",
    "ja": "日付：2026年12月2日",
}


@pytest.mark.parametrize("tag", sorted(CARD_DATES))
def test_the_stamped_date_is_written_as_the_handouts_dates_are(tmp_path, tag):
    title = "Visit" if tag == "en" else "Ab"  # words of no language: only the labels matter
    visit = handout("visit", section(title, "Ab ab."), language=tag)
    words = {tag: {"disclaimer": "Ab ab ab.", "tagline": "Ab", "accreditation": "Ab"}}
    project, _ = open_project(write_content(tmp_path, library(visit, translations=words)))
    visit = project.library.handouts[0]
    theme = project.theme_for(visit)
    rendered = render_pdf(project, visit)
    stamped = stamp(rendered, visit, Personal({"patient": PATIENT, "date": "2026-12-02"}), theme)
    page_one = _page_text(stamped, 0)
    assert "".join(CARD_DATES[tag].split()) in page_one
    assert "".join(CARD_DATES[tag].split()) not in _page_text(rendered.data, 0)
    assert "2026-12-02" not in page_one


def _page_text(pdf: bytes, index: int) -> str:
    """A page's text as pdfium reads it, without spaces (Devanagari comes out spaced)."""
    page = pypdfium2.PdfDocument(pdf)[index]
    return "".join(page.get_textpage().get_text_range().split())


def _clean_texts(rendered) -> set[str]:
    return {t for _, t, _, _ in _texts(rendered.data)}


@pytest.mark.parametrize(
    ("tag", "phone"),
    [("zh-Hans", "电话："), ("zh-Hant", "電話："), ("ja", "電話："), ("ko", "전화:")],
)
def test_a_contact_label_takes_its_languages_colon(tmp_path, tag, phone):
    visit = handout("visit", section("Ab", "Ab ab."), language=tag)
    words = {tag: {"disclaimer": "Ab ab ab.", "tagline": "Ab", "accreditation": "Ab"}}
    project, _ = open_project(write_content(tmp_path, library(visit, translations=words)))
    text = extract_text(io.BytesIO(render_pdf(project, project.library.handouts[0]).data))
    assert phone + "(555)" in "".join(text.split())
    if phone.endswith("："):
        assert phone.replace("：", ":") not in text


def test_the_prepared_for_card_speaks_the_handouts_language(tmp_path):
    data = library(
        handout("visite", section("Votre visite", "Apportez votre liste."), language="fr"),
        translations={"fr": {"disclaimer": "Ce document informe; ce n'est pas un avis médical."}},
    )
    project, _ = open_project(write_content(tmp_path, data))
    visit = project.library.handouts[0]
    theme = project.theme_for(visit)
    rendered = render_pdf(project, visit)
    personal = Personal({"patient": PATIENT, "clinician": "Dr Lee", "notes": "Buvez de l'eau."})
    text = pdf_text(stamp(rendered, visit, personal, theme))
    assert "PRÉPARÉ POUR" in text and "Professionnel de santé: Dr Lee" in text
    assert "Notes de votre équipe soignante" in text
    assert "PREPARED FOR" not in text and "Clinician" not in text and "care team" not in text


# ------------------------------------------------------------ names in any script

# A name -> the font family its own letters print in, and which letters those are.
SCRIPT_NAMES = {
    "Nguyễn Thị Mai": ("NotoSans-", lambda ch: ch in "ễị"),  # Atkinson lacks these two
    "محمد الأحمد": ("NotoSansArabic", lambda ch: script_of(ch) == "Arab"),
    "王小明": ("WenQuanYiMicroHei", lambda ch: script_of(ch) == "Hani"),
}


def _stamped_name(tmp_path, name: str, *blocks) -> bytes:
    project, visit = _project(tmp_path, *blocks)
    check_glyphs(Personal({"patient": name}), project.theme)  # the station lets it through
    return stamp(render_pdf(project, visit), visit, Personal({"patient": name}), project.theme)


@pytest.mark.parametrize("blocks", [(), (FILL_IN,)], ids=["band card", "fill-in line"])
@pytest.mark.parametrize("name", sorted(SCRIPT_NAMES))
def test_a_name_in_any_script_prints_as_typed_in_a_font_that_has_it(tmp_path, name, blocks):
    stamped = _stamped_name(tmp_path, name, *blocks)
    family, own = SCRIPT_NAMES[name]
    text = " ".join(extract_text(io.BytesIO(stamped)).split())
    assert name in text  # in the order it was typed, Arabic too (not reversed)
    chars = [
        c
        for page in extract_pages(io.BytesIO(stamped))
        for c in layout_items(page, LTChar)
        if own(c.get_text())
    ]
    assert "".join(c.get_text() for c in chars) == "".join(filter(own, name))
    fonts = {c.fontname.split("+")[-1] for c in chars}
    assert all(font.startswith(family) for font in fonts), fonts
    assert min(c.size for c in chars) >= 12  # a name is never set smaller


def test_an_arabic_name_is_shaped_its_letters_joined(tmp_path):
    name = "محمد الأحمد"
    stamped = _stamped_name(tmp_path, name)
    face = default_face("arabic", "bold")  # the card sets the name in bold
    drawn = _glyphs_drawn(stamped, "NotoSansArabic")
    joined = {g.gid for g in shape(face, name, rtl=True, script="Arab").glyphs}
    alone = {shape(face, ch, rtl=True, script="Arab").glyphs[0].gid for ch in name if ch != " "}
    assert drawn and drawn <= joined
    assert drawn - alone, "only isolated letter forms were drawn: the name is not joined"
    # The witness: the isolated forms are other glyphs (so the check can fail).
    assert joined - alone


def _glyphs_drawn(pdf: bytes, family: str) -> set[int]:
    """Glyph ids shown with fonts of `family` on page 1 (codes through CIDToGIDMap)."""
    found: set[int] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        fonts = page.Resources.Font
        for name in fonts:
            if family in str(fonts[name].BaseFont):
                gids = _numbers(fonts[name].DescendantFonts[0].CIDToGIDMap.read_bytes())
                found |= {gids[code] for code in _codes_shown(page, name)}
    return found


def _numbers(data: bytes) -> list[int]:
    """Two-byte big-endian numbers: a CIDToGIDMap, or the codes of an Identity-H string."""
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _codes_shown(page, font: str) -> set[int]:
    out: set[int] = set()
    current = None
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "Tf":
            current = str(operands[0])
        elif str(op) == "TJ" and current == font:
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    out |= set(_numbers(bytes(item)))
    return out


@pytest.mark.parametrize(("tag", "edge"), [("en", 0), ("ar", 2)])
def test_the_cards_lines_start_where_its_language_starts_whatever_the_names_script(
    tmp_path, tag, edge
):
    """An Arabic name in an English card starts at the left, with the card's words; in an
    Arabic handout every line of the card ends at its right edge."""
    rendered, stamped = _stamped_visit(
        tmp_path, tag, {"patient": "محمد الأحمد", "clinician": "Dr Lee Chen"}
    )
    # The card sits in the header band's half away from the clinic's words: the
    # right half, or the left on a mirrored (right-to-left) page.
    band = rendered.places.band.box
    middle = band.x + band.width / 2
    rows: dict[float, list[float]] = {}  # by size: the kicker 8 pt, name 12.5, details 10.5
    for page, text, size, box in stamped_chars(rendered.data, stamped):
        beside = box[0] > middle if tag == "en" else box[2] < middle
        if page == 0 and text.strip() and box[1] > band.y and beside:
            rows.setdefault(size, []).append(box[edge])
    edges = [min(xs) if edge == 0 else max(xs) for xs in rows.values()]
    assert len(edges) == 3  # the kicker, the name, the clinician
    assert max(edges) - min(edges) < 1.5, edges


def _stamped_visit(tmp_path, tag: str, details: dict[str, str]):
    """A one-section handout in language `tag`, rendered and stamped with `details`."""
    data = library(handout("visit", section("x", "y"), language=tag))
    project, _ = open_project(write_content(tmp_path, data))
    visit = project.library.handouts[0]
    rendered = render_pdf(project, visit)
    return rendered, stamp(rendered, visit, Personal(details), project.theme_for(visit))


def _accent_edges(pdf: bytes) -> list[tuple[int, float, float]]:
    """(page, left, right) of every tall, 4 pt wide bar drawn: the cards' accent edges."""
    doc = pypdfium2.PdfDocument(pdf)
    out = []
    for index in range(len(doc)):
        for obj in doc[index].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
            left, bottom, right, top = obj.get_bounds()
            if abs(right - left - 4) < 0.5 and top - bottom > 15:
                out.append((index, left, right))
    return out


@pytest.mark.parametrize("tag", ["en", "ar", "he"])
def test_the_cards_accent_edge_is_at_the_side_its_lines_start(tmp_path, tag):
    """The band's card and the box after the text: left of an English card's lines,
    right of an Arabic or Hebrew one's."""
    rendered, stamped = _stamped_visit(
        tmp_path, tag, {"patient": "Dana Levi", "notes": "Walk a little every day."}
    )
    added = [e for e in _accent_edges(stamped) if e not in _accent_edges(rendered.data)]
    assert len(added) >= 1, added
    chars = stamped_chars(rendered.data, stamped)
    for page, left, right in added:
        # The stamped words beside this edge (within the card or box it edges).
        near = [box for p, text, _, box in chars if p == page and text.strip()]
        if tag == "en":
            assert all(box[0] >= right for box in near if abs(box[0] - right) < 40), near
            assert any(0 < box[0] - right < 30 for box in near)
        else:
            assert any(0 < left - box[2] < 30 for box in near), (left, near)


# ------------------------------------------------------------ compact, reproducible, tagged


@pytest.mark.parametrize("hid", ["after-your-infusion", "after-your-infusion-ar"])
def test_a_stamped_pdf_is_compressed_reproducible_and_still_tagged(hid):
    sample, theme, rendered = _sample_rendered(hid)
    personal = Personal({"patient": "محمد الأحمد", "date": "2026-12-02", "notes": "Drink water."})
    stamped = stamp(rendered, sample, personal, theme)
    assert stamped == stamp(rendered, sample, personal, theme)
    with pikepdf.open(io.BytesIO(stamped)) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        for page in pdf.pages:
            contents = page.obj.Contents
            for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
                filters = stream.get("/Filter")
                names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
                assert pikepdf.Name.FlateDecode in names
    # The overlay adds its text and font subsets, never the page's content decoded.
    assert len(stamped) < 1.4 * len(rendered.data)


# ------------------------------------------------------------ large print: the name on page 1

LARGE_PRINT_SAMPLES = [
    "after-your-infusion",
    "sleep-and-pain-es",
    "after-your-infusion-vi",
    "after-your-infusion-ar",
    "after-your-infusion-ru",  # a tagline on two lines: a shallower plate
    "after-your-infusion-zh",
]


def _large_print(hid: str):
    return _sample_rendered(hid, "large-print")


@pytest.mark.parametrize("hid", LARGE_PRINT_SAMPLES)
@pytest.mark.parametrize("name", ["Anita", "Nguyễn Văn An", "محمد الأحمد"])
def test_large_print_writes_the_name_on_page_one_without_a_page_more(hid, name):
    sample, theme, rendered = _large_print(hid)
    stamped = stamp(rendered, sample, Personal({"patient": name}), theme, "large-print")
    assert pdf_pages(stamped) == rendered.pages
    band = rendered.places.band
    assert band is not None and band.below is not None
    assert _shows(name, _page_text(stamped, 0))
    added = [c for c in stamped_chars(rendered.data, stamped) if c[1].strip()]
    assert added and {c[0] for c in added} == {0}
    for _, _, _, (x0, y0, x1, y1) in added:  # in the room under the band's words
        assert band.below.x <= x0 and x1 <= band.below.right
        assert band.box.y < y0 and y1 < band.below.top + 2  # (y0: the font's descent)
    kicker, *details = sorted({s for _, _, s, _ in added})
    assert kicker >= 14 and details and min(details) >= 18  # the name at large print's body size


def _shows(value: str, text: str) -> bool:
    """Every word of `value` in `text` (extracted text: a right-to-left word may come
    out in visual order, reversed)."""
    return all(w in text or w[::-1] in text for w in value.split())


def test_a_name_too_long_for_the_plate_goes_to_the_box_at_the_end():
    sample, theme, rendered = _large_print("after-your-infusion")
    stamped = stamp(rendered, sample, Personal({"patient": LONGEST_NAME}), theme, "large-print")
    added = [c for c in stamped_chars(rendered.data, stamped) if c[1].strip()]
    assert 0 not in {c[0] for c in added}  # nothing half-written in the band
    assert _shows(LONGEST_NAME, pdf_text(stamped))


def test_the_plate_takes_the_details_that_fit_its_line_and_the_box_the_rest():
    sample, theme, rendered = _large_print("after-your-infusion-ar")
    personal = Personal({"patient": "محمد", "date": "2026-12-02", "clinician": "Dr Lee"})
    stamped = stamp(rendered, sample, personal, theme, "large-print")
    date = theme.labels.labelled(theme.labels.date_label, theme.labels.date(dt.date(2026, 12, 2)))
    page_one = _page_text(stamped, 0)
    # The card's order: the name, the clinician, then the date, which no longer fits.
    assert _shows("محمد", page_one) and _shows("Dr Lee", page_one)
    last = _page_text(stamped, pdf_pages(stamped) - 1)
    assert not _shows(date, page_one) and _shows(date, last)  # in the box at the end
