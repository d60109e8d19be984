"""A brand's name, phone, email or web address typed into a handout's text.

Printed for a sister clinic (`--clinic`), such a handout would tell a patient
to call the wrong clinic: the placeholder ({clinic.phone}) prints whichever
clinic's own. Only the texts that take placeholders are read (inline text,
a QR code's url). A name is found as written in full, or by its first two
words when it is longer ("Harbor Light" of Harbor Light Behavioral Health),
with the capitals of the name: "harbor light" in running text is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from .. import markup, placeholders
from ..model import Clinic
from .context import Context
from .results import Outcome

# A run that may be a phone number: digits with spaces, dots, dashes, brackets.
_PHONE_RUN = re.compile(r"\+?\(?\d[\d\s().\u00a0-]*\d")
_HOW = {
    "name": "it prints the name of the clinic the handout is built for",
    "phone": "as a link: [{clinic.phone}](tel:{clinic.phone})",
    "email": "as a link: [{clinic.email}](mailto:{clinic.email})",
    "website": "a page on it: {clinic.website}/page",
}
_WHAT = {
    "name": "name",
    "phone": "phone number",
    "email": "email address",
    "website": "web address",
}


def _typed(text: str, clinic: Clinic) -> Iterator[tuple[str, str]]:
    """(placeholder name, what was typed) for each of the clinic's details in `text`."""
    name = _typed_name(text, clinic.name)
    if name:
        yield "name", name
    contact = clinic.contact
    digits = markup.dial(contact.phone or "").lstrip("+")
    if len(digits) >= 7:  # a number shorter than that is no clinic's line
        for run in _PHONE_RUN.finditer(text):
            found = markup.dial(run.group()).lstrip("+")
            if found.endswith(digits) and len(found) - len(digits) <= 3:  # + country code
                yield "phone", run.group()
    if contact.email:
        found = re.search(re.escape(contact.email), text, re.IGNORECASE)
        if found:
            yield "email", found.group()
            text = text.replace(found.group(), "")  # its domain is no web address
    host = (urlsplit(contact.website).hostname or "") if contact.website else ""
    host = host.removeprefix("www.")
    if host:
        pattern = rf"(?<![\w.@-])(https?://)?(www\.)?{re.escape(host)}(?![\w-])(/[^\s)\]]*[^\s)\].,;:!?])?"
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            yield "website", found.group()


def _typed_name(text: str, name: str) -> str | None:
    """The clinic's name (or its first two words, if longer) as typed in `text`."""
    words = name.split()
    forms = [name] if len(words) < 3 else [name, " ".join(words[:2])]
    for form in forms:
        if len(form) < 4:  # "Bay" alone is any word
            continue
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, form.split())) + r"(?!\w)"
        found = re.search(pattern, text)
        if found:
            return found.group()
    return None


def contact_placeholders(ctx: Context) -> Outcome:
    findings = []
    for loc, text in placeholders.texts(ctx.written, ctx.written.loc):
        told: set[str] = set()
        for clinic in ctx.library.brands.values():
            for name, typed in _typed(text, clinic):
                if name in told:
                    continue
                told.add(name)
                findings.append(
                    ctx.finding(
                        f'the {_WHAT[name]} of {clinic.name} is typed in: "{typed}"',
                        loc,
                        f"write {{clinic.{name}}} instead, so each clinic's copy shows its own; "
                        f"{_HOW[name]}",
                    )
                )
    if findings:
        count = f"{len(findings)} clinic detail{'s' if len(findings) > 1 else ''}"
        return Outcome(False, f"{count} typed in", tuple(findings))
    return Outcome(True, "clinic details come from placeholders")
