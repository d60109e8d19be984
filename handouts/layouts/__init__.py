"""Layouts: one module per format, each defining its `FORMAT` (see handouts.formats).

A layout turns a handout and a theme into a `Plan` of pages; the renderer
draws it. The modules here besides the formats are their building blocks:
`text`, `boxes`, `blocks`, `closing`, `furniture`, `brochure` (what the
folded formats share) and `catalogue` (the library's print menu).
"""
