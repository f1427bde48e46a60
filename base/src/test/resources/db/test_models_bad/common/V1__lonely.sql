-- A table without the id column a model needs.
CREATE TABLE test_lonely (code VARCHAR(8));
