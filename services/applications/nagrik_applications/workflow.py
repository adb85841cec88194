"""Which status an application may move to next, per the workflows in `workflows.yaml`; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from nagrik_catalog import WORKFLOWS
from nagrik_contracts.applications import ApplicationStatus

WORKFLOWS_FILE = Path(__file__).parent / "workflows.yaml"
STATUSES = frozenset(get_args(ApplicationStatus))


class IllegalTransition(ValueError):
    """The workflow does not allow this move (a second approval, a payment after review, ...)."""


@dataclass(frozen=True)
class Workflow:
    id: str
    transitions: dict[str, frozenset[str]]
    certificate_moves: frozenset[tuple[str, str]]

    def allows(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if not self.allows(current, target):
            allowed = sorted(self.transitions.get(current, frozenset())) or "nothing"
            raise IllegalTransition(
                f"workflow {self.id!r} does not allow {current} → {target} (from {current}: {allowed})"
            )

    def first_status(self, fee_paise: int) -> str:
        """Where a new application goes: to payment when a fee is due, else straight to review."""
        target = "payment_due" if fee_paise > 0 else "under_review"
        self.check("submitted", target)
        return target

    def after_approval(self, *, has_certificate_template: bool) -> str:
        """An approved application gets its certificate if the workflow issues one and the service has a template."""
        for move in self.certificate_moves:
            if move[0] == "approved" and has_certificate_template:
                return move[1]
        self.check("approved", "closed")
        return "closed"

    def issues_certificate(self, current: str, target: str) -> bool:
        return (current, target) in self.certificate_moves


def parse_workflows(data: dict) -> dict[str, Workflow]:
    """Validate the YAML's content: every catalogue workflow defined, only known statuses."""
    missing = sorted(set(WORKFLOWS) - set(data))
    if missing:
        raise ValueError(f"workflows {missing} used by the catalogue are not defined")
    workflows = {}
    for workflow_id, spec in data.items():
        transitions = {source: frozenset(targets) for source, targets in spec["transitions"].items()}
        moves = frozenset(tuple(move) for move in spec.get("issues_certificate") or ())
        named = set(transitions) | {t for targets in transitions.values() for t in targets} | {s for m in moves for s in m}
        unknown = sorted(named - STATUSES)
        if unknown:
            raise ValueError(f"workflow {workflow_id!r} names unknown statuses {unknown}")
        for source, target in moves:
            if target not in transitions.get(source, ()):
                raise ValueError(f"workflow {workflow_id!r} issues a certificate on {source} → {target}, not a transition")
        workflows[workflow_id] = Workflow(workflow_id, transitions, moves)
    return workflows


def load_workflows(path: Path = WORKFLOWS_FILE) -> dict[str, Workflow]:
    return parse_workflows(yaml.safe_load(path.read_text(encoding="utf-8")))
