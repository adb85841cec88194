"""Translate Kafka messages into dialogue turns and citizen updates; the decisions are the domain's."""

from __future__ import annotations

from nagrik_catalog import Catalog
from nagrik_contracts import Envelope
from nagrik_contracts.outbound import SendMessage
from nagrik_contracts.topics import APPLICATION_COMMANDS, CONVERSATION_EVENTS, WA_OUTBOUND
from nagrik_contracts.whatsapp import MessageReceived
from nagrik_kit import Transaction

from .dialogue import Dialogue
from .repository import load_session, save_session
from .texts import Texts
from .updates import messages_for

TOPIC_OF = {payload: topic for topic in (CONVERSATION_EVENTS, APPLICATION_COMMANDS) for payload in topic.payloads}
"""Where each event or command a dialogue turn produces is published."""


def message_handler(dialogue: Dialogue):
    async def on_message_received(envelope: Envelope, tx: Transaction) -> None:
        message = envelope.open(MessageReceived)
        session = await load_session(tx.conn, message.citizen_id)
        turn = dialogue.respond(session, message)
        await save_session(tx.conn, turn.session)
        language = turn.session.language or "hi"
        for content in turn.replies:
            command = SendMessage(
                citizen_id=message.citizen_id,
                language=language,
                content=content,
                phone_number_id=message.phone_number_id,
                reply_to=message.message_id,
            )
            await tx.emit(WA_OUTBOUND, command)
        for event in turn.events:
            await tx.emit(TOPIC_OF[type(event)], event)

    return on_message_received


def update_handler(catalog: Catalog, texts: Texts):
    """Applications and payments moved on: tell the citizen, in their language."""

    async def on_update(envelope: Envelope, tx: Transaction) -> None:
        for command in messages_for(envelope, catalog=catalog, texts=texts):
            await tx.emit(WA_OUTBOUND, command)

    return on_update
