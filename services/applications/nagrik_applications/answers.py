"""Whether a submission's answers fit its catalogue service; the catalogue's own rules, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from nagrik_catalog import Service, check_answer
from nagrik_catalog.answers import MASKED_AADHAAR


@dataclass(frozen=True)
class CheckedAnswers:
    values: dict[str, str] = field(default_factory=dict)
    """Normalised answers by field id; skipped optional fields left out."""
    reasons: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.reasons


def check_answers(service: Service, answers: dict[str, str]) -> CheckedAnswers:
    values: dict[str, str] = {}
    reasons: list[str] = []
    known = {f.id for f in service.fields}
    for unknown in sorted(set(answers) - known):
        reasons.append(f"{unknown}: not a field of {service.id}")
    for form_field in service.fields:
        raw = answers.get(form_field.id)
        if form_field.type == "aadhaar" and raw and raw.strip() and not MASKED_AADHAAR.fullmatch(raw.strip()):
            # Only a masked number may cross the broker; a full one here is refused, never stored.
            reasons.append(f"{form_field.id}: Aadhaar number must arrive masked (XXXX XXXX 1234)")
            continue
        answer = check_answer(form_field, raw)
        if not answer.ok:
            reasons.append(f"{form_field.id}: {answer.problem}")
        elif answer.value is not None:
            values[form_field.id] = answer.value
    return CheckedAnswers(values, reasons)
