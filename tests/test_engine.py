"""The text engine: scripts, fonts, breaks and lines, asserted on real PDFs.

Sample sentences in other languages are plain words written for these tests;
they would need a fluent reviewer before any clinical use.
"""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import page
import pytest
from helpers import build_into, handout, layout_items, library, section
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

from handouts.engine import breaks, faces, layout, linebreak, shaping
from handouts.render.fonts import default_family
from handouts.render.textflow import face_of

SAMPLES = {
    "ar": (
        "اغسل يديك كثيرًا بالماء والصابون لمدة عشرين ثانية على الأقل، خاصة بعد السعال "
        "أو العطس. إذا شعرت بالحمى فاتصل بالعيادة قبل أن تأتي."
    ),
    "he": (
        "שטפו ידיים לעיתים קרובות במים ובסבון במשך עשרים שניות לפחות, במיוחד אחרי "
        "שיעול או עיטוש. אם יש לכם חום, התקשרו למרפאה לפני שאתם מגיעים."
    ),
    "hi": (
        "अपने हाथ साबुन और पानी से बार-बार धोएं, खासकर खांसने या छींकने के बाद। "
        "अगर आपको बुखार है, तो आने से पहले क्लिनिक को फ़ोन करें।"
    ),
    "zh": (
        "经常用肥皂和水洗手，至少二十秒钟。咳嗽或打喷嚏后，尤其要洗手！如果发烧，请先打电话给诊所。"
    ),
    "vi": (
        "Rửa tay thường xuyên bằng xà phòng và nước trong ít nhất hai mươi giây, nhất là "
        "sau khi ho hoặc hắt hơi. Nếu bị sốt, hãy gọi cho phòng khám trước khi đến."
    ),
}


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def script_pdfs(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for lang, text in SAMPLES.items():
        tmp = tmp_path_factory.mktemp(lang)
        data = library(handout(lang, section("Hands", text, text), language=lang))
        report = build_into(tmp, data)
        # The clinic's own words have no translation here: a warning of their own.
        problems = [str(d) for d in report.diagnostics if "print in English" not in str(d)]
        assert problems == [], problems
        out[lang] = report.outputs[0].path
    return out


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_text_extracts_in_the_order_it_was_written(script_pdfs, lang):
    text = _squeeze(extract_text(str(script_pdfs[lang])))
    assert _squeeze(SAMPLES[lang]) in text


def _lines_with(path: Path, chars: str) -> list[LTTextLine]:
    found = []
    for page_layout in extract_pages(str(path)):
        for box in page_layout:
            if isinstance(box, LTTextContainer):
                found += [
                    line
                    for line in box
                    if isinstance(line, LTTextLine) and set(line.get_text()) & set(chars)
                ]
    return found


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_lines_end_at_the_right_margin(script_pdfs, lang):
    # The sample's own lines (the page's labels and the clinic's words are
    # furniture; tests/test_rtl.py holds the mirrored page to its margins).
    sample = _squeeze(SAMPLES[lang])
    found = _lines_with(script_pdfs[lang], SAMPLES[lang][:3])
    lines = [ln for ln in found if _squeeze(ln.get_text()) in sample]
    assert len(lines) >= 4
    rights = [round(line.x1) for line in lines]
    lefts = [round(line.x0) for line in lines]
    assert max(rights) - min(rights) <= 2, rights  # one right edge
    assert max(lefts) - min(lefts) > 20, lefts  # ragged on the left
    vi = _lines_with(script_pdfs["vi"], "ử")[0]
    assert max(rights) > vi.x0 + 300  # the right edge, not the left


@pytest.mark.parametrize(
    "figure",
    [
        "(555) 010-0199",
        "555-010-0199",
        "2026-10-01",
        "+1 555 010 0199",
        "10.30-12.45",
        "1200 Harbor Way",
        "Suite 300, Bayview",
    ],
)
def test_figures_in_right_to_left_text_read_as_written(tmp_path, figure):
    """A phone number in an Arabic or Hebrew sentence keeps its groups in order
    (the bidi algorithm alone prints "010-0199" as "0199-010")."""
    for lang, words in (("ar", "اتصل بنا على الرقم"), ("he", "התקשרו אלינו במספר")):
        text = f"{words} {figure} في أي وقت" if lang == "ar" else f"{words} {figure} בכל עת"
        report = build_into(tmp_path / lang, library(handout(lang, section("x", text))))
        path = report.outputs[0].path
        first = next(c for c in _page_chars(path) if c.get_text() == words[0])
        same_line = (c for c in _page_chars(path) if abs(c.matrix[5] - first.matrix[5]) < 1)
        glyphs = sorted(same_line, key=lambda c: c.x0)
        kept = "0123456789()+-.,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        visual = "".join(c.get_text() for c in glyphs if c.get_text() in kept)
        assert "".join(ch for ch in figure if ch != " ") in visual, (lang, visual)


def _page_chars(path: Path) -> list[LTChar]:
    """Every character of page 1 (pdfminer may set a run of figures apart as its own line)."""
    page_layout = next(iter(extract_pages(str(path))))
    return [
        c
        for box in page_layout
        if isinstance(box, LTTextContainer)
        for line in box
        if isinstance(line, LTTextLine)
        for c in line
        if isinstance(c, LTChar)
    ]


def _atkinson() -> faces.Face:
    return face_of(default_family().regular)


def test_kerning_moves_the_second_glyph_of_a_kerned_pair():
    face = _atkinson()
    kerned = shaping.shape(face, "AV")
    plain = shaping.shape(face, "AV", features=(("kern", False),))
    assert kerned.glyphs[0].advance < plain.glyphs[0].advance
    # And in the PDF: V starts closer to A than A's own advance.
    style = layout.TextStyle(face, 40)
    (line,) = layout.layout([layout.Span("AV", style)], layout.Options(400)).lines
    a, v = line.runs[0].glyphs
    assert v.x - a.x < face.advance(a.gid) * 40 / face.upem - 0.5


def _pieces(text: str, language: str = "en") -> list[str]:
    ends = breaks.opportunities(text, language)
    return [text[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


@pytest.mark.parametrize(
    "text",
    [
        "휴대폰으로 코드를 스캔하면 웹사이트로 연결됩니다.",
        "잠을 잘 자면 통증이 줄어들 수 있습니다.",
        "(555) 010-0199로 전화하세요: 월요일부터 금요일까지.",
    ],
)
def test_korean_lines_end_at_spaces_not_between_syllables(text):
    """Korean is set keep-all: a word keeps its particle ("웹사이트로", never "웹사이트 / 로")."""
    pieces = _pieces(text, "ko")
    assert all(piece.endswith(" ") or piece is pieces[-1] for piece in pieces), pieces
    assert "".join(pieces) == text
    # Chinese and Japanese still break between ideographs.
    assert len(_pieces("睡眠有助于缓解疼痛。", "zh")) > 3


@pytest.mark.parametrize(
    ("text", "language", "whole"),
    [
        ("Open Sat 9 am\u20131 pm", "en", "am\u20131"),
        ("Open Mon\u2013Fri", "en", "Mon\u2013Fri"),
        ("Thứ Bảy 9:00\u201313:00", "vi", "9:00\u201313:00"),
        ("शनि सुबह 9\u2013दोपहर 1", "hi", "9\u2013दोपहर"),
        ("Years 2024\u20132025 only", "en", "2024\u20132025"),
    ],
)
def test_a_range_never_ends_a_line_at_its_dash(text, language, whole):
    """'Sat 9–' / '1 pm' reads as an unfinished time: the dash of a range is no break."""
    pieces = _pieces(text, language)
    assert any(whole in piece for piece in pieces), pieces
    assert not any(piece.endswith("\u2013") for piece in pieces[:-1]), pieces
    # A spaced dash is a pause in a sentence: a line may still end after it.
    assert "\u2013 " in _pieces("a \u2013 b")


@pytest.mark.parametrize("width", [40, 90, 200, 333])
@pytest.mark.parametrize("styled", [False, True], ids=["one-style", "bold-inside"])
def test_a_word_too_long_for_any_line_is_split_into_lines_that_fit(width, styled):
    """The last resort splits between graphemes: every line within the width, the
    letters all there in order, each line but the word's last filled."""
    word = "qwbTpdkhxopygpanWrlykeiViiaannkksumnlmytbxWkjqevtavetwtoulooldqbwz" * 5
    regular = layout.TextStyle(_atkinson(), 11)
    spans = [layout.Span(f"Go {word} now", regular)]
    if styled:  # a bold stretch inside the word: its pieces go on in their own faces
        bold = layout.TextStyle(face_of(default_family().bold), 11, weight="bold")
        spans = [
            layout.Span(f"Go {word[:100]}", regular),
            layout.Span(word[100:200], bold),
            layout.Span(f"{word[200:]} now", regular),
        ]
    lines = layout.layout(spans, layout.Options(width, "en", hyphenate=False)).lines
    assert all(line.width <= width + 0.01 for line in lines), [line.width for line in lines]
    assert "".join(line.text for line in lines).replace(" ", "") == f"Go{word}now"
    inside = lines[1:-1]
    assert sum(line.width >= 0.75 * width for line in inside) >= len(inside) - 2


@pytest.mark.parametrize(
    "mark", ["\u2060", "\u200b", "\u200e", "\u200f", "\u061c", "\u2066", "\u2069", "\ufeff"]
)
def test_zero_width_marks_draw_no_glyph_and_copy_out_as_nothing(mark):
    """A word joiner or a bidi mark steers the layout and prints nothing: no glyph
    (the font's space would copy out as one), and the word stays in the brand face."""
    style = layout.TextStyle(_atkinson(), 12)
    lines = layout.layout([layout.Span(f"ab{mark}cd ef", style)], layout.Options(400)).lines
    glyphs = [g for line in lines for run in line.runs for g in run.glyphs]
    assert "".join(g.text for g in glyphs) == "abcd ef"
    assert {run.face.name for line in lines for run in line.runs} == {
        "AtkinsonHyperlegible-Regular"
    }


def test_a_long_address_breaks_after_its_punctuation_with_no_hyphen():
    address = "https://harborlight.example/first-visit/checklist?lang=en&print=yes"
    assert _pieces(address) == [
        "https://",
        "harborlight.",
        "example/",
        "first-",
        "visit/",
        "checklist?",
        "lang=",
        "en&",
        "print=",
        "yes",
    ]
    style = layout.TextStyle(_atkinson(), 11)
    laid = layout.layout([layout.Span(f"See {address} today.", style)], layout.Options(120))
    assert not any(line.hyphenated for line in laid.lines)
    assert "".join(line.text for line in laid.lines).replace(" ", "") == (f"See{address}today.")


def test_chinese_breaks_between_ideographs_but_never_before_closing_punctuation():
    text = "经常用肥皂和水洗手，至少二十秒钟。「请先」打电话！"
    pieces = _pieces(text, "zh")
    assert len(pieces) > 10  # between ideographs
    for piece in pieces:
        assert piece[0] not in "，。」！", pieces  # no line starts with closing punctuation
        assert piece[-1] != "「", pieces  # none ends with an opening bracket


def _prose(rng: random.Random) -> str:
    """Random ASCII prose: words with inner . , : and opening and closing punctuation."""
    core = "abcXYZ019'&*#@"

    def word() -> str:
        out = rng.choice(["", "", "", "(", '"', "'", '("'])
        out += "".join(rng.choice(core) for _ in range(rng.randint(1, 5)))
        while rng.random() < 0.3:
            out += rng.choice(".,:") + "".join(rng.choice(core) for _ in range(rng.randint(1, 4)))
        return out + "".join(rng.choice(".,;:!?)\"'") for _ in range(rng.choice([0, 0, 1, 2, 3])))

    return " ".join(word() for _ in range(rng.randint(1, 8)))


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "vi"])
def test_the_shortcut_for_plain_prose_breaks_where_icu_does(lang):
    """Plain ASCII prose skips ICU (a break after each space): the same offsets, always."""
    rng = random.Random(lang)
    samples = [_prose(rng) for _ in range(3000)] + _paragraphs()
    shortcut = 0
    for text in samples:
        if breaks.is_plain_prose(text):
            shortcut += 1
        assert breaks.opportunities(text, lang) == breaks.unicode_opportunities(text, lang), text
    assert shortcut > 2000
    # Not prose: a hyphen, a slash, a dash, a percent sign go to ICU; an address too.
    for text in ["follow-up", "and/or", "wait\u2014now", "50%off"]:
        assert not breaks.is_plain_prose(text)
    assert breaks.opportunities("see www.example.com now", lang) == [4, 8, 16, 20, 23]


def _paragraphs() -> list[str]:
    return [
        "Your nerves send pain messages to your brain. Think of them as sound from a radio. "
        "With long-term pain, the volume knob can get stuck on high.",
        "Ketamine works on tiny parts of your nerve cells called receptors. This helps "
        "turn the volume back down over time.",
        "Call us if pain comes back strongly or a side effect lasts more than a day or two.",
        "Bring a list of all your medicines, a warm sweater, and someone who can drive you home.",
    ]


def test_no_paragraph_ends_in_a_one_word_line_where_a_better_break_exists():
    style = layout.TextStyle(_atkinson(), 11)
    checked = 0
    for text in _paragraphs():
        for width in range(140, 420, 7):
            lines = layout.layout([layout.Span(text, style)], layout.Options(width)).lines
            if len(lines) < 2:
                continue
            checked += 1
            assert len(lines[-1].text.split()) >= 2, (width, [line.text for line in lines])
            assert all(line.width <= width + 0.01 for line in lines)
    assert checked > 100


@pytest.mark.parametrize(
    "text",
    [
        "每天写下您的疼痛程度，从 0（不痛）到 10（最痛），还有您睡得怎么样。下次就诊时带上这张纸。",
        SAMPLES["zh"],
        "毎日、痛みの強さを0（痛みなし）から10（最も強い痛み）までで書いてください。次の診察に持ってきてください。",
    ],
)
def test_chinese_and_japanese_lines_fill_their_width_before_the_last(text):
    """A last line of ideographs is many words, not one: no early break to avoid it."""
    style = layout.TextStyle(faces.load("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 12)
    for width in range(150, 480, 11):
        lines = layout.layout([layout.Span(text, style)], layout.Options(width, "zh")).lines
        for line in lines[:-1]:
            assert line.width > width - 3 * 12, (width, [ln.text for ln in lines])


@pytest.mark.parametrize("seed", range(4))
def test_the_breaker_trying_the_fewest_lines_first_breaks_as_trying_every_end(seed):
    """Its shortcut (the ends that can lie on a paragraph of the fewest lines) never
    changes a break: random paragraphs, with ties (equal widths), ragged ones (where
    one line more could win) and words wider than the line, against the search of
    every end."""
    rng = random.Random(seed)
    pruned = 0
    for _ in range(600):
        n = rng.randint(2, 90)
        widths = [10.0, 20.0, 30.0, 15.5] if rng.random() < 0.3 else None
        top = rng.choice([40, 90])
        boxes = [
            linebreak.Box(
                rng.choice(widths) if widths else rng.uniform(5, top),
                rng.choice([0.0, 3.0, 3.0]),
                spaced=rng.random() < 0.8,
            )
            for _ in range(n)
        ]
        width = rng.choice([60.0, 100.0, 150.0, 333.3, 504.0])
        ends = linebreak.total_fit(boxes, width)
        if len(ends) < 2:
            continue
        spans = [b.width + b.glue for b in boxes]
        before = list(itertools.accumulate(spans, initial=0.0))
        reach = [0.0] + [before[j - 1] + boxes[j - 1].width - width for j in range(1, n + 1)]
        glued = [b.glue > 0 for b in boxes]
        scale = linebreak.SLACK / width**2
        every = linebreak._best(boxes, glued, before, reach, scale, range(n + 1), range(n + 1))[1]
        assert ends == every, (width, boxes)
        if max(b.width for b in boxes) > width:
            continue  # every end is tried
        fewest, on_fewest, bands = linebreak._fewest_lines(before, reach)
        cost, shortcut = linebreak._best(boxes, glued, before, reach, scale, on_fewest, bands)
        if cost < linebreak.LINE * fewest:  # the shortcut stands
            assert shortcut == every, (width, boxes)
            pruned += 1
    assert pruned > 300  # most paragraphs take it


def test_hyphens_never_end_two_lines_running():
    style = layout.TextStyle(_atkinson(), 11)
    text = (
        "Understanding anticonvulsant responsibilities, extraordinary circumstances and "
        "internationalization considerations requires concentration."
    )
    hyphenated = 0
    for width in range(110, 200, 5):  # the longest word fits: hyphens are a choice
        lines = layout.layout([layout.Span(text, style)], layout.Options(width)).lines
        flags = [line.hyphenated for line in lines]
        hyphenated += sum(flags)
        assert not any(a and b for a, b in itertools.pairwise(flags)), (width, flags)
        assert all(line.width <= width + 0.01 for line in lines)
    assert hyphenated > 0  # the words were long enough to need hyphens


def _fonts_by_char(path: Path) -> dict[str, set[str]]:
    fonts: dict[str, set[str]] = {}

    def walk(obj):
        if isinstance(obj, LTChar):
            fonts.setdefault(obj.get_text(), set()).add(obj.fontname.split("+")[-1])
        for child in getattr(obj, "_objs", []) or []:
            walk(child)

    for page_layout in extract_pages(str(path)):
        walk(page_layout)
    return fonts


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory) -> Path:
    text = "Wash your hands: اغسل يديك, שטפו ידיים, हाथ धोएं, 洗手, rửa tay, ล้างมือ."
    tmp = tmp_path_factory.mktemp("mixed")
    report = build_into(tmp, library(handout("mixed", section("Hands", text))))
    assert report.diagnostics == [], [str(d) for d in report.diagnostics]
    return report.outputs[0].path


def test_a_run_the_brand_font_lacks_is_drawn_with_its_scripts_font(mixed_pdf):
    fonts = _fonts_by_char(mixed_pdf)
    assert "AtkinsonHyperlegible-Regular" in fonts["W"]
    assert fonts["ي"] == {"NotoSansArabic-Regular-wght400"}
    assert fonts["ש"] == {"NotoSansHebrew-Regular"}
    assert fonts["洗"] == {"WenQuanYiMicroHei"}
    assert any("NotoSansThai" in f for f in fonts["ม"])
    # A word the brand font cannot draw whole takes the fallback face whole.
    assert fonts["ử"] == {"NotoSans-Regular-wght400"}
    assert "NotoSans-Regular-wght400" in fonts["r"]


@pytest.mark.parametrize(
    ("text", "language", "whole"),
    [
        ("Những điểm chính", "vi", True),  # "chính" alone the brand font could draw
        ("Chăm sóc toàn diện cho cơn đau, tâm trạng và sự hồi phục", "vi", True),
        ("Позвоните нам по номеру (555) 010-0199.", "ru", True),  # the figures too
        ("Ask Nguyễn Văn An about the visit and the results of the tests today.", "en", False),
        ("Call Иван at the front desk about your next visit and your medicines.", "en", False),
        ("Mang tờ này theo khi đi khám.", "vi", True),  # one letter in 22 the brand lacks
    ],
)
def test_a_sentence_in_letters_the_brand_lacks_prints_in_one_face(text, language, whole):
    """Vietnamese or Russian in one face, not word by word in two; an English sentence
    with one such name keeps the brand font for its English words."""
    style = layout.TextStyle(_atkinson(), 12)
    lines = layout.layout([layout.Span(text, style)], layout.Options(400, language)).lines
    faces_used = {run.face.name for line in lines for run in line.runs}
    if whole:
        assert faces_used == {"NotoSans-Regular-wght400"}, faces_used
    else:
        assert faces_used == {"NotoSans-Regular-wght400", "AtkinsonHyperlegible-Regular"}


@pytest.mark.parametrize(
    ("text", "language", "word", "brand"),
    [
        ("Harbor Light Behavioral Health는 환자를 돌봅니다.", "ko", "Health는", "Health"),
        ("National Council for Behavioral Care(가상) 인증", "ko", "Care(가상)", "Care("),
        ("请联系Harbor诊所。", "zh-Hans", "Harbor诊所", "Harbor"),
        ("予約はHarborクリニックへ。", "ja", "Harborクリニック", "Harbor"),
        ("اتصل بـHarbor اليوم.", "ar", "بـHarbor", "Harbor"),
    ],
)
def test_a_word_mixing_scripts_keeps_the_brand_face_for_its_latin_letters(
    text, language, word, brand
):
    """Latin letters touching Hangul, Han, kana or Arabic with no space between are
    one line-break item; they print in the brand face, as a browser would, not in
    the other script's font because it happens to draw Latin too."""
    style = layout.TextStyle(_atkinson(), 12)
    lines = layout.layout([layout.Span(text, style)], layout.Options(400, language)).lines
    by_char = [
        (ch, run.face.name)
        for line in lines
        for run in line.runs
        for g in run.glyphs
        for ch in g.text
    ]
    faces = sorted(set(by_char))
    latin = {face for ch, face in by_char if ch in brand and ch.isascii() and ch.isalpha()}
    assert latin == {"AtkinsonHyperlegible-Regular"}, faces
    other = {face for ch, face in by_char if ch in word and not ch.isascii()}
    assert other and "AtkinsonHyperlegible-Regular" not in other, faces


def test_multi_script_output_is_byte_identical_and_passes_pdf_ua1(mixed_pdf, tmp_path):
    text = "Wash your hands: اغسل يديك, שטפו ידיים, हाथ धोएं, 洗手, rửa tay, ล้างมือ."
    again = build_into(tmp_path, library(handout("mixed", section("Hands", text))))
    assert again.outputs[0].path.read_bytes() == mixed_pdf.read_bytes()
    report = page.validate_pdf(mixed_pdf, profile="ua1")
    assert sorted({f"{f.rule_id}: {f.message}" for f in report.failures}) == []


def test_script_pages_pass_pdf_ua1(script_pdfs):
    for lang, path in script_pdfs.items():
        report = page.validate_pdf(path, profile="ua1")
        assert sorted({f"{f.rule_id}: {f.message}" for f in report.failures}) == [], lang


# ------------------------------------------------------------ a brand's fonts by script

_NOTO = Path("/usr/share/fonts/truetype/noto")


def _brand_hebrew(folder: Path) -> dict:
    """The clinic's own Hebrew font (Noto Serif Hebrew, shipped in the content folder)."""
    (folder / "fonts").mkdir(parents=True, exist_ok=True)
    for face in ("Regular", "Bold"):
        shutil.copy(_NOTO / f"NotoSerifHebrew-{face}.ttf", folder / "fonts" / f"Heb-{face}.ttf")
    return {
        "scripts": {"hebrew": {"regular": "fonts/Heb-Regular.ttf", "bold": "fonts/Heb-Bold.ttf"}}
    }


@pytest.mark.skipif(not (_NOTO / "NotoSerifHebrew-Regular.ttf").exists(), reason="fonts-noto-core")
def test_a_brand_names_its_own_font_for_a_script(tmp_path):
    text = "Wash your hands: שטפו ידיים, اغسل."
    body = section("**שלום** hands", text)
    data = library(handout("own", body), fonts=_brand_hebrew(tmp_path))
    report = build_into(tmp_path, data)
    assert report.diagnostics == [], [str(d) for d in report.diagnostics]
    fonts = _fonts_by_char(report.outputs[0].path)
    assert fonts["ש"] and all(f.startswith("NotoSerifHebrew") for f in fonts["ש"])
    assert any("Bold" in f for f in fonts["ל"])  # the heading's bold takes the bold face
    assert all(f.startswith("NotoSansArabic") for f in fonts["ا"])  # others: defaults
    assert all("Atkinson" in f for f in fonts["W"])


def test_a_brand_font_for_a_script_stands_in_for_a_missing_default(tmp_path, monkeypatch):
    from handouts.engine import scripts

    real = scripts.default_face

    def without_hebrew(group: str, weight: str = "regular"):
        if group == "hebrew":
            raise scripts.MissingFont("hebrew")
        return real(group, weight)

    monkeypatch.setattr(scripts, "default_face", without_hebrew)
    text = "שלום לכם"
    plain = build_into(tmp_path / "plain", library(handout("he", section("H", text))))
    assert "clinic fonts: scripts: hebrew:" in str(plain.diagnostics[0])
    data = library(handout("he", section("H", text)), fonts=_brand_hebrew(tmp_path / "own"))
    own = build_into(tmp_path / "own", data)
    assert own.diagnostics == [], [str(d) for d in own.diagnostics]


def test_an_unknown_script_in_the_brand_fonts_is_a_positioned_error(tmp_path):
    faces = {"regular": "fonts/X.ttf", "bold": "fonts/X.ttf"}
    report = build_into(tmp_path, library(fonts={"scripts": {"klingon": faces}}))
    assert report.failed
    assert "clinic.fonts.scripts" in str(report.diagnostics[0]), str(report.diagnostics[0])


@pytest.mark.parametrize("fmt", ["handout", "large-print"])
def test_the_page_total_keeps_its_space_after_the_words(tmp_path, fmt):
    """ "Page 1 of 2": the engine sets "Page 1 of " without its trailing space, the
    footer adds it back before the total (a form drawn when the count is known)."""
    data = library(handout("gap", section("Hands", "Wash your hands."), formats=[fmt]))
    path = build_into(tmp_path, data).outputs[0].path
    chars = layout_items(next(iter(extract_pages(str(path)))), LTChar)  # forms too
    f = next(
        c for i, c in enumerate(chars) if c.get_text() == "f" and chars[i - 1].get_text() == "o"
    )
    total = min(
        (
            c
            for c in chars
            if c.get_text().isdigit() and abs(c.matrix[5] - f.matrix[5]) < 1 and c.x0 > f.x1
        ),
        key=lambda c: c.x0,
    )
    assert total.x0 - f.x1 > 0.2 * f.size, (total.x0, f.x1)
