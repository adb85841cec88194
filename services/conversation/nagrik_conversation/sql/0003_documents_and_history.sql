-- The document step: the document asked for, the photo being read (request id), what reading it
-- proposed and the ocr's id of the stored original. Values are masked as the form keeps them.
ALTER TABLE sessions ADD COLUMN document jsonb;

-- Each step of a citizen's applications, recorded from applications.events and payments.events, so
-- "status" is answered from the conversation's own data. One row per event (redelivery is a no-op).
CREATE TABLE application_history (
    id              bigserial PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    application_id  text        NOT NULL,
    citizen_id      text        NOT NULL,
    service_id      text,
    step            text        NOT NULL,
    detail          text,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX application_history_by_citizen ON application_history (citizen_id, application_id, occurred_at);
