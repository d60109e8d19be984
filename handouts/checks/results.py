"""What the gate found, as data: the reports are views of these values."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


class Verdict(enum.StrEnum):
    """One PEMAT or Clear Communication Index item, as far as a machine can tell."""

    MET = "met"
    NOT_MET = "not met"
    NOT_APPLICABLE = "not applicable"
    PERSON = "needs a person"  # always, or in a language the item's test does not know

    @classmethod
    def of(cls, ok: bool | None) -> Verdict:
        """MET or NOT_MET; None (the item does not apply to this handout) NOT_APPLICABLE."""
        if ok is None:
            return cls.NOT_APPLICABLE
        return cls.MET if ok else cls.NOT_MET


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    OFF = "off"  # turned off in content.yaml
    SKIP = "skip"  # could not be measured (no PDF; a language the rule cannot count)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A rule's verdict before its configured level is applied."""

    passed: bool
    summary: str
    findings: tuple[Diagnostic, ...] = ()
    measures: dict[str, object] = field(default_factory=dict)
    measured: bool = True  # False: the rule could not judge this handout (reported as skip)

    @classmethod
    def not_measured(cls, summary: str, measures: dict[str, object] | None = None) -> Outcome:
        """A rule that cannot judge this handout says why instead of passing it."""
        return cls(True, summary, measures=measures or {}, measured=False)


@dataclass(frozen=True, slots=True)
class RuleResult:
    handout: str
    rule: str
    status: Status
    summary: str
    findings: tuple[Diagnostic, ...] = ()
    measures: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "status": str(self.status),
            "summary": self.summary,
            "measures": self.measures,
            "findings": [d.to_json() for d in self.findings],
        }


@dataclass(frozen=True, slots=True)
class HandoutReport:
    handout: str
    title: str
    results: tuple[RuleResult, ...]

    @property
    def status(self) -> Status:
        statuses = {r.status for r in self.results}
        for worst in (Status.FAIL, Status.WARN):
            if worst in statuses:
                return worst
        return Status.PASS


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every handout's results, plus problems that stopped a handout being checked."""

    handouts: tuple[HandoutReport, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def failed(self) -> bool:
        return any(h.status is Status.FAIL for h in self.handouts)

    def counts(self) -> dict[str, int]:
        out = {str(s): 0 for s in Status}
        for h in self.handouts:
            for r in h.results:
                out[str(r.status)] += 1
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "passed": not self.failed,
            "counts": self.counts(),
            "handouts": [
                {
                    "id": h.handout,
                    "title": h.title,
                    "status": str(h.status),
                    "rules": [r.to_json() for r in h.results],
                }
                for h in self.handouts
            ],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }
