-- A query whose result has no id column.
-- query: SELECT first AS given_name FROM fx_people
-- expect: query:0: no "id" column in the header
CREATE TABLE fx_people (first text);
INSERT INTO fx_people VALUES ('Alice');
