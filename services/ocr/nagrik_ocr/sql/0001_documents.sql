-- One row per ReadDocument request: what became of it, and for a document we read, the original itself,
-- encrypted (vault.py). `request_id` is unique: a redelivered or re-sent request finds its row and nothing
-- is done twice. Rejected requests are recorded too, without their bytes (we keep only what we read).
CREATE TABLE documents (
    id              uuid        PRIMARY KEY,         -- DocumentRead.document_id
    request_id      text        NOT NULL UNIQUE,
    citizen_id      text        NOT NULL,
    document_type   text        NOT NULL,
    media_id        text        NOT NULL,            -- Meta's; Meta keeps the file for 30 days only
    status          text        NOT NULL CHECK (status IN ('read', 'rejected')),
    reason          text        CHECK (reason IN ('wrong_type', 'oversize', 'corrupt', 'unavailable', 'unreadable')),
    detail          text,                            -- for operators; never the content
    mime_type       text,
    size_bytes      integer,
    sha256          text,                            -- hex digest of the original (plaintext)
    ciphertext      bytea,                           -- version || nonce || AES-256-GCM(original)
    field_names     text[],                          -- which fields were read (never their values)
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'read') = (ciphertext IS NOT NULL AND sha256 IS NOT NULL AND reason IS NULL)),
    CHECK ((status = 'rejected') = (reason IS NOT NULL))
);
CREATE INDEX documents_by_citizen ON documents (citizen_id, created_at);
