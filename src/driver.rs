//! What every front end does around the app, written once: the loop
//! ([`run`]: draw, wait for input, update, follow the app's wish for mouse
//! capture) and carrying out the [`Effect`]s that [`App::update`] queues
//! (open a lesson from the library, read and record progress in the store),
//! handing the results back to the app. A front end ([`Frontend`]) only
//! says what differs: where bytes come from and go, the size, and how it
//! reports the end.
//!
//! Between frames a session keeps one small copy of its screen
//! (`driver/screen.rs`), not ratatui's buffers: a served class is a thousand
//! sessions waiting for a key.
//!
//! The app stays pure: it names what should happen, and only this module
//! touches the library's files and the progress store. A new store back end
//! implements [`crate::progress::ProgressStore`]; nothing here or in `app`
//! changes for it.

pub mod class;
mod screen;

pub use screen::spare_bytes;

use std::collections::HashMap;
use std::ops::Range;
use std::time::{Duration, Instant};

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use crate::app::{App, Change, Effect, Keeping, Msg, entry_key, question_ids};
use crate::layout::ScreenGeometry;
use crate::library::Library;
use crate::progress::{LessonRecord, ProgressError};

/// Carry out everything the app has asked for, until it asks for nothing
/// more (opening a lesson asks for its record, restoring it records the
/// position). Call after every [`App::update`] and before drawing: what
/// the learner sees is kept first (a verdict, and the section a page turn
/// leads to), so a server killed just after a frame has lost nothing that
/// frame showed.
pub fn settle(app: &mut App) {
    let (library, keeping) = app.resources();
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            carry_out(app, &library, keeping.as_ref(), effect);
        }
    }
}

fn carry_out(app: &mut App, library: &Library, keeping: Option<&Keeping>, effect: Effect) {
    match effect {
        Effect::Open { key, from_catalog } => match library.find_shared(&key) {
            Ok(lesson) => {
                app.open(lesson);
                if let Some(r) = app.reading.as_mut() {
                    r.from_catalog = from_catalog;
                }
            }
            Err(e) if from_catalog => app.open_failed(&e),
            // The only lesson opens by itself when it can; when it cannot,
            // the catalog shows it with its problem.
            Err(_) => {}
        },
        Effect::OpenLastRead => {
            // A store that cannot be read: the start lesson, as for a
            // learner who has read nothing yet.
            let last = keeping.and_then(|k| k.store.last_read_lesson(&k.learner).ok().flatten());
            app.open_resumed(last.as_deref());
        }
        Effect::Load { lesson } => {
            let record = match keeping {
                Some(k) => k.store.lesson_record(&k.learner, &lesson),
                None => Ok(LessonRecord::default()),
            };
            app.restore(&lesson, record);
        }
        Effect::Survey => {
            if let Some(k) = keeping {
                let found = survey(app, library, k);
                app.show_progress(found);
            }
        }
        Effect::Save { lesson, change } => {
            let Some(k) = keeping else { return };
            if let Err(e) = save(k, &lesson, change) {
                app.progress_failed(&e);
            }
        }
    }
}

/// Each catalog lesson's progress, by lesson id (lessons that cannot be
/// read, or whose progress cannot, are left out).
fn survey(app: &App, library: &Library, k: &Keeping) -> HashMap<String, crate::progress::Summary> {
    let mut found = HashMap::new();
    for entry in app.catalog.iter().filter(|e| e.is_ok()) {
        let Ok(lesson) = library.find_shared(&entry_key(entry)) else {
            continue;
        };
        let questions = question_ids(&lesson);
        let sections: Vec<&str> = lesson.sections.iter().map(|s| s.id.as_str()).collect();
        if let Ok(summary) =
            k.store
                .lesson_summary(&k.learner, &lesson.header.id, &questions, &sections)
        {
            found.insert(lesson.header.id.clone(), summary);
        }
    }
    found
}

fn save(k: &Keeping, lesson: &str, change: Change) -> Result<(), ProgressError> {
    let (store, learner) = (&k.store, &k.learner);
    match change {
        Change::Position { section, scroll } => {
            store.record_position(learner, lesson, &section, scroll)
        }
        Change::Read { section } => store.record_read(learner, lesson, &section),
        Change::Check {
            question,
            input,
            outcome,
        } => store.record_check(learner, lesson, &question, &input, outcome),
        Change::Hint {
            question,
            hints_opened,
        } => store.record_hint(learner, lesson, &question, hints_opened),
        Change::Try {
            question,
            try_no,
            variant,
        } => store.record_try(learner, lesson, &question, try_no, &variant),
    }
}

/// One front end's side of [`run`]: where messages come from, where frames
/// and mouse-capture switches go, and how it reports the end. The local
/// terminal, `watch` and every SSH session implement it; the loop itself is
/// written once, so what one front end does the others do too.
pub trait Frontend {
    type Backend: ratatui::backend::Backend<Error = std::io::Error>;
    /// Why the loop stopped, in this front end's terms.
    type End;
    /// The terminal frames are drawn into.
    fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend>;
    /// Switch mouse capture on or off.
    fn capture_mouse(&mut self, on: bool) -> Result<(), Self::End>;
    /// A frame could not be written.
    fn draw_failed(&mut self, err: std::io::Error) -> Self::End;
    /// Block until there is input and append it to `msgs`, or until
    /// `timeout` has passed (then `msgs` may stay empty); with no timeout,
    /// wait for input however long it takes (an idle app wakes nothing).
    /// Returns whether the screen must be drawn again whatever the app
    /// says (a resize that cleared the viewport), or why the session ends.
    fn wait(&mut self, msgs: &mut Vec<Msg>, timeout: Option<Duration>) -> Result<bool, Self::End>;
    /// The learner quit.
    fn quit(&mut self) -> Self::End;
    /// Look at the app after a batch of input was handled and its effects
    /// carried out (the SSH server logs a failed save here).
    fn observe(&mut self, _app: &App) {}
    /// Queue, ahead of the next frame, a terminal scroll of rows
    /// `top..bottom` (0-based, bottom excluded) by `by` rows (up when
    /// positive). Returns whether it was queued; a front end that cannot
    /// (or need not) keeps the default, and the frame is drawn in full.
    fn scroll_rows(&mut self, _top: u16, _bottom: u16, _by: isize) -> std::io::Result<bool> {
        Ok(false)
    }
}

/// What the terminal shows, kept so that a body moved by whole lines is
/// moved by the terminal's own scrolling instead of by redrawing every row.
///
/// This is the one copy of the screen a session holds between frames, and
/// a small one ([`screen::Kept`]): ratatui's two buffers (the frame drawn
/// and a blank one to draw the next into, 92 KB each at 80x24) are put
/// away after each frame ([`park`]) and made again for the next, since a
/// class of a thousand idle sessions would otherwise keep three screens
/// each (docs/performance.md, issue 20).
#[derive(Default)]
struct Shown {
    /// The last frame drawn, cell by cell.
    frame: Option<screen::Kept>,
    /// Where the body of that frame was: lesson, section and scroll.
    at: Option<(String, usize, usize)>,
}

/// Where the lesson body is, when it is on screen alone (no window over
/// it, big enough to draw).
fn body_place(app: &App) -> Option<(String, usize, usize)> {
    let r = app.reading.as_ref()?;
    (app.overlay.is_none() && app.fits()).then(|| (r.lesson.header.id.clone(), r.section, r.scroll))
}

/// `frame` with the rows of `body` moved up by `by` rows (down when
/// negative), blank rows coming in: what the terminal shows after
/// scrolling that region.
fn scrolled(frame: &Buffer, body: &Range<u16>, by: isize) -> Buffer {
    let mut out = screen::copy(frame);
    let area = frame.area;
    for y in body.clone() {
        let from = isize::try_from(y)
            .ok()
            .and_then(|y| u16::try_from(y + by).ok())
            .filter(|f| body.contains(f));
        for x in area.left()..area.right() {
            out[(x, y)] = match from {
                Some(f) => frame[(x, f)].clone(),
                None => Cell::default(),
            };
        }
    }
    out
}

/// Draw a frame. When the body moved by fewer whole lines than it has,
/// the front end scrolls those rows first and ratatui is told the screen
/// now holds the scrolled copy, so its diff writes only the rows that came
/// into view (a one-line scroll costs one row, as in `less`). The diff
/// keeps this right whatever else changed on screen.
fn draw<F: Frontend>(app: &App, front: &mut F, shown: &mut Shown) -> std::io::Result<()> {
    let at = body_place(app);
    let terminal = front.terminal();
    let area = terminal.get_frame().area();
    // Buffers still put away: nothing cleared the screen since the last
    // frame, which is what it shows. A resize (or a clear) sizes them
    // again and blanks the screen: the terminal knows that, `shown` not.
    let untouched = terminal.current_buffer_mut().area.is_empty();
    let mut last = shown
        .frame
        .take()
        .filter(|f| untouched && f.area() == area)
        .map(|f| f.to_buffer());
    if let (Some(frame), Some(old), Some(new)) = (&last, &shown.at, &at)
        && (&old.0, old.1) == (&new.0, new.1)
        // A resize redraws in full anyway (the local terminal learns of
        // it only as it draws).
        && (area.width, area.height) == app.size
    {
        let rows = app.geometry().body_height();
        let by = isize::try_from(new.2).unwrap_or(isize::MAX)
            - isize::try_from(old.2).unwrap_or(isize::MAX);
        if by != 0 && by.unsigned_abs() < usize::from(rows) {
            let top = ScreenGeometry::BODY_TOP;
            let body = top..top + rows;
            if front.scroll_rows(body.start, body.end, by)? {
                let moved = scrolled(frame, &body, by);
                if let Some(old) = last.replace(moved) {
                    screen::put_back(old);
                }
            }
        }
    }
    let terminal = front.terminal();
    match last {
        Some(screen) => unpark(terminal, screen),
        // Put away with no frame kept (a draw that failed half-way): what
        // the screen holds is unknown, so it is cleared and drawn whole.
        None if untouched => {
            unpark(terminal, screen::blank(area));
            terminal.clear()?;
        }
        None => {}
    }
    let done = terminal.draw(|frame| crate::ui::render(app, frame))?;
    shown.frame = Some(screen::Kept::of(done.buffer));
    shown.at = at;
    park(terminal);
    Ok(())
}

/// Put the terminal's two buffers away (empty, nothing allocated) once a
/// frame is drawn and kept in [`Shown`].
fn park<B: ratatui::backend::Backend>(terminal: &mut ratatui::Terminal<B>) {
    screen::put_back(std::mem::replace(
        terminal.current_buffer_mut(),
        Buffer::empty(Rect::ZERO),
    ));
    // The drawn frame becomes the buffer to draw into, then goes too.
    terminal.swap_buffers();
    screen::put_back(std::mem::replace(
        terminal.current_buffer_mut(),
        Buffer::empty(Rect::ZERO),
    ));
}

/// Make the terminal's buffers again before drawing: `screen` (what the
/// screen shows) to diff against, and a blank one of its size to draw in.
fn unpark<B: ratatui::backend::Backend>(terminal: &mut ratatui::Terminal<B>, screen: Buffer) {
    let area = screen.area;
    screen::put_back(std::mem::replace(terminal.current_buffer_mut(), screen));
    terminal.swap_buffers();
    screen::put_back(std::mem::replace(
        terminal.current_buffer_mut(),
        screen::blank(area),
    ));
}

/// The play timer: when the next [`Msg::Tick`] is due, kept only while the
/// app asks for ticks ([`App::tick_every`]).
#[derive(Debug, Default)]
struct Ticker {
    next: Option<Instant>,
}

impl Ticker {
    /// How long the front end may wait for input before a tick is due;
    /// `None` (no limit) when the app wants no ticks.
    fn timeout(&mut self, every: Option<Duration>, now: Instant) -> Option<Duration> {
        let Some(every) = every else {
            self.next = None;
            return None;
        };
        let next = *self.next.get_or_insert(now + every);
        Some(next.saturating_duration_since(now))
    }

    /// Whether a tick is due at `now`; if so the next one is set a period
    /// on (from now, when the loop fell behind, so ticks never bunch up).
    fn due(&mut self, every: Option<Duration>, now: Instant) -> bool {
        match (every, self.next) {
            (Some(every), Some(next)) if now >= next => {
                let after = next + every;
                self.next = Some(if after > now { after } else { now + every });
                true
            }
            (None, _) => {
                self.next = None;
                false
            }
            _ => false,
        }
    }
}

/// The loop every front end runs: follow the app's wish for mouse capture
/// (only while an explorer's points have focus, or after `m`, so selecting
/// text works everywhere else), draw when something changed, wait for
/// input (or, while something plays, for the next tick), update and carry
/// out the effects. Returns why it ended.
pub fn run<F: Frontend>(app: &mut App, front: &mut F) -> F::End {
    settle(app);
    let mut dirty = true;
    let mut mouse = false;
    let mut msgs = Vec::new();
    let mut shown = Shown::default();
    let mut ticker = Ticker::default();
    loop {
        if app.mouse_wanted() != mouse {
            mouse = !mouse;
            if let Err(end) = front.capture_mouse(mouse) {
                return end;
            }
        }
        if dirty && let Err(e) = draw(app, front, &mut shown) {
            return front.draw_failed(e);
        }
        if app.should_quit() {
            return front.quit();
        }
        // What the app put off until a frame was on screen (the opening
        // reading position, written with a disk sync) goes out now; a
        // failure shows in the status bar, so that is drawn at once.
        if app.save_pending() {
            let before = app.status.clone();
            settle(app);
            if app.status != before {
                dirty = true;
                continue;
            }
        }
        let timeout = ticker.timeout(app.tick_every(), Instant::now());
        dirty = match front.wait(&mut msgs, timeout) {
            Ok(force) => force,
            Err(end) => return end,
        };
        if ticker.due(app.tick_every(), Instant::now()) {
            msgs.push(Msg::Tick);
        }
        for msg in msgs.drain(..) {
            dirty |= app.update(msg);
            settle(app);
            if app.should_quit() {
                break;
            }
        }
        front.observe(app);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    /// The first column of `b`, top to bottom.
    fn column(b: &Buffer) -> Vec<String> {
        (0..b.area.height)
            .map(|y| b[(0, y)].symbol().to_string())
            .collect()
    }

    /// Frames go nowhere: the test reads the app afterwards.
    type Sink = ratatui::backend::CrosstermBackend<std::io::Sink>;

    /// A front end reading a script: each `wait` hands out the next batch
    /// of keys; with the script done it sleeps out a timeout, or ends the
    /// loop when it is given none (an idle app would block there for ever).
    struct Scripted {
        terminal: ratatui::Terminal<Sink>,
        script: std::collections::VecDeque<&'static str>,
        /// The timeout of every wait, in order.
        timeouts: Vec<Option<Duration>>,
    }

    impl Frontend for Scripted {
        type Backend = Sink;
        type End = ();

        fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend> {
            &mut self.terminal
        }
        fn capture_mouse(&mut self, _on: bool) -> Result<(), ()> {
            Ok(())
        }
        fn draw_failed(&mut self, _err: std::io::Error) {}
        fn wait(&mut self, msgs: &mut Vec<Msg>, timeout: Option<Duration>) -> Result<bool, ()> {
            self.timeouts.push(timeout);
            // A timer that never stops fails the test instead of hanging it.
            if self.timeouts.len() > 40 {
                return Err(());
            }
            if let Some(keys) = self.script.pop_front() {
                msgs.extend(
                    crate::app::harness::parse_keys(keys)
                        .into_iter()
                        .map(Msg::Key),
                );
                return Ok(false);
            }
            match timeout {
                Some(t) => {
                    std::thread::sleep(t);
                    Ok(false)
                }
                None => Err(()),
            }
        }
        fn quit(&mut self) {}
    }

    fn scripted(script: &[&'static str]) -> (App, Scripted) {
        let lesson = crate::lesson::load::must_load(
            include_str!("../tests/lessons/motion/motion.toml"),
            "motion.toml",
        );
        let mut app = App::new(crate::theme::Theme::default());
        app.update(Msg::Resize(80, 24));
        app.open(lesson);
        let front = Scripted {
            terminal: ratatui::Terminal::with_options(
                ratatui::backend::CrosstermBackend::new(std::io::sink()),
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 80, 24)),
                },
            )
            .expect("test terminal"),
            script: script.iter().copied().collect(),
            timeouts: Vec::new(),
        };
        (app, front)
    }

    #[test]
    fn the_loop_waits_without_a_timeout_unless_something_plays() {
        // Idle: the first wait already has no timeout (and ends the test).
        let (mut app, mut front) = scripted(&["<Tab><Tab>"]);
        run(&mut app, &mut front);
        assert_eq!(front.timeouts, [None, None]);
        // k plays from 3 to 8 every 0.1 s: five ticks, then the timer
        // stops with the playing and the loop waits for a key again.
        let (mut app, mut front) = scripted(&["<Tab><Tab>", "p"]);
        let started = Instant::now();
        run(&mut app, &mut front);
        let timed: Vec<_> = front.timeouts[2..].to_vec();
        assert_eq!(timed.last(), Some(&None), "{timed:?}");
        let ticks = timed.iter().filter(|t| t.is_some()).count();
        assert_eq!(ticks, 5, "{timed:?}");
        assert!(
            timed[..5]
                .iter()
                .all(|t| t.is_some_and(|t| t <= Duration::from_millis(100)))
        );
        assert!(started.elapsed() >= Duration::from_millis(500));
        let mut h = crate::app::harness::Harness { app };
        let text = h.screen();
        assert!(text.contains("steps taken: 8"), "{text}");
    }

    /// Runs a script of keys with an in-memory store; each entry of the
    /// log is what the store knew of the sections read when a frame was
    /// drawn.
    struct Watching {
        inner: Scripted,
        store: crate::progress::Store,
        at_draw: Vec<Vec<String>>,
    }

    impl Frontend for Watching {
        type Backend = Sink;
        type End = ();

        fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend> {
            let learner = crate::progress::Learner::new("ada", "Ada");
            let read = self
                .store
                .lesson_record(&learner, "motion")
                .map(|r| r.sections_read)
                .unwrap_or_default();
            self.at_draw.push(read);
            self.inner.terminal()
        }
        fn capture_mouse(&mut self, on: bool) -> Result<(), ()> {
            self.inner.capture_mouse(on)
        }
        fn draw_failed(&mut self, err: std::io::Error) {
            self.inner.draw_failed(err)
        }
        fn wait(&mut self, msgs: &mut Vec<Msg>, timeout: Option<Duration>) -> Result<bool, ()> {
            self.inner.wait(msgs, timeout)
        }
        fn quit(&mut self) {}
    }

    #[test]
    fn what_a_frame_shows_is_kept_before_it_is_drawn() {
        let store = crate::progress::Store::open_in_memory().expect("a store in memory");
        let learner = crate::progress::Learner::new("ada", "Ada");
        let (app, inner) = scripted(&["G"]);
        let mut app = app.with_store(store.clone(), learner.clone());
        app.open(crate::lesson::load::must_load(
            include_str!("../tests/lessons/motion/motion.toml"),
            "motion.toml",
        ));
        let mut front = Watching {
            inner,
            store: store.clone(),
            at_draw: Vec::new(),
        };
        run(&mut app, &mut front);
        // The first frame showed the top of the section; the last, after
        // G, its end, and was drawn once the store knew the section read:
        // a server killed right after that frame has lost nothing it
        // showed (the class bench kills one).
        let first = ["descent".to_string()];
        assert!(
            front.at_draw.first().is_some_and(Vec::is_empty),
            "{:?}",
            front.at_draw
        );
        assert_eq!(
            front.at_draw.last(),
            Some(&first.to_vec()),
            "{:?}",
            front.at_draw
        );
        let kept = store.lesson_record(&learner, "motion").expect("the record");
        assert_eq!(kept.sections_read, first);
    }

    #[test]
    fn a_tick_is_due_once_per_period_and_never_when_idle() {
        let t0 = Instant::now();
        let every = Some(Duration::from_millis(400));
        let mut ticker = Ticker::default();
        assert_eq!(ticker.timeout(None, t0), None);
        assert!(!ticker.due(None, t0));
        assert_eq!(ticker.timeout(every, t0), every);
        assert!(!ticker.due(every, t0 + Duration::from_millis(399)));
        assert!(ticker.due(every, t0 + Duration::from_millis(400)));
        assert_eq!(
            ticker.timeout(every, t0 + Duration::from_millis(500)),
            Some(Duration::from_millis(300))
        );
        // Far behind: the next tick is a period after now, not a burst.
        assert!(ticker.due(every, t0 + Duration::from_secs(10)));
        assert!(!ticker.due(every, t0 + Duration::from_millis(10_100)));
        // Playing stopped: the timer is gone.
        assert_eq!(ticker.timeout(None, t0 + Duration::from_secs(11)), None);
        assert_eq!(ticker.next, None);
    }

    #[test]
    fn a_scrolled_copy_moves_the_body_rows_only() {
        let mut b = Buffer::empty(Rect::new(0, 0, 3, 5));
        for y in 0..5 {
            b[(0, y)].set_symbol(&y.to_string());
        }
        assert_eq!(column(&scrolled(&b, &(1..4), 1)), ["0", "2", "3", " ", "4"]);
        assert_eq!(
            column(&scrolled(&b, &(1..4), -2)),
            ["0", " ", " ", "1", "4"]
        );
    }

    /// Bytes written to a terminal, shared with the test reading them.
    #[derive(Clone, Default)]
    struct Tape(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl std::io::Write for Tape {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A front end whose terminal scrolls: each wait notes the bytes the
    /// frame before it wrote.
    struct Scrolling {
        terminal: ratatui::Terminal<ratatui::backend::CrosstermBackend<Tape>>,
        tape: Tape,
        script: std::collections::VecDeque<&'static str>,
        frames: Vec<usize>,
        scrolls: usize,
    }

    impl Frontend for Scrolling {
        type Backend = ratatui::backend::CrosstermBackend<Tape>;
        type End = ();

        fn terminal(&mut self) -> &mut ratatui::Terminal<Self::Backend> {
            &mut self.terminal
        }
        fn capture_mouse(&mut self, _on: bool) -> Result<(), ()> {
            Ok(())
        }
        fn draw_failed(&mut self, _err: std::io::Error) {}
        fn wait(&mut self, msgs: &mut Vec<Msg>, _timeout: Option<Duration>) -> Result<bool, ()> {
            self.frames
                .push(std::mem::take(&mut *self.tape.0.borrow_mut()).len());
            let keys = self.script.pop_front().ok_or(())?;
            msgs.extend(
                crate::app::harness::parse_keys(keys)
                    .into_iter()
                    .map(Msg::Key),
            );
            Ok(false)
        }
        fn quit(&mut self) {}
        fn scroll_rows(&mut self, _top: u16, _bottom: u16, _by: isize) -> std::io::Result<bool> {
            self.scrolls += 1;
            Ok(true)
        }
    }

    /// A line down is the terminal's scroll and one new row, frame after
    /// frame: the screen kept between frames (small, with the terminal's
    /// buffers put away) is what the next one is diffed against.
    #[test]
    fn a_line_down_writes_one_row_frame_after_frame() {
        let mut app = App::new(crate::theme::Theme::default());
        app.update(Msg::Resize(80, 24));
        let lesson = Library::builtin().find_shared("derivatives");
        app.open(lesson.expect("a built-in lesson"));
        let tape = Tape::default();
        let mut front = Scrolling {
            terminal: ratatui::Terminal::with_options(
                ratatui::backend::CrosstermBackend::new(tape.clone()),
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 80, 24)),
                },
            )
            .expect("test terminal"),
            tape,
            script: ["j", "j", "j"].into_iter().collect(),
            frames: Vec::new(),
            scrolls: 0,
        };
        run(&mut app, &mut front);
        assert_eq!(front.scrolls, 3);
        let (first, lines) = (front.frames[0], &front.frames[1..]);
        assert_eq!(lines.len(), 3);
        for &n in lines {
            assert!(
                n * 4 < first,
                "a line down wrote {n} bytes; the screen {first}"
            );
        }
    }
}
