-- What the external system said about the version of the record a binding last synchronized:
-- its last-change time on the remote's clock, and a version string (ETag, revision) where the API
-- has one. Written in the same transaction as the imported or exported values, so "up to date"
-- compares the remote's versions with each other, never with our clock.
ALTER TABLE connector_binding ADD COLUMN remote_updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE connector_binding ADD COLUMN remote_version VARCHAR(512);
