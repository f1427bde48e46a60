-- A field the shop sets on create (read back by the exporter).
ALTER TABLE test_product ADD COLUMN sku VARCHAR(64);
