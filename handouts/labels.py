"""The few words the tool prints itself, in the handout's language: one table per language.

A Spanish handout must not say "Key points" or "Page 1 of 2". Content
editors write everything else; these labels come with the tool. Read them
through `handouts.language.language(tag).labels`, which parses the tag.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    key_points: str
    warning: str
    when_to_call: str
    tip: str
    contact: str  # "{clinic}" is replaced by the clinic's name
    phone: str
    website: str
    email: str
    address: str
    hours: str
    page: str  # "{n}" is the page number; the total follows
    reviewed: str  # "{date}"
    months: tuple[str, ...]
    date_format: str  # "{month} {day}, {year}"
    qr_caption: str  # under the QR code to the clinic's website
    # The print station's card of a patient's details, on page 1 or the cover.
    prepared_for: str
    clinician: str
    date_label: str
    next_appointment: str
    notes: str  # the heading of the care team's notes

    def callout(self, kind: str) -> str:
        return {
            "key-points": self.key_points,
            "warning": self.warning,
            "when-to-call": self.when_to_call,
            "tip": self.tip,
        }[kind]

    def date(self, day: dt.date) -> str:
        month = self.months[day.month - 1]
        return self.date_format.format(month=month, day=day.day, year=day.year)


ENGLISH = Labels(
    key_points="Key points",
    warning="Important",
    when_to_call="When to call",
    tip="Tip",
    contact="Contact {clinic}",
    phone="Phone",
    website="Website",
    email="Email",
    address="Address",
    hours="Hours",
    page="Page {n} of ",
    reviewed="Reviewed {date}",
    months=(
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    date_format="{month} {day}, {year}",
    qr_caption="Scan with your phone to visit us online.",
    prepared_for="Prepared for",
    clinician="Clinician",
    date_label="Date",
    next_appointment="Next appointment",
    notes="Notes from your care team",
)  # fmt: skip

SPANISH = Labels(
    key_points="Puntos clave",
    warning="Importante",
    when_to_call="Cuándo llamar",
    tip="Consejo",
    contact="Contacte a {clinic}",
    phone="Teléfono",
    website="Sitio web",
    email="Correo",
    address="Dirección",
    hours="Horario",
    page="Página {n} de ",
    reviewed="Revisado el {date}",
    months=(
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    date_format="{day} de {month} de {year}",
    qr_caption="Escanee el código con su teléfono para visitar nuestro sitio web.",
    prepared_for="Preparado para",
    clinician="Profesional",
    date_label="Fecha",
    next_appointment="Próxima cita",
    notes="Notas de su equipo de atención",
)  # fmt: skip

LABELS = {"en": ENGLISH, "es": SPANISH}


# English name and the language's own name, for catalogues and the print
# station: one table, so the PDF menu and the web page always agree.
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"),
    "es": ("Spanish", "Español"),
    "fr": ("French", "Français"),
    "pt": ("Portuguese", "Português"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "zh": ("Chinese", "中文"),
    "ko": ("Korean", "한국어"),
    "ar": ("Arabic", "العربية"),
    "ru": ("Russian", "Русский"),
    "tl": ("Tagalog", "Tagalog"),
    "ht": ("Haitian Creole", "Kreyòl ayisyen"),
}
