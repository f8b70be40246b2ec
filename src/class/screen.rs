//! The teacher's view as an interactive screen (`chalkdust class` on a
//! terminal, and over SSH for keys in `serve --teachers`): who is connected
//! now, the lessons the class has touched, and per lesson its questions
//! with the counts and grouped wrong answers of [`super::summarise`].
//!
//! What belongs here: the screen's state, [`Screen::update`] (keys and
//! resizes in, nothing touched outside: a wish for fresh data is a flag the
//! driver reads, [`Screen::take_refresh`]) and [`Screen::lines`], the
//! layout: state and size in, styled rows out. Drawing them
//! (`ui::class`) only copies those rows; reading the store and watching it
//! for changes is the driver's (`driver::class`).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{ClassView, QuestionLine};
use crate::app::Msg;
use crate::progress::{LiveSession, printable, shorten};
use crate::theme::Theme;

/// Everything the screen shows, read from the store at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassData {
    pub view: ClassView,
    /// Sessions open now, on any server.
    pub connected: Vec<LiveSession>,
    /// When it was read (unix seconds), for "updated" and "for 5 min".
    pub read_at: i64,
    /// Why it could not be read, if it could not (the last good data stays).
    pub error: Option<String>,
}

/// Which list the keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Connected learners above, the lessons below (selected).
    Class,
    /// One lesson's questions, the selected one's detail below.
    Lesson,
}

/// One lesson's line in the lessons list.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonLine {
    pub lesson: String,
    pub learners: usize,
    pub connected: usize,
    pub questions: usize,
    pub solved: u32,
    pub given_up: u32,
    pub hints: u32,
}

/// The teacher's screen.
#[derive(Debug, Clone)]
pub struct Screen {
    pub theme: Theme,
    pub size: (u16, u16),
    pub data: ClassData,
    pub pane: Pane,
    /// Selected lesson (index into [`Screen::lessons`]).
    pub lesson: usize,
    /// Selected question within the lesson.
    pub question: usize,
    refresh: bool,
    quit: bool,
}

impl Screen {
    pub fn new(theme: Theme) -> Screen {
        Screen {
            theme,
            size: (80, 24),
            data: ClassData::default(),
            pane: Pane::Class,
            lesson: 0,
            question: 0,
            refresh: false,
            quit: false,
        }
    }

    /// New data from the store; the selection stays on the same lesson and
    /// question where they are still there.
    pub fn set_data(&mut self, data: ClassData) {
        let lesson = self.selected_lesson();
        let question = self.selected_question().map(|q| q.question.clone());
        if data.error.is_some() && data.view == ClassView::default() {
            // A failed read keeps what was shown, with the error.
            self.data.error = data.error;
            self.data.read_at = data.read_at;
            return;
        }
        self.data = data;
        let lessons = self.lessons();
        self.lesson = lesson
            .and_then(|l| lessons.iter().position(|x| x.lesson == l))
            .unwrap_or_else(|| self.lesson.min(lessons.len().saturating_sub(1)));
        let questions = self.questions();
        self.question = question
            .and_then(|q| questions.iter().position(|x| x.question == q))
            .unwrap_or_else(|| self.question.min(questions.len().saturating_sub(1)));
        if lessons.is_empty() {
            self.pane = Pane::Class;
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the teacher asked for fresh data (`r`); asking clears it.
    pub fn take_refresh(&mut self) -> bool {
        std::mem::take(&mut self.refresh)
    }

    /// Apply a message; returns whether the screen changed.
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                true
            }
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            _ => false,
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => self.quit = true,
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('r') => {
                self.refresh = true;
                return false;
            }
            KeyCode::Up | KeyCode::Char('k') => return self.step(-1),
            KeyCode::Down | KeyCode::Char('j') => return self.step(1),
            KeyCode::PageUp => return self.step(-10),
            KeyCode::PageDown => return self.step(10),
            KeyCode::Home | KeyCode::Char('g') => return self.step(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => return self.step(isize::MAX / 2),
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l')
                if self.pane == Pane::Class && !self.lessons().is_empty() =>
            {
                self.pane = Pane::Lesson;
                self.question = 0;
            }
            KeyCode::Esc | KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('b')
                if self.pane == Pane::Lesson =>
            {
                self.pane = Pane::Class;
            }
            _ => return false,
        }
        true
    }

    fn step(&mut self, by: isize) -> bool {
        let len = match self.pane {
            Pane::Class => self.lessons().len(),
            Pane::Lesson => self.questions().len(),
        };
        let at = match self.pane {
            Pane::Class => &mut self.lesson,
            Pane::Lesson => &mut self.question,
        };
        if len == 0 {
            return false;
        }
        let to = if by < 0 {
            at.saturating_sub(by.unsigned_abs())
        } else {
            at.saturating_add(by.unsigned_abs()).min(len - 1)
        };
        let moved = to != *at;
        *at = to;
        moved
    }

    /// The lessons the class touched, in the order their questions come,
    /// then any only read.
    pub fn lessons(&self) -> Vec<LessonLine> {
        let mut out: Vec<LessonLine> = Vec::new();
        let mut line = |lesson: &str| -> usize {
            match out.iter().position(|l| l.lesson == lesson) {
                Some(i) => i,
                None => {
                    out.push(LessonLine {
                        lesson: lesson.to_string(),
                        learners: 0,
                        connected: 0,
                        questions: 0,
                        solved: 0,
                        given_up: 0,
                        hints: 0,
                    });
                    out.len() - 1
                }
            }
        };
        let mut places = Vec::new();
        for q in &self.data.view.questions {
            places.push((line(&q.lesson), q));
        }
        let mut learners = Vec::new();
        for l in &self.data.view.learners {
            learners.push((line(&l.lesson), l));
        }
        let mut online = Vec::new();
        for s in self.data.connected.iter().filter(|s| !s.lesson.is_empty()) {
            online.push(line(&s.lesson));
        }
        for (i, _) in places {
            out[i].questions += 1;
        }
        for (i, l) in learners {
            out[i].learners += 1;
            out[i].solved += l.solved;
            out[i].given_up += l.given_up;
            out[i].hints += l.hints;
        }
        for i in online {
            out[i].connected += 1;
        }
        out
    }

    /// The selected lesson's id.
    pub fn selected_lesson(&self) -> Option<String> {
        self.lessons().get(self.lesson).map(|l| l.lesson.clone())
    }

    /// The selected lesson's questions.
    pub fn questions(&self) -> Vec<&QuestionLine> {
        let Some(lesson) = self.selected_lesson() else {
            return Vec::new();
        };
        self.data
            .view
            .questions
            .iter()
            .filter(|q| q.lesson == lesson)
            .collect()
    }

    pub fn selected_question(&self) -> Option<&QuestionLine> {
        self.questions().get(self.question).copied()
    }

    /// The whole screen as rows, top to bottom, exactly `size.1` of them
    /// (fewer when the screen is smaller than the title and status bars):
    /// a title bar, the pane's body, a status bar of keys.
    pub fn lines(&self) -> Vec<Line<'static>> {
        let (w, h) = (usize::from(self.size.0), usize::from(self.size.1));
        if w == 0 || h == 0 {
            return Vec::new();
        }
        let t = self.theme;
        let mut title = format!(
            " chalkdust class {} {} connected",
            if t.ascii { "-" } else { "·" },
            self.data.connected.len()
        );
        if self.data.read_at > 0 {
            title.push_str(&format!(", updated {}", clock(self.data.read_at)));
        }
        let status = match (&self.data.error, self.pane) {
            (Some(e), _) => format!(" not updated: {}", printable(e)),
            (None, Pane::Class) => {
                " Up/Down choose a lesson  Enter its questions  r refresh  q quit".into()
            }
            (None, Pane::Lesson) => {
                " Up/Down choose a question  Esc lessons  r refresh  q quit".into()
            }
        };
        let body_h = h.saturating_sub(2);
        let mut body = match self.pane {
            Pane::Class => self.class_body(w, body_h),
            Pane::Lesson => self.lesson_body(w, body_h),
        };
        body.resize(body_h, Line::default());
        let mut out = vec![bar(&t.fold(&title), w, t.bar())];
        out.extend(body);
        if h >= 2 {
            let style = if self.data.error.is_some() {
                t.wrong()
            } else {
                t.bar()
            };
            out.push(bar(&status, w, style));
        }
        out.truncate(h);
        out
    }

    /// Connected learners (at most half the body), then the lessons list
    /// scrolled so the selected one shows.
    fn class_body(&self, w: usize, h: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let mut out = Vec::new();
        out.push(Line::styled(
            format!(" Connected now ({})", self.data.connected.len()),
            t.heading(),
        ));
        let room = (h / 2).saturating_sub(2).max(1);
        let shown = self.data.connected.len().min(room);
        if self.data.connected.is_empty() {
            out.push(Line::styled("   nobody".to_string(), t.muted()));
        }
        let arrow = if t.ascii { ">" } else { "›" };
        for s in self
            .data
            .connected
            .iter()
            .take(if self.data.connected.len() > room {
                room - 1
            } else {
                shown
            })
        {
            let place = match (s.lesson.is_empty(), s.section.is_empty()) {
                (true, _) => "(catalog)".to_string(),
                (false, true) => s.lesson.clone(),
                (false, false) => format!("{} {arrow} {}", s.lesson, s.section),
            };
            let minutes = (self.data.read_at - s.started).max(0) / 60;
            let row = format!(
                "   {}  {}  {}  {}",
                pad(&fit(&printable(&s.name), 18), 18),
                pad(&fit(&printable(&place), 28), 28),
                pad(&fit(&printable(&s.instance), 14), 14),
                format_args!("{minutes} min"),
            );
            out.push(Line::raw(fit(&t.fold(&row), w)));
        }
        if self.data.connected.len() > room {
            let more = self.data.connected.len() - (room - 1);
            out.push(Line::styled(format!("   and {more} more"), t.muted()));
        }
        out.push(Line::default());
        let lessons = self.lessons();
        out.push(Line::styled(
            format!(" Lessons ({})", lessons.len()),
            t.heading(),
        ));
        if lessons.is_empty() {
            out.push(Line::styled(
                "   No progress recorded yet.".to_string(),
                t.muted(),
            ));
            return out;
        }
        out.push(Line::styled(
            fit(
                &format!(
                    "   {}  {:>8}  {:>6}  {:>6}  {:>7}  {:>5}",
                    pad("lesson", 24),
                    "learners",
                    "online",
                    "solved",
                    "gave up",
                    "hints"
                ),
                w,
            ),
            t.muted(),
        ));
        let room = h.saturating_sub(out.len()).max(1);
        let first = window(self.lesson, lessons.len(), room);
        for (i, l) in lessons.iter().enumerate().skip(first).take(room) {
            let row = format!(
                "{}  {:>8}  {:>6}  {:>6}  {:>7}  {:>5}",
                pad(&printable(&l.lesson), 24),
                l.learners,
                l.connected,
                l.solved,
                l.given_up,
                l.hints,
            );
            out.push(self.list_line(&row, i == self.lesson, w));
        }
        out
    }

    /// One row of a list the teacher moves through: the focus bar and the
    /// focus style on the selected one.
    fn list_line(&self, row: &str, selected: bool, w: usize) -> Line<'static> {
        let t = self.theme;
        let (bar, style) = if selected {
            (t.focus_bar(), t.focus())
        } else {
            (" ", Style::new())
        };
        Line::styled(fit(&t.fold(&format!(" {bar} {row}")), w), style)
    }

    /// The lesson's questions, then the selected question's detail: its
    /// counts and the wrong answers, grouped, with how many learners gave
    /// each.
    fn lesson_body(&self, w: usize, h: usize) -> Vec<Line<'static>> {
        let t = self.theme;
        let questions = self.questions();
        let lesson = self.selected_lesson().unwrap_or_default();
        let mut out = vec![Line::styled(
            t.fold(&format!(
                " {} ({} questions)",
                printable(&lesson),
                questions.len()
            ))
            .into_owned(),
            t.heading(),
        )];
        out.push(Line::styled(
            fit(
                &format!(
                    "   {}  {:>5}  {:>6}  {:>7}  {:>6}  {:>6}",
                    pad("question", 22),
                    "tried",
                    "solved",
                    "gave up",
                    "median",
                    "hinted"
                ),
                w,
            ),
            t.muted(),
        ));
        // The detail needs about eight rows; the list gets the rest.
        let detail_h = (3 + super::WRONG_SHOWN + 2).min(h / 2);
        let room = h.saturating_sub(out.len() + detail_h).max(1);
        let first = window(self.question, questions.len(), room);
        for (i, q) in questions.iter().enumerate().skip(first).take(room) {
            let row = format!(
                "{}  {:>5}  {:>6}  {:>7}  {:>6}  {:>6}",
                pad(&printable(&q.question), 22),
                q.attempted,
                q.solved,
                q.given_up,
                q.median_attempts.map(super::median).unwrap_or_default(),
                q.hinted,
            );
            out.push(self.list_line(&row, i == self.question, w));
        }
        out.resize(h.saturating_sub(detail_h).max(out.len()), Line::default());
        let Some(q) = self.selected_question() else {
            return out;
        };
        out.push(Line::styled(
            t.fold(&format!(" {}", printable(&q.question))).into_owned(),
            t.heading(),
        ));
        out.push(Line::raw(fit(
            &format!(
                "   {} tried, {} solved, {} gave up, {} opened a hint, median {} checks",
                q.attempted,
                q.solved,
                q.given_up,
                q.hinted,
                q.median_attempts
                    .map(super::median)
                    .unwrap_or_else(|| "-".into()),
            ),
            w,
        )));
        if q.wrong.is_empty() {
            out.push(Line::styled(
                "   No wrong answers yet.".to_string(),
                t.muted(),
            ));
        } else {
            out.push(Line::raw(
                "   Wrong answers (learners who gave each, equal answers together):".to_string(),
            ));
            for wa in &q.wrong {
                let answer = t.fold(&printable(&wa.answer)).into_owned();
                let who = if wa.count == 1 { "learner" } else { "learners" };
                out.push(Line::from(vec![
                    Span::raw("     "),
                    Span::styled(fit(&answer, w.saturating_sub(20).max(8)), t.wrong()),
                    Span::raw(format!("  {} {who}", wa.count)),
                ]));
            }
        }
        out
    }
}

/// The first row of a `room`-row window over `len` rows that shows `at`.
fn window(at: usize, len: usize, room: usize) -> usize {
    if len <= room || at < room / 2 {
        0
    } else {
        (at + 1).saturating_sub(room / 2 + room % 2).min(len - room)
    }
}

/// `text` in a bar of width `w`, filled to the edge.
fn bar(text: &str, w: usize, style: Style) -> Line<'static> {
    Line::styled(pad(&fit(text, w), w), style)
}

/// `text` padded with spaces to `w` columns (not cut).
fn pad(text: &str, w: usize) -> String {
    let mut out = text.to_string();
    out.push_str(&" ".repeat(w.saturating_sub(text.width())));
    out
}

/// `text` cut to `w` columns.
fn fit(text: &str, w: usize) -> String {
    if text.width() <= w {
        text.to_string()
    } else {
        shorten(text, w)
    }
}

/// `HH:MM:SS` (UTC) of a unix time.
fn clock(unix: i64) -> String {
    let s = unix.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

/// A small class for the screen's tests and snapshots: two lessons, three
/// learners, two of them connected, a wrong answer given twice in two
/// forms.
#[cfg(test)]
pub(crate) fn sample() -> ClassData {
    use crate::progress::{QuestionRecord, QuestionRow, Reading, Status};
    let lesson = crate::lesson::load::must_load(
        r#"
format = 1
id = "slopes"
title = "Slopes"

[[section]]
id = "rules"
title = "Rules"

  [[section.block]]
  kind = "quiz"

    [[section.block.question]]
    id = "power"
    prompt = "The derivative of $5x^2$?"
    type = "expression"
    answer = "10x"

    [[section.block.question]]
    id = "at-3"
    prompt = "The slope of $x^2$ at 3?"
    type = "number"
    answer = 6
"#,
        "slopes.toml",
    );
    let row = |who: &str, lesson: &str, q: &str, status, attempts, input: &str| QuestionRow {
        learner: who.to_string(),
        name: who.to_string(),
        lesson: lesson.to_string(),
        question: q.to_string(),
        record: QuestionRecord {
            status,
            attempts,
            hints_opened: u32::from(who == "cy"),
            last_input: Some(input.to_string()),
            first_seen: 1_000,
            last_seen: 2_000,
        },
        mastered: status == Status::Solved,
        tries: Vec::new(),
        wrong_answers: Vec::new(),
    };
    let rows = vec![
        row("ada", "slopes", "power", Status::Solved, 1, "10x"),
        row("bo", "slopes", "power", Status::Open, 3, "5x"),
        row("cy", "slopes", "power", Status::Open, 5, "x*5"),
        row("cy", "slopes", "at-3", Status::GivenUp, 2, "9"),
        row("ada", "limits", "l1", Status::Solved, 2, "1"),
    ];
    let readings = vec![Reading {
        learner: "ada".into(),
        name: "ada".into(),
        lesson: "slopes".into(),
        sections_read: 1,
        last_read: Some(2_000),
    }];
    let view = super::summarise(&rows, &readings, &[lesson], None);
    let at = |who: &str, lesson: &str, section: &str, instance: &str| LiveSession {
        instance: instance.to_string(),
        session: 1,
        learner: who.to_string(),
        name: who.to_string(),
        lesson: lesson.to_string(),
        section: section.to_string(),
        started: 45_000,
        last_seen: 45_600,
    };
    ClassData {
        view,
        connected: vec![
            at("ada", "slopes", "rules", "a:2222"),
            at("bo", "", "", "b:2222"),
        ],
        read_at: 45_900,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn screen() -> Screen {
        let mut s = Screen::new(Theme::default());
        s.set_data(sample());
        s
    }

    fn text(lines: &[Line<'_>]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn lessons_are_counted_from_questions_learners_and_who_is_online() {
        let s = screen();
        let lessons = s.lessons();
        let names: Vec<&str> = lessons.iter().map(|l| l.lesson.as_str()).collect();
        assert_eq!(names, ["slopes", "limits"]);
        let slopes = &lessons[0];
        assert_eq!(
            (slopes.learners, slopes.connected, slopes.questions),
            (3, 1, 2)
        );
        assert_eq!((slopes.solved, slopes.given_up, slopes.hints), (1, 1, 2));
    }

    #[test]
    fn keys_move_between_lessons_and_into_and_out_of_one() {
        let mut s = screen();
        assert!(!s.update(key(KeyCode::Up)), "already at the top");
        assert!(s.update(key(KeyCode::Down)));
        assert_eq!(s.selected_lesson().as_deref(), Some("limits"));
        assert!(!s.update(key(KeyCode::Down)), "already at the bottom");
        assert!(s.update(key(KeyCode::Char('k'))));
        assert!(s.update(key(KeyCode::Enter)));
        assert_eq!(s.pane, Pane::Lesson);
        assert_eq!(
            s.selected_question().map(|q| q.question.as_str()),
            Some("power")
        );
        assert!(s.update(key(KeyCode::Char('j'))));
        assert_eq!(
            s.selected_question().map(|q| q.question.as_str()),
            Some("at-3")
        );
        assert!(s.update(key(KeyCode::Esc)));
        assert_eq!(s.pane, Pane::Class);
        assert!(!s.update(key(KeyCode::Char('r'))));
        assert!(s.take_refresh());
        assert!(!s.take_refresh(), "asked once");
        assert!(!s.should_quit());
        s.update(key(KeyCode::Char('q')));
        assert!(s.should_quit());
    }

    #[test]
    fn new_data_keeps_the_selection_on_the_same_lesson_and_question() {
        let mut s = screen();
        s.update(key(KeyCode::Enter));
        s.update(key(KeyCode::Down));
        let mut data = sample();
        // A new lesson sorts first now.
        data.view.questions.insert(
            0,
            crate::class::QuestionLine {
                lesson: "aaa".into(),
                question: "z".into(),
                attempted: 1,
                solved: 0,
                given_up: 0,
                median_attempts: Some(1.0),
                hinted: 0,
                wrong: Vec::new(),
            },
        );
        s.set_data(data);
        assert_eq!(s.selected_lesson().as_deref(), Some("slopes"));
        assert_eq!(
            s.selected_question().map(|q| q.question.as_str()),
            Some("at-3")
        );
        // A failed read keeps the class on screen and says why.
        s.set_data(ClassData {
            error: Some("cannot reach the database".into()),
            read_at: 46_000,
            ..ClassData::default()
        });
        assert_eq!(s.lessons().len(), 3);
        let shown = text(&s.lines());
        assert!(
            shown.contains("not updated: cannot reach the database"),
            "{shown}"
        );
    }

    #[test]
    fn the_layout_fills_the_screen_and_shows_the_grouped_wrong_answer() {
        let mut s = screen();
        for (w, h) in [(80, 24), (40, 12), (20, 3), (1, 1), (0, 0)] {
            s.update(Msg::Resize(w, h));
            let lines = s.lines();
            assert_eq!(lines.len(), usize::from(h), "{w}x{h}");
            for l in &lines {
                assert!(l.width() <= usize::from(w), "{w}x{h}: {l:?}");
            }
        }
        s.update(Msg::Resize(80, 24));
        let class = text(&s.lines());
        assert!(class.contains("Connected now (2)"), "{class}");
        assert!(class.contains("slopes › rules"), "{class}");
        assert!(class.contains("(catalog)"), "{class}");
        s.update(key(KeyCode::Enter));
        let lesson = text(&s.lines());
        // `5x` and `x*5` are one answer, given by two learners.
        assert!(lesson.contains("5x  2 learners"), "{lesson}");
        assert!(!lesson.contains("x*5"), "{lesson}");
    }

    #[test]
    fn a_long_list_scrolls_to_keep_the_selection_in_view() {
        assert_eq!(window(0, 50, 10), 0);
        assert_eq!(window(4, 50, 10), 0);
        assert_eq!(window(20, 50, 10), 16);
        assert_eq!(window(49, 50, 10), 40);
        assert_eq!(window(3, 5, 10), 0);
    }
}

#[cfg(test)]
mod long_tests {
    use super::*;
    use crate::class::QuestionLine;

    #[test]
    fn every_question_of_a_long_lesson_can_be_selected_and_shown() {
        let mut data = ClassData::default();
        for i in 0..18 {
            data.view.questions.push(QuestionLine {
                lesson: "long".into(),
                question: format!("q{i:02}"),
                attempted: 0,
                solved: 0,
                given_up: 0,
                median_attempts: None,
                hinted: 0,
                wrong: Vec::new(),
            });
        }
        let mut s = Screen::new(Theme::default());
        s.set_data(data);
        s.update(Msg::Resize(80, 24));
        s.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        for i in 0..18 {
            let lines = s.lines();
            assert_eq!(lines.len(), 24);
            let focused: Vec<String> = lines
                .iter()
                .map(|l| {
                    l.spans
                        .iter()
                        .map(|s| s.content.as_ref())
                        .collect::<String>()
                })
                .filter(|l| l.contains('▌'))
                .collect();
            assert_eq!(focused.len(), 1, "{i}: {focused:?}");
            assert!(focused[0].contains(&format!("q{i:02}")), "{i}: {focused:?}");
            let moved = s.update(Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)));
            assert_eq!(moved, i < 17, "{i}");
        }
    }
}
