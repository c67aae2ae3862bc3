-- A column of a type voxport does not read as what its name says.
-- expect: table fx_boolean_duration: column duration is of type boolean
CREATE TABLE fx_boolean_duration (calldate timestamp, src text, dst text,
  duration boolean);
