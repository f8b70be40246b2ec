-- Version 2: when each lesson was last read, so the catalog can offer the
-- most recent lesson first (filled from question times for files written by
-- version 1), and an index for a teacher's per-question view across the
-- whole class.
ALTER TABLE lesson_position ADD COLUMN last_read INTEGER;
UPDATE lesson_position SET last_read = (
    SELECT max(q.last_seen) FROM question q
    WHERE q.learner = lesson_position.learner AND q.lesson = lesson_position.lesson
);
CREATE INDEX question_by_lesson ON question (lesson, question);
