"""Sentences and words in every language the labels cover (handouts/sentences.py).

Each case is a few short sentences written for this test (a fluent reviewer
should check the non-English ones before they are reused as content); the
split is held against ICU's sentence breaker (UAX #29), which the text
engine already ships, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import unicodedata

import pytest
from checks_support import check, content, handout, one_section, result
from icu4py.breakers import SentenceBreaker

from handouts import sentences
from handouts.checks import prose
from handouts.model import Clinic
from handouts.sentences import ALWAYS_FINAL

SENTENCES = {
    "en": ["Rest today.", "Take 2.5 mg at night!", "Do you feel worse?"],
    "es": ["Descanse hoy.", "¿Se siente peor?", "¡Llámenos!"],
    "zh-Hans": ["今天好好休息。", "你觉得更难受吗？", "请给我们打电话！"],
    "zh-Hant": ["今天好好休息。", "你覺得更難受嗎？", "「請打電話給我們。」"],
    "ja": ["今日は休んでください。", "気分が悪いですか？", "電話してください！"],
    "vi": ["Hôm nay hãy nghỉ ngơi.", "Bạn thấy mệt hơn không?", "Hãy gọi cho chúng tôi!"],
    "ko": ["오늘은 쉬세요.", "더 아프신가요?", "저희에게 전화하세요!"],
    "tl": ["Magpahinga ka ngayon.", "Mas masama ba ang pakiramdam mo?", "Tawagan kami!"],
    "ru": ["Сегодня отдохните.", "Вам стало хуже?", "Позвоните нам!"],
    "ar": ["استرح اليوم.", "هل تشعر بسوء؟", "اتصل بنا!"],
    "ur": ["آج آرام کریں۔", "کیا آپ کو برا لگ رہا ہے؟", "ہمیں فون کریں۔"],
    "ht": ["Repoze w jodi a.", "Èske ou santi w pi mal?", "Rele nou!"],
    "fr": ["Reposez-vous aujourd’hui.", "Vous sentez-vous plus mal ?", "Appelez-nous !"],
    "pt": ["Descanse hoje.", "Você se sente pior?", "Ligue para nós!"],
    "pl": ["Odpocznij dziś.", "Czy czujesz się gorzej?", "Zadzwoń do nas!"],
    "hi": ["आज आराम करें।", "क्या आपको ज़्यादा बुरा लग रहा है?", "हमें फ़ोन करें॥"],
    "hy": ["Այսօր հանգստացեք։", "Ձեզ ավելի վա՞տ է։", "Զանգահարեք մեզ։"],
}


def _icu(text: str, tag: str) -> list[str]:
    return [text[a:b].strip() for a, b in SentenceBreaker(text, tag.split("-")[0]).segments()]


@pytest.mark.parametrize("tag", sorted(SENTENCES))
def test_each_language_splits_where_its_full_stops_are_and_as_icu_does(tag) -> None:
    text = " ".join(SENTENCES[tag])
    assert sentences.split(text) == SENTENCES[tag]
    assert _icu(text, tag) == SENTENCES[tag]  # the witness: UAX #29 agrees


# Scripts whose full stops end a sentence with no space after them (Chinese, Japanese).
RUN_TOGETHER = [
    tag for tag, said in SENTENCES.items() if all(s.rstrip("」")[-1] in ALWAYS_FINAL for s in said)
]


@pytest.mark.parametrize("tag", RUN_TOGETHER)
def test_full_stops_that_need_no_space_end_sentences_written_without_one(tag) -> None:
    assert sentences.split("".join(SENTENCES[tag])) == SENTENCES[tag]


def test_a_decimal_point_and_text_without_end_punctuation_end_nothing() -> None:
    assert sentences.split("Take 2.5 mg with food") == ["Take 2.5 mg with food"]
    assert sentences.split("2.5 mg。3 次") == ["2.5 mg。", "3 次"]
    assert sentences.split("   ") == []


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    assert sentences.split('He said "rest." Then sleep (if you can.) Yes') == [
        'He said "rest."',
        "Then sleep (if you can.)",
        "Yes",
    ]
    assert sentences.split("「休んで。」明日来て。") == ["「休んで。」", "明日来て。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("केटामाइन से दर्द में राहत मिल सकती है।", 8),  # vowel signs stay in their word
        ("ਪੰਜਾਬੀ ਭਾਸ਼ਾ", 2),  # Gurmukhi
        ("বাংলা ভাষা", 2),  # Bengali
        (unicodedata.normalize("NFD", "Hôm nay hãy nghỉ ngơi."), 5),  # decomposed Vietnamese
        ("day-to-day care isn't hard", 4),
        ("استرح اليوم", 2),
    ],
)
def test_a_word_keeps_its_combining_marks(text, expected) -> None:
    assert len(prose.words(text)) == expected


def test_a_hindi_handout_of_short_sentences_has_no_long_ones() -> None:
    """The audit's case: danda-ended sentences ran together into false warnings."""
    short = " ".join(["आज आराम करें।", "खूब पानी पिएँ।", "अगर तबीयत बिगड़े तो हमें फ़ोन करें।"] * 4)
    long = " ".join(["आज", "घर", "पर", "आराम", "करें", "और", "पानी", "पिएँ"] * 3) + "।"
    body = f"    - {short}\n    - {long}\n"
    found = result(
        check(content(handout(extra="language: hi\n", sections=one_section(body)))),
        "long_sentences",
    )
    assert [f.message.split(":")[0] for f in found.findings] == ["sentence of 24 words (max 20)"]


@pytest.mark.parametrize(
    ("disclaimer", "first"),
    [
        ("本资料为一般信息，并非医疗建议。请咨询护理团队。", "本资料为一般信息，并非医疗建议。"),
        ("यह सामान्य जानकारी है। अपनी देखभाल टीम से पूछें।", "यह सामान्य जानकारी है।"),
        ("هذه معلومات عامة. اسأل فريق رعايتك.", "هذه معلومات عامة."),
        ("General information, 2.5 mg. Ask us.", "General information, 2.5 mg."),
    ],
)
def test_the_footer_prints_the_disclaimers_first_sentence_in_any_script(disclaimer, first) -> None:
    clinic = Clinic(name="Test Clinic", disclaimer=disclaimer)
    assert clinic.footer_disclaimer == first
