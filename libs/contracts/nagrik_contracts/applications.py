"""Applications: what citizens submit, what departments decide, what the citizen is told."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .envelope import Payload
from .outbound import Language

ApplicationStatus = Literal[
    "submitted", "payment_due", "under_review", "approved", "rejected", "certificate_issued", "closed"
]
Decision = Literal["approved", "rejected"]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentRef(_Part):
    """A document the citizen uploaded: what it is and where it is. Never the file itself."""

    document_type: str = Field(description="Catalogue document type, e.g. 'aadhaar_card'.")
    media_id: str = Field(description="Meta's media id; Meta keeps the file for 30 days only.")
    mime_type: str
    document_id: str | None = Field(
        default=None, description="The ocr service's id of the original it stored, encrypted, when it read it."
    )


class SubmitApplication(Payload):
    """The citizen confirmed the form: create the application."""

    event_type = "applications.SubmitApplication"

    submission_id: str = Field(min_length=1, max_length=64, description="Ours, unique: a retry never creates two.")
    citizen_id: str = Field(min_length=1)
    service_id: str
    language: Language
    answers: dict[str, str] = Field(description="Field id → value; an Aadhaar number only masked.")
    documents: list[DocumentRef] = Field(default_factory=list)


class ApplicationSubmitted(Payload):
    event_type = "applications.ApplicationSubmitted"

    application_id: str = Field(description="Readable and unique, e.g. DL-INC-2026-000123.")
    submission_id: str
    citizen_id: str
    service_id: str
    department_id: str
    language: Language
    fee_paise: int = Field(ge=0)


class ApplicationRefused(Payload):
    """A submission that cannot become an application (unknown service, invalid answers)."""

    event_type = "applications.ApplicationRefused"

    submission_id: str
    citizen_id: str
    service_id: str
    language: Language
    reasons: list[str]


class ApplicationStatusChanged(Payload):
    event_type = "applications.ApplicationStatusChanged"

    application_id: str
    citizen_id: str
    service_id: str
    language: Language
    status: ApplicationStatus
    previous: ApplicationStatus | None = None
    reason: str | None = None


class CertificateIssued(Payload):
    event_type = "applications.CertificateIssued"

    application_id: str
    citizen_id: str
    service_id: str
    language: Language
    certificate_id: str
    document_url: str = Field(description="Where the certificate PDF can be fetched (for sending as a document).")
    verification_url: str = Field(description="Signed public link that tells whether the certificate is genuine.")


class ApplicationForReview(Payload):
    """Published to the department's own topic (`dept.<code>.applications.v1`)."""

    event_type = "applications.ApplicationForReview"

    application_id: str
    department_id: str
    service_id: str
    answers: dict[str, str]
    documents: list[DocumentRef] = Field(default_factory=list)
    submitted_at: str


class DecisionMade(Payload):
    """A department's decision, produced by the department's system and validated by applications."""

    event_type = "applications.DecisionMade"

    application_id: str
    department_id: str
    decision: Decision
    reason: str | None = Field(default=None, max_length=1000)
    decided_by: str = Field(min_length=1, max_length=200)


class DecisionRecorded(Payload):
    """On the deciding department's own topic: its decision took effect."""

    event_type = "applications.DecisionRecorded"

    application_id: str
    department_id: str
    decision: Decision
    status: ApplicationStatus = Field(description="Where the application stands now, e.g. certificate_issued.")


class DecisionRefused(Payload):
    """On the deciding department's own topic: its decision could not take effect, and why. The application
    is unchanged; the decision is also kept as a dead letter for the operators."""

    event_type = "applications.DecisionRefused"

    application_id: str
    department_id: str
    decision: Decision
    reason: str
