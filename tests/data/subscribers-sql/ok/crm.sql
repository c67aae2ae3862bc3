-- A customer table of another schema, mapped by the query.
-- query: SELECT c.account_no AS id, c.first AS given_name, c.last AS family_name, string_agg(n.kind || ':' || n.number, '|' ORDER BY n.number) AS phones, c.ext AS extensions, c.pin AS voicemail_pin FROM fx_customer c LEFT JOIN fx_number n ON n.account_no = c.account_no WHERE c.account_no = $1 GROUP BY c.account_no, c.first, c.last, c.ext, c.pin
-- expect-calls: 2
CREATE TABLE fx_customer (account_no text PRIMARY KEY, first text,
  last text, ext text, pin text);
CREATE TABLE fx_number (account_no text, kind text, number text);
INSERT INTO fx_customer VALUES ('1001', 'Alice', 'Smith', '1001', '1234'),
  ('1002', 'Bob', 'Tanaka', '1002', '9999');
INSERT INTO fx_number VALUES ('1001', 'work', '02079460100'),
  ('1001', 'mobile', '07700900100'), ('1002', 'work', '02079460101');
