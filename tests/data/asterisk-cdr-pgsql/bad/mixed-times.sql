-- Local times and instants in one table: which zone is meant is unknown.
-- expect: table fx_mixed_times: its time columns mix local times and instants
CREATE TABLE fx_mixed_times (start timestamp, answer timestamptz,
  "end" timestamp, src text, dst text);
