-- Version 5: every answer checked, in order, kept (the question and its
-- try keep only counts and the last answer). The teacher's view groups the
-- class's wrong answers from these, so a learner who answered wrongly and
-- then solved the question still counts towards the misconception they
-- showed. `seq` orders answers given in the same second; `input` is at most
-- progress::ANSWER_KEPT characters; `outcome` is 'right' or 'wrong'.
CREATE TABLE answer (
    seq         INTEGER PRIMARY KEY,
    learner     TEXT NOT NULL,
    lesson      TEXT NOT NULL,
    question    TEXT NOT NULL,
    try_no      INTEGER NOT NULL,
    input       TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('right', 'wrong')),
    answered_at INTEGER NOT NULL
);
CREATE INDEX answer_by_question ON answer (lesson, question, learner);
CREATE INDEX answer_by_learner ON answer (learner, lesson, question);
