//! The numbers in the lessons of the *Essential Mathematics* series,
//! recomputed.
//!
//! Every pipe table in a lesson is found by its header row, and each cell
//! is compared with the value computed here, rounded to the digits the
//! lesson shows. A table the test does not know fails it, so a new table
//! of numbers cannot slip in unchecked. Numbers quoted in the prose (and in
//! charts' marked points) are listed as claims: the text as the lesson has
//! it, beside the computation that must round to the number inside it.

use std::path::Path;

use chalkdust::lesson::load::load_file;

/// A table column computed from the row's first cell; `None` for a column
/// of words.
type Column = Option<fn(f64) -> f64>;

/// What is checked in one lesson.
struct Numbers {
    path: &'static str,
    /// Tables of numbers, by their header row as written in the lesson.
    tables: Vec<(&'static str, Vec<Column>)>,
    /// Tables of words only, which hold nothing to compute.
    prose_tables: &'static [&'static str],
    /// Text as the lesson has it, the value it states, and its decimals.
    claims: Vec<(&'static str, f64, usize)>,
}

// --- Limits ------------------------------------------------------------------

/// The jump example of the one-sided section.
fn two_piece(x: f64) -> f64 {
    if x < 1.0 { x * x } else { 3.0 - x }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn limits() -> Numbers {
    let pi = std::f64::consts::PI;
    Numbers {
        path: "lessons/limits.toml",
        tables: vec![
            (
                r"| $x$ | $\frac{\sin x}{x}$ | $1 - \frac{\sin x}{x}$ |",
                vec![Some(|x| x.sin() / x), Some(|x| 1.0 - x.sin() / x)],
            ),
            (
                r"| $x$ | $\frac{x^2 - 1}{x - 1}$ |",
                vec![Some(|x| (x * x - 1.0) / (x - 1.0))],
            ),
            (r"| $x$ | $f(x)$ |", vec![Some(two_piece)]),
            (
                r"| $x$ | $\frac{2x + 1}{x - 1}$ |",
                vec![Some(|x| (2.0 * x + 1.0) / (x - 1.0))],
            ),
            (r"| $x$ | $\sigma(x)$ |", vec![Some(sigmoid)]),
            (
                r"| $\varepsilon$ | widest $\delta$ | $\varepsilon / 4$ |",
                vec![Some(|e| (4.0 + e).sqrt() - 2.0), Some(|e| e / 4.0)],
            ),
            (
                r"| $h$ | $\frac{f(3 + h) - f(3)}{h}$ |",
                vec![Some(|h| ((3.0 + h) * (3.0 + h) - 9.0) / h)],
            ),
        ],
        prose_tables: &[r"| kind | what goes wrong at $a$ | example |"],
        claims: vec![
            (r"$\pi / 180 \approx 0.01745$", pi / 180.0, 5),
            ("the ratio is about $2.999996$", (0.003f64).sin() / 0.001, 6),
            ("$1.9^2 = 3.61$", 1.9 * 1.9, 2),
            ("$2.1^2 = 4.41$", 2.1 * 2.1, 2),
            ("$(2 + 0.5)^2 - 4 = 2.25$", 2.5 * 2.5 - 4.0, 2),
            (
                r"$\delta = \sqrt{6.25} - 2 = 2.5 - 2 = 0.5$",
                6.25f64.sqrt() - 2.0,
                1,
            ),
            ("At $x = 3.01$ the value is $10000$", 1.0 / (0.01 * 0.01), 0),
            (r"$\sigma(0) = 0.5$", sigmoid(0.0), 1),
            ("the table above says\n$0.002498$", 4.01f64.sqrt() - 2.0, 6),
            (
                "At $x = 1000$ it is $\\frac{2001}{999}$",
                (2.0 * 1000.0 + 1.0) / (1000.0 - 1.0) * 999.0,
                0,
            ),
        ],
    }
}

// --- Gradient descent ----------------------------------------------------------

/// x² from 3 with η = 0.1, after `k` steps, by running the update itself.
fn descend_x2(k: f64) -> f64 {
    let mut x = 3.0;
    for _ in 0..k as usize {
        x -= 0.1 * 2.0 * x;
    }
    x
}

/// x² from 3 with step size `eta`, after five steps.
fn five_steps(eta: f64) -> f64 {
    let mut x = 3.0;
    for _ in 0..5 {
        x -= eta * 2.0 * x;
    }
    x
}

/// x² + 4y² from (4, 1) with η = 0.2, after `k` steps.
fn descend_bowl(k: f64) -> (f64, f64) {
    let (mut x, mut y) = (4.0, 1.0);
    for _ in 0..k as usize {
        (x, y) = (x - 0.2 * 2.0 * x, y - 0.2 * 8.0 * y);
    }
    (x, y)
}

fn quartic(x: f64) -> f64 {
    x.powi(4) - 3.0 * x * x + x
}

/// A zero of the quartic's derivative 4x³ − 6x + 1, by Newton's method.
fn quartic_flat_point(mut x: f64) -> f64 {
    for _ in 0..50 {
        x -= (4.0 * x.powi(3) - 6.0 * x + 1.0) / (12.0 * x * x - 6.0);
    }
    x
}

fn gradient_descent() -> Numbers {
    Numbers {
        path: "drafts/gradient-descent.toml",
        tables: vec![
            (
                r"| $k$ | $x_k$ | $f(x_k)$ | $f'(x_k)$ |",
                vec![
                    Some(descend_x2),
                    Some(|k| descend_x2(k).powi(2)),
                    Some(|k| 2.0 * descend_x2(k)),
                ],
            ),
            (
                r"| $\eta$ | $1 - 2\eta$ | $x_5$ |",
                vec![Some(|eta| 1.0 - 2.0 * eta), Some(five_steps)],
            ),
            (
                r"| $k$ | $x_k$ | $y_k$ | $f(x_k, y_k)$ |",
                vec![
                    Some(|k| descend_bowl(k).0),
                    Some(|k| descend_bowl(k).1),
                    Some(|k| {
                        let (x, y) = descend_bowl(k);
                        x * x + 4.0 * y * y
                    }),
                ],
            ),
            (
                r"| $x$ | $f(x)$ | what is there |",
                vec![Some(quartic), None],
            ),
        ],
        prose_tables: &[],
        claims: vec![
            ("$x_1 = 3 - 0.1 \\cdot 6 = 2.4$", descend_x2(1.0), 1),
            ("$1 - 2\\eta = 0.8$", 1.0 - 2.0 * 0.1, 1),
            ("about $-1.3008$", quartic_flat_point(-1.3), 4),
            ("$0.1699$ and\n$1.1309$", quartic_flat_point(0.2), 4),
            ("$0.1699$ and\n$1.1309$", quartic_flat_point(1.1), 4),
            ("[[-1.3008, -3.5139]", quartic(-1.3008), 4),
            ("[1.1309, -1.0702]]", quartic(1.1309), 4),
            ("[[0.1699, 0.0841]]", quartic(0.1699), 4),
            ("[1.2288, 1.50994944]", descend_x2(4.0).powi(2), 8),
            ("[0.98304, 0.96636764]", descend_x2(5.0).powi(2), 8),
            ("[1.536, 2.359296]", descend_x2(3.0).powi(2), 6),
            ("about $0.038$ after 20 steps", 0.001 * 1.2f64.powi(20), 3),
            ("and $1.47$ after 40", 0.001 * 1.2f64.powi(40), 2),
            (
                "$6 \\cdot 0.8^{28} \\approx 0.0116$",
                6.0 * 0.8f64.powi(28),
                4,
            ),
            (
                "$6 \\cdot 0.8^{29} \\approx 0.0093$",
                6.0 * 0.8f64.powi(29),
                4,
            ),
            ("$x_{29} \\approx 0.0046$", descend_x2(29.0), 4),
            ("$k \\approx 28.67$", 600f64.ln() / 1.25f64.ln(), 2),
        ],
    }
}

// --- Partial derivatives and the gradient --------------------------------------

/// The lesson's bowl.
fn bowl(x: f64, y: f64) -> f64 {
    x * x + 4.0 * y * y
}

/// The lesson's second example, g(x, y) = x²y + y³.
fn cubic(x: f64, y: f64) -> f64 {
    x * x * y + y.powi(3)
}

/// ∂f/∂x and ∂f/∂y by central differences, so that the lesson's formulas
/// (2x, 8y, 2xy, ...) are not what checks them.
fn grad(f: fn(f64, f64) -> f64, x: f64, y: f64) -> (f64, f64) {
    let h = 1e-5;
    (
        (f(x + h, y) - f(x - h, y)) / (2.0 * h),
        (f(x, y + h) - f(x, y - h)) / (2.0 * h),
    )
}

/// The slope of the bowl at (2, 0.5) facing `deg` degrees from east: the
/// climb over a short step that way, divided by the step.
fn bowl_slope_facing(deg: f64) -> f64 {
    let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
    let h = 1e-6;
    (bowl(2.0 + h * c, 0.5 + h * s) - bowl(2.0 - h * c, 0.5 - h * s)) / (2.0 * h)
}

fn gradient() -> Numbers {
    let norm = |(a, b): (f64, f64)| a.hypot(b);
    Numbers {
        path: "lessons/gradient.toml",
        tables: vec![
            (
                r"| $x$ | $y = 0$ | $y = 0.5$ | $y = 1$ |",
                vec![
                    Some(|x| bowl(x, 0.0)),
                    Some(|x| bowl(x, 0.5)),
                    Some(|x| bowl(x, 1.0)),
                ],
            ),
            (
                r"| $h$ | $\frac{g(1 + h, 2) - g(1, 2)}{h}$ | $\frac{g(1, 2 + h) - g(1, 2)}{h}$ |",
                vec![
                    Some(|h| (cubic(1.0 + h, 2.0) - cubic(1.0, 2.0)) / h),
                    Some(|h| (cubic(1.0, 2.0 + h) - cubic(1.0, 2.0)) / h),
                ],
            ),
            (
                r"| $\theta$ | $\cos\theta$ | $\sin\theta$ | $D_u f$ |",
                vec![
                    Some(|d: f64| d.to_radians().cos()),
                    Some(|d: f64| d.to_radians().sin()),
                    Some(bowl_slope_facing),
                ],
            ),
        ],
        // Formulas, not numbers: tests/lesson_gradient.rs differentiates them.
        prose_tables: &[
            r"| $f(x, y)$ | $\frac{\partial f}{\partial x}$ | $\frac{\partial f}{\partial y}$ |",
        ],
        claims: vec![
            ("$f(1, 1) = 1 + 4 = 5$", bowl(1.0, 1.0), 0),
            (
                "$(1, 1)$ and $(2, 0.5)$ of the table both have the height 5",
                bowl(2.0, 0.5),
                0,
            ),
            (r"($4 \cdot 0.25 = 1$)", 4.0 * 0.5 * 0.5, 0),
            ("the point $(1, 1)$, at height 5", bowl(1.0, 1.0), 0),
            ("$2x$, which is 2 at $x = 1$", grad(bowl, 1.0, 1.0).0, 0),
            ("$8y$, which is 8 at $y = 1$", grad(bowl, 1.0, 1.0).1, 0),
            (
                "label = \"tangents, slopes 2 and 8\"",
                grad(bowl, 1.0, 1.0).0,
                0,
            ),
            (
                "label = \"tangents, slopes 2 and 8\"",
                grad(bowl, 1.0, 1.0).1,
                0,
            ),
            // The tangents' own lines: height 5 at t = 0, slopes 2 and 8.
            ("expr = \"5 + 2t\"", bowl(1.0, 1.0), 0),
            ("expr = \"5 + 2t\"", grad(bowl, 1.0, 1.0).0, 0),
            ("expr = \"5 + 8t\"", grad(bowl, 1.0, 1.0).1, 0),
            ("label = \"the point (1, 1), height 5\"", bowl(1.0, 1.0), 0),
            ("$g(1, 2) = 2 + 8 = 10$", cubic(1.0, 2.0), 0),
            (
                r"$\frac{\partial g}{\partial x} = 2 \cdot 1 \cdot 2 = 4$",
                grad(cubic, 1.0, 2.0).0,
                0,
            ),
            (
                r"$\frac{\partial g}{\partial y} = 1 + 12 = 13$",
                grad(cubic, 1.0, 2.0).1,
                0,
            ),
            (
                r"$\sqrt{4 + 64} = \sqrt{68} \approx 8.246$",
                norm(grad(bowl, 1.0, 1.0)),
                3,
            ),
            (r"$\sqrt{32} \approx 5.657$", norm(grad(bowl, 2.0, 0.5)), 3),
            ("The largest slope, $5.657$", norm(grad(bowl, 2.0, 0.5)), 3),
            ("[[45, 5.657], [225, -5.657]]", bowl_slope_facing(45.0), 3),
            ("[[45, 5.657], [225, -5.657]]", bowl_slope_facing(225.0), 3),
            ("[[135, 0], [315, 0]]", bowl_slope_facing(135.0), 0),
            ("[[135, 0], [315, 0]]", bowl_slope_facing(315.0), 0),
        ],
    }
}

fn series() -> Vec<Numbers> {
    vec![limits(), gradient(), gradient_descent()]
}

fn source(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each pipe table in the source: the line of its header, the header row
/// and the cells of its data rows. Tables sit inside TOML strings, so the
/// rows are whole lines starting with `|`.
fn tables(src: &str) -> Vec<(usize, String, Vec<Vec<String>>)> {
    let lines: Vec<&str> = src.lines().collect();
    let is_row = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l| l.trim_start().starts_with('|'))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_row(i) {
            i += 1;
            continue;
        }
        let header_line = i + 1;
        let header = lines[i].trim().to_string();
        i += 1;
        // The delimiter row, `|---|---|`.
        if is_row(i) && lines[i].contains("---") {
            i += 1;
        }
        let mut rows = Vec::new();
        while is_row(i) {
            let cells = lines[i]
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('$').trim().to_string())
                .collect();
            rows.push(cells);
            i += 1;
        }
        found.push((header_line, header, rows));
    }
    found
}

/// The value as a lesson shows it with `decimals` places, minus signs as
/// ASCII hyphens (as the lesson sources write them).
fn shown(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    // A tiny negative rounds to "-0.000": the lessons write 0.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

fn decimals(cell: &str) -> usize {
    cell.split_once('.').map_or(0, |(_, frac)| frac.len())
}

#[test]
fn the_series_lessons_load_without_errors_or_warnings() {
    for numbers in series() {
        match load_file(Path::new(numbers.path)) {
            Ok(loaded) => assert!(
                loaded.warnings.is_empty(),
                "{}",
                loaded
                    .warnings
                    .iter()
                    .map(|d| format!("{d}\n"))
                    .collect::<String>()
            ),
            Err(e) => panic!(
                "{}",
                e.diagnostics
                    .iter()
                    .map(|d| format!("{d}\n"))
                    .collect::<String>()
            ),
        }
    }
}

#[test]
fn every_number_in_every_table_is_right_to_the_digits_shown() {
    let mut problems = Vec::new();
    for numbers in series() {
        let path = numbers.path;
        let src = source(path);
        let found = tables(&src);
        assert!(found.len() >= 4, "{path}: tables missing");
        let mut checked = 0;
        for (line, header, rows) in &found {
            if numbers.prose_tables.contains(&header.as_str()) {
                continue;
            }
            let Some((_, columns)) = numbers.tables.iter().find(|(h, _)| h == header) else {
                problems.push(format!(
                    "{path}:{line}: a table this test does not know: {header}"
                ));
                continue;
            };
            assert!(!rows.is_empty(), "{path}:{line}: a table with no rows");
            for row in rows {
                assert_eq!(
                    row.len(),
                    columns.len() + 1,
                    "{path}:{line}: row {row:?} has the wrong number of cells"
                );
                let input: f64 = row[0]
                    .parse()
                    .unwrap_or_else(|_| panic!("{path}:{line}: `{}` is not a number", row[0]));
                for (cell, column) in row[1..].iter().zip(columns) {
                    let Some(f) = column else { continue };
                    let want = shown(f(input), decimals(cell));
                    checked += 1;
                    if *cell != want {
                        problems.push(format!(
                            "{path}:{line}: at {input} the lesson says {cell}, the value is {want}"
                        ));
                    }
                }
            }
        }
        assert!(checked >= 20, "{path}: only {checked} numbers checked");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_number_quoted_in_the_prose_is_right() {
    let mut problems = Vec::new();
    for numbers in series() {
        let src = source(numbers.path);
        for (text, value, places) in numbers.claims {
            let want = shown(value, places);
            if !src.contains(text) {
                problems.push(format!("{}: no longer says: {text}", numbers.path));
            } else if !text.contains(&want) {
                problems.push(format!(
                    "{}: `{text}` should show {want} to {places} decimals",
                    numbers.path
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn limits_opens_the_series_and_gradient_descent_closes_it() {
    let load = |path: &str| match load_file(Path::new(path)) {
        Ok(loaded) => loaded.lesson,
        Err(e) => panic!("{:#?}", e.diagnostics),
    };
    let limits = load("lessons/limits.toml");
    assert_eq!(limits.header.id, "limits");
    assert_eq!(
        limits.header.series.as_deref(),
        Some("Essential Mathematics")
    );
    assert_eq!(limits.header.part, Some(1));
    assert!(
        limits.header.requires.is_empty(),
        "{:?}",
        limits.header.requires
    );
    let descent = load("drafts/gradient-descent.toml");
    assert_eq!(descent.header.id, "gradient-descent");
    assert_eq!(
        descent.header.series.as_deref(),
        Some("Essential Mathematics")
    );
    assert_eq!(descent.header.part, Some(5));
    assert_eq!(descent.header.requires, ["chain-rule"]);
}
