-- Applications by department as well as by service. Rows counted before this migration say 'unknown';
-- `python -m nagrik_analytics rebuild` counts them again under their department.
ALTER TABLE applications_daily ADD COLUMN department_id text NOT NULL DEFAULT 'unknown';
ALTER TABLE applications_daily DROP CONSTRAINT applications_daily_pkey;
ALTER TABLE applications_daily ADD PRIMARY KEY (day, department_id, service_id, status);
