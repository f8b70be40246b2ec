-- Version 5: every answer checked, in order, kept. The same table and
-- columns as SQLite's version 5; `seq` is an identity column where SQLite
-- has a rowid alias.
CREATE TABLE answer (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    learner     TEXT NOT NULL,
    lesson      TEXT NOT NULL,
    question    TEXT NOT NULL,
    try_no      BIGINT NOT NULL,
    input       TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('right', 'wrong')),
    answered_at BIGINT NOT NULL
);
CREATE INDEX answer_by_question ON answer (lesson, question, learner);
CREATE INDEX answer_by_learner ON answer (learner, lesson, question);
