//! Progress rows and their pure formatters: an aligned table for the
//! terminal, CSV and JSON for teachers' spreadsheets and scripts.

use unicode_width::UnicodeWidthStr;

use super::{QuestionRecord, Status, TryRecord};

/// One learner's record of one question, as exported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QuestionRow {
    /// The learner's stable identity.
    pub learner: String,
    /// The learner's display name.
    pub name: String,
    pub lesson: String,
    pub question: String,
    /// What is kept of the question, exported as its own columns.
    #[serde(flatten)]
    pub record: QuestionRecord,
    /// Some try solved without showing the answer.
    pub mastered: bool,
    /// Every try, in order; the last is the current one.
    pub tries: Vec<TryRecord>,
    /// Each different wrong answer the learner checked, over every try, in
    /// the order first given (from the answer log, schema version 5: empty
    /// for answers checked before it). For the teacher's view; exports
    /// keep to the record's columns.
    #[serde(skip)]
    pub wrong_answers: Vec<String>,
}

/// One learner's reading of one lesson, for the teacher's view.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reading {
    pub learner: String,
    pub name: String,
    pub lesson: String,
    /// Sections ever opened.
    pub sections_read: u32,
    /// Unix seconds; `None` in records older than schema version 2.
    pub last_read: Option<i64>,
}

/// A question row's key: learner, lesson and question.
type RowKey = (String, String, String);

/// `items` gathered by row, each row's in the order given.
fn by_row<T>(items: Vec<(RowKey, T)>) -> std::collections::HashMap<RowKey, Vec<T>> {
    let mut by_key: std::collections::HashMap<RowKey, Vec<T>> = std::collections::HashMap::new();
    for (key, item) in items {
        by_key.entry(key).or_default().push(item);
    }
    by_key
}

impl QuestionRow {
    fn key(&self) -> RowKey {
        (
            self.learner.clone(),
            self.lesson.clone(),
            self.question.clone(),
        )
    }

    /// Attach each row's tries (keyed by learner, lesson and question, in
    /// try order) and work out mastery (as [`super::LessonRecord::mastered`]).
    pub(crate) fn attach_tries(rows: &mut [QuestionRow], tries: Vec<(RowKey, TryRecord)>) {
        let mut by_key = by_row(tries);
        for row in rows {
            row.tries = by_key.remove(&row.key()).unwrap_or_default();
            row.mastered = if row.tries.is_empty() {
                row.record.status == Status::Solved
            } else {
                row.tries.iter().any(|t| t.result == Status::Solved)
            };
        }
    }

    /// Gives each row its learner's different wrong answers: `answers` are
    /// keyed as in [`QuestionRow::attach_tries`], in the order given.
    pub(crate) fn attach_wrong_answers(rows: &mut [QuestionRow], answers: Vec<(RowKey, String)>) {
        let mut by_key = by_row(answers);
        for row in rows {
            let mut given = by_key.remove(&row.key()).unwrap_or_default();
            let mut seen = std::collections::HashSet::new();
            given.retain(|a| seen.insert(a.clone()));
            row.wrong_answers = given;
        }
    }
}

const HEADERS: [&str; 13] = [
    "learner",
    "name",
    "lesson",
    "question",
    "status",
    "attempts",
    "hints_opened",
    "last_input",
    "first_seen",
    "last_seen",
    "tries",
    "variant",
    "mastered",
];

/// Longest last input shown in the table; the CSV and JSON keep it whole.
const TABLE_INPUT_WIDTH: usize = 24;

/// An aligned, plain-text table (one line per question, a header line,
/// times in UTC), or a one-line note when there is nothing.
pub fn to_table(rows: &[QuestionRow]) -> String {
    if rows.is_empty() {
        return "No progress recorded yet.\n".to_string();
    }
    let header = [
        "learner",
        "lesson",
        "question",
        "status",
        "attempts",
        "hints",
        "last input",
        "last seen",
    ];
    let body: Vec<[String; 8]> = rows
        .iter()
        .map(|row| {
            [
                printable(&row.name),
                printable(&row.lesson),
                printable(&row.question),
                row.record.status.as_str().replace('_', " "),
                row.record.attempts.to_string(),
                row.record.hints_opened.to_string(),
                shorten(
                    &printable(row.record.last_input.as_deref().unwrap_or("")),
                    TABLE_INPUT_WIDTH,
                ),
                format_time(row.record.last_seen),
            ]
        })
        .collect();
    let numeric = [false, false, false, false, true, true, false, false];
    aligned(&header, &numeric, body.into_iter().map(Vec::from).collect())
}

/// Cells in columns padded to the widest, two spaces apart, numbers
/// (`numeric`) aligned right, one line per row after the `header`.
pub fn aligned(header: &[&str], numeric: &[bool], body: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for cells in &body {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(c.width());
        }
    }
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut out = String::new();
    for cells in std::iter::once(&header).chain(&body) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = " ".repeat(
                widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(cell.width()),
            );
            if numeric.get(i).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// CSV with a header line (RFC 4180: fields with commas, quotes or line
/// breaks are quoted, quotes doubled; lines end in CRLF). Times are ISO 8601
/// in UTC (`2023-11-14T22:13:20Z`, empty when never recorded), which
/// spreadsheets read as dates. A text cell that a spreadsheet would run as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a `'` in front: learners type those answers (`-9x^2`).
pub fn to_csv(rows: &[QuestionRow]) -> String {
    let mut out = HEADERS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let fields = [
            csv_field(&row.learner),
            csv_field(&row.name),
            csv_field(&row.lesson),
            csv_field(&row.question),
            row.record.status.as_str().to_string(),
            row.record.attempts.to_string(),
            row.record.hints_opened.to_string(),
            csv_field(row.record.last_input.as_deref().unwrap_or("")),
            iso_time(row.record.first_seen),
            iso_time(row.record.last_seen),
            row.tries.len().max(1).to_string(),
            csv_field(row.tries.last().map_or("", |t| t.variant.as_str())),
            row.mastered.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A pretty-printed JSON array of objects with the [`QuestionRow`] field names.
pub fn to_json(rows: &[QuestionRow]) -> String {
    // Rows hold only strings and integers, which always serialise; the
    // fallback is never taken but keeps this function total.
    serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".to_string())
}

pub fn csv_field(text: &str) -> String {
    // OWASP's advice for CSV injection: a leading quote makes the cell text.
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Control characters (a pasted newline, an escape sequence) would break the
/// table or the terminal, so they are shown as `?`.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// `text` cut to at most `max` columns, ending in `…` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}");
        if next.width() + 1 > max {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// Unix seconds as `YYYY-MM-DD HH:MM` in UTC (`-` for 0, never recorded).
pub fn format_time(unix: i64) -> String {
    if unix == 0 {
        return "-".to_string();
    }
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60
    )
}

/// Unix seconds as ISO 8601 in UTC, `YYYY-MM-DDTHH:MM:SSZ` (empty for 0,
/// never recorded).
pub fn iso_time(unix: i64) -> String {
    if unix == 0 {
        return String::new();
    }
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// The proleptic Gregorian date of a day count from 1970-01-01, by counting
/// 400-year eras of 146 097 days from 0000-03-01 (so leap days fall at the
/// end of each year in this count).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction.
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Status;
    use proptest::prelude::*;
    use rstest::rstest;

    fn row(question: &str, last_input: Option<&str>) -> QuestionRow {
        QuestionRow {
            learner: "ada".into(),
            name: "Ada".into(),
            lesson: "derivatives".into(),
            question: question.into(),
            record: QuestionRecord {
                status: Status::GivenUp,
                attempts: 12,
                hints_opened: 2,
                last_input: last_input.map(str::to_string),
                first_seen: 1_700_000_000,
                last_seen: 1_700_003_600,
            },
            mastered: false,
            tries: vec![TryRecord {
                try_no: 0,
                variant: "a = 3, n = 2".into(),
                attempts: 12,
                hints_opened: 2,
                result: Status::GivenUp,
            }],
            wrong_answers: Vec::new(),
        }
    }

    #[rstest]
    #[case(0, "-")]
    #[case(1, "1970-01-01 00:00")]
    #[case(951_782_400, "2000-02-29 00:00")]
    #[case(1_700_000_000, "2023-11-14 22:13")]
    #[case(-86_400, "1969-12-31 00:00")]
    #[case(4_102_444_799, "2099-12-31 23:59")]
    fn times_are_shown_in_utc(#[case] unix: i64, #[case] shown: &str) {
        assert_eq!(format_time(unix), shown);
    }

    #[rstest]
    #[case(0, "")]
    #[case(1, "1970-01-01T00:00:01Z")]
    #[case(951_782_400, "2000-02-29T00:00:00Z")]
    #[case(1_700_000_000, "2023-11-14T22:13:20Z")]
    #[case(-86_399, "1969-12-31T00:00:01Z")]
    fn csv_times_are_iso_8601(#[case] unix: i64, #[case] shown: &str) {
        assert_eq!(iso_time(unix), shown);
    }

    #[rstest]
    #[case("plain", "plain")]
    #[case("a,b", "\"a,b\"")]
    #[case("say \"hi\"", "\"say \"\"hi\"\"\"")]
    #[case("two\nlines", "\"two\nlines\"")]
    #[case(" padded", "\" padded\"")]
    #[case("", "")]
    #[case("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    #[case("-9x^2", "'-9x^2")]
    #[case("+1", "'+1")]
    #[case("@SUM(A1)", "'@SUM(A1)")]
    #[case("\tx", "'\tx")]
    #[case("2-x", "2-x")]
    fn csv_fields_are_quoted_when_needed(#[case] text: &str, #[case] field: &str) {
        assert_eq!(csv_field(text), field);
    }

    #[test]
    fn csv_has_a_header_and_one_line_per_row() {
        let csv = to_csv(&[row("q1", Some("x^2, then 2x"))]);
        assert_eq!(
            csv,
            "learner,name,lesson,question,status,attempts,hints_opened,last_input,first_seen,last_seen,tries,variant,mastered\r\n\
             ada,Ada,derivatives,q1,given_up,12,2,\"x^2, then 2x\",2023-11-14T22:13:20Z,2023-11-14T23:13:20Z,1,\"a = 3, n = 2\",false\r\n"
        );
    }

    #[test]
    fn json_uses_the_field_names_and_status_words() -> Result<(), serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(&to_json(&[row("q1", None)]))?;
        assert_eq!(value[0]["status"], "given_up");
        assert_eq!(value[0]["question"], "q1");
        assert_eq!(value[0]["last_input"], serde_json::Value::Null);
        assert_eq!(value[0]["last_seen"], 1_700_003_600);
        assert_eq!(value[0]["mastered"], false);
        assert_eq!(value[0]["tries"][0]["variant"], "a = 3, n = 2");
        assert_eq!(value[0]["tries"][0]["result"], "given_up");
        Ok(())
    }

    #[test]
    fn table_is_aligned_with_numbers_on_the_right() {
        let table = to_table(&[row("q1", Some("2x")), row("chain-rule", Some("cos(x)\n"))]);
        let expected = "\
learner  lesson       question    status    attempts  hints  last input  last seen
Ada      derivatives  q1          given up        12      2  2x          2023-11-14 23:13
Ada      derivatives  chain-rule  given up        12      2  cos(x)?     2023-11-14 23:13
";
        assert_eq!(table, expected);
    }

    #[test]
    fn empty_table_says_so() {
        assert_eq!(to_table(&[]), "No progress recorded yet.\n");
    }

    #[test]
    fn long_inputs_are_shortened_in_the_table_only() {
        let long = "x".repeat(40);
        let table = to_table(&[row("q", Some(&long))]);
        assert!(table.contains(&format!("{}…", "x".repeat(23))), "{table}");
        assert!(to_csv(&[row("q", Some(&long))]).contains(&long));
    }

    proptest! {
        #[test]
        fn csv_quoting_round_trips(text in "\\PC*|[a\",\n\r ]*") {
            let field = csv_field(&text);
            let unquoted = match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
                Some(inner) => inner.replace("\"\"", "\""),
                None => field.clone(),
            };
            let unguarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                unquoted.strip_prefix('\'').map(str::to_string).unwrap_or_default()
            } else {
                unquoted
            };
            prop_assert_eq!(unguarded, text);
        }

        #[test]
        fn every_day_formats_to_a_valid_date(unix in -10_000_000_000i64..10_000_000_000) {
            let shown = format_time(unix);
            if unix != 0 {
                let parts: Vec<&str> = shown.split(['-', ' ', ':']).collect();
                let month: u32 = parts[parts.len() - 4].parse().unwrap_or(0);
                let day: u32 = parts[parts.len() - 3].parse().unwrap_or(0);
                prop_assert!((1..=12).contains(&month), "{}", shown);
                prop_assert!((1..=31).contains(&day), "{}", shown);
            }
        }
    }
}
