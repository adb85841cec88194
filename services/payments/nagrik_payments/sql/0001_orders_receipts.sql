-- One order per application fee. `reference` is OUR unique receipt at the gateway (and the UPI `tr`),
-- derived from the application id, so a retried command finds the order instead of making another.
CREATE TABLE orders (
    reference        text        PRIMARY KEY,
    order_id         text        NOT NULL UNIQUE,   -- the gateway's order_...
    application_id   text        NOT NULL UNIQUE,
    citizen_id       text        NOT NULL,
    service_id       text        NOT NULL,
    language         text        NOT NULL CHECK (language IN ('hi', 'en')),
    amount_paise     integer     NOT NULL CHECK (amount_paise >= 100),
    description      text        NOT NULL,
    correlation_id   text        NOT NULL,
    upi_link         text        NOT NULL,
    payment_link     text        NOT NULL,
    payment_link_id  text,
    status           text        NOT NULL CHECK (status IN ('created', 'paid')),
    payment_id       text        UNIQUE,            -- the one payment that paid it
    method           text,
    receipt_number   text        UNIQUE,
    paid_at          timestamptz,
    checks           smallint    NOT NULL DEFAULT 0,  -- reconciliation re-queries made so far
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'paid') = (payment_id IS NOT NULL AND receipt_number IS NOT NULL))
);
CREATE INDEX orders_waiting ON orders (created_at) WHERE status = 'created';

-- Gateway orders that are not ours by id but back one of our orders (a paid payment link makes its own).
CREATE TABLE gateway_orders (
    order_id   text PRIMARY KEY,
    reference  text NOT NULL REFERENCES orders (reference)
);

-- Failed attempts we told the citizen about, once each.
CREATE TABLE failed_payments (
    payment_id  text        PRIMARY KEY,
    reference   text        NOT NULL REFERENCES orders (reference),
    reason      text,
    failed_at   timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE receipt_numbers;

CREATE TABLE receipts (
    receipt_number  text        PRIMARY KEY,
    reference       text        NOT NULL UNIQUE REFERENCES orders (reference),
    pdf             bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
