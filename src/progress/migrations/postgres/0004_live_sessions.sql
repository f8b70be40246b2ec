-- Version 4: who is connected now (see the SQLite file of this version).
-- The same table and columns; numbers and unix times are BIGINT.
CREATE TABLE live_session (
    instance  TEXT NOT NULL,
    session   BIGINT NOT NULL,
    learner   TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    lesson    TEXT NOT NULL DEFAULT '',
    section   TEXT NOT NULL DEFAULT '',
    started   BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (instance, session)
);
CREATE INDEX live_session_last_seen ON live_session (last_seen);
