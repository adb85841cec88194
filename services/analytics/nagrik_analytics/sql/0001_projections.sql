-- Daily counts for dashboards. Days are in India Standard Time, which is how officials read them.
-- No personal data: no citizen ids, no answers, no numbers.
CREATE TABLE applications_daily (
    day            date    NOT NULL,
    service_id     text    NOT NULL,
    status         text    NOT NULL,
    applications   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, service_id, status)
);
CREATE TABLE payments_daily (
    day           date    NOT NULL,
    method        text    NOT NULL,
    outcome       text    NOT NULL,
    payments      integer NOT NULL DEFAULT 0,
    amount_paise  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (day, method, outcome)
);
CREATE TABLE messages_daily (
    day        date    NOT NULL,
    direction  text    NOT NULL CHECK (direction IN ('in', 'out')),
    type       text    NOT NULL,
    messages   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, direction, type)
);
CREATE TABLE message_statuses_daily (
    day       date    NOT NULL,
    status    text    NOT NULL,
    statuses  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, status)
);
CREATE TABLE ocr_outcomes_daily (
    day        date    NOT NULL,
    outcome    text    NOT NULL,
    documents  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, outcome)
);
