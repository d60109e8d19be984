"""Our text engine: styled spans in, lines of positioned glyphs out; no ReportLab here.

    scripts   which default font draws a script the brand font lacks
    faces     TrueType faces as HarfBuzz loads them (once per process)
    shaping   HarfBuzz shaping, cached per (face, text, direction, script, language, features)
    breaks    UAX #14 opportunities (ICU), web addresses, hyphenation, grapheme splits
    linebreak the total-fit breaker
    direction UAX #9 levels and per-line reordering
    layout    the paragraph: items, fonts, lines, alignment

Drawing the lines is the render package's part: `handouts.render.glyphs`
(glyph runs, font subsets, ToUnicode) and `handouts.render.textflow` (the
platypus flowable).
"""
