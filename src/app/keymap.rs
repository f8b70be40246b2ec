//! Keys and what they do, in one table per mode: the app's key handling
//! looks keys up here, the help window (`?`) is made from the same rows,
//! and tests check the status-bar hints and `docs/keys.md` against it, so
//! a key changed here cannot go unmentioned there.
//!
//! Only the meaning of a key lives here; what an action does to the state
//! is `app`'s (`on_catalog_key`, `on_read_key`, `on_explore_key`,
//! `on_overlay_key` for the windows over the screen). Typing
//! into an answer is not in the table: there every printable key is a
//! letter, and editing keys are `tui-input`'s.

use crossterm::event::KeyCode;

/// When a key is pressed: which table it is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The list of lessons.
    Catalog,
    /// Reading a lesson (nothing being typed, no window open).
    Reading,
    /// A slider of an explorer has focus (keys it does not take read on).
    Slider,
    /// A point of an explorer has focus (keys it does not take read on).
    Point,
    /// Choosing in a choice question (keys it does not take read on).
    Choosing,
    /// Typing or choosing an answer, before the typing keys.
    Answering,
    /// The help window is open.
    HelpWindow,
    /// The table of contents is open.
    ContentsWindow,
    /// The end of a lesson (`n` on the last section): what is left.
    EndWindow,
    /// A footnote (or the list of them) is open.
    FootnoteWindow,
    /// A notice (a lesson reloaded, a store failed) is open.
    Notice,
    /// A yes/no question ("Quit?") is open.
    Confirm,
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    // The catalog.
    NextLesson,
    PreviousLesson,
    FirstLesson,
    LastLesson,
    OpenLesson,
    // Reading.
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    /// Space: opens or closes a focused explanation, else a page down.
    Space,
    Top,
    Bottom,
    NextSection,
    PreviousSection,
    Contents,
    FocusNext,
    FocusPrevious,
    Activate,
    Footnotes,
    Hint,
    ShowAnswer,
    /// A solved or given-up question: another variant, fresh hints.
    TryAnother,
    /// Go to the next question not yet mastered (a review).
    Review,
    /// The end screen: open the next lesson of the series.
    OpenNext,
    /// Esc: let go of the focus, else back to the catalog.
    Escape,
    Back,
    ToggleMouse,
    Help,
    Quit,
    // An explorer's focused parameter.
    NudgeLeft,
    NudgeRight,
    NudgeUp,
    NudgeDown,
    BigStepUp,
    BigStepDown,
    ToMinimum,
    ToMaximum,
    ResetExplorer,
    /// Start or stop the explorer's play slider.
    Play,
    // A choice question.
    NextOption,
    PreviousOption,
    ToggleOption,
    /// A digit: choose the option with that number.
    ChooseNumber,
    // Answering.
    Check,
    StopAnswering,
    // The windows over the screen.
    /// Close the open window.
    Close,
    /// In the contents: go to the chosen section.
    GoToSection,
    Yes,
    No,
}

/// Keys bound to one action in one mode.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub mode: Mode,
    pub keys: &'static [KeyCode],
    pub action: Action,
}

const fn bind(mode: Mode, keys: &'static [KeyCode], action: Action) -> Binding {
    Binding { mode, keys, action }
}

use Action::*;
use KeyCode::{
    BackTab, Down, End, Enter, Esc, Home, Left, PageDown as PgDn, PageUp as PgUp, Right, Tab, Up,
};
use Mode::{
    Answering, Catalog, Choosing, Confirm, ContentsWindow, EndWindow, FootnoteWindow, HelpWindow,
    Notice, Point, Reading, Slider,
};

/// Every key of every mode. Ctrl-C quits at once from anywhere and is
/// handled before any table.
pub const BINDINGS: &[Binding] = &[
    bind(Catalog, &[KeyCode::Char('j'), Down, Tab], NextLesson),
    bind(Catalog, &[KeyCode::Char('k'), Up, BackTab], PreviousLesson),
    bind(Catalog, &[Home, KeyCode::Char('g')], FirstLesson),
    bind(Catalog, &[End, KeyCode::Char('G')], LastLesson),
    bind(Catalog, &[Enter, Right, KeyCode::Char('l')], OpenLesson),
    bind(Catalog, &[KeyCode::Char('?')], Help),
    bind(Catalog, &[KeyCode::Char('q')], Quit),
    bind(Reading, &[KeyCode::Char('j'), Down], ScrollDown),
    bind(Reading, &[KeyCode::Char('k'), Up], ScrollUp),
    bind(Reading, &[PgDn], PageDown),
    bind(Reading, &[PgUp], PageUp),
    bind(Reading, &[KeyCode::Char(' ')], Space),
    bind(Reading, &[Home, KeyCode::Char('g')], Top),
    bind(Reading, &[End, KeyCode::Char('G')], Bottom),
    bind(Reading, &[KeyCode::Char('n'), Right], NextSection),
    bind(Reading, &[KeyCode::Char('p'), Left], PreviousSection),
    bind(Reading, &[KeyCode::Char('t')], Contents),
    bind(Reading, &[Tab], FocusNext),
    bind(Reading, &[BackTab], FocusPrevious),
    bind(Reading, &[Enter], Activate),
    bind(Reading, &[KeyCode::Char('f')], Footnotes),
    bind(Reading, &[KeyCode::Char('h')], Hint),
    bind(Reading, &[KeyCode::Char('a')], ShowAnswer),
    bind(Reading, &[KeyCode::Char('r')], TryAnother),
    bind(Reading, &[KeyCode::Char('R')], Review),
    bind(Reading, &[Esc], Escape),
    bind(Reading, &[KeyCode::Char('b')], Back),
    bind(Reading, &[KeyCode::Char('m')], ToggleMouse),
    bind(Reading, &[KeyCode::Char('?')], Help),
    bind(Reading, &[KeyCode::Char('q')], Quit),
    bind(Slider, &[Left, KeyCode::Char('h')], NudgeLeft),
    bind(Slider, &[Right, KeyCode::Char('l')], NudgeRight),
    bind(Slider, &[PgUp], BigStepUp),
    bind(Slider, &[PgDn], BigStepDown),
    bind(Slider, &[Home], ToMinimum),
    bind(Slider, &[End], ToMaximum),
    bind(Slider, &[KeyCode::Char('0')], ResetExplorer),
    bind(Slider, &[KeyCode::Char('p')], Play),
    bind(Point, &[Left, KeyCode::Char('h')], NudgeLeft),
    bind(Point, &[Right, KeyCode::Char('l')], NudgeRight),
    bind(Point, &[Up], NudgeUp),
    bind(Point, &[Down], NudgeDown),
    bind(Point, &[KeyCode::Char('0')], ResetExplorer),
    bind(Point, &[KeyCode::Char('p')], Play),
    bind(Answering, &[Enter], Check),
    bind(Answering, &[Esc], StopAnswering),
    bind(Answering, &[Tab], FocusNext),
    bind(Answering, &[BackTab], FocusPrevious),
    bind(Choosing, &[Down, KeyCode::Char('j')], NextOption),
    bind(Choosing, &[Up, KeyCode::Char('k')], PreviousOption),
    bind(
        Choosing,
        &[KeyCode::Char(' '), KeyCode::Char('x')],
        ToggleOption,
    ),
    bind(
        Choosing,
        &[
            KeyCode::Char('1'),
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::Char('4'),
            KeyCode::Char('5'),
            KeyCode::Char('6'),
            KeyCode::Char('7'),
            KeyCode::Char('8'),
            KeyCode::Char('9'),
        ],
        ChooseNumber,
    ),
    bind(HelpWindow, &[KeyCode::Char('j'), Down], ScrollDown),
    bind(HelpWindow, &[KeyCode::Char('k'), Up], ScrollUp),
    bind(
        HelpWindow,
        &[KeyCode::Char('q'), KeyCode::Char('?'), Esc, Enter],
        Close,
    ),
    bind(ContentsWindow, &[KeyCode::Char('j'), Down], NextOption),
    bind(ContentsWindow, &[KeyCode::Char('k'), Up], PreviousOption),
    bind(ContentsWindow, &[Home, KeyCode::Char('g')], Top),
    bind(ContentsWindow, &[End, KeyCode::Char('G')], Bottom),
    bind(ContentsWindow, &[Enter], GoToSection),
    bind(
        ContentsWindow,
        &[Esc, KeyCode::Char('t'), KeyCode::Char('q')],
        Close,
    ),
    bind(EndWindow, &[KeyCode::Char('j'), Down], NextOption),
    bind(EndWindow, &[KeyCode::Char('k'), Up], PreviousOption),
    bind(EndWindow, &[Home, KeyCode::Char('g')], Top),
    bind(EndWindow, &[End, KeyCode::Char('G')], Bottom),
    bind(EndWindow, &[Enter], GoToSection),
    bind(EndWindow, &[KeyCode::Char('R')], Review),
    bind(EndWindow, &[KeyCode::Char('N')], OpenNext),
    bind(
        EndWindow,
        &[Esc, KeyCode::Char('q'), KeyCode::Char('p'), Left],
        Close,
    ),
    bind(
        FootnoteWindow,
        &[Esc, Enter, KeyCode::Char('f'), KeyCode::Char('q')],
        Close,
    ),
    bind(
        Notice,
        &[Esc, Enter, KeyCode::Char(' '), KeyCode::Char('q')],
        Close,
    ),
    bind(
        Confirm,
        &[KeyCode::Char('y'), KeyCode::Char('Y'), Enter],
        Yes,
    ),
    bind(
        Confirm,
        &[
            KeyCode::Char('n'),
            KeyCode::Char('N'),
            Esc,
            KeyCode::Char('q'),
        ],
        No,
    ),
];

/// One line of the help window: keys as shown, what they do, and the
/// actions they stand for (none for headings and for the typing keys,
/// which are not in the table).
pub struct HelpRow {
    pub keys: &'static str,
    pub does: &'static str,
    pub actions: &'static [(Mode, Action)],
}

const fn row(
    keys: &'static str,
    does: &'static str,
    actions: &'static [(Mode, Action)],
) -> HelpRow {
    HelpRow {
        keys,
        does,
        actions,
    }
}

/// Every line of the help window (`?`), headings included; docs/keys.md
/// says the same at more length.
pub const HELP: &[HelpRow] = &[
    row("Reading", "", &[]),
    row(
        "↑ ↓  j k",
        "scroll a line",
        &[(Reading, ScrollUp), (Reading, ScrollDown)],
    ),
    row(
        "PgUp PgDn Space",
        "scroll a page",
        &[(Reading, PageUp), (Reading, PageDown), (Reading, Space)],
    ),
    row(
        "Home End  g G",
        "top / bottom of the section",
        &[(Reading, Top), (Reading, Bottom)],
    ),
    row(
        "n p  → ←",
        "next / previous section (or the end)",
        &[(Reading, NextSection), (Reading, PreviousSection)],
    ),
    row("t", "table of contents", &[(Reading, Contents)]),
    row(
        "Tab Shift-Tab",
        "focus next / previous thing to act on",
        &[
            (Reading, FocusNext),
            (Reading, FocusPrevious),
            (Answering, FocusNext),
            (Answering, FocusPrevious),
        ],
    ),
    row(
        "Enter  Space",
        "open or close, answer, read footnote",
        &[(Reading, Activate), (Reading, Space)],
    ),
    row(
        "f",
        "the focused footnote, or all footnotes",
        &[(Reading, Footnotes)],
    ),
    row(
        "Esc",
        "close a window, unfocus, back to catalog",
        &[(Reading, Escape)],
    ),
    row("b", "back to the catalog", &[(Reading, Back)]),
    row("?", "this help", &[(Reading, Help)]),
    row(
        "q",
        "quit (asks if an answer is unchecked)",
        &[(Reading, Quit)],
    ),
    row("Ctrl-C", "quit at once", &[]),
    row("Questions", "", &[]),
    row(
        "Enter",
        "start typing / check the answer",
        &[(Reading, Activate), (Answering, Check)],
    ),
    row(
        "Esc",
        "stop typing (keys navigate again)",
        &[(Answering, StopAnswering)],
    ),
    row("h", "open the next hint", &[(Reading, Hint)]),
    row(
        "a",
        "show the answer (after one try)",
        &[(Reading, ShowAnswer)],
    ),
    row(
        "r",
        "try another (solved or shown): new numbers",
        &[(Reading, TryAnother)],
    ),
    row(
        "R",
        "review: next question not yet mastered",
        &[(Reading, Review), (EndWindow, Review)],
    ),
    row(
        "N",
        "end of a lesson: open the next in its series",
        &[(EndWindow, OpenNext)],
    ),
    row(
        "↑ ↓  Space  1-9",
        "choice: move, choose (or by number)",
        &[
            (Choosing, PreviousOption),
            (Choosing, NextOption),
            (Choosing, ToggleOption),
            (Choosing, ChooseNumber),
        ],
    ),
    row("← → Home End ^W ^U", "edit like a shell line", &[]),
    row("Explorers", "", &[]),
    row(
        "← →  Shift",
        "slider: step (Shift: ten steps)",
        &[
            (Slider, NudgeLeft),
            (Slider, NudgeRight),
            (Slider, BigStepUp),
            (Slider, BigStepDown),
        ],
    ),
    row(
        "arrows  drag",
        "point: move it (keys or mouse)",
        &[
            (Point, NudgeLeft),
            (Point, NudgeRight),
            (Point, NudgeUp),
            (Point, NudgeDown),
        ],
    ),
    row(
        "Home End  0",
        "slider: min / max; 0 resets all",
        &[
            (Slider, ToMinimum),
            (Slider, ToMaximum),
            (Slider, ResetExplorer),
            (Point, ResetExplorer),
        ],
    ),
    row(
        "p",
        "play: advance the step slider; p stops",
        &[(Slider, Play), (Point, Play)],
    ),
    row("m", "mouse capture on / off", &[(Reading, ToggleMouse)]),
    row("Windows", "", &[]),
    row(
        "↑ ↓  j k",
        "help: scroll; contents: choose",
        &[
            (HelpWindow, ScrollUp),
            (HelpWindow, ScrollDown),
            (ContentsWindow, PreviousOption),
            (ContentsWindow, NextOption),
            (EndWindow, PreviousOption),
            (EndWindow, NextOption),
        ],
    ),
    row(
        "Home End  g G",
        "contents: first / last section",
        &[
            (ContentsWindow, Top),
            (ContentsWindow, Bottom),
            (EndWindow, Top),
            (EndWindow, Bottom),
        ],
    ),
    row(
        "Enter",
        "contents: go to the section",
        &[
            (ContentsWindow, GoToSection),
            (EndWindow, GoToSection),
            (HelpWindow, Close),
            (FootnoteWindow, Close),
            (Notice, Close),
            (Confirm, Yes),
        ],
    ),
    row(
        "Esc  q",
        "close the window",
        &[
            (HelpWindow, Close),
            (ContentsWindow, Close),
            (EndWindow, Close),
            (FootnoteWindow, Close),
            (Notice, Close),
            (Confirm, No),
        ],
    ),
    row(
        "y  n",
        "answer a question asked (Enter: yes)",
        &[(Confirm, Yes), (Confirm, No)],
    ),
];

/// The status bar's key hints, by what has focus; each names only keys
/// bound in its modes (checked by a test).
pub mod hints {
    pub const CATALOG: &str = "↑/↓ choose · Enter open · q quit";
    pub const CHOOSING: &str = "↑/↓ move · Space choose · Enter check · Esc done";
    pub const TYPING: &str = "typing: Enter check · Esc stop typing · Tab next";
    pub const DONE: &str = "r try another · Tab next · Esc unfocus";
    pub const QUESTION: &str = "Enter answer · h hint · a show answer · Tab next · Esc unfocus";
    pub const DETAILS: &str = "Enter open/close · Tab next · Esc unfocus";
    pub const FOOTNOTE: &str = "Enter read footnote · Tab next · Esc unfocus";
    pub const POINT: &str = "arrows move (Shift: more) · drag · 0 reset · m mouse · Tab next";
    pub const SLIDER: &str = "←/→ change (Shift, PgUp/PgDn: more) · Home/End · 0 reset · Tab next";
    /// A slider of an explorer with a play slider.
    pub const PLAY: &str = "←/→ change (Shift: more) · Home/End · p play · 0 reset · Tab next";
    pub const READING: &str = "j/k scroll · n/p section · t contents · Tab focus";
    pub const BACK: &str = " · b back";
    pub const QUIT: &str = " · q quit";
    // The windows' own lines (their titles and last lines).
    pub const HELP_WINDOW: &str = "Esc closes, j/k scroll";
    pub const CONTENTS: &str = "Enter jumps";
    pub const FOOTNOTE_WINDOW: &str = "Esc closes";
    pub const NOTICE: &str = "Enter: go on";
    pub const CONFIRM: &str = "y: yes    n / Esc: no";
}

/// What `code` does in `mode`, if anything.
pub fn action(mode: Mode, code: KeyCode) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.mode == mode && b.keys.contains(&code))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How docs/keys.md and the help window name a key.
    fn name(code: KeyCode) -> String {
        match code {
            Up => "↑".into(),
            Down => "↓".into(),
            Left => "←".into(),
            Right => "→".into(),
            PgUp => "PgUp".into(),
            PgDn => "PgDn".into(),
            Home => "Home".into(),
            End => "End".into(),
            Enter => "Enter".into(),
            Esc => "Esc".into(),
            Tab => "Tab".into(),
            BackTab => "Shift-Tab".into(),
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        }
    }

    /// The keys a written name stands for (`1-9` and `arrows` stand for
    /// several); empty for words that are not keys.
    fn keys_named(word: &str) -> Vec<KeyCode> {
        let all = [
            Up, Down, Left, Right, PgUp, PgDn, Home, End, Enter, Esc, Tab, BackTab,
        ];
        if word == "arrows" {
            return vec![Up, Down, Left, Right];
        }
        if word == "1-9" {
            return ('1'..='9').map(KeyCode::Char).collect();
        }
        if let Some(code) = all.into_iter().find(|c| name(*c) == word) {
            return vec![code];
        }
        match word {
            "Space" => vec![KeyCode::Char(' ')],
            w if w.chars().count() == 1 => w.chars().map(KeyCode::Char).collect(),
            _ => Vec::new(),
        }
    }

    fn bound(mode: Mode, code: KeyCode) -> Option<Action> {
        action(mode, code)
    }

    #[test]
    fn every_key_in_the_help_does_what_its_line_says() {
        for r in HELP.iter().filter(|r| !r.actions.is_empty()) {
            for word in r.keys.split_whitespace() {
                for code in keys_named(word) {
                    let ok = r
                        .actions
                        .iter()
                        .any(|(mode, a)| bound(*mode, code) == Some(*a));
                    assert!(
                        ok,
                        "help line {:?}: {word} is not bound to {:?}",
                        r.keys, r.actions
                    );
                }
            }
        }
    }

    #[test]
    fn every_action_outside_the_catalog_has_a_help_line() {
        for b in BINDINGS.iter().filter(|b| b.mode != Mode::Catalog) {
            let listed = HELP.iter().any(|r| r.actions.contains(&(b.mode, b.action)));
            assert!(
                listed,
                "{:?} in {:?} is missing from the help",
                b.action, b.mode
            );
        }
    }

    /// The key column of every table row under each `## ` heading.
    fn docs_sections() -> Vec<(String, Vec<String>)> {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md"))
            .unwrap_or_else(|e| panic!("docs/keys.md: {e}"));
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if let Some(h) = line.strip_prefix("## ") {
                out.push((h.to_string(), Vec::new()));
            } else if let (Some(cell), Some(last)) = (
                line.strip_prefix("| ").and_then(|l| l.split(" | ").next()),
                out.last_mut(),
            ) {
                last.1.push(cell.to_string());
            }
        }
        out
    }

    #[test]
    fn docs_keys_md_names_every_bound_key() {
        let sections = docs_sections();
        for b in BINDINGS {
            let allowed: &[&str] = match b.mode {
                Mode::Catalog => &["Catalog"],
                Mode::Reading => &["Reading a lesson", "Answering questions", "Explorers"],
                Mode::Answering | Mode::Choosing => &["Answering questions"],
                Mode::Slider | Mode::Point => &["Explorers"],
                Mode::HelpWindow
                | Mode::ContentsWindow
                | Mode::FootnoteWindow
                | Mode::Notice
                | Mode::Confirm => &["Windows"],
                Mode::EndWindow => &["The end of a lesson"],
            };
            for code in b.keys {
                let want = match code {
                    KeyCode::Char(c) if c.is_ascii_digit() && *c != '0' => "1 to 9".to_string(),
                    c => name(*c),
                };
                let found = sections
                    .iter()
                    .filter(|(h, _)| allowed.iter().any(|a| h.starts_with(a)))
                    .flat_map(|(_, cells)| cells)
                    .any(|cell| {
                        cell.contains(&want)
                            && (want.chars().count() > 1
                                || cell
                                    .split(|c: char| c.is_whitespace() || c == ',')
                                    .any(|w| w == want))
                    });
                assert!(
                    found,
                    "docs/keys.md does not name {want} ({:?} in {:?})",
                    b.action, b.mode
                );
            }
        }
    }

    #[test]
    fn status_bar_hints_name_only_bound_keys() {
        use Mode::*;
        let cases: &[(&str, &[Mode])] = &[
            (hints::CATALOG, &[Catalog]),
            (hints::CHOOSING, &[Choosing, Answering]),
            (hints::TYPING, &[Answering]),
            (hints::DONE, &[Reading]),
            (hints::QUESTION, &[Reading]),
            (hints::DETAILS, &[Reading]),
            (hints::FOOTNOTE, &[Reading]),
            (hints::POINT, &[Point, Reading]),
            (hints::SLIDER, &[Slider, Reading]),
            (hints::PLAY, &[Slider, Reading]),
            (hints::READING, &[Reading]),
            (hints::BACK, &[Reading]),
            (hints::QUIT, &[Reading, Catalog]),
            (hints::HELP_WINDOW, &[HelpWindow]),
            (hints::CONTENTS, &[ContentsWindow]),
            (hints::FOOTNOTE_WINDOW, &[FootnoteWindow]),
            (hints::NOTICE, &[Notice]),
            (hints::CONFIRM, &[Confirm]),
        ];
        for (hint, modes) in cases {
            let hint = hint.trim_start_matches("typing: ");
            for segment in hint.split(['·', ',']).flat_map(|s| s.split("  ")) {
                let Some(first) = segment.split_whitespace().next() else {
                    continue;
                };
                for word in first.trim_end_matches(':').split('/') {
                    for code in keys_named(word) {
                        let ok = modes.iter().any(|m| bound(*m, code).is_some());
                        assert!(ok, "hint {hint:?} names {word}, which does nothing there");
                    }
                }
            }
        }
    }
}
