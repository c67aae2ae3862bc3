-- A table without a dst column cannot be read.
-- expect: table fx_no_dst has no column dst
CREATE TABLE fx_no_dst (calldate timestamp, src text, clid text);
INSERT INTO fx_no_dst VALUES ('2024-03-05 14:12:07', '1001', '');
