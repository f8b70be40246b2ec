-- Version 3: every try at a question (question variants, "try another").
-- The same table and columns as SQLite's version 3; counts and unix times
-- are BIGINT as in version 1.
CREATE TABLE question_try (
    learner      TEXT NOT NULL,
    lesson       TEXT NOT NULL,
    question     TEXT NOT NULL,
    try_no       BIGINT NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    attempts     BIGINT NOT NULL DEFAULT 0,
    hints_opened BIGINT NOT NULL DEFAULT 0,
    result       TEXT NOT NULL DEFAULT 'open' CHECK (result IN ('open', 'solved', 'given_up')),
    first_seen   BIGINT NOT NULL,
    last_seen    BIGINT NOT NULL,
    PRIMARY KEY (learner, lesson, question, try_no)
);
