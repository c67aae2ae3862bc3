-- A query may name only $1, the subject's id.
-- query: SELECT id FROM fx_two WHERE id = $1 OR id = $2
-- expect: query: names $2; it may name only $1
CREATE TABLE fx_two (id text);
