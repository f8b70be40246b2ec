-- Version 1: learners, reading position, sections read, questions.
-- The same tables and columns as SQLite's version 1. Counts and unix times
-- are BIGINT so every value SQLite can hold fits; section_read has a `seq`
-- column because PostgreSQL has no rowid to order equal first_read times by.
CREATE TABLE learner (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE lesson_position (
    learner TEXT NOT NULL,
    lesson  TEXT NOT NULL,
    section TEXT,
    scroll  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (learner, lesson)
);
CREATE TABLE section_read (
    learner    TEXT NOT NULL,
    lesson     TEXT NOT NULL,
    section    TEXT NOT NULL,
    first_read BIGINT NOT NULL,
    seq        BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (learner, lesson, section)
);
CREATE TABLE question (
    learner      TEXT NOT NULL,
    lesson       TEXT NOT NULL,
    question     TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'solved', 'given_up')),
    attempts     BIGINT NOT NULL DEFAULT 0,
    hints_opened BIGINT NOT NULL DEFAULT 0,
    last_input   TEXT,
    first_seen   BIGINT NOT NULL,
    last_seen    BIGINT NOT NULL,
    PRIMARY KEY (learner, lesson, question)
);
