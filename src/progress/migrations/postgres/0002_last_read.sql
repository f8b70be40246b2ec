-- Version 2: when each lesson was last read (see SQLite's version 2).
ALTER TABLE lesson_position ADD COLUMN last_read BIGINT;
UPDATE lesson_position SET last_read = (
    SELECT max(q.last_seen) FROM question q
    WHERE q.learner = lesson_position.learner AND q.lesson = lesson_position.lesson
);
CREATE INDEX question_by_lesson ON question (lesson, question);
