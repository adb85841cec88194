"""Translate commands and events into workflow steps; the rules are the workflow's and the catalogue's."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from nagrik_catalog import Catalog
from nagrik_contracts import Envelope
from nagrik_contracts.applications import (
    ApplicationForReview,
    ApplicationRefused,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    CertificateIssued,
    DecisionMade,
    DecisionRecorded,
    DecisionRefused,
    SubmitApplication,
)
from nagrik_contracts.payments import PaymentCaptured, RequestPayment
from nagrik_contracts.topics import APPLICATION_EVENTS, PAYMENT_COMMANDS, department_topic
from nagrik_documents import render_certificate, sign_verification, verification_url
from nagrik_kit import PoisonMessage, Transaction

from . import repository as repo
from .answers import check_answers
from .certificates import certificate_data, certificate_id_of
from .metrics import Metrics
from .numbering import format_number, service_code
from .repository import Application
from .workflow import IllegalTransition, Workflow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    workflows: dict[str, Workflow]
    state_code: str
    public_base_url: str
    signing_key: bytes
    metrics: Metrics


async def _move(ctx: Context, tx: Transaction, app: Application, target: str, *, actor: str,
                reason: str | None = None) -> Application:
    ctx.workflows[app.workflow].check(app.status, target)
    await repo.set_status(tx.conn, app.application_id, status=target, previous=app.status, reason=reason, actor=actor)
    await tx.emit(APPLICATION_EVENTS, ApplicationStatusChanged(
        application_id=app.application_id, citizen_id=app.citizen_id, service_id=app.service_id,
        language=app.language, status=target, previous=app.status, reason=reason,
    ))
    tx.on_commit(lambda: ctx.metrics.reached(app.service_id, target))
    return Application(**{**app.__dict__, "status": target})


async def _send_for_review(tx: Transaction, app: Application) -> None:
    await tx.emit(department_topic(app.department_id), ApplicationForReview(
        application_id=app.application_id, department_id=app.department_id, service_id=app.service_id,
        answers=app.answers, documents=app.documents, submitted_at=app.submitted_at.isoformat(),
    ))


def submit_handler(ctx: Context):
    async def on_submit_application(envelope: Envelope, tx: Transaction) -> None:
        command = envelope.open(SubmitApplication)
        if await repo.find_by_submission(tx.conn, command.submission_id):
            log.info("submission already accepted", extra={"submission_id": command.submission_id})
            return
        try:
            service = ctx.catalog.service(command.service_id)
        except KeyError:
            service, reasons = None, [f"unknown service {command.service_id!r}"]
        else:
            checked = check_answers(service, command.answers)
            reasons = checked.reasons
        if reasons:
            await tx.emit(APPLICATION_EVENTS, ApplicationRefused(
                submission_id=command.submission_id, citizen_id=command.citizen_id, service_id=command.service_id,
                language=command.language, reasons=reasons,
            ))
            return
        now = datetime.now(UTC)
        code = service_code(service.id)
        sequence = await repo.next_sequence(tx.conn, code=code, year=now.year)
        app = Application(
            application_id=format_number(state=ctx.state_code, code=code, year=now.year, sequence=sequence),
            submission_id=command.submission_id, citizen_id=command.citizen_id, service_id=service.id,
            department_id=service.department, workflow=service.workflow, language=command.language,
            fee_paise=service.fee.inr * 100, status="submitted", answers=checked.values,
            documents=[d.model_dump() for d in command.documents], submitted_at=now,
        )
        await repo.insert_application(tx.conn, app)
        await tx.emit(APPLICATION_EVENTS, ApplicationSubmitted(
            application_id=app.application_id, submission_id=app.submission_id, citizen_id=app.citizen_id,
            service_id=app.service_id, department_id=app.department_id, language=app.language,
            fee_paise=app.fee_paise,
        ))
        tx.on_commit(lambda: ctx.metrics.reached(app.service_id, "submitted"))
        first = ctx.workflows[app.workflow].first_status(app.fee_paise)
        app = await _move(ctx, tx, app, first, actor="applications")
        if first == "payment_due":
            await tx.emit(PAYMENT_COMMANDS, RequestPayment(
                application_id=app.application_id, citizen_id=app.citizen_id, service_id=app.service_id,
                language=app.language, amount_paise=app.fee_paise,
                description=f"{service.name.get(app.language)} — {app.application_id}"[:255],
            ))
        else:
            await _send_for_review(tx, app)

    return on_submit_application


def payment_handler(ctx: Context):
    async def on_payment_event(envelope: Envelope, tx: Transaction) -> None:
        if envelope.event_type != PaymentCaptured.event_type:
            return  # PaymentRequested / PaymentFailed change nothing here
        captured = envelope.open(PaymentCaptured)
        app = await repo.load_application(tx.conn, captured.application_id, lock=True)
        if app is None or app.status != "payment_due":
            log.warning("payment capture ignored", extra={
                "application_id": captured.application_id, "status": app.status if app else None})
            return
        app = await _move(ctx, tx, app, "under_review", actor="payments", reason=captured.receipt_number)
        await _send_for_review(tx, app)

    return on_payment_event


def decision_handler(ctx: Context):
    """A department's decision takes effect, or is refused: either way the department hears of it on its own
    topic (DecisionRecorded / DecisionRefused); a refused decision is also dead-lettered for the operators."""
    departments = {department.id for department in ctx.catalog.departments}

    def refuse(decision: DecisionMade, reason: str) -> PoisonMessage:
        if decision.department_id not in departments:
            return PoisonMessage(f"{reason} (from unknown department {decision.department_id})")
        told = DecisionRefused(application_id=decision.application_id, department_id=decision.department_id,
                               decision=decision.decision, reason=reason)
        return PoisonMessage(reason, tell=((department_topic(decision.department_id), told),))

    async def on_decision_made(envelope: Envelope, tx: Transaction) -> None:
        decision = envelope.open(DecisionMade)
        app = await repo.load_application(tx.conn, decision.application_id, lock=True)
        if app is None:
            raise refuse(decision, f"decision for unknown application {decision.application_id}")
        if decision.department_id != app.department_id:
            raise refuse(decision, f"department {decision.department_id} decided on {app.application_id}, "
                                   f"which belongs to {app.department_id}")
        actor = f"{decision.department_id}:{decision.decided_by}"
        try:
            app = await _move(ctx, tx, app, decision.decision, actor=actor, reason=decision.reason)
            if decision.decision == "approved":
                app = await _conclude_approval(ctx, tx, app)
        except IllegalTransition as error:
            raise refuse(decision, str(error)) from error
        await tx.emit(department_topic(app.department_id), DecisionRecorded(
            application_id=app.application_id, department_id=app.department_id, decision=decision.decision,
            status=app.status,
        ))

    return on_decision_made


async def _conclude_approval(ctx: Context, tx: Transaction, app: Application) -> Application:
    service = ctx.catalog.service(app.service_id)
    workflow = ctx.workflows[app.workflow]
    target = workflow.after_approval(has_certificate_template=service.certificate_template is not None)
    if not workflow.issues_certificate(app.status, target):
        return await _move(ctx, tx, app, target, actor="applications")
    certificate_id = certificate_id_of(app.application_id)
    link = verification_url(ctx.public_base_url, certificate_id, ctx.signing_key)
    issued_on = datetime.now(UTC).date()
    data = certificate_data(app, ctx.catalog, issued_on=issued_on, verification_url=link)
    pdf = await asyncio.to_thread(render_certificate, data)  # CPU-bound ~0.25 s: keep the loop free
    await repo.store_certificate(tx.conn, certificate_id=certificate_id, application_id=app.application_id,
                                 issued_on=issued_on, pdf=pdf)
    app = await _move(ctx, tx, app, target, actor="applications")
    await tx.emit(APPLICATION_EVENTS, CertificateIssued(
        application_id=app.application_id, citizen_id=app.citizen_id, service_id=app.service_id,
        language=app.language, certificate_id=certificate_id,
        document_url=(f"{ctx.public_base_url.rstrip('/')}/certificates/{certificate_id}.pdf"
                      f"?sig={sign_verification(certificate_id, ctx.signing_key)}"),
        verification_url=link,
    ))
    return app
