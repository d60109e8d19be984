"""Several clinics in one library: every output, and check, follow the clinic built for."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from helpers import CLINIC, ROOT, handout, page_texts, run_main, section, write_content
from pypdf import PdfReader
from test_brand import SISTER, qr_texts

from handouts.api import build, open_project
from handouts.checks.gate import check_library
from handouts.checks.run import check_content
from handouts.options import BuildOptions, RenderOptions

HARBOR_URL = "https://harborlight.example/handouts/"
SEASIDE_URL = "https://seaside.example/leaflets/"


def clinics_library(base_url=None, **extra_sister) -> dict:
    """Two handouts, one a tri-fold, naming their clinic only by placeholders."""
    sister = {**copy.deepcopy(SISTER), **extra_sister}
    data = {
        "clinics": {"harbor": copy.deepcopy(CLINIC), "seaside": sister},
        "handouts": [
            handout(
                "visit",
                section("How {clinic.name} can help", "Call [{clinic.phone}](tel:{clinic.phone})."),
                title="Your visit to {clinic.name}",
                tags=["visits"],
            ),
            handout("sleep", section("Sleep well"), formats=["handout", "trifold"]),
        ],
    }
    data["settings"] = {
        "base_url": base_url or {"harbor": HARBOR_URL, "seaside": SEASIDE_URL},
    }
    return data


def _links(path: Path) -> set[str]:
    return {
        a.get_object()["/A"]["/URI"]
        for page in PdfReader(path).pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    }


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def test_a_rebranded_build_has_that_clinics_catalogue_qr_codes_and_manifest(tmp_path):
    write_content(tmp_path, clinics_library())
    result = run_main("--clinic", "seaside", "--out", "sea", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    catalogue = tmp_path / "sea" / "catalogue.pdf"
    first = page_texts(catalogue)[0]
    assert first.startswith("Seaside Pain Clinic Care close to the shore (555) 010-0300")
    assert "Harbor" not in " ".join(page_texts(catalogue))
    assert PdfReader(catalogue).metadata.title == "Handout catalogue: Seaside Pain Clinic"
    wanted = {SEASIDE_URL + f for f in ("visit.pdf", "sleep.pdf")}
    assert qr_texts(catalogue) == wanted
    assert wanted <= _links(catalogue)
    manifest = _manifest(tmp_path / "sea")
    assert {e["clinic"] for e in manifest["outputs"]} == {"seaside"}
    titles = {e["id"]: e["title"] for e in manifest["outputs"]}
    assert titles["visit"] == "Your visit to Seaside Pain Clinic"


def test_clinic_all_writes_one_folder_per_clinic_each_with_its_catalogue(tmp_path):
    write_content(tmp_path, clinics_library())
    result = run_main("--clinic", "all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["harbor", "seaside"]
    for clinic, name, url in (
        ("harbor", "Harbor Light Behavioral Health", HARBOR_URL),
        ("seaside", "Seaside Pain Clinic", SEASIDE_URL),
    ):
        folder = out / clinic
        assert sorted(p.name for p in folder.iterdir()) == [
            "catalogue.pdf",
            "manifest.json",
            "sleep-trifold.pdf",
            "sleep.pdf",
            "visit.pdf",
        ]
        assert page_texts(folder / "catalogue.pdf")[0].startswith(name)
        assert page_texts(folder / "visit.pdf")[0].startswith(name)
        assert f"How {name} can help" in " ".join(page_texts(folder / "visit.pdf"))
        assert qr_texts(folder / "catalogue.pdf") == {url + "visit.pdf", url + "sleep.pdf"}
        assert {e["clinic"] for e in _manifest(folder)["outputs"]} == {clinic}
    # A list picks some clinics; the same folders, and nothing else is written.
    listed = run_main(
        "--clinic", "seaside", "--out", "some", "--clinic", "seaside,harbor", cwd=tmp_path
    )
    assert listed.returncode == 0, listed.stderr
    assert sorted(p.name for p in (tmp_path / "some").iterdir()) == ["harbor", "seaside"]


def test_one_base_url_serves_only_the_default_clinic(tmp_path):
    """A sister clinic's catalogue must never send a patient to another clinic's PDF."""
    write_content(tmp_path, clinics_library(base_url=HARBOR_URL))
    assert run_main("--clinic", "all", cwd=tmp_path).returncode == 0
    harbor, seaside = (tmp_path / "out" / c / "catalogue.pdf" for c in ("harbor", "seaside"))
    assert qr_texts(harbor) == {HARBOR_URL + "visit.pdf", HARBOR_URL + "sleep.pdf"}
    assert qr_texts(seaside) == set() and not _links(seaside)
    assert "Print each one from the shared folder" in " ".join(page_texts(seaside))


def test_base_url_by_clinic_must_name_the_librarys_clinics(tmp_path):
    data = clinics_library(base_url={"harbor": HARBOR_URL, "seasid": SEASIDE_URL})
    write_content(tmp_path, data)
    result = run_main("--no-catalogue", cwd=tmp_path)
    assert result.returncode == 1
    assert "settings.base_url.seasid: no clinic with id 'seasid' (did you mean 'seaside'?)" in (
        result.stderr
    )


def test_an_unknown_or_single_clinic_is_a_usage_error_for_all(tmp_path):
    write_content(tmp_path, clinics_library())
    wrong = run_main("--clinic", "harbor,seasid", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "no clinic with id 'seasid'; did you mean 'seaside'?" in wrong.stderr
    single = tmp_path / "single"
    write_content(single, {"clinic": CLINIC, "handouts": [handout("one")]})
    result = run_main("--clinic", "all", cwd=single)
    assert result.returncode == 2 and "this library has one clinic" in result.stderr


# ------------------------------------------------------------------ check --clinic


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("Email us at {clinic.email}.", "contact.email"),
        ("Visit us at {clinic.address}.", "contact.address"),
        ("We are open {clinic.hours}.", "contact.hours"),
        ("Write to [us](mailto:{clinic.email}).", "contact.email"),
    ],
)
def test_check_for_a_clinic_fails_where_its_build_fails(tmp_path, text, detail):
    """Harbor has every detail, Seaside lacks some: only Seaside's build fails."""
    content = write_content(tmp_path, _missing_detail(text))
    message = f"clinics.seaside has no {detail}"
    for clinic, fails in (("harbor", False), ("seaside", True), ("all", True)):
        one, several = (clinic, ()) if clinic != "all" else (None, ("all",))
        built = build(
            BuildOptions(
                content=content,
                out_dir=tmp_path / f"out-{clinic}",
                render=RenderOptions(clinic=one),
                clinics=several,
                catalogue=False,
            )
        )
        checked = check_content(
            BuildOptions(content=content, render=RenderOptions(clinic=one), clinics=several)
        )
        for problems in (built.diagnostics, checked.diagnostics):
            found = [str(d) for d in problems if d.severity == "error"]
            assert bool(found) is fails, found
            if fails:
                assert len(found) == 1 and message in found[0]  # --clinic all: said once
    # Without --clinic each handout prints in its own (the default) brand: it builds.
    assert not check_content(BuildOptions(content=content)).diagnostics


def _missing_detail(text: str) -> dict:
    data = clinics_library()
    data["clinics"]["harbor"]["contact"].update(
        email="care@harborlight.example", hours="Mon-Fri 9-5"
    )
    data["handouts"][0]["sections"][0]["body"].append(text)
    return data


def test_check_clinic_on_the_command_line_exits_as_the_build_does(tmp_path):
    write_content(tmp_path, _missing_detail("Email us at {clinic.email}."))
    for clinic, code in (("harbor", 0), ("seaside", 1), ("all", 1)):
        built = run_main("--clinic", clinic, "--no-catalogue", "--out", clinic, cwd=tmp_path)
        checked = run_main("check", "--clinic", clinic, cwd=tmp_path)
        assert built.returncode == checked.returncode == code, checked.stderr
    assert "clinics.seaside has no contact.email" in checked.stderr


def test_check_all_names_the_clinic_of_each_rule(tmp_path):
    write_content(tmp_path, clinics_library())
    result = run_main("check", "--clinic", "all", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    visit = next(h for h in report["handouts"] if h["id"] == "visit")
    rules = {r["rule"] for r in visit["rules"]}
    assert {"readability@harbor", "readability@seaside", "glyphs@seaside"} <= rules


def test_check_with_an_unknown_clinic_is_a_usage_error(tmp_path):
    write_content(tmp_path, clinics_library())
    result = run_main("check", "--clinic", "seasid", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "handouts: no clinic with id 'seasid'; did you mean 'seaside'?"


# ------------------------------------------------------------------ typed names


def _typed(tmp_path: Path, text: str) -> list[str]:
    data = clinics_library()
    data["handouts"][0]["sections"][0]["body"].append(text)
    project, _ = open_project(write_content(tmp_path, data))
    assert project is not None
    report = check_library(project, ids=("visit",))
    (visit,) = report.handouts
    rule = next(r for r in visit.results if r.rule == "contact_placeholders")
    return [f.message for f in rule.findings]


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Harbor Light Behavioral Health is here for you.", "Harbor Light Behavioral Health"),
        ("How Harbor Light can help you.", "Harbor Light"),
        ("Ask the staff at Harbor\nLight today.", "Harbor\nLight"),
        ("Seaside Pain Clinic opens early.", "Seaside Pain Clinic"),
        ("A patient at Seaside Pain told us this.", "Seaside Pain"),
    ],
)
def test_check_warns_about_a_clinics_name_typed_in(tmp_path, text, typed):
    found = _typed(tmp_path, text)
    assert len(found) == 1 and f'is typed in: "{typed}"' in found[0], found


@pytest.mark.parametrize(
    "text",
    [
        "Sit by the harbor light and rest.",  # the words, not the name
        "Our seaside pain clinic friends.",
        "HarborLightning is a made-up word.",
        "The name {clinic.name} prints here.",
    ],
)
def test_words_that_are_not_the_name_are_not_flagged(tmp_path, text):
    assert _typed(tmp_path, text) == []


def test_the_sample_library_names_its_clinic_only_by_placeholders():
    project, _ = open_project(ROOT / "content.yaml")
    assert project is not None
    report = check_library(project)
    for handout_report in report.handouts:
        rule = next(r for r in handout_report.results if r.rule == "contact_placeholders")
        assert rule.status == "pass", (handout_report.handout, rule.findings)
