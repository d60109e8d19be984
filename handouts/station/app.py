"""The print station's web app: catalogue, print form, PDFs.

Patient details arrive only by POST, are used in memory for one response and
are never logged: there is no access log, errors are logged by type and
route only, and every response says `Cache-Control: no-store`. Requests must
name a trusted host (no DNS rebinding) and POSTs must come from the station's
own pages (Origin / Sec-Fetch-Site). Every response carries a
Content-Security-Policy and `nosniff`: a file opened on its own (the logo,
which may be SVG) can run nothing, and the logo served is the one the
content's checks read, never a file re-read from its path later.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from http import HTTPStatus

from flask import Flask, Response, abort, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from ..diagnostics import ContentError
from ..formats import FORMATS
from ..options import PAPERS, StationOptions
from ..render.combine import combine
from .catalogue import (
    PAPER_CHOICES,
    Catalogue,
    Entry,
    SetEntry,
    fold_table,
    folded,
    format_choices,
    format_names,
    language_name,
    render_options,
    variants,
)
from .personalise import FIELDS, FormProblem, Personal, check_glyphs, read_form, stamp

log = logging.getLogger("handouts.station")

MAX_BODY = 16 * 1024  # bytes: the form is five short fields
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Everything that is not a page (logo, thumbnails, CSS, JS, PDFs) loads nothing
# and runs nothing when opened on its own; a PDF may be shown by the
# browser's own viewer, which some browsers embed as an object.
FILE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PDF_CSP = f"{FILE_CSP}; object-src 'self'"
POLICIES = {"text/html": CSP, "application/pdf": PDF_CSP}
SAFE_SITES = (None, "same-origin", "none")  # Sec-Fetch-Site of the station's own forms
# The clinic chosen on the front page, for this browser session (no Max-Age):
# which brand to print in, never anything about a patient.
CLINIC_COOKIE = "station_clinic"


def create_app(options: StationOptions, today: Callable[[], dt.date] = dt.date.today) -> Flask:
    """The station for one content file; `today` decides which handouts are stale."""
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BODY,
        MAX_FORM_MEMORY_SIZE=MAX_BODY,
        MAX_FORM_PARTS=50,
        TRAP_HTTP_EXCEPTIONS=False,
        PROPAGATE_EXCEPTIONS=False,
    )
    catalogue = Catalogue(options)
    allowed = options.allowed_hosts

    @app.before_request
    def guard() -> None:
        if _hostname(request.host) not in allowed:
            abort(HTTPStatus.BAD_REQUEST, "This station only answers at its own address.")
        if request.method == "POST" and not _same_origin():
            abort(HTTPStatus.FORBIDDEN, "Forms can only be sent from the station's own pages.")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer would send "Origin: null"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["Content-Security-Policy"] = POLICIES.get(response.mimetype, FILE_CSP)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = exc.description if exc.code != 413 else _too_large()
        return _page("error.html", catalogue, code=exc.code, message=message), exc.code

    @app.errorhandler(Exception)
    def crash(exc: Exception):
        # Type and route only: an exception's text could quote a form value.
        log.error("internal error %s on %s", type(exc).__name__, request.url_rule)
        message = "Something went wrong making this PDF. Please try again or tell IT."
        return _page("error.html", catalogue, code=500, message=message), 500

    @app.get("/")
    def index():
        day, clinic = today(), _clinic(catalogue)
        entries = catalogue.entries(day, clinic)
        return _page(
            "catalogue.html",
            catalogue,
            entries=entries,
            sets=catalogue.sets(day, clinic),
            clinics=catalogue.clinics(),
            tags=catalogue.topics(),
            languages=sorted({e.handout.language for e in entries}),
            problems=catalogue.problems,
        )

    @app.post("/clinic")
    def choose_clinic():
        chosen = request.form.get("clinic", "")
        if chosen not in catalogue.clinics():
            abort(400, "Choose a clinic from the list.")
        response = redirect(url_for("index"), code=HTTPStatus.SEE_OTHER)
        response.set_cookie(CLINIC_COOKIE, chosen, httponly=True, samesite="Strict")
        return response

    @app.get("/thumbnail/<hid>.png")
    def thumbnail(hid: str):
        handout = catalogue.handout(hid) or abort(404)
        try:
            return Response(catalogue.thumbnail(handout, _clinic(catalogue)), mimetype="image/png")
        except ContentError:
            abort(404)

    @app.get("/logo")
    def logo():
        theme = _theme(catalogue)
        if theme is None or theme.logo is None:
            abort(404)
        logo = theme.logo
        kinds = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
        return Response(logo.data, mimetype=kinds.get(logo.path.suffix.lower(), "image/jpeg"))

    @app.get("/brand.css")
    def brand():
        theme = _theme(catalogue)
        if theme is None:
            return Response("", mimetype="text/css")
        c = theme.clinic.colors
        css = f":root {{ --brand: {c.primary}; --accent: {c.accent}; --light: {c.light}; }}\n"
        return Response(css, mimetype="text/css")

    def print_page(item: Entry | SetEntry) -> str:
        return _page("print.html", catalogue, **_print_context(item), item=item)

    @app.get("/handout/<hid>")
    def handout_page(hid: str):
        return print_page(_entry(catalogue, hid, today()))

    @app.post("/handout/<hid>/pdf")
    def handout_pdf(hid: str):
        return _pdf_response(catalogue, _entry(catalogue, hid, today()))

    @app.get("/set/<sid>")
    def set_page(sid: str):
        return print_page(_set(catalogue, sid, today()))

    @app.post("/set/<sid>/pdf")
    def set_pdf(sid: str):
        return _pdf_response(catalogue, _set(catalogue, sid, today()))

    return app


def _hostname(host: str) -> str:
    """The Host header without its port ("[::1]:8000" -> "::1")."""
    host = host.lower()
    if host.startswith("["):
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same_origin() -> bool:
    if request.headers.get("Sec-Fetch-Site") not in SAFE_SITES:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")


def _too_large() -> str:
    return (
        f"The form was too large (more than {MAX_BODY // 1024} KB). "
        "Shorten the notes and try again."
    )


def _clinic(catalogue: Catalogue) -> str | None:
    """The clinic this request prints for (the station's, or the session's choice)."""
    return catalogue.clinic(request.cookies.get(CLINIC_COOKIE))


def _theme(catalogue: Catalogue):
    """The brand the station's pages wear for this request, or None without content."""
    project = catalogue.project()
    brand = catalogue.brand(_clinic(catalogue))
    return project.themes[brand] if project and brand else None


def _page(template: str, catalogue: Catalogue, **context) -> str:
    theme = _theme(catalogue)
    return render_template(
        template,
        clinic=theme.clinic if theme else None,
        brand=catalogue.brand(_clinic(catalogue)),
        language_name=language_name,
        fold=folded,
        fold_table=fold_table,
        format_names=format_names(),
        **context,
    )


def _print_context(item: Entry | SetEntry) -> dict:
    return {
        "formats": {f: format_choices(item.known_pages)[f] for f in item.formats},
        "papers": PAPER_CHOICES,
        "variants": variants(),
        "fields": FIELDS,
        "stale": item.stale,
    }


def _entry(catalogue: Catalogue, hid: str, today: dt.date) -> Entry:
    handout = catalogue.handout(hid) or abort(404, "There is no handout with this id.")
    return catalogue.entry(handout, today, _clinic(catalogue))


def _set(catalogue: Catalogue, sid: str, today: dt.date) -> SetEntry:
    sets = catalogue.sets(today, _clinic(catalogue))
    wanted = next((s for s in sets if s.handout_set.id == sid), None)
    return wanted or abort(404, "There is no set with this id.")


def _choice(name: str, allowed) -> str:
    value = request.form.get(name, "")
    if value not in allowed:
        abort(400, f"Choose a {name} from the list.")
    return value


def _pdf_response(catalogue: Catalogue, item: Entry | SetEntry) -> Response:
    """The personalised PDF of one handout or a set, made in memory, shown inline."""
    entries = item.entries
    stuck = next((e for e in entries if not e.printable), None)
    if stuck is not None:
        abort(409, f"“{stuck.handout.title}” cannot be printed yet: {stuck.problem}")
    if any(e.stale for e in entries) and request.form.get("confirm_stale") != "yes":
        abort(
            409,
            "This content is past its review date. Tick the box to confirm you still "
            "want to print it, or ask the content editor to review it.",
        )
    fmt = _choice("format", [f for f in FORMATS if all(f in e.formats for e in entries)])
    clinic = _clinic(catalogue)
    options = render_options(_choice("paper", PAPERS), _choice("variant", variants()), clinic)
    project = catalogue.project()
    theme = _theme(catalogue)
    if project is None or theme is None:
        abort(503, "The content file cannot be read right now.")
    try:
        personal = read_form(request.form)
        # The care team's notes print once, with the last handout.
        once = [personal.without("notes")] * (len(entries) - 1) + [personal]
        parts = [
            _stamped(catalogue, e, fmt, options, mine)
            for e, mine in zip(entries, once, strict=True)
        ]
    except FormProblem as exc:
        abort(400, str(exc))
    if len(parts) == 1:
        data = parts[0]
    else:
        language = entries[0].handout.language
        data = combine(parts, item.title, theme.clinic.name, language)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{item.name}.pdf"'
    return response


def _stamped(catalogue: Catalogue, entry: Entry, fmt: str, options, personal: Personal) -> bytes:
    try:
        clean = catalogue.render(entry.handout, fmt, options)
    except ContentError as exc:
        abort(409, f"“{entry.handout.title}” cannot be printed: {exc.diagnostics[0].message}")
    project = catalogue.project()
    assert project is not None
    theme = project.theme_for(entry.handout, options)
    check_glyphs(personal, theme)
    # No lock: stamping reads the places the layout recorded (no pdfium).
    return stamp(clean, entry.handout, personal, theme, fmt)


def serve(options: StationOptions) -> None:
    """Serve the station with waitress until interrupted (no access log)."""
    from waitress import serve as waitress_serve

    waitress_serve(
        create_app(options),
        host=options.host,
        port=options.port,
        ident="handouts",
        expose_tracebacks=False,
        threads=4,
    )
