-- test_models_ext adds a field to test.partner: its column comes with its own migration.
ALTER TABLE test_partner ADD COLUMN coffee_code VARCHAR(32);
