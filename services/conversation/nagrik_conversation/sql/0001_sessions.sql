-- One dialogue session per citizen. Citizen ids are WhatsApp ids (opaque, may not be phones).
CREATE TABLE sessions (
    citizen_id     text PRIMARY KEY,
    language       text CHECK (language IN ('hi', 'en')),
    step           text        NOT NULL,
    department_id  text,
    service_id     text,
    started_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
