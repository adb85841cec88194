-- Kit tables, created in every service's own schema (search_path is set to it).
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    topic       text        NOT NULL,
    key         bytea,
    value       bytea       NOT NULL,
    headers     jsonb       NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per event a consumer has processed: a redelivered event finds its row and is skipped.
-- A dead-lettered event's row is marked so that an operator's replay may process it again.
CREATE TABLE inbox (
    consumer       text        NOT NULL,
    event_id       text        NOT NULL,
    processed_at   timestamptz NOT NULL DEFAULT now(),
    dead_lettered  boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (consumer, event_id)
);
