-- Version 1: learners, reading position, sections read, questions.
CREATE TABLE learner (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE lesson_position (
    learner TEXT NOT NULL,
    lesson  TEXT NOT NULL,
    section TEXT,
    scroll  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (learner, lesson)
);
CREATE TABLE section_read (
    learner    TEXT NOT NULL,
    lesson     TEXT NOT NULL,
    section    TEXT NOT NULL,
    first_read INTEGER NOT NULL,
    PRIMARY KEY (learner, lesson, section)
);
CREATE TABLE question (
    learner      TEXT NOT NULL,
    lesson       TEXT NOT NULL,
    question     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'solved', 'given_up')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    hints_opened INTEGER NOT NULL DEFAULT 0,
    last_input   TEXT,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    PRIMARY KEY (learner, lesson, question)
);
