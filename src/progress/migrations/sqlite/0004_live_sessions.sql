-- Version 4: who is connected now, on any server sharing the store.
-- One row per open SSH session: the server instance that holds it and its
-- own session number, the learner, where they are reading (empty in the
-- catalog), when it started and when the server last vouched for it (a
-- heartbeat about once a minute and on each change of section). A closed
-- session's row is deleted; a killed server's rows are left behind and
-- stop counting once last_seen is too old (see progress::SESSION_STALE).
CREATE TABLE live_session (
    instance  TEXT NOT NULL,
    session   INTEGER NOT NULL,
    learner   TEXT NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    lesson    TEXT NOT NULL DEFAULT '',
    section   TEXT NOT NULL DEFAULT '',
    started   INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (instance, session)
);
CREATE INDEX live_session_last_seen ON live_session (last_seen);
