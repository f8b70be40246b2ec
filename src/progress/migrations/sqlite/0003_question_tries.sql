-- Version 3: every try at a question (question variants, "try another").
-- One row per try: the variant's parameter values as shown ("a = 3, n = 2",
-- empty for a question without parameters), the attempts and hints of that
-- try, and its result: 'given_up' stays once the answer was shown, so a
-- question is mastered when some try's result is 'solved'. The question
-- table keeps describing the current (latest) try.
CREATE TABLE question_try (
    learner      TEXT NOT NULL,
    lesson       TEXT NOT NULL,
    question     TEXT NOT NULL,
    try_no       INTEGER NOT NULL,
    variant      TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    hints_opened INTEGER NOT NULL DEFAULT 0,
    result       TEXT NOT NULL DEFAULT 'open' CHECK (result IN ('open', 'solved', 'given_up')),
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (learner, lesson, question, try_no)
);
