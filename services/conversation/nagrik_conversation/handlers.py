"""Translate Kafka messages into dialogue turns and citizen updates; the decisions are the domain's."""

from __future__ import annotations

from nagrik_catalog import Catalog
from nagrik_contracts import Envelope
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.topics import APPLICATION_COMMANDS, CONVERSATION_EVENTS, OCR_REQUESTS, PAYLOADS, WA_OUTBOUND
from nagrik_contracts.whatsapp import MessageReceived
from nagrik_kit import Transaction

from .dialogue import Dialogue, Turn
from .repository import load_history, load_session, record_step, save_session
from .status import recorded_step
from .texts import Texts
from .updates import messages_for

TOPIC_OF = {payload: topic for topic in (CONVERSATION_EVENTS, APPLICATION_COMMANDS, OCR_REQUESTS)
            for payload in topic.payloads}
"""Where each event or command a dialogue turn produces is published."""


async def _emit(tx: Transaction, turn: Turn, *, phone_number_id: str | None = None,
                reply_to: str | None = None) -> None:
    language = turn.session.language or "hi"
    for content in turn.replies:
        command = SendMessage(citizen_id=turn.session.citizen_id, language=language, content=content,
                              phone_number_id=phone_number_id, reply_to=reply_to)
        await tx.emit(WA_OUTBOUND, command)
    for event in turn.events:
        await tx.emit(TOPIC_OF[type(event)], event)


def message_handler(dialogue: Dialogue):
    async def on_message_received(envelope: Envelope, tx: Transaction) -> None:
        message = envelope.open(MessageReceived)
        session = await load_session(tx.conn, message.citizen_id)
        if dialogue.asks_status(session, message):
            turn = dialogue.status(session, await load_history(tx.conn, message.citizen_id))
        else:
            turn = dialogue.respond(session, message)
        await save_session(tx.conn, turn.session)
        await _emit(tx, turn, phone_number_id=message.phone_number_id, reply_to=message.message_id)

    return on_message_received


def document_handler(dialogue: Dialogue):
    """The ocr service read (or refused) a document a citizen sent."""

    async def on_document_result(envelope: Envelope, tx: Transaction) -> None:
        result = envelope.open(PAYLOADS[(envelope.event_type, envelope.schema_version)])
        session = await load_session(tx.conn, result.citizen_id)
        turn = dialogue.on_document(session, result)
        if turn.session != session:
            await save_session(tx.conn, turn.session)
        await _emit(tx, turn)

    return on_document_result


def update_handler(catalog: Catalog, texts: Texts):
    """Applications and payments moved on: record the step for "status", and tell the citizen."""

    async def on_update(envelope: Envelope, tx: Transaction) -> None:
        step = recorded_step(envelope)
        if step is not None:
            await record_step(tx.conn, str(envelope.event_id), step)
        for command in messages_for(envelope, catalog=catalog, texts=texts):
            await tx.emit(WA_OUTBOUND, command)

    return on_update
