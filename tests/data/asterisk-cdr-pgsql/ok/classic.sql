-- The classic cdr table (Asterisk's documentation, cdr_pgsql), with the
-- 1.8 columns: calldate, integer amaflags, text disposition.
-- expect-calls: 2
CREATE TABLE fx_classic (
  calldate timestamp NOT NULL, clid varchar(80) NOT NULL,
  src varchar(80) NOT NULL, dst varchar(80) NOT NULL,
  dcontext varchar(80) NOT NULL, channel varchar(80) NOT NULL,
  dstchannel varchar(80) NOT NULL, lastapp varchar(80) NOT NULL,
  lastdata varchar(80) NOT NULL, duration int NOT NULL, billsec int NOT NULL,
  disposition varchar(45) NOT NULL, amaflags int NOT NULL,
  accountcode varchar(20) NOT NULL, uniqueid varchar(150) NOT NULL,
  userfield varchar(255) NOT NULL, peeraccount varchar(20),
  linkedid varchar(150), sequence int);
INSERT INTO fx_classic VALUES
 ('2024-03-05 14:12:07', '"Alice Smith" <1001>', '1001', '15555550123',
  'from-internal', 'PJSIP/1001-00000012', 'PJSIP/trunk-00000013', 'Dial',
  'PJSIP/15555550123@trunk,60,tT', 135, 127, 'ANSWERED', 3, '',
  '1709647927.18', '', '', '1709647927.18', 1),
 ('2024-03-05 15:01:44', '"WIRELESS CALLER" <15555550188>', '15555550188',
  '1001', 'from-trunk', 'PJSIP/trunk-00000014', 'PJSIP/1001-00000015',
  'Dial', 'PJSIP/1001,20', 20, 0, 'NO ANSWER', 3, '', '1709650904.20', '',
  '', '1709650904.20', 2),
 ('2024-03-05 15:03:10', '"" <1004>', '1004', '1002', 'from-internal',
  'PJSIP/1004-00000017', 'PJSIP/1002-00000018', 'Dial', 'PJSIP/1002,20', 2,
  0, 'BUSY', 3, '', '1709651000.21', '', '', '1709651000.21', 3);
