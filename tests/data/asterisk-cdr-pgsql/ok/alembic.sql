-- The Alembic shape (contrib/ast-db-manage): start, answer, end, text
-- amaflags, integer disposition codes.
-- expect-calls: 2
CREATE TABLE fx_alembic (
  accountcode varchar(80), src varchar(80), dst varchar(80),
  dcontext varchar(80), clid varchar(80), channel varchar(80),
  dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80),
  start timestamp, answer timestamp, "end" timestamp, duration int,
  billsec int, disposition int, amaflags varchar(45),
  userfield varchar(256), uniqueid varchar(150), linkedid varchar(150),
  peeraccount varchar(80), sequence int);
INSERT INTO fx_alembic VALUES
 ('', '1001', '02079460807', 'from-internal', '"Alice Smith" <1001>',
  'PJSIP/1001-00000011', 'PJSIP/trunk-00000012', 'Dial',
  'PJSIP/02079460807@trunk,60,tT', '2024-03-30 20:02:37',
  '2024-03-30 20:02:52', '2024-03-30 20:19:04', 987, 972, 8,
  'DOCUMENTATION', '', '1711699237.1', '1711699237.1', '', 1),
 ('', '1002', '1001', 'from-internal', '"Bob Tanaka" <1002>',
  'PJSIP/1002-00000013', 'PJSIP/1001-00000014', 'Dial', 'PJSIP/1001,20',
  '2024-03-30 20:06:31', NULL, '2024-03-30 20:06:45', 14, 0, 0,
  'DOCUMENTATION', '', '1711699274.2', '1711699274.2', '', 2);
