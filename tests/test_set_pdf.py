"""A set's one PDF keeps every handout's tagging (`handouts/render/combine.py`).

Read back from the file by the three checkers the other accessibility tests
use: `tests/tagcheck.py` (pikepdf: every MCID reached once, the ParentTree
round trip, links in Link elements, parents), `tests/matterhorn.py` (pypdf)
and page-validation's PDF/UA-1 profile.
"""

from __future__ import annotations

import io
from pathlib import Path

import page
import pikepdf
import pytest
from helpers import ROOT, handout, library, page_texts, section, write_content
from matterhorn import check as matterhorn
from pypdf import PdfReader
from station_helpers import PATIENT, station_app, station_content
from tagcheck import read

from handouts import api
from handouts.render.combine import combine

AUTHOR = "Harbor Light Behavioral Health"
ORIGIN = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
FORM = {"format": "handout", "paper": "letter", "variant": "standard"}


@pytest.fixture(scope="module")
def sample():
    project, _ = api.open_project(ROOT / "content.yaml")
    cache: dict[str, bytes] = {}

    def rendered(hid: str) -> bytes:
        if hid not in cache:
            cache[hid] = api.render_pdf(project, project.library.by_id[hid]).data
        return cache[hid]

    return rendered


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    return path


def _joined(folder: Path, parts: list[bytes], language: str = "en") -> Path:
    return _write(folder, "set", combine(parts, "Sleep and pain", AUTHOR, language))


def _voices(report, elem, lang: str) -> list[tuple[str, str]]:
    """(text, language a reader speaks it in) of every element with text of its own."""
    own = str(elem.obj.get("/Lang", "")) or lang
    out = []
    if elem.content:
        text = " ".join(report.pages[p].mcid_text.get(m, "") for p, m in elem.content)
        if text.strip():
            out.append((" ".join(text.split()), own))
    for kid in elem.kids:
        out += _voices(report, kid, own)
    return out


def _failures(path: Path) -> set[str]:
    found = {f.rule for f in matterhorn(path)}
    found |= {f.rule_id for f in page.validate_pdf(path, profile="ua1").failures}
    if read(path).problems:
        found.add("tagcheck")
    return found


def test_each_handout_is_a_part_with_its_language_read_in_order(sample, tmp_path):
    singles = [sample("sleep-and-pain"), sample("sleep-and-pain-es")]
    report = read(_joined(tmp_path, singles))
    assert report.problems == []
    assert str(report.pdf.Root.Lang) == "en"
    (document,) = report.root.kids
    assert document.role == "Document"
    assert [(k.role, str(k.obj.Lang), str(k.obj.T)) for k in document.kids] == [
        ("Part", "en", "Better sleep when you live with pain"),
        ("Part", "es", "Dormir mejor cuando vive con dolor"),
    ]
    for part, data, lang in zip(document.kids, singles, ("en", "es"), strict=True):
        alone = read(_write(tmp_path, lang, data))
        (whole,) = alone.root.kids
        # The same words in the same order, each spoken in the same language:
        # the Spanish copy no longer inherits the set's English.
        assert report.text(part) == alone.text(whole)
        assert _voices(report, part, "en") == _voices(alone, whole, lang)
    spanish = [lang for _, lang in _voices(report, document.kids[1], "en")]
    assert spanish.count("es") > 0.8 * len(spanish)  # the rest: the clinic's English name


def test_every_page_and_link_keeps_a_key_of_its_own_in_the_parent_tree(sample, tmp_path):
    singles = [sample(h) for h in ("first-infusion-visit", "sleep-and-pain", "sleep-and-pain-es")]
    path = _joined(tmp_path, singles)
    report = read(path)
    assert report.problems == []  # every MCID reached once, links owned by Link elements
    pdf = report.pdf
    keys = [int(p.obj.StructParents) for p in pdf.pages]
    keys += [int(a.StructParent) for p in pdf.pages for a in p.obj.get("/Annots", [])]
    assert len(keys) == len(set(keys))
    assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == max(keys) + 1
    links = sum(
        len(read(_write(tmp_path, str(i), d)).elements("Link")) for i, d in enumerate(singles)
    )
    assert links > 0 and len(report.elements("Link")) == links
    # Each link annotation's key leads to the Link element that points back at it.
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for p in pdf.pages:
        for annot in p.obj.get("/Annots", []):
            owner = owners[int(annot.StructParent)]
            assert owner.S == "/Link"
            assert any(k.get("/Obj") == annot for k in owner.K if isinstance(k, pikepdf.Dictionary))


@pytest.mark.parametrize(
    ("ids", "language"),
    [
        (["sleep-and-pain", "sleep-and-pain-es"], "en"),
        (["first-infusion-visit", "ketamine-pain-relief", "sleep-and-pain"], "en"),
        # Right to left, then Chinese, then Cyrillic: their fonts and reading order kept.
        (["after-your-infusion-ar", "after-your-infusion-zh", "after-your-infusion-ru"], "ar"),
    ],
)
def test_the_pdf_ua_checkers_find_nothing_and_the_text_is_unchanged(
    sample, tmp_path, ids, language
):
    singles = [sample(h) for h in ids]
    path = _joined(tmp_path, singles, language)
    assert _failures(path) == set()
    texts = [t for i, d in enumerate(singles) for t in page_texts(_write(tmp_path, str(i), d))]
    assert page_texts(path) == texts
    report = read(path)
    langs = [str(k.obj.Lang) for k in report.root.kids[0].kids]
    assert langs == [_lang(d) for d in singles]


def _lang(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return str(pdf.Root.Lang)


def test_the_same_parts_give_the_same_bytes(sample):
    singles = [sample("sleep-and-pain"), sample("sleep-and-pain-es")]
    first = combine(singles, "Sleep and pain", AUTHOR, "en")
    assert combine(list(singles), "Sleep and pain", AUTHOR, "en") == first
    assert combine(singles[::-1], "Sleep and pain", AUTHOR, "es") != first


def test_each_handout_has_an_outline_entry_holding_its_own(sample, tmp_path):
    singles = [sample("sleep-and-pain"), sample("sleep-and-pain-es")]
    reader = PdfReader(_joined(tmp_path, singles))

    def entries(reader, items) -> list:
        return [
            entries(reader, i)
            if isinstance(i, list)
            else (i.title, reader.get_destination_page_number(i))
            for i in items
        ]

    own = [entries(r, r.outline) for r in (PdfReader(io.BytesIO(d)) for d in singles)]
    got = entries(reader, reader.outline)
    assert got[0] == ("Better sleep when you live with pain", 0)
    assert got[2] == ("Dormir mejor cuando vive con dolor", 2)
    assert got[1] == own[0]
    assert got[3] == _shifted(own[1], 2)


def _shifted(items: list, by: int) -> list:
    return [_shifted(i, by) if isinstance(i, list) else (i[0], i[1] + by) for i in items]


def test_the_set_is_titled_and_declared_pdf_ua_in_its_own_words(sample, tmp_path):
    reader = PdfReader(_joined(tmp_path, [sample("sleep-and-pain"), sample("sleep-and-pain-es")]))
    assert reader.metadata.title == "Sleep and pain" and reader.metadata.author == AUTHOR
    root = reader.trailer["/Root"]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert bool(root["/MarkInfo"]["/Marked"])
    xmp = root["/Metadata"].get_object()
    assert (xmp["/Type"], xmp["/Subtype"]) == ("/Metadata", "/XML")
    packet = xmp.get_data().decode()
    assert '<rdf:li xml:lang="x-default">Sleep and pain</rdf:li>' in packet
    assert "<pdfuaid:part>1</pdfuaid:part>" in packet
    assert "<rdf:Bag><rdf:li>en</rdf:li><rdf:li>es</rdf:li></rdf:Bag>" in packet


def _one_page_parts(tmp_path) -> list[bytes]:
    data = library(
        handout("sleep-basics", section("Sleep well"), title="Sleep basics"),
        handout("pain-relief", section("Relief"), title="Pain relief"),
        handout("dolor", section("El dolor", "Unas palabras."), title="Dolor", language="es"),
    )
    project, _ = api.open_project(write_content(tmp_path, data))
    return [api.render_pdf(project, h).data for h in project.library.handouts]


def test_blank_backs_between_parts_hold_nothing_and_own_no_content(tmp_path):
    singles = _one_page_parts(tmp_path)
    path = _joined(tmp_path, singles)
    assert _failures(path) == set()
    report = read(path)
    assert [p.mcid_text for p in report.pages][1::2] == [{}, {}]
    pdf = report.pdf
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for blank in (pdf.pages[1], pdf.pages[3]):
        assert "/Contents" not in blank.obj and "/Annots" not in blank.obj
        assert len(owners[int(blank.obj.StructParents)]) == 0
    assert page_texts(path)[1::2] == ["", ""]


def _with_maps(data: bytes, roles: dict[str, str], ident: bytes) -> bytes:
    """The part with a role map and an ID on its first element, as other writers make them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tree = pdf.Root.StructTreeRoot
        tree.RoleMap = pikepdf.Dictionary({k: pikepdf.Name(v) for k, v in roles.items()})
        first = tree.K[0].K[0]
        first.ID = pikepdf.String(ident)
        tree.IDTree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String(ident), first]))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def test_role_maps_and_element_ids_are_merged_and_kept_apart(sample, tmp_path):
    one = _with_maps(sample("sleep-and-pain"), {"/Callout": "/Div"}, b"top")
    two = _with_maps(sample("sleep-and-pain-es"), {"/Note2": "/Note"}, b"top")
    pdf = pikepdf.open(_joined(tmp_path, [one, two]))
    tree = pdf.Root.StructTreeRoot
    assert dict(tree.RoleMap) == {"/Callout": "/Div", "/Note2": "/Note"}
    names = tree.IDTree.Names
    ids = {bytes(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    assert set(ids) == {b"top", b"part2-top"}
    for key, elem in ids.items():
        assert bytes(elem.ID) == key
    parts = tree.K[0].K
    assert parts[0] == ids[b"top"].P and parts[1] == ids[b"part2-top"].P
    clash = _with_maps(sample("sleep-and-pain-es"), {"/Callout": "/P"}, b"x")
    with pytest.raises(ValueError, match="part 2 of the set maps /Callout otherwise"):
        combine([one, clash], "Sleep and pain", AUTHOR, "en")


def test_an_untagged_part_is_refused(sample, tmp_path):
    with pikepdf.open(io.BytesIO(sample("sleep-and-pain-es"))) as pdf:
        del pdf.Root.StructTreeRoot
        out = io.BytesIO()
        pdf.save(out)
    with pytest.raises(ValueError, match="part 2 of the set is not tagged"):
        combine([sample("sleep-and-pain"), out.getvalue()], "Sleep and pain", AUTHOR, "en")


# ------------------------------------------------------------ at the print station


@pytest.fixture
def client(tmp_path):
    return station_app(station_content(tmp_path)).test_client()


def test_a_set_printed_at_the_station_is_tagged_pdf_ua(client, tmp_path):
    response = client.post("/set/first-visit/pdf", data=FORM, headers=ORIGIN)
    again = client.post("/set/first-visit/pdf", data=FORM, headers=ORIGIN)
    assert response.data == again.data
    path = _write(tmp_path, "station", response.data)
    assert _failures(path) == set()
    report = read(path)
    assert [str(k.obj.T) for k in report.root.kids[0].kids] == ["Sleep basics", "Pain relief"]


def test_a_personalised_set_is_tagged_and_keeps_the_name_out_of_its_metadata(client, tmp_path):
    fields = {**FORM, "patient": PATIENT, "notes": "Drink water."}
    response = client.post("/set/first-visit/pdf", data=fields, headers=ORIGIN)
    assert response.headers["Content-Disposition"] == 'inline; filename="first-visit.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    assert PATIENT in " ".join(p.extract_text() for p in reader.pages)
    assert all(PATIENT not in str(v) for v in reader.metadata.values())
    assert PATIENT.encode() not in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    report = read(_write(tmp_path, "set", response.data))
    assert [k.role for k in report.root.kids[0].kids] == ["Part", "Part"]
    assert _failures(_write(tmp_path, "set", response.data)) == set()
    # The name is read where it is printed, once per handout, in the tree.
    assert report.text(report.root).count(PATIENT) == 2
