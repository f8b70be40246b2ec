//! The application: all state of a session (catalog, the open lesson, focus,
//! overlays, quiz answers) and its pure [`App::update`]. Input arrives as a
//! [`Msg`]; nothing here reads a terminal or draws. [`crate::ui::render`]
//! reads an `&App` to draw it.
//!
//! `update` touches no file, socket or database: what should happen outside
//! (open a lesson from the library, read or record progress) it queues as an
//! [`Effect`], and [`crate::driver`] carries the effects out and hands the
//! results back (`open`, `restore`, `show_progress`, `progress_failed`).
//!
//! Key handling lives here too, by mode, with the meaning of each key in
//! [`keymap`]: reading here; the catalog in `app/catalog.rs`, answering
//! (where letters are letters) in `app/editing.rs`, explorers' keys and
//! mouse in `app/explorer_input.rs`, the windows over the screen in
//! `app/overlays.rs`, a watched file's reload in `app/reload.rs`.

mod catalog;
mod editing;
pub mod end;
mod explorer_input;
#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
pub(crate) mod harness;
pub mod keymap;
mod overlays;
mod play;
mod practice;
mod reload;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
pub use crossterm::event::{KeyEvent, MouseEvent};
use tui_input::InputRequest;
use tui_input::backend::crossterm::to_input_request;

use crate::answer::{Checked, QuestionState};
use crate::explore::{self, Dir, Explorer};
use crate::layout::ScreenGeometry;
use crate::layout::doc::{self, Doc, Target, View};
use crate::lesson::{Answer, Block, BlockKind, Lesson, Question};
use crate::library::{Entry, Library, Source};
use crate::progress::{
    Learner, LessonRecord, Outcome, ProgressError, ProgressStore, Status, Summary,
};
use crate::theme::Theme;
use keymap::{Action, Mode};
pub use overlays::help_max_scroll;
pub use reload::Reloaded;

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// The lesson file was read again (`chalkdust watch`).
    Reload(Reloaded),
    /// A tick of the play timer, sent only while [`App::tick_every`] asks
    /// for one.
    Tick,
}

/// The smallest screen the app draws on. Below 80x24 the text reflows,
/// charts shrink with the width and formulas too wide are laid out flat;
/// under 40x12 a line of prose or a chart no longer fits usefully, and the
/// screen says so instead.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Something [`App::update`] wants done outside the app. The front end's
/// driver ([`crate::driver::settle`]) carries it out and reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Find the lesson `key` (a built-in id or a file path) in the library
    /// and open it ([`App::open`]); a catalog pick is marked so `b` can go
    /// back, and says why when it cannot open.
    Open { key: String, from_catalog: bool },
    /// Open the lesson this learner read last, as the store knows it (the
    /// driver answers with [`App::open_resumed`]); no lesson was named.
    OpenLastRead,
    /// Read the learner's record of the lesson just opened and hand it to
    /// [`App::restore`].
    Load { lesson: String },
    /// Read every catalog lesson's progress and hand it to
    /// [`App::show_progress`].
    Survey,
    /// Keep this change to the learner's record of `lesson`.
    Save { lesson: String, change: Change },
}

/// One change to a learner's record, as [`Effect::Save`] carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Reading `section` at `scroll`.
    Position { section: String, scroll: u32 },
    /// The end of `section` was on screen: it is read.
    Read { section: String },
    /// An answer was checked, or given up.
    Check {
        question: String,
        input: String,
        outcome: Outcome,
    },
    /// `hints_opened` hints of `question` are open.
    Hint { question: String, hints_opened: u32 },
    /// Try `try_no` of `question` begins, on the variant `variant` ("a = 3,
    /// n = 2"; empty for a question without parameters).
    Try {
        question: String,
        try_no: u32,
        variant: String,
    },
}

/// Where a session keeps progress: a store and whose progress it is.
#[derive(Clone)]
pub struct Keeping {
    pub store: Arc<dyn ProgressStore>,
    pub learner: Learner,
}

/// A window drawn over the screen that takes the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// Table of contents with the highlighted section.
    Toc {
        selected: usize,
    },
    /// One footnote, or all of them.
    Footnote(Option<String>),
    Confirm(Confirm),
    /// Something the learner must know before going on (progress that
    /// cannot be saved); any of Enter, Esc, Space or q closes it.
    Notice {
        title: String,
        text: String,
    },
    /// The end of the lesson ([`end`]), with the highlighted line of what
    /// is left to do.
    End {
        selected: usize,
    },
}

/// A question asked before doing something that loses or gives away work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    Back,
    GiveUp(String),
}

impl Confirm {
    /// The question shown to the learner.
    pub fn prompt(&self) -> &'static str {
        match self {
            Confirm::Quit => "Quit? An answer you typed has not been checked and will be lost.",
            Confirm::Back => {
                "Back to the catalog? An answer you typed has not been checked and will be lost."
            }
            Confirm::GiveUp(_) => {
                "Show the answer? The question will count as given up, not solved."
            }
        }
    }
}

/// The lesson being read and everything about it.
pub struct Reading {
    /// The lesson as the library keeps it, shared by every session that
    /// opened it (a served class holds one copy, not one per learner).
    /// Read a question through [`Reading::question`], which sees this
    /// learner's variant.
    pub lesson: Arc<Lesson>,
    /// This learner's questions on other values than the lesson's own (a
    /// question with parameters, by try): the only part of the lesson a
    /// session copies.
    pub varied: crate::lesson::Varied,
    pub section: usize,
    pub scroll: usize,
    /// `details` opened or closed by the learner, by (section, path).
    pub toggled: HashMap<(usize, Vec<usize>), bool>,
    pub quiz: HashMap<String, QuestionState>,
    pub focus: Option<Target>,
    /// Typing into (or choosing in) the focused question.
    pub editing: bool,
    pub doc: Doc,
    charts: doc::ChartCache,
    /// Explorer parameters the learner changed, by (section, block path).
    pub explore: HashMap<(usize, Vec<usize>), explore::State>,
    explorers: doc::ExploreCache,
    /// Top-level blocks as last laid out: a key re-lays out only its block.
    blocks: doc::BlockCache,
    /// The learner's record of this lesson could not be read (the store
    /// was down or too busy): the place they had is still the store's, so
    /// the top of the lesson, where they are shown, is not written over it
    /// until they move (see [`App::save_position`]).
    place_unread: bool,
    /// The explorer point being dragged with the mouse: (path, parameter).
    dragging: Option<(Vec<usize>, usize)>,
    pub from_catalog: bool,
    /// Ids of the sections whose end the learner has seen, now or in an
    /// earlier session (opening one is not reading it).
    pub sections_read: HashSet<String>,
    /// The try each question is on (absent: the first, 0); a question with
    /// parameters shows the variant of its try.
    pub tries: HashMap<String, u32>,
    /// Questions whose current try the store already keeps.
    tries_kept: HashSet<String>,
    /// Questions not yet mastered, still to walk in a review (`R`).
    pub review: Vec<String>,
    /// Questions with a try solved without giving up (now or before).
    pub mastered: HashSet<String>,
    /// The explorer slider advancing on the play key's timer, if any.
    playing: Option<play::Playing>,
}

impl std::fmt::Debug for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reading")
            .field("lesson", &self.lesson.header.id)
            .field("section", &self.section)
            .field("scroll", &self.scroll)
            .field("focus", &self.focus)
            .field("editing", &self.editing)
            .finish_non_exhaustive()
    }
}

impl Reading {
    /// The question with `id`, anywhere in the lesson, on this learner's
    /// variant.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.varied
            .get(id)
            .or_else(|| self.lesson.questions().find(|q| q.id == id))
    }

    /// Draw this learner's variants (seed `seed`) at the tries they are on.
    fn personalise(&mut self, seed: &str) {
        let tries = &self.tries;
        self.varied = self
            .lesson
            .variants_for(seed, |id| tries.get(id).copied().unwrap_or(0));
    }

    /// The questions of section `i`, in order.
    pub fn section_questions(&self, i: usize) -> Vec<&Question> {
        self.lesson
            .sections
            .get(i)
            .map(crate::lesson::Section::questions)
            .unwrap_or_default()
    }

    /// Section `i` has questions and every one is solved or given up.
    pub fn section_complete(&self, i: usize) -> bool {
        let qs = self.section_questions(i);
        !qs.is_empty()
            && qs
                .iter()
                .all(|q| self.quiz.get(&q.id).is_some_and(QuestionState::done))
    }

    /// The explorer at block `path` of the current section.
    pub fn explorer(&self, path: &[usize]) -> Option<&Explorer> {
        let section = self.lesson.sections.get(self.section)?;
        match &block_at(&section.blocks, path)?.kind {
            BlockKind::Explore(e) => Some(e),
            _ => None,
        }
    }

    /// The catalog's counts for this lesson, from what is on screen now
    /// (the same as the store holds, since every change was recorded).
    pub fn summary(&self) -> Summary {
        let sections = &self.lesson.sections;
        let status = |id: &str| self.quiz.get(id).map(|s| s.status);
        let questions = question_ids(&self.lesson);
        Summary {
            sections_read: sections
                .iter()
                .filter(|s| self.sections_read.contains(&s.id))
                .count(),
            sections_total: sections.len(),
            // A question mastered stays counted while another try of it
            // is under way.
            questions_solved: questions
                .iter()
                .filter(|id| status(id) == Some(Status::Solved) || self.mastered.contains(**id))
                .count(),
            questions_given_up: questions
                .iter()
                .filter(|id| status(id) == Some(Status::GivenUp) && !self.mastered.contains(**id))
                .count(),
            questions_total: questions.len(),
            last_read: None,
        }
    }

    fn unsaved(&self) -> bool {
        self.quiz.values().any(QuestionState::unsaved)
    }

    fn focused_question(&self) -> Option<String> {
        match &self.focus {
            Some(Target::Question(id)) => Some(id.clone()),
            _ => None,
        }
    }
}

/// What the layout reads of a [`Reading`] on screen. A macro, not a
/// method: the view borrows the reading's fields one by one, so its caches
/// (`charts`, `explorers`, `blocks`) stay free to lend mutably beside it.
macro_rules! screen_view {
    ($r:expr, $theme:expr, $editing:expr) => {
        View {
            theme: $theme,
            lesson: &$r.lesson,
            varied: &$r.varied,
            section: $r.section,
            toggled: &$r.toggled,
            quiz: &$r.quiz,
            editing: $editing,
            explore: &$r.explore,
            focus: $r.focus.as_ref(),
            mode: doc::Mode::Screen,
        }
    };
}

/// The whole application state.
pub struct App {
    pub theme: Theme,
    pub size: (u16, u16),
    /// Lessons for the catalog, in catalog order (by series and part).
    pub catalog: Vec<Entry>,
    /// Where catalog lessons are found; read by the driver only, when it
    /// carries out [`Effect::Open`] and [`Effect::Survey`].
    library: Arc<Library>,
    /// Where progress is kept, if anywhere; read by the driver only.
    keeping: Option<Keeping>,
    /// Blocks laid out by the server's other sessions (none for a lone
    /// app): see [`doc::SharedBlocks`].
    shared_layouts: Option<Arc<doc::SharedBlocks>>,
    /// What `update` asked for that is not done yet (see [`Effect`]).
    effects: Vec<Effect>,
    pub catalog_selected: usize,
    pub reading: Option<Reading>,
    pub overlay: Option<Overlay>,
    /// The opening reading position is not written yet (see
    /// [`App::save_pending`]).
    position_pending: bool,
    /// A one-line message for the status bar (cleared by the next key).
    pub status: Option<String>,
    quit: bool,
    /// The learner's choice of mouse capture (`m`); `None` is automatic.
    mouse: Option<bool>,
    /// Progress was meant to be kept but the store could not be opened: the
    /// title bar says so for as long as the app runs, not only in the
    /// notice shown at the start.
    pub not_saving: bool,
    /// Progress of each catalog lesson, by lesson id; `None` when progress
    /// is not kept (nothing is shown then).
    pub catalog_progress: Option<HashMap<String, Summary>>,

    /// Errors in the watched lesson file, shown over the last good version
    /// until a save fixes them.
    pub problems: Vec<crate::lesson::Diagnostic>,
    /// Who the learner is for drawing question variants (see
    /// [`App::with_variant_seed`]).
    variant_seed: String,
    /// The catalog's progress is still to be read (see
    /// [`App::take_effects`]).
    survey_due: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("size", &self.size)
            .field("catalog", &self.catalog.len())
            .field("reading", &self.reading)
            .field("overlay", &self.overlay)
            .finish_non_exhaustive()
    }
}

impl App {
    /// An app with nothing open and an empty catalog.
    pub fn new(theme: Theme) -> App {
        App {
            theme,
            size: (0, 0),
            catalog: Vec::new(),
            library: Arc::new(Library::default()),
            keeping: None,
            shared_layouts: None,
            effects: Vec::new(),
            catalog_selected: 0,
            reading: None,
            overlay: None,
            position_pending: false,
            status: None,
            quit: false,
            mouse: None,
            not_saving: false,
            catalog_progress: None,

            problems: Vec::new(),
            variant_seed: String::new(),
            survey_due: false,
        }
    }

    /// List the lessons of `library` in the catalog.
    pub fn with_library(mut self, library: Library) -> App {
        self.catalog = library
            .groups()
            .into_iter()
            .flat_map(|g| g.entries.into_iter().cloned())
            .collect();
        self.library = Arc::new(library);
        self
    }

    /// Lay out lessons with the server's other sessions: a block that
    /// holds nothing of the learner's is laid out once for all of them.
    pub fn with_shared_layouts(mut self, layouts: Arc<doc::SharedBlocks>) -> App {
        self.shared_layouts = Some(layouts);
        self
    }

    /// Keep `learner`'s progress in `store`: lessons opened from now on are
    /// recorded and restored, and the catalog shows each lesson's progress
    /// (call after [`App::with_library`]). The local terminal and every SSH
    /// session set an app up this way, each with its own learner.
    pub fn with_store(self, store: impl ProgressStore + 'static, learner: Learner) -> App {
        self.with_shared_store(Arc::new(store), learner)
    }

    /// [`App::with_store`] for a store already shared (a server's one store,
    /// whichever back end it is, serves every session).
    pub fn with_shared_store(mut self, store: Arc<dyn ProgressStore>, learner: Learner) -> App {
        if self.variant_seed.is_empty() {
            self.variant_seed = learner.id.clone();
        }
        self.keeping = Some(Keeping { store, learner });
        self.survey_due = true;
        self
    }

    /// Draw question variants from `seed`: who the learner is, as stable as
    /// their progress (the local data folder, an SSH key). Without one, the
    /// learner's id is used, and with no store every learner sees the same.
    pub fn with_variant_seed(mut self, seed: impl Into<String>) -> App {
        self.variant_seed = seed.into();
        self
    }

    /// Open the lesson to start with when none was named: the library's
    /// only lesson, or for the built-in series the lesson this learner read
    /// last ([`Library::start`] the first time). Where progress is kept,
    /// the store says which lesson that is ([`Effect::OpenLastRead`]): one
    /// query, without opening every lesson as the catalog's survey does.
    pub fn open_start_lesson(&mut self) {
        if self.reading.is_some() {
            return;
        }
        let Some(start) = self.library.start() else {
            return;
        };
        let single = self.library.entries().len() == 1;
        if self.keeping.is_some() && !single {
            self.effects.push(Effect::OpenLastRead);
            return;
        }
        // Out of the box (one lesson alone) a catalog to go back to would
        // be a screen with a single line.
        self.effects.push(Effect::Open {
            key: entry_key(start),
            from_catalog: !single,
        });
    }

    /// Take what `update` asked for since the last call, oldest first.
    ///
    /// The catalog's progress ([`Effect::Survey`]) is asked for only once
    /// the catalog is what shows and nothing else is pending: it opens
    /// every lesson of the library to count its questions, which a lesson
    /// opened at start (by path, or the only one) never needs.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        if self.survey_due && self.effects.is_empty() && self.reading.is_none() {
            self.survey_due = false;
            self.effects.push(Effect::Survey);
        }
        std::mem::take(&mut self.effects)
    }

    /// The library and the progress store the effects are carried out with.
    pub fn resources(&self) -> (Arc<Library>, Option<Keeping>) {
        (Arc::clone(&self.library), self.keeping.clone())
    }

    /// Show each catalog lesson's progress (the answer to
    /// [`Effect::Survey`]). Returning to the catalog updates the lesson just
    /// read from the app's own state, without reading again.
    pub fn show_progress(&mut self, found: HashMap<String, Summary>) {
        self.catalog_progress = Some(found);
    }

    /// Open `last` (the answer to [`Effect::OpenLastRead`]) if the catalog
    /// has it and it can open, else the library's start lesson; either way
    /// with the catalog behind it, on that lesson.
    pub fn open_resumed(&mut self, last: Option<&str>) {
        if self.reading.is_some() {
            return;
        }
        let resumed = last.and_then(|id| {
            self.catalog
                .iter()
                .position(|e| e.header.id == id && e.is_ok())
        });
        let start = || {
            let id = &self.library.start()?.header.id;
            self.catalog.iter().position(|e| &e.header.id == id)
        };
        if let Some(i) = resumed.or_else(start) {
            self.catalog_selected = i;
            self.effects.push(Effect::Open {
                key: entry_key(&self.catalog[i]),
                from_catalog: true,
            });
        }
    }

    /// A change could not be kept, or a record not read: the status bar
    /// says so (the lesson goes on).
    pub fn progress_failed(&mut self, e: &ProgressError) {
        self.status = Some(format!("progress not saved: {e}"));
    }

    /// A lesson picked in the catalog could not be opened (the answer to
    /// [`Effect::Open`] when the library cannot give it).
    pub fn open_failed(&mut self, e: &crate::library::FindError) {
        let first = match e {
            crate::library::FindError::Invalid(le) => le.errors().next().map(|d| format!(": {d}")),
            _ => None,
        };
        self.status = Some(format!(
            "cannot open this lesson ({e}){}; run chalkdust check on it",
            first.unwrap_or_default()
        ));
    }

    /// Show `text` in a window over the screen until the learner closes it.
    pub fn notice(&mut self, title: impl Into<String>, text: impl Into<String>) {
        self.overlay = Some(Overlay::Notice {
            title: title.into(),
            text: text.into(),
        });
    }

    /// Open `lesson` at its first section; the driver then reads the
    /// learner's record of it ([`Effect::Load`]) and [`App::restore`]s it.
    /// A lesson shared with other sessions stays shared.
    pub fn open(&mut self, lesson: impl Into<Arc<Lesson>>) {
        let lesson = lesson.into();
        let id = lesson.header.id.clone();
        let mut reading = Reading {
            lesson,
            varied: crate::lesson::Varied::new(),
            section: 0,
            scroll: 0,
            toggled: HashMap::new(),
            quiz: HashMap::new(),
            focus: None,
            editing: false,
            doc: Doc::default(),
            charts: doc::ChartCache::new(),
            explore: HashMap::new(),
            explorers: doc::ExploreCache::new(),
            blocks: doc::BlockCache::default(),
            place_unread: false,
            dragging: None,
            from_catalog: false,
            sections_read: HashSet::new(),
            tries: HashMap::new(),
            tries_kept: HashSet::new(),
            review: Vec::new(),
            mastered: HashSet::new(),
            playing: None,
        };
        reading.personalise(&self.variant_seed);
        self.reading = Some(reading);
        // A notice (progress that cannot be saved) outlives the opening:
        // the learner has not read it yet.
        if !matches!(self.overlay, Some(Overlay::Notice { .. })) {
            self.overlay = None;
        }
        self.lay_out_if_sized();
        self.effects.push(Effect::Load { lesson: id });
    }

    /// Put back what the learner did in the open lesson before (the answer
    /// to [`Effect::Load`]), then record where they are.
    pub fn restore(&mut self, lesson: &str, record: Result<LessonRecord, ProgressError>) {
        let Some(r) = self
            .reading
            .as_mut()
            .filter(|r| r.lesson.header.id == lesson)
        else {
            return;
        };
        let loaded = record.is_ok();
        match record {
            Ok(record) => restore(r, &record, &self.variant_seed),
            Err(e) => {
                r.place_unread = true;
                self.status = Some(format!("progress not loaded: {e}"));
            }
        }
        self.lay_out_if_sized();
        // The position is written (a disk sync) once the first frame is on
        // screen; the section counts as read once its end has been seen.
        // Not when the record could not be read: that would put the top of
        // the lesson in place of where the learner was (a student logging
        // in again while the database is swamped would lose their place).
        if loaded && r_section_id(self).is_some() {
            self.position_pending = true;
        }
    }

    /// The end of the section is on screen: it counts as read (once), and
    /// the store is told.
    fn mark_read_if_seen(&mut self) {
        let h = self.body_height();
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(s) = r.lesson.sections.get(r.section) else {
            return;
        };
        if h == 0 || r.scroll + h < r.doc.rows.len() || r.sections_read.contains(&s.id) {
            return;
        }
        r.sections_read.insert(s.id.clone());
        let change = Change::Read {
            section: s.id.clone(),
        };
        let lesson = r.lesson.header.id.clone();
        self.effects.push(Effect::Save { lesson, change });
    }

    /// Write what was put off so the first frame could come sooner: the
    /// reading position of a lesson just opened. The driver calls this after
    /// drawing. Returns whether an effect was queued.
    pub fn save_pending(&mut self) -> bool {
        if !self.position_pending {
            return false;
        }
        self.save_position();
        self.mark_read_if_seen();
        true
    }

    /// True once the learner asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The screen is big enough to draw on.
    pub fn fits(&self) -> bool {
        self.size.0 >= MIN_SIZE.0 && self.size.1 >= MIN_SIZE.1
    }

    /// Width of the text column for a screen `w` wide: a two-column gutter
    /// for the focus mark on the left, one spare column on the right.
    pub fn text_width(w: u16) -> u16 {
        ScreenGeometry::new(w, 0).text_width()
    }

    /// Where the bars, the gutter and the text are on this screen.
    pub fn geometry(&self) -> ScreenGeometry {
        ScreenGeometry::new(self.size.0, self.size.1)
    }

    /// Rows of the lesson text on screen (title and status bars excluded).
    pub fn body_height(&self) -> usize {
        usize::from(self.geometry().body_height())
    }

    /// Apply `msg`. Returns whether anything changed (whether to redraw).
    pub fn update(&mut self, msg: Msg) -> bool {
        let before = self.focused_explorer();
        // What was on screen until now was seen (a lesson just opened has
        // had no update yet).
        self.mark_read_if_seen();
        let changed = self.apply(msg);
        self.stop_play_if_gone();
        // An explorer draws its selected point only while it has focus, so
        // focus coming to or leaving one changes the layout.
        if self.focused_explorer() != before {
            self.relayout();
        }
        self.mark_read_if_seen();
        changed
    }

    /// The block path of the explorer that has focus, if one has.
    fn focused_explorer(&self) -> Option<(usize, Vec<usize>)> {
        let r = self.reading.as_ref()?;
        match &r.focus {
            Some(Target::Explore(path, _)) => Some((r.section, path.clone())),
            _ => None,
        }
    }

    fn apply(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Resize(w, h) => {
                if self.size == (w, h) {
                    return false;
                }
                self.size = (w, h);
                self.relayout();
                self.clamp_scroll();
                // What has focus stays on screen at the new size.
                self.reveal_focus();
                true
            }
            Msg::Key(k) => {
                if k.kind == KeyEventKind::Release {
                    return false;
                }
                self.status = None;
                self.on_key(k);
                true
            }
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Reload(r) => self.reload(r),
            Msg::Tick => self.tick(),
            Msg::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    self.on_explore_mouse(m) || self.on_click(m)
                }
                MouseEventKind::Drag(MouseButton::Left) | MouseEventKind::Up(MouseButton::Left) => {
                    self.on_explore_mouse(m)
                }
                MouseEventKind::ScrollDown => {
                    self.scroll_by(3);
                    true
                }
                MouseEventKind::ScrollUp => {
                    self.scroll_by(-3);
                    true
                }
                _ => false,
            },
        }
    }

    /// Lay the open section out and keep the scroll inside it, once the
    /// terminal's size is known. Before (a lesson opened before the first
    /// frame) there is nothing to lay out for: a layout at width 0 would be
    /// thrown away, and clamping to it would lose a restored scroll. The
    /// first resize does both.
    fn lay_out_if_sized(&mut self) {
        if self.size != (0, 0) {
            self.relayout();
            self.clamp_scroll();
        }
    }

    /// Rebuild the laid-out section (width, section, details or quiz changed).
    pub(super) fn relayout(&mut self) {
        let width = App::text_width(self.size.0);
        let theme = self.theme;
        if let Some(r) = self.reading.as_mut() {
            let editing = if r.editing {
                r.focused_question()
            } else {
                None
            };
            let view = screen_view!(r, theme, editing.as_deref());
            // Charts sampled for another width are no use any more.
            if r.doc.width != width {
                r.charts.retain(|k, _| k.2 == width);
                r.explorers.retain(|k, _| k.2 == width);
            }
            if let Some(shared) = &self.shared_layouts {
                r.blocks.share(shared, &r.lesson);
            }
            r.doc = doc::build_cached(view, width, &mut r.charts, &mut r.explorers, &mut r.blocks);
        }
    }

    /// Lay out again after the state of question `id` changed and nothing
    /// else did (a key typed into its answer): only the top-level block
    /// holding it is laid out and put in place, when the layout can do that
    /// ([`doc::relayout_block`]); otherwise the section, as
    /// [`App::relayout`].
    pub(super) fn relayout_question(&mut self, id: &str) {
        let width = App::text_width(self.size.0);
        let theme = self.theme;
        let done = self.reading.as_mut().is_some_and(|r| {
            let Some(block) = r.lesson.sections.get(r.section).and_then(|s| {
                s.blocks
                    .iter()
                    .position(|b| b.questions().iter().any(|q| q.id == id))
            }) else {
                return false;
            };
            let editing = if r.editing {
                r.focused_question()
            } else {
                None
            };
            let view = screen_view!(r, theme, editing.as_deref());
            doc::relayout_block(
                view,
                width,
                &mut r.charts,
                &mut r.explorers,
                &mut r.blocks,
                &mut r.doc,
                block,
            )
        });
        if !done {
            self.relayout();
        }
    }

    /// The reader is at the bottom of a section that has a next one.
    pub fn at_section_end(&self) -> bool {
        self.reading.as_ref().is_some_and(|r| {
            r.scroll >= self.max_scroll() && r.section + 1 < r.lesson.sections.len()
        })
    }

    pub(super) fn max_scroll(&self) -> usize {
        match &self.reading {
            Some(r) => r.doc.rows.len().saturating_sub(self.body_height()),
            None => 0,
        }
    }

    pub(super) fn clamp_scroll(&mut self) {
        let max = self.max_scroll();
        if let Some(r) = self.reading.as_mut() {
            r.scroll = r.scroll.min(max);
        }
    }

    pub(super) fn scroll_by(&mut self, delta: isize) {
        let max = self.max_scroll();
        let h = self.body_height();
        if let Some(r) = self.reading.as_mut() {
            r.scroll = r.scroll.saturating_add_signed(delta).min(max);
            // Focus that scrolled out of sight is let go, so Tab starts
            // from what the learner is looking at.
            if !r.editing
                && let Some(t) = &r.focus
                && let Some(i) = r.doc.find(t)
            {
                let rows = &r.doc.items[i].rows;
                if rows.end <= r.scroll || rows.start >= r.scroll + h {
                    r.focus = None;
                }
            }
        }
    }

    pub(super) fn scroll_to(&mut self, top: usize) {
        let max = self.max_scroll();
        if let Some(r) = self.reading.as_mut() {
            r.scroll = top.min(max);
        }
    }

    /// Scroll so the focused item (and the typing cursor) can be seen.
    pub(super) fn reveal_focus(&mut self) {
        let h = self.body_height().max(1);
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(i) = r.focus.as_ref().and_then(|t| r.doc.find(t)) else {
            return;
        };
        let item = &r.doc.items[i];
        let m = item.mark.0;
        // The widest span that fits (an explorer with its readouts) is
        // kept in view; failing that, the focused line itself.
        let spans = r
            .focus
            .as_ref()
            .map(|t| r.doc.keep_in_view(t))
            .unwrap_or_default();
        let fits = spans.iter().find(|s| s.end.saturating_sub(s.start) <= h);
        let (a, b) = fits.map_or((item.rows.start, item.rows.end), |s| (s.start, s.end));
        if b.saturating_sub(a) <= h {
            if a < r.scroll {
                r.scroll = a;
            } else if b > r.scroll + h {
                r.scroll = b - h;
            }
        } else if m < r.scroll || m >= r.scroll + h {
            r.scroll = m;
        }
        if let Some((row, _)) = r.doc.cursor {
            if row < r.scroll {
                r.scroll = row;
            } else if row >= r.scroll + h {
                r.scroll = row + 1 - h;
            }
        }
        self.clamp_scroll();
    }

    /// A `details` just opened shows what it opened: as much of it as fits
    /// below its title, which stays on screen.
    fn reveal_opened(&mut self) {
        let h = self.body_height().max(1);
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let Some(i) = r.focus.as_ref().and_then(|t| r.doc.find(t)) else {
            return;
        };
        let rows = r.doc.items[i].rows.clone();
        let want_end = rows.end.min(rows.start + h);
        if want_end > r.scroll + h {
            r.scroll = want_end - h;
        }
        self.clamp_scroll();
    }

    pub(super) fn on_key(&mut self, k: KeyEvent) {
        if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c') {
            self.leave_quietly();
            return;
        }
        if let Some(overlay) = self.overlay.clone() {
            self.on_overlay_key(overlay, k);
            return;
        }
        match &self.reading {
            None => self.on_catalog_key(k),
            Some(r) if r.editing => self.on_edit_key(k),
            Some(_) => self.on_read_key(k),
        }
    }

    /// Quit now, saving the reading position.
    pub(super) fn leave_quietly(&mut self) {
        self.save_position();
        self.quit = true;
    }

    pub(super) fn save_position(&mut self) {
        self.position_pending = false;
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        // Still at the top of a lesson whose record could not be read: the
        // place kept in the store is the better one.
        if r.place_unread {
            if r.section == 0 && r.scroll == 0 {
                return;
            }
            r.place_unread = false;
        }
        let Some(s) = r.lesson.sections.get(r.section) else {
            return;
        };
        let change = Change::Position {
            section: s.id.clone(),
            scroll: u32::try_from(r.scroll).unwrap_or(u32::MAX),
        };
        let lesson = r.lesson.header.id.clone();
        self.effects.push(Effect::Save { lesson, change });
    }

    pub(super) fn ask_quit(&mut self) {
        if self.reading.as_ref().is_some_and(Reading::unsaved) {
            self.overlay = Some(Overlay::Confirm(Confirm::Quit));
        } else {
            self.leave_quietly();
        }
    }

    pub(super) fn on_read_key(&mut self, k: KeyEvent) {
        let page = self.body_height().saturating_sub(2).max(1) as isize;
        let focus = self.reading.as_ref().and_then(|r| r.focus.clone());
        if let Some(Target::Explore(path, i)) = &focus
            && self.on_explore_key(path, *i, k)
        {
            return;
        }
        match keymap::action(Mode::Reading, k.code) {
            Some(Action::ToggleMouse) => {
                self.mouse = Some(!self.mouse_wanted());
                self.status = Some(if self.mouse_wanted() {
                    "Mouse on: drag points; hold Shift to select text.".into()
                } else {
                    "Mouse off: the terminal selects text; move points with the keys.".into()
                });
            }
            Some(Action::Quit) => self.ask_quit(),
            Some(Action::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Some(Action::ScrollDown) => self.scroll_by(1),
            Some(Action::ScrollUp) => self.scroll_by(-1),
            Some(Action::PageDown) => self.scroll_by(page),
            Some(Action::PageUp) => self.scroll_by(-page),
            Some(Action::Space) => match focus {
                Some(Target::Details(_)) => self.activate(),
                _ => self.scroll_by(page),
            },
            Some(Action::Top) => self.scroll_to(0),
            Some(Action::Bottom) => self.scroll_to(usize::MAX),
            Some(Action::NextSection) => self.step_section(1),
            Some(Action::PreviousSection) => self.step_section(-1),
            Some(Action::Contents) => {
                let selected = self.reading.as_ref().map_or(0, |r| r.section);
                self.overlay = Some(Overlay::Toc { selected });
            }
            Some(Action::FocusNext) => self.move_focus(true),
            Some(Action::FocusPrevious) => self.move_focus(false),
            Some(Action::Activate) => self.activate(),
            Some(Action::Footnotes) => {
                let id = match focus {
                    Some(Target::Footnote(id, _)) => Some(id),
                    _ => None,
                };
                let has_any = self
                    .reading
                    .as_ref()
                    .is_some_and(|r| !r.lesson.footnotes.is_empty());
                if id.is_some() || has_any {
                    self.overlay = Some(Overlay::Footnote(id));
                } else {
                    self.status = Some("This lesson has no footnotes.".into());
                }
            }
            Some(Action::Hint) => {
                if let Some(Target::Question(id)) = focus {
                    self.hint(&id);
                }
            }
            Some(Action::ShowAnswer) => {
                if let Some(Target::Question(id)) = focus {
                    self.ask_give_up(&id);
                }
            }
            Some(Action::TryAnother) => {
                if let Some(Target::Question(id)) = focus {
                    self.try_another(&id);
                } else {
                    self.status = Some("Focus a question (Tab) to try another.".into());
                }
            }
            Some(Action::Review) => self.review_next(),
            Some(Action::Escape) => {
                let had_focus = self.reading.as_mut().and_then(|r| r.focus.take()).is_some();
                if !had_focus {
                    self.ask_back();
                }
            }
            Some(Action::Back) => self.ask_back(),
            _ => {}
        }
    }

    pub(super) fn move_focus(&mut self, forward: bool) {
        let h = self.body_height();
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        let items = &r.doc.items;
        if items.is_empty() {
            self.status = Some("Nothing to focus in this section.".into());
            return;
        }
        let n = items.len();
        let current = r.focus.as_ref().and_then(|t| r.doc.find(t));
        let next = match current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => items
                .iter()
                .position(|it| it.mark.0 >= r.scroll)
                .unwrap_or(0),
            None => items
                .iter()
                .rposition(|it| it.mark.0 < r.scroll + h)
                .unwrap_or(n - 1),
        };
        r.focus = Some(items[next].target.clone());
        // An explorer marks its selected point on the canvas.
        if let Some(Target::Explore(path, i)) = r.focus.clone()
            && let Some(e) = r.explorer(&path).cloned()
        {
            let state = r
                .explore
                .entry((r.section, path))
                .or_insert_with(|| e.start());
            if state.focus != i {
                state.focus = i;
                self.relayout();
            }
        }
        self.reveal_focus();
    }

    pub(super) fn activate(&mut self) {
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        match r.focus.clone() {
            Some(Target::Details(path)) => {
                let default = r
                    .lesson
                    .sections
                    .get(r.section)
                    .and_then(|s| details_default(&s.blocks, &path))
                    .unwrap_or(false);
                let key = (r.section, path);
                let open_now = r.toggled.get(&key).copied().unwrap_or(default);
                r.toggled.insert(key, !open_now);
                self.relayout();
                self.reveal_focus();
                if !open_now {
                    self.reveal_opened();
                }
            }
            Some(Target::Question(id)) => {
                if r.quiz.get(&id).is_some_and(QuestionState::done) {
                    self.status = Some("This question is done.".into());
                    return;
                }
                r.editing = true;
                self.relayout();
                self.reveal_focus();
            }
            Some(Target::Footnote(id, _)) => self.overlay = Some(Overlay::Footnote(Some(id))),
            Some(Target::Explore(..)) => {
                self.status = Some(
                    "←/→ change it (Shift or PgUp/PgDn: bigger steps) · Tab the next one".into(),
                )
            }
            None => {}
        }
    }

    pub(super) fn step_section(&mut self, delta: isize) {
        let Some(r) = &self.reading else { return };
        let n = r.lesson.sections.len();
        let target = r.section.saturating_add_signed(delta);
        if target >= n || target == r.section {
            if delta > 0 {
                self.show_end();
            } else {
                self.status = Some("This is the first section.".into());
            }
            return;
        }
        self.go_to_section(target);
    }

    pub(super) fn go_to_section(&mut self, i: usize) {
        let Some(r) = self.reading.as_mut() else {
            return;
        };
        if i >= r.lesson.sections.len() {
            return;
        }
        r.section = i;
        r.scroll = 0;
        r.focus = None;
        r.editing = false;
        self.relayout();
        self.save_position();
    }
}

/// What [`Library::find`] needs to open a catalog entry.
pub fn entry_key(entry: &Entry) -> String {
    match &entry.source {
        Source::Builtin(_) => entry.header.id.clone(),
        Source::File(path) => path.display().to_string(),
    }
}

/// Every question id of `lesson`, in order (inside details too).
pub fn question_ids(lesson: &Lesson) -> Vec<&str> {
    lesson.questions().map(|q| q.id.as_str()).collect()
}

/// The block at `path` (indices through nested `details`).
fn block_at<'a>(blocks: &'a [Block], path: &[usize]) -> Option<&'a Block> {
    let (first, rest) = path.split_first()?;
    let block = blocks.get(*first)?;
    if rest.is_empty() {
        return Some(block);
    }
    match &block.kind {
        BlockKind::Details { blocks, .. } => block_at(blocks, rest),
        _ => None,
    }
}

/// How the `details` block at `path` starts (open or closed).
fn details_default(blocks: &[Block], path: &[usize]) -> Option<bool> {
    let (first, rest) = path.split_first()?;
    match &blocks.get(*first)?.kind {
        BlockKind::Details { open, blocks, .. } => {
            if rest.is_empty() {
                Some(*open)
            } else {
                details_default(blocks, rest)
            }
        }
        _ => None,
    }
}

/// Put a stored record back: position and every question's state.
fn restore(r: &mut Reading, record: &LessonRecord, seed: &str) {
    for (id, tries) in &record.tries {
        if let Some(last) = tries.last() {
            r.tries.insert(id.clone(), last.try_no);
            r.tries_kept.insert(id.clone());
        }
    }
    for id in question_ids(&r.lesson) {
        if record.mastered(id) {
            r.mastered.insert(id.to_string());
        }
    }
    r.personalise(seed);
    // The questions' text may have changed (another try's numbers); the
    // block cache keys on states, not on the lesson, so it starts afresh.
    r.blocks = doc::BlockCache::default();
    if let Some(id) = &record.section
        && let Some(i) = r.lesson.sections.iter().position(|s| &s.id == id)
    {
        r.section = i;
        r.scroll = usize::try_from(record.scroll).unwrap_or(0);
    }
    r.sections_read.extend(record.sections_read.iter().cloned());
    let ids: Vec<String> = record.questions.keys().cloned().collect();
    for id in ids {
        if let (Some(q), Some(rec)) = (r.question(&id).cloned(), record.questions.get(&id)) {
            let st = QuestionState::from_record(&q, rec);
            if st.status != Status::Open || st.attempts > 0 || st.hints_opened > 0 {
                r.quiz.insert(id, st);
            }
        }
    }
}

#[cfg(test)]
mod explore_tests;
#[cfg(test)]
mod tests;

/// The id of the section the open lesson is at.
fn r_section_id(app: &App) -> Option<String> {
    let r = app.reading.as_ref()?;
    r.lesson.sections.get(r.section).map(|s| s.id.clone())
}
