"""Layouts return plans: geometry, regions and reading order, asserted without drawing a page.

These tests stop at the `Plan` a format's `lay_out` returns (no ReportLab
document is built); the PDF tests elsewhere prove what the pages then show.
"""

from __future__ import annotations

import pytest
from helpers import handout, library, section, write_content

from handouts.formats import FORMATS
from handouts.options import PAPERS, RenderOptions
from handouts.plan import Box, Plan
from handouts.project import open_project
from handouts.render.meta import meta
from handouts.render.primitives import ActionFlowable

INCH = 72.0


def plan_of(tmp_path, fmt: str, options: RenderOptions | None = None, **fields) -> Plan:
    data = library(handout("h", section("First part"), section("Second part"), **fields))
    project, problems = open_project(write_content(tmp_path, data))
    assert project is not None, problems
    h = project.library.by_id["h"]
    options = options or RenderOptions()
    return FORMATS[fmt].lay_out(h, project.theme_for(h, options), options)


def regions_in_story(plan: Plan) -> list[str]:
    """Each region, in the order the story draws it."""
    seen: list[str] = []
    for flowable in plan.story:
        name = meta(flowable).region
        if name and name not in seen:
            seen.append(name)
    return seen


def inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x - 0.01
        and inner.y >= outer.y - 0.01
        and inner.right <= outer.right + 0.01
        and inner.top <= outer.top + 0.01
    )


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_handout_has_a_first_page_under_the_band_and_taller_later_pages(tmp_path, paper):
    plan = plan_of(tmp_path, "handout", RenderOptions(paper=paper))
    assert plan.page_size == PAPERS[paper]
    first, later = plan.page("first").frames["first"], plan.page("later").frames["later"]
    band = FORMATS["handout"].geometry(RenderOptions(paper=paper)).bands["header"]
    assert first.top < band.y  # text starts below the header band
    assert later.height > first.height
    assert first.x == later.x == 0.75 * INCH  # three-quarter-inch side margins
    assert plan.fit is None  # a handout takes another page instead of shrinking
    assert plan.name == "h" and plan.meta.title == "About h"


@pytest.mark.parametrize("fmt", ["trifold", "bifold"])
@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("print_shop", [False, True])
def test_brochure_frames_sit_inside_their_panels_and_the_trim(tmp_path, fmt, paper, print_shop):
    options = RenderOptions(paper=paper, print_shop=print_shop)
    shape = FORMATS[fmt].geometry(options)
    assert inside(shape.trim, Box(0, 0, *shape.page))
    slug = (shape.page[0] - shape.trim.width) / 2
    assert slug == pytest.approx(0.5 * INCH if print_shop else 0)
    assert sum(p.width for p in shape.panels) == pytest.approx(shape.trim.width)
    for frames in shape.frames.values():
        for box in frames.values():
            assert inside(box, shape.trim)
            holder = [p for p in shape.panels if inside(box, p)]
            assert len(holder) == 1, f"{box} crosses a fold"
            assert box.x - holder[0].x >= 0.25 * INCH - 0.01  # safe from the fold


def test_trifold_panels_are_narrower_on_the_fold_in_side():
    shape = FORMATS["trifold"].geometry(RenderOptions(paper="letter"))
    assert [round(p.width / INCH, 4) for p in shape.panels] == [3.625, 3.6875, 3.6875]
    assert shape.folds == (3.625 * INCH, (3.625 + 3.6875) * INCH)


def test_trifold_draws_in_sheet_order_and_reads_cover_first(tmp_path):
    plan = plan_of(tmp_path, "trifold")
    assert regions_in_story(plan) == ["flap", "back", "cover", "inside"]
    assert list(plan.reading_order) == ["cover", "flap", "inside", "back"]  # as a reader meets them
    assert plan.fit is not None
    assert plan.fit.regions["inside"] == {"panel1", "panel2", "panel3"}
    assert set(plan.fit.regions) == set(FORMATS["trifold"].regions)


def test_bifold_reads_cover_inside_back(tmp_path):
    plan = plan_of(tmp_path, "bifold")
    assert regions_in_story(plan) == ["back", "cover", "inside"]
    assert plan.fit is not None and plan.fit.regions["inside"] == {"page2", "page3"}


def texts_in(plan: Plan, region: str) -> str:
    out = []
    for f in plan.story:
        if meta(f).region == region and hasattr(f, "getPlainText"):
            out.append(f.getPlainText())
        for inner in getattr(f, "content", ()):
            if meta(f).region == region and hasattr(inner, "getPlainText"):
                out.append(inner.getPlainText())
    return " ".join(out)


def test_key_points_go_on_the_flap_unless_a_section_claims_it(tmp_path):
    plain = plan_of(tmp_path / "a", "trifold")
    assert "Main point" in texts_in(plain, "flap")
    data = library(
        handout("h", section("First part"), {**section("Flap part"), "flap": True}),
    )
    project, _ = open_project(write_content(tmp_path / "b", data))
    h = project.library.by_id["h"]
    flapped = FORMATS["trifold"].lay_out(h, project.theme_for(h), RenderOptions())
    assert "Flap part" in texts_in(flapped, "flap")
    assert "Flap part" not in texts_in(flapped, "inside")
    assert "Main point" in texts_in(flapped, "inside")


def test_fit_shrink_offers_smaller_sizes_down_to_ten_points(tmp_path):
    plan = plan_of(tmp_path, "trifold", fit="shrink")
    sizes = []
    while plan is not None:
        assert plan.fit is not None
        sizes.append(plan.fit.size)
        plan = plan.fit.smaller()
    assert sizes == [12.0, 11.5, 11.0, 10.5, 10.0]


def test_without_fit_shrink_there_is_no_smaller_plan(tmp_path):
    plan = plan_of(tmp_path, "bifold")
    assert plan.fit is not None and plan.fit.smaller() is None


def test_every_content_flowable_of_a_brochure_has_a_region(tmp_path):
    for fmt in ("trifold", "bifold"):
        plan = plan_of(tmp_path / fmt, fmt)
        for f in plan.story:
            if not isinstance(f, ActionFlowable):  # page and frame breaks
                assert meta(f).region is not None, f
