-- Applications, their answers and documents (an Aadhaar number only masked), every status change, and
-- the certificates issued for them.
CREATE TABLE application_counters (
    code  text    NOT NULL,
    year  integer NOT NULL,
    last  integer NOT NULL,
    PRIMARY KEY (code, year)
);

CREATE TABLE applications (
    application_id  text PRIMARY KEY,
    submission_id   text        NOT NULL UNIQUE,
    citizen_id      text        NOT NULL,
    service_id      text        NOT NULL,
    department_id   text        NOT NULL,
    workflow        text        NOT NULL,
    language        text        NOT NULL CHECK (language IN ('hi', 'en')),
    fee_paise       integer     NOT NULL CHECK (fee_paise >= 0),
    status          text        NOT NULL,
    answers         jsonb       NOT NULL,
    documents       jsonb       NOT NULL DEFAULT '[]',
    submitted_at    timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_by_citizen ON applications (citizen_id);

CREATE TABLE application_history (
    id              bigserial PRIMARY KEY,
    application_id  text        NOT NULL REFERENCES applications,
    status          text        NOT NULL,
    previous        text,
    reason          text,
    actor           text,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_history_by_application ON application_history (application_id, id);

CREATE TABLE certificates (
    certificate_id  text PRIMARY KEY,
    application_id  text        NOT NULL UNIQUE REFERENCES applications,
    issued_on       date        NOT NULL,
    pdf             bytea       NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT now()
);
