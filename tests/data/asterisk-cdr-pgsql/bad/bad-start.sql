-- A text start column with a value that is not a time.
-- expect: fx_bad_start:1: bad start time "05/03/2024 14:12"
CREATE TABLE fx_bad_start (start text, src text, dst text);
INSERT INTO fx_bad_start VALUES ('05/03/2024 14:12', '1001', '1002');
