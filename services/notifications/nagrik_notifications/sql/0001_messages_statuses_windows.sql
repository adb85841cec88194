-- Messages sent to citizens through the Cloud API: one row per Meta message. A command normally makes one
-- (seq 1); seq 2 is the template sent after Meta reported, in a `failed` status, that the 24-hour window
-- had closed after all (error 131047).
CREATE TABLE outbound_messages (
    command_id       uuid        NOT NULL,   -- event_id of the SendMessage command
    seq              smallint    NOT NULL DEFAULT 1,
    citizen_id       text        NOT NULL,
    phone_number_id  text        NOT NULL,
    language         text        NOT NULL CHECK (language IN ('hi', 'en')),
    requested_type   text        NOT NULL,   -- what the command asked for
    type             text        NOT NULL,   -- what went out: text, list, buttons, document, image, template
    template_name    text,
    wamid            text UNIQUE,            -- Meta's message id; NULL when Meta never accepted the message
    status           text        NOT NULL CHECK (status IN ('accepted', 'sent', 'delivered', 'read', 'failed')),
    error_code       integer,
    error_detail     text,
    attempts         integer     NOT NULL,   -- calls made to the Cloud API for this row
    window_fallback  jsonb,                  -- the template to send if Meta reports the window closed
    created_at       timestamptz NOT NULL DEFAULT now(),
    accepted_at      timestamptz,
    status_at        timestamptz,            -- when Meta reported the current status
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (command_id, seq)
);
CREATE INDEX outbound_messages_by_citizen ON outbound_messages (citizen_id, created_at);

-- Every status Meta reported, once per (wamid, status) as Meta identifies them. Reports about a wamid
-- with no message row yet (our insert had not committed, or another app shares the number) wait here
-- and are applied when the row is written.
CREATE TABLE status_reports (
    wamid         text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
    citizen_id    text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    error_code    integer,
    error_detail  text,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (wamid, status)
);
CREATE INDEX status_reports_by_age ON status_reports (received_at);

-- The 24-hour window: when each citizen last wrote to each of our numbers (Meta keeps one window per
-- business number and citizen), and the name their profile shows.
CREATE TABLE citizen_windows (
    citizen_id       text        NOT NULL,
    phone_number_id  text        NOT NULL,
    last_inbound_at  timestamptz NOT NULL,
    profile_name     text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (citizen_id, phone_number_id)
);
