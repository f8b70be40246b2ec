//! The laid-out document of one section: styled rows at one width, the
//! sampled charts, and where the focusable things are. Built in `update`
//! when something that changes the layout changes; drawing only copies the
//! visible window.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::describe::{choice_letter, describe_chart, describe_explorer};
use super::fit::{Overflow, chart_overflows};
use super::markdown::{self, Ctx, display_math_lines, display_overflow, footnote_marker};
use super::wrap::{Anchor, Inline, Wrapped, wrap};
use crate::answer::{Checked, QuestionState, answer_text};
use crate::chart::{self, Plotted};
use crate::explore::{self, Explorer, Scene, TableValue};
use crate::lesson::{Answer, Block, BlockKind, Lesson, Pos, Question, Quiz, Varied};
use crate::math::MathOptions;
use crate::progress::Status;
use crate::quiz;
use crate::theme::Theme;

/// Columns an aside's frame takes from the text ("│ " and " │").
const ASIDE_FRAME: usize = 4;

/// What a section is laid out for. The authoring tools run the same
/// layout as the screen, so a block kind laid out here is printed and
/// checked with no code of its own in `authoring`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A learner's screen: what the learner opened, as the learner left it.
    #[default]
    Screen,
    /// `check --width`: the screen's layout with every `details` open and
    /// every hint, explanation and feedback message laid out, noting in
    /// [`Doc::notes`] what does not fit.
    Check,
    /// `print`: linear text for reading top to bottom (or aloud): every
    /// `details` open, every hint; charts and explorers said in a line,
    /// choices lettered, never an answer; no section heading (the printer
    /// numbers them).
    Print,
}

/// Something a learner can move focus to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A `details` block, by its path of block indices in the section.
    Details(Vec<usize>),
    /// A question, by id.
    Question(String),
    /// Parameter `.1` of the explorer block at path `.0`.
    Explore(Vec<usize>, usize),
    /// The `n`th reference (0-based) to a footnote in this section.
    Footnote(String, usize),
}

/// Where a focusable thing is in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub target: Target,
    /// All the rows it takes (scrolled into view as far as they fit).
    pub rows: Range<usize>,
    /// The cells highlighted when focused: row, column, width.
    pub mark: (usize, u16, u16),
}

/// One row of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Text(Line<'static>),
    /// Row `row` of chart `chart`, drawn after `prefix`.
    Chart {
        chart: usize,
        row: u16,
        prefix: Line<'static>,
    },
}

/// Where a slider's track is drawn: parameter `param` of the explorer at
/// `path`, on document row `row`, `width` columns from column `col` of the
/// text (the knob's first and last places are its ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SliderTrack {
    pub path: Vec<usize>,
    pub param: usize,
    pub row: usize,
    pub col: u16,
    pub width: u16,
}

/// A section laid out at one width.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub rows: Vec<Row>,
    pub charts: Vec<Plotted>,
    /// The explorer (by block path) each explorer chart belongs to, by
    /// index into `charts`: where a mouse press on a chart goes.
    pub explore_charts: Vec<(usize, Vec<usize>)>,
    /// Every explorer's rows (title to last table), by block path: a
    /// focused parameter is scrolled into view with its readouts, which
    /// the text asks the learner to watch while changing it.
    pub explorer_rows: Vec<(Vec<usize>, Range<usize>)>,
    /// Every slider's track: where a mouse press sets its value.
    pub slider_tracks: Vec<SliderTrack>,
    /// The first row of each option of each choice question: (question
    /// id, option, row), where a click chooses it.
    pub choice_rows: Vec<(String, usize, usize)>,
    pub items: Vec<Item>,
    /// Where link text went, so drawing can make it a terminal hyperlink.
    pub links: Vec<LinkSpan>,
    /// The text cursor (row, column) of the input being typed in.
    pub cursor: Option<(usize, u16)>,
    pub width: u16,
    /// What does not fit ([`Mode::Check`] only), in layout order.
    pub notes: Vec<Overflow>,
}

/// A stretch of one row that is link text: `width` columns from `col`
/// (counted like an item's mark, from the text's left edge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSpan {
    pub row: usize,
    pub col: u16,
    pub width: u16,
    pub url: String,
}

impl Doc {
    /// The index of the item for `target`, if it is laid out.
    pub fn find(&self, target: &Target) -> Option<usize> {
        self.items.iter().position(|i| &i.target == target)
    }

    /// The rows to keep in view while `target` has focus, widest first: an
    /// explorer's parameter asks for the whole explorer, else itself and
    /// everything below it (the readouts), else its own rows.
    pub fn keep_in_view(&self, target: &Target) -> Vec<Range<usize>> {
        let Some(item) = self.find(target).and_then(|i| self.items.get(i)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Target::Explore(path, _) = target
            && let Some((_, whole)) = self.explorer_rows.iter().find(|(p, _)| p == path)
        {
            out.push(whole.clone());
            out.push(item.rows.start..whole.end);
        }
        out.push(item.rows.clone());
        out
    }
}

/// Everything the layout reads.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub theme: Theme,
    pub lesson: &'a Lesson,
    /// The learner's questions on other values than the lesson's own,
    /// drawn in their place (empty: the lesson as written).
    pub varied: &'a Varied,
    pub section: usize,
    /// `details` whose state differs from how they start, by (section, path).
    pub toggled: &'a HashMap<(usize, Vec<usize>), bool>,
    pub quiz: &'a HashMap<String, QuestionState>,
    /// The question being typed in (or chosen in).
    pub editing: Option<&'a str>,
    /// Explorer states that differ from their start, by (section, path).
    pub explore: &'a HashMap<(usize, Vec<usize>), explore::State>,
    /// What has the app's focus: an explorer marks its point "selected"
    /// only while it has it.
    pub focus: Option<&'a Target>,
    pub mode: Mode,
}

impl View<'_> {
    fn is_open(&self, path: &[usize], default: bool) -> bool {
        if self.mode != Mode::Screen {
            return true;
        }
        self.toggled
            .get(&(self.section, path.to_vec()))
            .copied()
            .unwrap_or(default)
    }
}

/// The top-level blocks of the section last laid out, each with what its
/// layout was made from: typing a character into an answer lays out only
/// the block holding that question, and copies the others (issue 16: a key
/// in a section fifty times the usual length cost ~18 ms when every block
/// was laid out again). Screen layouts only; [`build`] without a cache lays
/// everything out.
#[derive(Debug, Default)]
pub struct BlockCache {
    section: Option<usize>,
    blocks: HashMap<usize, (BlockInputs, Fragment)>,
    /// Where each top-level block's share sits in the [`Doc`] last built
    /// with this cache, by block: what [`relayout_block`] replaces.
    placed: Vec<Placement>,
    /// Top-level blocks laid out (not copied) since [`BlockCache::take_misses`].
    misses: usize,
    /// Blocks put in place of their old rows by [`relayout_block`] since
    /// [`BlockCache::take_patches`].
    patches: usize,
    /// The questions of the section's quizzes, each laid out on its own:
    /// a check, or a key typed into one answer, lays out that question and
    /// copies the others, where it laid out the whole quiz (the 18
    /// questions of Derivatives' self-check, their prompts' Markdown and
    /// math parsed again each time: 8% of a served class's CPU in a
    /// profile, issue 20).
    questions: QuestionCache,
    /// Where blocks laid out by other sessions of the same lesson are
    /// found, and kept for them ([`BlockCache::share`]).
    shared: Option<(Arc<SharedBlocks>, Arc<Lesson>)>,
    /// Top-level blocks copied from [`SharedBlocks`] since
    /// [`BlockCache::take_shared_hits`].
    shared_hits: usize,
}

/// Top-level blocks laid out by any session of a server, for every other
/// session reading the same lesson at the same width. Each session kept
/// only the section it was on, so every page turn laid out the section
/// it led to: Markdown, math and charts parsed and wrapped again, the same
/// for a thousand students (22% of a served class's CPU in a profile,
/// issue 20). A block is shared only when nothing of the learner's goes
/// into its layout: no question (their answers and variants) and no
/// explorer (its state and the focus); what else it depends on is in the
/// key.
///
/// Bounded: past [`SharedBlocks::MAX`] blocks it starts again empty (a
/// server with many lessons, widths and themes lays some out twice).
#[derive(Debug, Default)]
pub struct SharedBlocks {
    kept: Mutex<HashMap<SharedKey, SharedEntry>>,
}

/// A shared block and the lesson it belongs to, held so that the lesson's
/// address (the key's `lesson`) cannot be taken by another lesson while
/// the entry lives.
#[derive(Debug)]
struct SharedEntry {
    _lesson: Arc<Lesson>,
    fragment: Arc<Fragment>,
}

/// What a shareable block's layout depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SharedKey {
    /// The lesson, by the address of the `Arc` every session shares.
    lesson: usize,
    section: usize,
    block: usize,
    width: usize,
    theme: Theme,
    footnotes_seen: Vec<(String, usize)>,
    toggled: Vec<(Vec<usize>, bool)>,
}

impl SharedBlocks {
    /// The most blocks kept: a lesson of 200 blocks at 20 widths.
    pub const MAX: usize = 4_000;

    /// How many blocks are kept now.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Nothing kept yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SharedKey, SharedEntry>> {
        // Only whole entries go in under the lock: a panic elsewhere
        // cannot leave one half-written.
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self, key: &SharedKey) -> Option<Arc<Fragment>> {
        self.lock().get(key).map(|e| Arc::clone(&e.fragment))
    }

    fn keep(&self, key: SharedKey, lesson: &Arc<Lesson>, fragment: Fragment) {
        let mut kept = self.lock();
        if kept.len() >= Self::MAX {
            kept.clear();
        }
        kept.insert(
            key,
            SharedEntry {
                _lesson: Arc::clone(lesson),
                fragment: Arc::new(fragment),
            },
        );
    }
}

/// Whether nothing of a learner's goes into `block`'s layout besides what
/// [`SharedKey`] holds: no question and no explorer, at any depth.
fn shareable(block: &Block) -> bool {
    match &block.kind {
        BlockKind::Quiz(_) | BlockKind::Explore(_) => false,
        BlockKind::Details { blocks, .. } => blocks.iter().all(shareable),
        BlockKind::Text { .. } | BlockKind::Math { .. } | BlockKind::Aside { .. } => true,
        BlockKind::Chart(_) => true,
    }
}

/// Questions laid out before, by id, with what each was laid out from.
#[derive(Debug, Default)]
struct QuestionCache {
    laid_out: HashMap<String, (QuestionInputs, Fragment)>,
    /// Questions laid out (not copied) since
    /// [`BlockCache::take_question_misses`].
    misses: usize,
}

/// Everything a question's layout depends on besides the question itself
/// (a new variant empties the cache, `app/practice.rs`): equal inputs give
/// equal rows.
#[derive(Debug, Clone, PartialEq)]
struct QuestionInputs {
    width: usize,
    theme: Theme,
    /// What comes before each row (a quiz inside an aside is framed).
    prefix: Vec<Span<'static>>,
    /// Its number and the quiz's count ("Question 3 of 18").
    number: (usize, usize),
    footnotes_seen: Vec<(String, usize)>,
    state: Option<QuestionKey>,
    editing: bool,
}

/// Where a top-level block's share of a [`Doc`] is: a range of each of its
/// lists, in the order [`Placement::ranges`] gives them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Placement {
    rows: Range<usize>,
    charts: Range<usize>,
    explore_charts: Range<usize>,
    items: Range<usize>,
    links: Range<usize>,
    explorer_rows: Range<usize>,
    slider_tracks: Range<usize>,
    choice_rows: Range<usize>,
}

impl Placement {
    /// The lengths of `d`'s lists: where a block spliced next starts.
    fn lengths(d: &Doc) -> [usize; 8] {
        [
            d.rows.len(),
            d.charts.len(),
            d.explore_charts.len(),
            d.items.len(),
            d.links.len(),
            d.explorer_rows.len(),
            d.slider_tracks.len(),
            d.choice_rows.len(),
        ]
    }

    fn new(from: [usize; 8], to: [usize; 8]) -> Placement {
        let r = |i: usize| from[i]..to[i];
        Placement {
            rows: r(0),
            charts: r(1),
            explore_charts: r(2),
            items: r(3),
            links: r(4),
            explorer_rows: r(5),
            slider_tracks: r(6),
            choice_rows: r(7),
        }
    }

    fn ranges(&self) -> [Range<usize>; 8] {
        [
            self.rows.clone(),
            self.charts.clone(),
            self.explore_charts.clone(),
            self.items.clone(),
            self.links.clone(),
            self.explorer_rows.clone(),
            self.slider_tracks.clone(),
            self.choice_rows.clone(),
        ]
    }

    /// Moved along by `by` entries of each list (a block before it grew
    /// or shrank).
    fn shifted(&self, by: [isize; 8]) -> Placement {
        let r = self.ranges();
        let m = |i: usize| {
            r[i].start.saturating_add_signed(by[i])..r[i].end.saturating_add_signed(by[i])
        };
        Placement {
            rows: m(0),
            charts: m(1),
            explore_charts: m(2),
            items: m(3),
            links: m(4),
            explorer_rows: m(5),
            slider_tracks: m(6),
            choice_rows: m(7),
        }
    }
}

impl BlockCache {
    /// Find and keep shareable blocks of `lesson` in `with`, shared with
    /// the server's other sessions. Called again with the same lesson, it
    /// changes nothing.
    pub fn share(&mut self, with: &Arc<SharedBlocks>, lesson: &Arc<Lesson>) {
        let same = self
            .shared
            .as_ref()
            .is_some_and(|(w, l)| Arc::ptr_eq(w, with) && Arc::ptr_eq(l, lesson));
        if !same {
            self.shared = Some((Arc::clone(with), Arc::clone(lesson)));
        }
    }

    /// How many top-level blocks were copied from the shared blocks since
    /// this was last called: what tests count.
    pub fn take_shared_hits(&mut self) -> usize {
        std::mem::take(&mut self.shared_hits)
    }

    /// How many top-level blocks were laid out (not copied) by the builds
    /// since this was last called: what tests count.
    pub fn take_misses(&mut self) -> usize {
        std::mem::take(&mut self.misses)
    }

    /// How many blocks [`relayout_block`] put in place (no section built)
    /// since this was last called: what tests count.
    pub fn take_patches(&mut self) -> usize {
        std::mem::take(&mut self.patches)
    }

    /// How many questions were laid out (not copied) since this was last
    /// called: what tests count.
    pub fn take_question_misses(&mut self) -> usize {
        std::mem::take(&mut self.questions.misses)
    }
}

/// Everything a top-level block's layout depends on, besides the lesson
/// itself (which a reload replaces with a new cache): equal inputs give
/// equal rows.
#[derive(Debug, Clone, PartialEq)]
struct BlockInputs {
    width: usize,
    theme: Theme,
    /// Footnote references counted before the block (their numbering in
    /// focus targets continues across blocks).
    footnotes_seen: Vec<(String, usize)>,
    toggled: Vec<(Vec<usize>, bool)>,
    questions: Vec<QuestionKey>,
    editing: Option<String>,
    explore: Vec<(Vec<usize>, explore::State)>,
    /// An explorer's legend marks its point "selected" only while it has
    /// the focus; moving the focus lays the section out again.
    focus: Option<Target>,
}

/// What of a question's state its layout reads (the typed text and its
/// cursor, not the input's undo state).
#[derive(Debug, Clone, PartialEq)]
struct QuestionKey {
    id: String,
    value: String,
    cursor: usize,
    status: Status,
    attempts: u32,
    hints_opened: u32,
    last: Option<Checked>,
    choice: usize,
    chosen: Vec<usize>,
}

impl QuestionKey {
    fn of(id: &str, st: &QuestionState) -> QuestionKey {
        QuestionKey {
            id: id.to_string(),
            value: st.input.value().to_string(),
            cursor: st.input.cursor(),
            status: st.status,
            attempts: st.attempts,
            hints_opened: st.hints_opened,
            last: st.last.clone(),
            choice: st.cursor,
            chosen: st.chosen.clone(),
        }
    }
}

/// A top-level block's share of a [`Doc`], with rows, charts and items
/// numbered from the block's start.
#[derive(Debug, Clone, Default)]
struct Fragment {
    rows: Vec<Row>,
    charts: Vec<Plotted>,
    explore_charts: Vec<(usize, Vec<usize>)>,
    items: Vec<Item>,
    links: Vec<LinkSpan>,
    explorer_rows: Vec<(Vec<usize>, Range<usize>)>,
    slider_tracks: Vec<SliderTrack>,
    choice_rows: Vec<(String, usize, usize)>,
    /// What the block did to the cursor, if anything.
    cursor: Option<Option<(usize, u16)>>,
    footnotes_seen_after: Vec<(String, usize)>,
}

/// How a block's share of a [`Doc`] is renumbered: back to its own start
/// when it is taken out ([`Builder::lay_out_fragment`]), on to where it
/// goes when it is spliced in ([`Builder::splice`]).
#[derive(Debug, Clone, Copy)]
enum Shift {
    Back { rows: usize, charts: usize },
    On { rows: usize, charts: usize },
}

impl Shift {
    fn row(self, r: usize) -> usize {
        match self {
            Shift::Back { rows, .. } => r - rows,
            Shift::On { rows, .. } => r + rows,
        }
    }

    fn chart(self, c: usize) -> usize {
        match self {
            Shift::Back { charts, .. } => c - charts,
            Shift::On { charts, .. } => c + charts,
        }
    }
}

/// What in a [`Doc`] names its rows or charts by number: everything a
/// block's share carries, so one [`Shift`] moves it all alike.
trait Renumber {
    fn renumber(&mut self, s: Shift);
}

impl Renumber for Row {
    fn renumber(&mut self, s: Shift) {
        if let Row::Chart { chart, .. } = self {
            *chart = s.chart(*chart);
        }
    }
}

impl Renumber for Item {
    fn renumber(&mut self, s: Shift) {
        self.rows = s.row(self.rows.start)..s.row(self.rows.end);
        self.mark.0 = s.row(self.mark.0);
    }
}

impl Renumber for LinkSpan {
    fn renumber(&mut self, s: Shift) {
        self.row = s.row(self.row);
    }
}

impl Renumber for SliderTrack {
    fn renumber(&mut self, s: Shift) {
        self.row = s.row(self.row);
    }
}

/// An explorer chart: (chart index, explorer path).
impl Renumber for (usize, Vec<usize>) {
    fn renumber(&mut self, s: Shift) {
        self.0 = s.chart(self.0);
    }
}

/// An explorer's rows: (explorer path, rows).
impl Renumber for (Vec<usize>, Range<usize>) {
    fn renumber(&mut self, s: Shift) {
        self.1 = s.row(self.1.start)..s.row(self.1.end);
    }
}

/// A choice's row: (question id, option, row).
impl Renumber for (String, usize, usize) {
    fn renumber(&mut self, s: Shift) {
        self.2 = s.row(self.2);
    }
}

/// The entries of `v` from `from` on, taken out and renumbered by `s`.
fn take<T: Renumber>(v: &mut Vec<T>, from: usize, s: Shift) -> Vec<T> {
    let mut part = v.split_off(from);
    part.iter_mut().for_each(|x| x.renumber(s));
    part
}

/// `part` renumbered by `s` and appended to `v`.
fn put<T: Renumber>(v: &mut Vec<T>, part: Vec<T>, s: Shift) {
    v.extend(part.into_iter().map(|mut x| {
        x.renumber(s);
        x
    }));
}

/// Charts already sampled, by (section, block path, width): typing into a
/// question re-lays the section out, and must not re-sample its charts.
pub type ChartCache = HashMap<(usize, Vec<usize>, u16), Plotted>;

/// Explorer scenes by (section, block path, width), with the state they
/// were computed for: recomputed when a parameter changes, and only then.
/// The flag is whether it was drawn with the focus on it.
pub type ExploreCache = HashMap<(usize, Vec<usize>, u16), (explore::State, bool, Plotted, Scene)>;

struct Builder<'a, 'c> {
    view: View<'a>,
    charts: &'c mut ChartCache,
    explorers: &'c mut ExploreCache,
    blocks: Option<&'c mut BlockCache>,
    /// Questions laid out before, when `blocks` is not there to hold them
    /// ([`relayout_block`] lends [`BlockCache::questions`] alone); with
    /// neither, every question is laid out.
    questions: Option<&'c mut QuestionCache>,
    width: usize,
    doc: Doc,
    prefix: Vec<Span<'static>>,
    footnote_seen: HashMap<String, usize>,
    /// Where the block (or question) being laid out is written, and what
    /// part of it ("aside", "hint"): how a [`Mode::Check`] note names it.
    at: Pos,
    part: String,
}

impl<'a> Builder<'a, '_> {
    fn theme(&self) -> Theme {
        self.view.theme
    }
    fn prefix_w(&self) -> usize {
        self.prefix.iter().map(Span::width).sum()
    }
    fn inner(&self) -> usize {
        self.width.saturating_sub(self.prefix_w()).max(1)
    }
    fn ctx(&self) -> Ctx<'a> {
        Ctx {
            theme: self.view.theme,
            footnotes: &self.view.lesson.footnotes,
        }
    }
    fn row(&self) -> usize {
        self.doc.rows.len()
    }
    fn line(&mut self, line: Line<'static>) {
        let mut spans = self.prefix.clone();
        let theme = self.theme();
        if theme.ascii {
            // Titles, labels and readouts come from the lesson as written.
            spans.extend(
                line.spans
                    .into_iter()
                    .map(|s| Span::styled(theme.fold(&s.content).into_owned(), s.style)),
            );
        } else {
            spans.extend(line.spans);
        }
        self.doc.rows.push(Row::Text(Line::from(spans)));
    }
    fn blank(&mut self) {
        if matches!(self.doc.rows.last(), Some(Row::Text(l)) if l.width() > 0 && !is_prefix_only(l, &self.prefix))
            || matches!(self.doc.rows.last(), Some(Row::Chart { .. }))
        {
            self.line(Line::default());
        }
    }

    /// Add wrapped lines, each after `left` (columns `offset` wide), make
    /// their footnote references focusable and remember their links.
    fn wrapped(&mut self, w: Wrapped, left: Vec<Span<'static>>) {
        let offset: usize = left.iter().map(Span::width).sum();
        let base = self.row();
        let col0 = self.prefix_w() + offset;
        for line in w.lines {
            let mut spans = left.clone();
            spans.extend(line.spans);
            self.line(Line::from(spans));
        }
        for t in w.tags {
            let row = base + t.line;
            let col = u16::try_from(col0)
                .unwrap_or(u16::MAX)
                .saturating_add(t.col);
            match t.tag {
                Anchor::Footnote(id) => {
                    let n = self.footnote_seen.entry(id.clone()).or_insert(0);
                    let target = Target::Footnote(id, *n);
                    *n += 1;
                    self.doc.items.push(Item {
                        target,
                        rows: row..row + 1,
                        mark: (row, col, t.width),
                    });
                }
                Anchor::Link(url) => self.doc.links.push(LinkSpan {
                    row,
                    col,
                    width: t.width,
                    url,
                }),
            }
        }
    }

    fn markdown(&mut self, text: &str) {
        let w = self.render(text, self.inner());
        self.wrapped(w, Vec::new());
    }

    /// Markdown laid out at `width`; under [`Mode::Check`], what it had to
    /// cut is noted.
    fn render(&mut self, text: &str, width: usize) -> Wrapped {
        if self.view.mode != Mode::Check {
            return markdown::render(text, width, self.ctx());
        }
        let (w, notes) = markdown::render_noting(text, width, self.ctx());
        for n in notes {
            self.note(n);
        }
        w
    }

    fn note(&mut self, message: String) {
        let message = if self.part.is_empty() {
            message
        } else {
            format!("{}: {message}", self.part)
        };
        self.doc.notes.push(Overflow {
            pos: self.at,
            message,
        });
    }

    /// Lay out `f` as part `part` of the block being laid out.
    fn part(&mut self, part: &str, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.part, part.to_string());
        f(self);
        self.part = outer;
    }

    fn blocks(&mut self, path: &[usize], blocks: &[Block]) {
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                self.blank();
            }
            let mut p = path.to_vec();
            p.push(i);
            if path.is_empty() && self.blocks.is_some() {
                self.cached_block(i, block);
            } else {
                self.block(p, block);
            }
        }
    }

    /// Top-level block `i`: copied from the cache when what it is laid out
    /// from is unchanged, else laid out and kept.
    fn cached_block(&mut self, i: usize, block: &Block) {
        let inputs = self.inputs(i, block);
        let hit = self
            .blocks
            .as_deref()
            .and_then(|c| c.blocks.get(&i))
            .filter(|(k, _)| *k == inputs)
            .map(|(_, f)| f.clone());
        let fragment = match hit {
            Some(f) => f,
            None => {
                let f = self.shared_or_laid_out(i, block, &inputs);
                if let Some(cache) = self.blocks.as_deref_mut() {
                    cache.misses += 1;
                    cache.blocks.insert(i, (inputs, f.clone()));
                }
                f
            }
        };
        let from = Placement::lengths(&self.doc);
        self.splice(fragment);
        let placed = Placement::new(from, Placement::lengths(&self.doc));
        if let Some(cache) = self.blocks.as_deref_mut() {
            cache.placed.truncate(i);
            cache.placed.push(placed);
        }
    }

    /// Top-level block `i` as another session laid it out, when it can be
    /// shared and one did; else laid out here, and kept for the others.
    fn shared_or_laid_out(&mut self, i: usize, block: &Block, inputs: &BlockInputs) -> Fragment {
        let Some((with, lesson, key)) = self.shared_key(i, block, inputs) else {
            return self.lay_out_fragment(i, block);
        };
        if let Some(found) = with.get(&key) {
            if let Some(cache) = self.blocks.as_deref_mut() {
                cache.shared_hits += 1;
            }
            // Copied outside the lock: the rows are this session's to splice.
            return Fragment::clone(&found);
        }
        let f = self.lay_out_fragment(i, block);
        with.keep(key, &lesson, f.clone());
        f
    }

    /// The shared key of top-level block `i` laid out from `inputs`, when
    /// it can be shared: the cache has a lesson to share, it is the one
    /// being laid out, and nothing of the learner's is in the block.
    fn shared_key(
        &self,
        i: usize,
        block: &Block,
        inputs: &BlockInputs,
    ) -> Option<(Arc<SharedBlocks>, Arc<Lesson>, SharedKey)> {
        let (with, lesson) = self.blocks.as_deref()?.shared.as_ref()?;
        if !std::ptr::eq(Arc::as_ptr(lesson), self.view.lesson) || !shareable(block) {
            return None;
        }
        let key = SharedKey {
            lesson: Arc::as_ptr(lesson) as usize,
            section: self.view.section,
            block: i,
            width: inputs.width,
            theme: inputs.theme,
            footnotes_seen: inputs.footnotes_seen.clone(),
            toggled: inputs.toggled.clone(),
        };
        Some((Arc::clone(with), Arc::clone(lesson), key))
    }

    fn inputs(&self, i: usize, block: &Block) -> BlockInputs {
        let v = &self.view;
        let footnotes_seen = self.footnotes_so_far();
        let mut toggled: Vec<(Vec<usize>, bool)> = v
            .toggled
            .iter()
            .filter(|((s, p), _)| *s == v.section && p.first() == Some(&i))
            .map(|((_, p), open)| (p.clone(), *open))
            .collect();
        toggled.sort();
        let questions: Vec<&Question> = block.questions();
        let keys = questions
            .iter()
            .filter_map(|q| v.quiz.get(&q.id).map(|st| QuestionKey::of(&q.id, st)))
            .collect();
        let editing = v
            .editing
            .filter(|id| questions.iter().any(|q| q.id == *id))
            .map(str::to_string);
        let mut explore: Vec<(Vec<usize>, explore::State)> = v
            .explore
            .iter()
            .filter(|((s, p), _)| *s == v.section && p.first() == Some(&i))
            .map(|((_, p), st)| (p.clone(), st.clone()))
            .collect();
        explore.sort_by(|a, b| a.0.cmp(&b.0));
        BlockInputs {
            width: self.width,
            theme: v.theme,
            footnotes_seen,
            toggled,
            questions: keys,
            editing,
            explore,
            focus: v.focus.cloned(),
        }
    }

    /// Lay out top-level block `i` and take what it added, renumbered
    /// from its start.
    fn lay_out_fragment(&mut self, i: usize, block: &Block) -> Fragment {
        self.fragment_of(|b| b.block(vec![i], block))
    }

    /// Lay out what `lay_out` adds and take it, renumbered from its start.
    fn fragment_of(&mut self, lay_out: impl FnOnce(&mut Self)) -> Fragment {
        let from = Placement::lengths(&self.doc);
        let cursor0 = self.doc.cursor;
        lay_out(self);
        // Back to the block's own numbering: its first row and chart are 0.
        let back = Shift::Back {
            rows: from[0],
            charts: from[1],
        };
        let footnotes_seen_after = self.footnotes_so_far();
        let d = &mut self.doc;
        let cursor = (d.cursor != cursor0).then(|| d.cursor.map(|(r, c)| (back.row(r), c)));
        d.cursor = cursor0;
        Fragment {
            rows: take(&mut d.rows, from[0], back),
            charts: d.charts.split_off(from[1]),
            explore_charts: take(&mut d.explore_charts, from[2], back),
            items: take(&mut d.items, from[3], back),
            links: take(&mut d.links, from[4], back),
            explorer_rows: take(&mut d.explorer_rows, from[5], back),
            slider_tracks: take(&mut d.slider_tracks, from[6], back),
            choice_rows: take(&mut d.choice_rows, from[7], back),
            cursor,
            footnotes_seen_after,
        }
    }

    /// Append a block laid out before (or just now) at the current row.
    fn splice(&mut self, f: Fragment) {
        let d = &mut self.doc;
        let on = Shift::On {
            rows: d.rows.len(),
            charts: d.charts.len(),
        };
        put(&mut d.rows, f.rows, on);
        d.charts.extend(f.charts);
        put(&mut d.explore_charts, f.explore_charts, on);
        put(&mut d.items, f.items, on);
        put(&mut d.links, f.links, on);
        put(&mut d.explorer_rows, f.explorer_rows, on);
        put(&mut d.slider_tracks, f.slider_tracks, on);
        put(&mut d.choice_rows, f.choice_rows, on);
        if let Some(c) = f.cursor {
            d.cursor = c.map(|(r, col)| (on.row(r), col));
        }
        self.footnote_seen = f.footnotes_seen_after.into_iter().collect();
    }

    fn block(&mut self, path: Vec<usize>, block: &Block) {
        let theme = self.theme();
        let mode = self.view.mode;
        self.at = block.pos;
        match &block.kind {
            BlockKind::Text { text } => self.markdown(text),
            BlockKind::Math { tex } => {
                if mode == Mode::Check
                    && let Some(m) =
                        display_overflow(tex, self.inner(), MathOptions { ascii: theme.ascii })
                {
                    self.note(m);
                }
                for line in display_math_lines(tex, self.inner(), theme) {
                    self.line(line);
                }
            }
            BlockKind::Aside { title, text } if mode == Mode::Print => {
                // A frame is in the way of reading aloud: a guide instead.
                let guide = Span::styled(theme.guide(), theme.border());
                self.line(Line::from(vec![guide.clone(), Span::raw(title.clone())]));
                self.prefix.push(guide);
                self.markdown(text);
                self.prefix.pop();
            }
            BlockKind::Aside { title, text } => self.part("aside", |b| b.aside(title, text)),
            BlockKind::Details {
                title,
                open,
                blocks,
            } => {
                let open = self.view.is_open(&path, *open);
                let start = self.row();
                let head = if mode == Mode::Print {
                    title.clone()
                } else {
                    format!("{} {title}", theme.marker(open))
                };
                let col = u16::try_from(self.prefix_w()).unwrap_or(u16::MAX);
                let w = u16::try_from(head.width()).unwrap_or(u16::MAX);
                self.line(Line::styled(
                    head,
                    Style::new().add_modifier(Modifier::BOLD),
                ));
                if open {
                    self.prefix
                        .push(Span::styled(theme.guide(), theme.border()));
                    if mode == Mode::Print {
                        // The body reads apart from its title.
                        self.line(Line::default());
                    }
                    self.blocks(&path, blocks);
                    self.prefix.pop();
                }
                let end = self.row();
                self.doc.items.push(Item {
                    target: Target::Details(path),
                    rows: start..end,
                    mark: (start, col, w),
                });
            }
            BlockKind::Chart(c) if mode == Mode::Print => {
                self.words(&describe_chart(c, theme.ascii));
            }
            BlockKind::Chart(c) => {
                let width = u16::try_from(self.inner()).unwrap_or(u16::MAX);
                if mode == Mode::Check {
                    for m in chart_overflows(c, usize::from(width)) {
                        self.part("chart", |b| b.note(m));
                    }
                }
                let height = chart::height_for(width);
                let key = (self.view.section, path, width);
                let plotted = self
                    .charts
                    .entry(key)
                    .or_insert_with(|| chart::plot(c, width, height))
                    .clone();
                let plotted = fold_chart(theme, plotted);
                let idx = self.doc.charts.len();
                self.doc.charts.push(plotted);
                let prefix = Line::from(self.prefix.clone());
                for row in 0..height {
                    self.doc.rows.push(Row::Chart {
                        chart: idx,
                        row,
                        prefix: prefix.clone(),
                    });
                }
            }
            BlockKind::Explore(e) if mode == Mode::Print => self.words(&describe_explorer(e)),
            BlockKind::Explore(e) => self.explorer(path, e),
            BlockKind::Quiz(q) => self.quiz(q),
        }
    }

    /// An explorer: its title, its canvas, a line per parameter (each one
    /// focusable), the live readouts and tables.
    fn explorer(&mut self, path: Vec<usize>, e: &Explorer) {
        let theme = self.theme();
        let key = (self.view.section, path.clone());
        let state = self
            .view
            .explore
            .get(&key)
            .cloned()
            .unwrap_or_else(|| e.start());
        let width = u16::try_from(self.inner()).unwrap_or(u16::MAX);
        let height = chart::height_for(width).min(18);
        let cache_key = (self.view.section, path.clone(), width);
        let selected = matches!(self.view.focus, Some(Target::Explore(p, _)) if *p == path);
        let fresh = self
            .explorers
            .get(&cache_key)
            .is_some_and(|(s, sel, _, _)| *s == state && *sel == selected);
        if !fresh {
            let (plotted, scene) = e.plotted_for(&state, selected, width, height);
            self.explorers
                .insert(cache_key.clone(), (state.clone(), selected, plotted, scene));
        }
        let Some((_, _, plotted, scene)) = self.explorers.get(&cache_key).cloned() else {
            return;
        };

        let title = e.title.as_deref().unwrap_or("Explore");
        let start = self.row();
        self.line(Line::from(vec![
            Span::styled(format!("{} ", theme.explore_mark()), theme.accent()),
            Span::styled(title.to_string(), theme.heading()),
        ]));
        if e.draws() {
            let idx = self.doc.charts.len();
            self.doc.charts.push(fold_chart(theme, plotted));
            self.doc.explore_charts.push((idx, path.clone()));
            let prefix = Line::from(self.prefix.clone());
            for row in 0..height {
                self.doc.rows.push(Row::Chart {
                    chart: idx,
                    row,
                    prefix: prefix.clone(),
                });
            }
        }
        let label_w = e
            .params
            .iter()
            .map(|p| p.label().width())
            .max()
            .unwrap_or(0)
            .min(self.inner() / 3);
        let col = u16::try_from(self.prefix_w()).unwrap_or(u16::MAX);
        for (i, p) in e.params.iter().enumerate() {
            let row = self.row();
            let value = e.value_text(&state, i);
            let label = format!("{:<label_w$}", p.label());
            let label_span = Span::styled(label.clone(), theme.strong());
            // The control after `lead` columns: a track in the room left,
            // or a point's coordinates.
            let inner = self.inner();
            let track_room =
                |lead: usize| inner.saturating_sub(lead + value.width() + 4).clamp(4, 30);
            let control = |lead: usize| -> Vec<Span<'static>> {
                let mut spans = Vec::new();
                match e.slider_fraction(&state, i) {
                    Some(f) => {
                        let room = track_room(lead);
                        spans.push(Span::styled(theme.slider_track(f, room), theme.accent()));
                        spans.push(Span::raw("  "));
                        spans.push(Span::styled(value.clone(), theme.strong()));
                    }
                    None => {
                        spans.push(Span::styled(value.clone(), theme.strong()));
                        // The reminder of how to move it, where it fits (the
                        // status bar says it too when the point has focus).
                        let hint = format!("  {} or drag", theme.arrows());
                        let used: usize = lead + value.width();
                        if used + hint.width() <= inner {
                            spans.push(Span::styled(hint, theme.muted()));
                        }
                    }
                }
                spans
            };
            let lead = label.width() + 2;
            let beside = control(lead);
            let beside_w: usize = beside.iter().map(Span::width).sum();
            let is_slider = e.slider_fraction(&state, i).is_some();
            let pw = self.prefix_w();
            let track = |b: &mut Self, row: usize, lead: usize| {
                if is_slider {
                    b.doc.slider_tracks.push(SliderTrack {
                        path: path.clone(),
                        param: i,
                        row,
                        col: u16::try_from(pw + lead).unwrap_or(u16::MAX),
                        width: u16::try_from(track_room(lead)).unwrap_or(u16::MAX),
                    });
                }
            };
            let (w, end) = if lead + beside_w <= inner {
                let mut spans = vec![label_span, Span::raw("  ")];
                spans.extend(beside);
                let w = spans.iter().map(Span::width).sum::<usize>();
                self.line(Line::from(spans));
                track(self, row, lead);
                (w, row + 1)
            } else {
                // A narrow screen: the label on a line of its own, the
                // control under it.
                let w = label_span.width();
                self.line(Line::from(vec![label_span]));
                let mut spans = vec![Span::raw("  ")];
                spans.extend(control(2));
                self.line(Line::from(spans));
                track(self, row + 1, 2);
                (w, row + 2)
            };
            self.doc.items.push(Item {
                target: Target::Explore(path.clone(), i),
                rows: row..end,
                mark: (row, col, u16::try_from(w).unwrap_or(u16::MAX)),
            });
        }
        // Readouts side by side while they fit, one per line otherwise.
        let mut line: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for r in &scene.readouts {
            let text_w = r.label.width() + 2 + r.value.width();
            if used > 0 && used + 4 + text_w > self.inner() {
                self.line(Line::from(std::mem::take(&mut line)));
                used = 0;
            }
            if used > 0 {
                line.push(Span::raw("    "));
                used += 4;
            }
            line.push(Span::styled(format!("{}: ", r.label), theme.muted()));
            line.push(Span::styled(r.value.clone(), theme.strong()));
            used += text_w;
        }
        if !line.is_empty() {
            self.line(Line::from(line));
        }
        for t in &scene.tables {
            self.blank();
            if let Some(title) = &t.title {
                self.line(Line::styled(title.clone(), theme.strong()));
            }
            self.markdown(&table_markdown(t));
        }
        let end = self.row();
        self.doc.explorer_rows.push((path, start..end));
    }

    /// Markdown `text` after a `label` on its first line, later lines
    /// indented under the text (a hanging indent: "Hint 1 of 2: ...").
    fn hanging(&mut self, label: Span<'static>, text: &str) {
        let lw = label.width();
        let w = self.render(text, self.inner().saturating_sub(lw).max(1));
        let lines = w
            .lines
            .into_iter()
            .enumerate()
            .map(|(k, l)| {
                let mut spans = vec![if k == 0 {
                    label.clone()
                } else {
                    Span::raw(" ".repeat(lw))
                }];
                spans.extend(l.spans);
                Line::from(spans)
            })
            .collect();
        self.wrapped(
            Wrapped {
                lines,
                tags: w.tags,
            },
            Vec::new(),
        );
    }

    fn aside(&mut self, title: &str, text: &str) {
        let theme = self.theme();
        let b = theme.boxes();
        let border = theme.border();
        let inner = self.inner().saturating_sub(ASIDE_FRAME).max(1);
        if self.view.mode == Mode::Check && title.width() + 4 > self.inner() {
            self.note(format!(
                "title is {} columns wide, more than the {} available; it will be cut",
                title.width(),
                self.inner().saturating_sub(ASIDE_FRAME)
            ));
        }
        let mut top = format!("{}{} ", b.tl, b.h);
        let head = Span::styled(title.to_string(), theme.heading());
        let used = top.width() + head.width() + 1;
        let mut top_line = vec![Span::styled(top.clone(), border), head];
        top.clear();
        top.push(' ');
        top.push_str(&b.h.repeat((inner + 4).saturating_sub(used + 1)));
        top.push_str(b.tr);
        top_line.push(Span::styled(top, border));
        self.line(Line::from(top_line));
        let w = self.render(text, inner);
        let lines: Vec<Line<'static>> = w
            .lines
            .iter()
            .map(|l| {
                let pad = inner.saturating_sub(l.width());
                let mut spans = l.spans.clone();
                spans.push(Span::raw(" ".repeat(pad)));
                spans.push(Span::styled(format!(" {}", b.v), border));
                Line::from(spans)
            })
            .collect();
        self.wrapped(
            Wrapped {
                lines,
                tags: w.tags,
            },
            vec![Span::styled(format!("{} ", b.v), border)],
        );
        self.line(Line::styled(
            format!("{}{}{}", b.bl, b.h.repeat(inner + 2), b.br),
            border,
        ));
    }

    fn quiz(&mut self, quiz: &Quiz) {
        let theme = self.theme();
        let total = quiz.questions.len();
        let (solved, attempted) = tally(quiz, self.view.quiz);
        let title = quiz.title.clone().unwrap_or_else(|| "Self-check".into());
        if self.view.mode == Mode::Print {
            self.line(Line::styled(title, theme.heading()));
            for (i, q) in quiz.questions.iter().enumerate() {
                self.blank();
                let q = self.view.varied.get(&q.id).unwrap_or(q);
                self.printed_question(q, i + 1, total);
            }
            return;
        }
        let mut tally = format!("   solved {solved} / attempted {attempted} / {total} questions");
        if title.width() + tally.width() > self.inner() {
            // A narrow screen: the short form.
            tally = format!("   {solved}/{total} solved");
        }
        self.line(Line::from(vec![
            Span::styled(title, theme.heading()),
            Span::styled(tally, theme.muted()),
        ]));
        for (i, q) in quiz.questions.iter().enumerate() {
            self.blank();
            let q = self.view.varied.get(&q.id).unwrap_or(q);
            self.cached_question(q, i + 1, total);
        }
    }

    /// [`Builder::question`], copied from the cache when what it is laid
    /// out from is unchanged, else laid out and kept.
    fn cached_question(&mut self, q: &Question, n: usize, total: usize) {
        if self.question_cache().is_none() {
            return self.question(q, n, total);
        }
        let inputs = QuestionInputs {
            width: self.width,
            theme: self.theme(),
            prefix: self.prefix.clone(),
            number: (n, total),
            footnotes_seen: self.footnotes_so_far(),
            state: self
                .view
                .quiz
                .get(&q.id)
                .map(|st| QuestionKey::of(&q.id, st)),
            editing: self.view.editing == Some(q.id.as_str()),
        };
        let hit = self
            .question_cache()
            .and_then(|c| c.laid_out.get(&q.id))
            .filter(|(k, _)| *k == inputs)
            .map(|(_, f)| f.clone());
        let fragment = match hit {
            Some(f) => f,
            None => {
                let f = self.fragment_of(|b| b.question(q, n, total));
                if let Some(cache) = self.question_cache() {
                    cache.misses += 1;
                    cache.laid_out.insert(q.id.clone(), (inputs, f.clone()));
                }
                f
            }
        };
        self.splice(fragment);
    }

    /// The footnote references counted so far, in order: what a cached
    /// part's numbering depends on.
    fn footnotes_so_far(&self) -> Vec<(String, usize)> {
        let mut seen: Vec<(String, usize)> = self
            .footnote_seen
            .iter()
            .map(|(k, n)| (k.clone(), *n))
            .collect();
        seen.sort();
        seen
    }

    fn question_cache(&mut self) -> Option<&mut QuestionCache> {
        match (&mut self.questions, &mut self.blocks) {
            (Some(lent), _) => Some(lent),
            (None, Some(blocks)) => Some(&mut blocks.questions),
            (None, None) => None,
        }
    }

    fn question(&mut self, q: &Question, n: usize, total: usize) {
        self.at = q.pos;
        let theme = self.theme();
        let empty = QuestionState::default();
        let st = self.view.quiz.get(&q.id).unwrap_or(&empty);
        let editing = self.view.editing == Some(q.id.as_str());
        let start = self.row();
        let col = u16::try_from(self.prefix_w()).unwrap_or(u16::MAX);
        let head = format!("Question {n} of {total}");
        let hw = u16::try_from(head.width()).unwrap_or(u16::MAX);
        let mut spans = vec![Span::styled(
            head,
            Style::new().add_modifier(Modifier::BOLD),
        )];
        match st.status {
            Status::Solved => spans.push(Span::styled(
                format!("  {} solved", theme.check_mark()),
                theme.right(),
            )),
            Status::GivenUp => spans.push(Span::styled("  given up", theme.muted())),
            Status::Open if st.attempts > 0 => spans.push(Span::styled(
                format!(
                    "  {} attempt{}",
                    st.attempts,
                    if st.attempts == 1 { "" } else { "s" }
                ),
                theme.muted(),
            )),
            Status::Open => {}
        }
        self.line(Line::from(spans));
        self.part("question prompt", |b| b.markdown(&q.prompt));
        match &q.answer {
            Answer::Choice {
                choices,
                correct,
                multiple,
            } => self.part("choice", |b| {
                b.choices(&q.id, st, choices, correct, *multiple, editing);
            }),
            _ => self.input(q, st, editing),
        }
        self.result(q, st);
        let opened = if self.view.mode == Mode::Check {
            q.hints.len()
        } else {
            st.hints_opened as usize
        };
        self.part("hint", |b| b.hints(q, opened));
        if self.view.mode == Mode::Check {
            // Shown one at a time to a learner; all measured here.
            if let Some(e) = &q.explain {
                self.part("explanation", |b| b.markdown(e));
            }
            for f in &q.feedback {
                self.part("feedback", |b| b.not_yet(&f.say));
            }
        }
        let end = self.row();
        self.doc.items.push(Item {
            target: Target::Question(q.id.clone()),
            rows: start..end,
            mark: (start, col, hw),
        });
    }

    /// The first `opened` hints of `q`, each after its "Hint 1 of 2: ".
    fn hints(&mut self, q: &Question, opened: usize) {
        let theme = self.theme();
        for (i, hint) in q.hints.iter().take(opened).enumerate() {
            let label = format!("Hint {} of {}: ", i + 1, q.hints.len());
            self.hanging(Span::styled(label, theme.hint()), hint);
        }
    }

    /// A wrong answer's feedback, after its "✗ Not yet.".
    fn not_yet(&mut self, text: &str) {
        let theme = self.theme();
        let mark = Span::styled(format!("{} Not yet. ", theme.cross_mark()), theme.wrong());
        self.hanging(mark, text);
    }

    /// Plain words wrapped at the current indent.
    fn words(&mut self, text: &str) {
        let w = wrap(
            &[Inline::text(text, Style::new())],
            self.inner(),
            vec![],
            vec![],
        );
        self.wrapped(w, Vec::new());
    }

    /// A question in [`Mode::Print`]: its prompt, its choices lettered or
    /// what kind of answer it takes, and every hint; never the answer.
    fn printed_question(&mut self, q: &Question, n: usize, total: usize) {
        self.line(Line::styled(
            format!("Question {n} of {total}"),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        self.markdown(&q.prompt);
        match &q.answer {
            Answer::Choice {
                choices, multiple, ..
            } => {
                let how = if *multiple {
                    "(choose all that apply)"
                } else {
                    "(choose one)"
                };
                self.line(Line::raw(how));
                for (i, c) in choices.iter().enumerate() {
                    let label = format!("  {}. ", choice_letter(i));
                    self.hanging(Span::raw(label), c);
                }
            }
            Answer::Number { .. } => self.line(Line::raw("Answer: a number")),
            Answer::Expression { vars, .. } => {
                let line = match vars.as_slice() {
                    [] => "Answer: an expression".to_string(),
                    vs => format!("Answer: an expression in {}", vs.join(", ")),
                };
                self.line(Line::raw(line));
            }
            Answer::Text { .. } => self.line(Line::raw("Answer: a word or phrase")),
            Answer::Vector {
                components, vars, ..
            } => {
                let line = match vars.as_slice() {
                    [] => format!(
                        "Answer: {} components, separated by commas",
                        components.len()
                    ),
                    vs => format!(
                        "Answer: {} components in {}, separated by commas",
                        components.len(),
                        vs.join(", ")
                    ),
                };
                self.line(Line::raw(line));
            }
        }
        self.hints(q, q.hints.len());
    }

    fn input(&mut self, q: &Question, st: &QuestionState, editing: bool) {
        let theme = self.theme();
        let label = "Answer: ";
        let field = self.inner().saturating_sub(label.width() + 1).max(4);
        let value = st.input.value();
        let scroll = if editing {
            st.input.visual_scroll(field)
        } else {
            0
        };
        let visible = visible_slice(value, scroll, field);
        let pad = field.saturating_sub(visible.width());
        let field_style = if st.done() {
            theme.muted()
        } else {
            theme.input()
        };
        let row = self.row();
        self.line(Line::from(vec![
            Span::styled(label, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled(format!("{visible}{}", " ".repeat(pad)), field_style),
        ]));
        let x0 = self.prefix_w() + label.width();
        if editing {
            let cur = st.input.visual_cursor().saturating_sub(scroll).min(field);
            self.doc.cursor = Some((row, u16::try_from(x0 + cur).unwrap_or(u16::MAX)));
        }
        if st.done() || value.trim().is_empty() {
            return;
        }
        match quiz::preview(q, value) {
            Ok(read) => {
                let w = wrap(
                    &[
                        Inline::text("read as: ", theme.muted()),
                        Inline::atom(read, theme.math(), None),
                    ],
                    self.inner(),
                    vec![Span::raw(" ".repeat(label.width()))],
                    vec![Span::raw(" ".repeat(label.width()))],
                );
                self.wrapped(w, Vec::new());
            }
            Err(e) => {
                let at: usize = value
                    .chars()
                    .take(e.column.saturating_sub(1))
                    .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                    .sum();
                if at >= scroll && at - scroll < field {
                    let caret = if theme.ascii { "^" } else { "↑" };
                    self.line(Line::from(vec![
                        Span::raw(" ".repeat(label.width() + at - scroll)),
                        Span::styled(caret, theme.wrong()),
                    ]));
                }
                let msg = format!("can't read this at column {}: {}", e.column, e.message);
                let w = wrap(
                    &[Inline::text(msg, theme.wrong())],
                    self.inner(),
                    vec![Span::raw(" ".repeat(label.width()))],
                    vec![Span::raw(" ".repeat(label.width()))],
                );
                self.wrapped(w, Vec::new());
            }
        }
    }

    fn choices(
        &mut self,
        id: &str,
        st: &QuestionState,
        choices: &[String],
        correct: &[usize],
        multiple: bool,
        editing: bool,
    ) {
        let theme = self.theme();
        for (i, choice) in choices.iter().enumerate() {
            let chosen = st.chosen.contains(&i);
            let reveal = if st.status == Status::GivenUp && correct.contains(&i) {
                format!(" {}", theme.check_mark())
            } else {
                String::new()
            };
            let head = choice_head(theme, i + 1, editing && st.cursor == i, multiple, chosen);
            let text = format!("{choice}{reveal}");
            let style = if editing && st.cursor == i {
                Style::new().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            if editing && st.cursor == i {
                self.doc.cursor = None;
            }
            let row = self.row();
            self.doc.choice_rows.push((id.to_string(), i, row));
            self.hanging(Span::styled(head, style), &text);
        }
    }

    fn result(&mut self, q: &Question, st: &QuestionState) {
        let theme = self.theme();
        match &st.last {
            None => {}
            Some(Checked::Right) => {
                self.line(Line::styled(
                    format!("{} Right!", theme.check_mark()),
                    theme.right(),
                ));
                if let Some(e) = &q.explain {
                    self.markdown(e);
                }
            }
            Some(Checked::Wrong(feedback)) => {
                let text = feedback
                    .clone()
                    .unwrap_or_else(|| "Change your answer and check again.".into());
                self.not_yet(&text);
            }
            Some(Checked::Unreadable(_)) => {
                let msg = "Not checked: the answer can't be read yet (see above). \
                           No attempt counted.";
                let w = wrap(
                    &[Inline::text(msg, theme.hint())],
                    self.inner(),
                    vec![],
                    vec![],
                );
                self.wrapped(w, Vec::new());
            }
            Some(Checked::GaveUp) => {
                // Not "Answer:", the label of the learner's own line above;
                // laid out like the prompt's math (−9x², not -9x^2).
                let raw = answer_text(q);
                let label = "The right answer: ";
                match &q.answer {
                    Answer::Number { .. } | Answer::Expression { .. } | Answer::Vector { .. } => {
                        let shown = quiz::preview(q, &raw).unwrap_or(raw);
                        let w = wrap(
                            &[
                                Inline::text(label, Style::new().add_modifier(Modifier::BOLD)),
                                Inline::atom(shown, theme.math(), None),
                            ],
                            self.inner(),
                            vec![],
                            vec![],
                        );
                        self.wrapped(w, Vec::new());
                    }
                    // Options and words are prose, math in them included.
                    _ => self.hanging(
                        Span::styled(label, Style::new().add_modifier(Modifier::BOLD)),
                        &raw,
                    ),
                }
                if let Some(e) = &q.explain {
                    self.markdown(e);
                }
            }
        }
    }

    fn footnotes(&mut self) {
        let theme = self.theme();
        let lesson = self.view.lesson;
        if lesson.footnotes.is_empty() {
            return;
        }
        self.blank();
        if self.view.mode == Mode::Print {
            self.line(Line::styled("Footnotes", theme.heading()));
            self.line(Line::raw("-".repeat("Footnotes".len())));
            self.line(Line::default());
        } else {
            self.line(Line::styled(
                theme.rule().repeat(self.inner().min(20)),
                theme.border(),
            ));
            self.line(Line::styled("Footnotes", theme.heading()));
        }
        // Footnotes carry no position: a note names them instead.
        self.at = Pos { line: 1, col: 1 };
        for f in &lesson.footnotes {
            let marker = format!("{} ", footnote_marker(&lesson.footnotes, &f.id));
            let mw = marker.width();
            self.part = format!("footnote [^{}]", f.id);
            let w = self.render(&f.text, self.inner().saturating_sub(mw).max(1));
            for (k, l) in w.lines.into_iter().enumerate() {
                let mut spans = vec![if k == 0 {
                    Span::styled(marker.clone(), theme.footnote_ref())
                } else {
                    Span::raw(" ".repeat(mw))
                }];
                spans.extend(l.spans);
                self.line(Line::from(spans));
            }
        }
    }
}

/// A live table as a GitHub Markdown table, so it is drawn exactly like
/// the tables in the prose.
fn table_markdown(t: &TableValue) -> String {
    // Cells are numbers or author-written heads; a `|` would end a cell.
    let cell = |s: &str| s.replace('|', "\\|");
    let mut md = String::new();
    md.push_str(&format!(
        "| {} |\n",
        t.head
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    md.push_str(&format!("|{}\n", "---|".repeat(t.head.len())));
    for row in &t.rows {
        md.push_str(&format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    md
}

/// A chart as the theme shows it. Without colour, lines that differ only
/// by colour get different dash patterns (the second of two dashed
/// tangents is dotted) and the selected point is drawn hollow, so nothing
/// is told apart by colour alone. In ASCII mode its texts (title, axis
/// names, legend, marks) are spelt in ASCII.
fn fold_chart(theme: Theme, mut p: Plotted) -> Plotted {
    if theme.monochrome {
        use crate::chart::{LineStyle, SeriesKind};
        // (style as written, colour, style as drawn) of the lines so far.
        type Seen = (LineStyle, Option<crate::chart::ColorName>, LineStyle);
        let mut used: Vec<Seen> = Vec::new();
        for s in &mut p.series {
            match s.kind {
                SeriesKind::Line => {
                    let written = s.style;
                    let twin = used
                        .iter()
                        .find(|(st, c, _)| *st == written && *c == s.color)
                        .map(|(_, _, drawn)| *drawn);
                    if let Some(drawn) = twin {
                        // The same style and colour: the same kind of thing
                        // (the square's two strips), drawn alike.
                        s.style = drawn;
                    } else if used.iter().any(|(st, _, _)| *st == written)
                        && let Some(free) = [LineStyle::Solid, LineStyle::Dashed, LineStyle::Dots]
                            .into_iter()
                            .find(|f| !used.iter().any(|(_, _, d)| d == f))
                    {
                        // Told apart from an earlier line by colour alone.
                        s.style = free;
                    }
                    used.push((written, s.color, s.style));
                }
                SeriesKind::Points { .. }
                    if s.label
                        .as_deref()
                        .is_some_and(|l| l.ends_with(explore::SELECTED)) =>
                {
                    s.kind = SeriesKind::Points { hollow: true };
                }
                _ => {}
            }
        }
    }
    if !theme.ascii {
        return p;
    }
    let fold = |s: &mut String| *s = theme.fold(s).into_owned();
    for s in p
        .title
        .iter_mut()
        .chain(&mut p.x_label)
        .chain(&mut p.y_label)
    {
        fold(s);
    }
    for s in p.x_tick_labels.iter_mut().chain(&mut p.y_tick_labels) {
        fold(s);
    }
    for s in p.series.iter_mut().filter_map(|s| s.label.as_mut()) {
        fold(s);
    }
    for m in &mut p.marks {
        fold(&mut m.text);
    }
    for t in &mut p.texts {
        fold(&mut t.text);
    }
    // A folded node text may be wider ("∇" is "nabla"): the edges meet the
    // boxes as drawn.
    crate::chart::route_edges(&mut p);
    p
}

fn is_prefix_only(line: &Line<'_>, prefix: &[Span<'_>]) -> bool {
    line.width() == prefix.iter().map(Span::width).sum::<usize>()
}

/// The part of `value` starting `scroll` columns in, at most `width` wide.
fn visible_slice(value: &str, scroll: usize, width: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    for c in value.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if col >= scroll {
            if out.width() + w > width {
                break;
            }
            out.push(c);
        }
        col += w;
    }
    out
}

/// (solved, attempted) questions of `quiz`.
pub fn tally(quiz: &Quiz, states: &HashMap<String, QuestionState>) -> (usize, usize) {
    let mut solved = 0;
    let mut attempted = 0;
    for q in &quiz.questions {
        if let Some(s) = states.get(&q.id) {
            if s.status == Status::Solved {
                solved += 1;
            }
            if s.attempts > 0 || s.done() {
                attempted += 1;
            }
        }
    }
    (solved, attempted)
}

/// Lay out the section `view.section` at `width` columns.
pub fn build(
    view: View<'_>,
    width: u16,
    charts: &mut ChartCache,
    explorers: &mut ExploreCache,
) -> Doc {
    build_with(view, width, charts, explorers, None)
}

/// As [`build`], laying out only the top-level blocks whose inputs
/// changed since the last build with `blocks` ([`Mode::Screen`] only: the
/// authoring modes lay everything out once).
pub fn build_cached(
    view: View<'_>,
    width: u16,
    charts: &mut ChartCache,
    explorers: &mut ExploreCache,
    blocks: &mut BlockCache,
) -> Doc {
    if blocks.section != Some(view.section) {
        blocks.blocks.clear();
        blocks.questions.laid_out.clear();
        blocks.section = Some(view.section);
    }
    let cache = (view.mode == Mode::Screen).then_some(blocks);
    build_with(view, width, charts, explorers, cache)
}

fn build_with(
    view: View<'_>,
    width: u16,
    charts: &mut ChartCache,
    explorers: &mut ExploreCache,
    blocks: Option<&mut BlockCache>,
) -> Doc {
    let mut b = Builder {
        view,
        charts,
        explorers,
        blocks,
        questions: None,
        width: usize::from(width.max(1)),
        doc: Doc {
            width,
            ..Doc::default()
        },
        prefix: Vec::new(),
        footnote_seen: HashMap::new(),
        at: Pos { line: 1, col: 1 },
        part: String::new(),
    };
    if let Some(section) = view.lesson.sections.get(view.section) {
        if view.mode != Mode::Print {
            b.line(Line::styled(section.title.clone(), view.theme.heading()));
            b.line(Line::default());
        }
        b.blocks(&[], &section.blocks);
        if view.section + 1 == view.lesson.sections.len() {
            b.footnotes();
        }
    }
    b.doc.items.sort_by_key(|i| (i.mark.0, i.mark.1));
    b.doc
}

/// Lay out again only top-level block `block` of the section in `doc`
/// (built last with `blocks`, at `width`), and put its rows in place of its
/// old ones, moving what follows if it grew or shrank: a key typed into an
/// answer costs the one block, whatever the section's length (copying
/// every other block's rows into a new document grew with it).
///
/// Returns false, changing nothing, when that would not give what
/// [`build_cached`] gives (another section or width, a block not placed
/// yet, or a change that reaches past the block: footnote numbering); the
/// caller builds the whole section then.
pub fn relayout_block(
    view: View<'_>,
    width: u16,
    charts: &mut ChartCache,
    explorers: &mut ExploreCache,
    blocks: &mut BlockCache,
    doc: &mut Doc,
    block: usize,
) -> bool {
    let Some(section) = view.lesson.sections.get(view.section) else {
        return false;
    };
    let (Some(b), Some(placed), Some((inputs, old))) = (
        section.blocks.get(block),
        blocks.placed.get(block).cloned(),
        blocks.blocks.get(&block),
    ) else {
        return false;
    };
    if view.mode != Mode::Screen
        || blocks.section != Some(view.section)
        || doc.width != width
        || doc.rows.len() < placed.rows.end
    {
        return false;
    }
    let footnotes_before = inputs.footnotes_seen.clone();
    let old_after = old.footnotes_seen_after.clone();
    let old_cursor = old.cursor;
    let mut builder = Builder {
        view,
        charts,
        explorers,
        blocks: None,
        // The section is laid out already; only its questions are lent.
        questions: Some(&mut blocks.questions),
        width: usize::from(width.max(1)),
        // A top-level block always follows an empty row (the title's, or
        // the one between blocks), which its own first `blank` looks at;
        // the fragment taken starts after it.
        doc: Doc {
            width,
            rows: vec![Row::Text(Line::default())],
            ..Doc::default()
        },
        prefix: Vec::new(),
        footnote_seen: footnotes_before.into_iter().collect(),
        at: Pos { line: 1, col: 1 },
        part: String::new(),
    };
    let new_inputs = builder.inputs(block, b);
    let mut fresh = builder.lay_out_fragment(block, b);
    if fresh.footnotes_seen_after != old_after {
        return false;
    }
    fresh.items.sort_by_key(|i| (i.mark.0, i.mark.1));
    blocks.misses += 1;
    blocks.blocks.insert(block, (new_inputs, fresh.clone()));

    let lens = [
        fresh.rows.len(),
        fresh.charts.len(),
        fresh.explore_charts.len(),
        fresh.items.len(),
        fresh.links.len(),
        fresh.explorer_rows.len(),
        fresh.slider_tracks.len(),
        fresh.choice_rows.len(),
    ];
    let olds = placed.ranges();
    let by: [isize; 8] = std::array::from_fn(|i| {
        isize::try_from(lens[i]).unwrap_or(isize::MAX)
            - isize::try_from(olds[i].len()).unwrap_or(isize::MAX)
    });
    let at = Shift::On {
        rows: placed.rows.start,
        charts: placed.charts.start,
    };
    // What follows the block, renumbered only when the block's rows or
    // charts changed in number (a key typed rarely changes either).
    let (rows_by, charts_by) = (by[0], by[1]);
    let moved = |v: usize, d: isize| v.saturating_add_signed(d);
    if rows_by != 0 || charts_by != 0 {
        let rows_after = placed.rows.end;
        let charts_after = placed.charts.end;
        let row = |r: &mut usize| {
            if *r >= rows_after {
                *r = moved(*r, rows_by);
            }
        };
        for r in &mut doc.rows[placed.rows.end..] {
            if let Row::Chart { chart, .. } = r
                && *chart >= charts_after
            {
                *chart = moved(*chart, charts_by);
            }
        }
        for (c, _) in &mut doc.explore_charts[placed.explore_charts.end..] {
            if *c >= charts_after {
                *c = moved(*c, charts_by);
            }
        }
        for i in &mut doc.items[placed.items.end..] {
            let (mut s, mut e) = (i.rows.start, i.rows.end);
            row(&mut s);
            row(&mut e);
            i.rows = s..e;
            row(&mut i.mark.0);
        }
        for l in &mut doc.links[placed.links.end..] {
            row(&mut l.row);
        }
        for (_, rows) in &mut doc.explorer_rows[placed.explorer_rows.end..] {
            let (mut s, mut e) = (rows.start, rows.end);
            row(&mut s);
            row(&mut e);
            *rows = s..e;
        }
        for t in &mut doc.slider_tracks[placed.slider_tracks.end..] {
            row(&mut t.row);
        }
        for c in &mut doc.choice_rows[placed.choice_rows.end..] {
            row(&mut c.2);
        }
        if let Some((r, _)) = doc.cursor.as_mut() {
            row(r);
        }
    }
    fn renumbered<T: Renumber>(mut v: Vec<T>, s: Shift) -> Vec<T> {
        v.iter_mut().for_each(|x| x.renumber(s));
        v
    }
    doc.items
        .splice(placed.items.clone(), renumbered(fresh.items, at));
    doc.rows
        .splice(placed.rows.clone(), renumbered(fresh.rows, at));
    doc.charts.splice(placed.charts.clone(), fresh.charts);
    doc.explore_charts.splice(
        placed.explore_charts.clone(),
        renumbered(fresh.explore_charts, at),
    );
    doc.links
        .splice(placed.links.clone(), renumbered(fresh.links, at));
    doc.explorer_rows.splice(
        placed.explorer_rows.clone(),
        renumbered(fresh.explorer_rows, at),
    );
    doc.slider_tracks.splice(
        placed.slider_tracks.clone(),
        renumbered(fresh.slider_tracks, at),
    );
    doc.choice_rows.splice(
        placed.choice_rows.clone(),
        renumbered(fresh.choice_rows, at),
    );
    match fresh.cursor {
        Some(c) => doc.cursor = c.map(|(r, col)| (at.row(r), col)),
        // The block held the cursor and no longer does.
        None if old_cursor.is_some_and(|c| c.is_some()) => doc.cursor = None,
        None => {}
    }
    blocks.placed[block] = Placement::new(
        placed.ranges().map(|r| r.start),
        std::array::from_fn(|i| olds[i].start + lens[i]),
    );
    for p in &mut blocks.placed[block + 1..] {
        *p = p.shifted(by);
    }
    blocks.patches += 1;
    true
}

/// What goes before a choice's text: the pointer while it is highlighted,
/// the number that picks it (keys 1 to 9; none past 9), then its box.
fn choice_head(theme: Theme, n: usize, pointed: bool, multiple: bool, chosen: bool) -> String {
    let mark = match (multiple, chosen) {
        (true, true) => "[x]",
        (true, false) => "[ ]",
        (false, true) if theme.ascii => "(*)",
        (false, true) => "(•)",
        (false, false) => "( )",
    };
    let pointer = match (pointed, theme.ascii) {
        (false, _) => "  ",
        (true, true) => "> ",
        (true, false) => "› ",
    };
    let number = if (1..=9).contains(&n) {
        format!("{n} ")
    } else {
        "  ".to_string()
    };
    format!("{pointer}{number}{mark} ")
}
