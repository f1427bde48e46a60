-- The job context (JobContext): who enqueued the job, the tenant or company, locale, time zone and
-- the keys addons declare, as one flat JSON object of strings with sorted keys, e.g.
-- {"locale":"fr-FR","tenant":"acme","tz":"Europe/Paris","user":"alice"}. NULL when the enqueuing
-- thread had no context (and for jobs stored before this version). Restored around the job's run.
-- The API filters on it with LIKE '%"key":"value"%' (admin lists only; no index).
ALTER TABLE queue_job ADD COLUMN context TEXT;
