//! What tests/series_numbers.rs cannot check in the gradient lesson
//! (lessons/gradient.toml): its table of partial derivatives, which holds
//! formulas rather than numbers, the gradients it quotes as pairs
//! `(a, b)`, and the gradient an explorer computes for its arrow. Each is
//! recomputed by central differences of the function,
//! never from the lesson's own formulas.

use chalkdust::expr;

const PATH: &str = "lessons/gradient.toml";

fn source() -> String {
    std::fs::read_to_string(PATH).unwrap_or_else(|e| panic!("{PATH}: {e}"))
}

/// ∂f/∂x and ∂f/∂y of `f` at (x, y), by central differences.
fn grad(f: Surface, x: f64, y: f64) -> (f64, f64) {
    let h = 1e-5;
    (
        (f(x + h, y) - f(x - h, y)) / (2.0 * h),
        (f(x, y + h) - f(x, y - h)) / (2.0 * h),
    )
}

/// A cell of the lesson's formula table, `$...$`, as an expression in x, y.
fn formula(cell: &str) -> expr::Expr {
    let tex = cell.trim().trim_matches('$').trim();
    expr::parse(tex, &["x", "y"]).unwrap_or_else(|e| panic!("`{tex}`: {e}"))
}

#[test]
fn every_row_of_the_partial_derivatives_table_is_right() {
    let src = source();
    let header =
        r"| $f(x, y)$ | $\frac{\partial f}{\partial x}$ | $\frac{\partial f}{\partial y}$ |";
    let start = src
        .lines()
        .position(|l| l.trim() == header)
        .unwrap_or_else(|| panic!("{PATH}: the table of partial derivatives is gone"));
    let rows: Vec<&str> = src
        .lines()
        .skip(start + 2)
        .take_while(|l| l.trim_start().starts_with('|'))
        .collect();
    assert!(rows.len() >= 4, "{rows:?}");
    let points = [(1.0, 2.0), (-1.5, 0.5), (0.3, -2.0), (2.0, 3.0)];
    let mut problems = Vec::new();
    for row in rows {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        assert_eq!(cells.len(), 3, "{row}");
        let (f, fx, fy) = (formula(cells[0]), formula(cells[1]), formula(cells[2]));
        let eval = |x: f64, y: f64| f.eval(&[x, y]);
        for (x, y) in points {
            let (gx, gy) = grad(&eval, x, y);
            for (name, said, want) in [("x", &fx, gx), ("y", &fy, gy)] {
                let got = said.eval(&[x, y]);
                if (got - want).abs() > 1e-6 * want.abs().max(1.0) {
                    problems.push(format!(
                        "{row}: ∂/∂{name} at ({x}, {y}) is {want}, the table gives {got}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A function of two variables.
type Surface<'a> = &'a dyn Fn(f64, f64) -> f64;

/// The last `(a, b)` in `text`.
fn last_pair(text: &str) -> (f64, f64) {
    let open = text
        .rfind('(')
        .unwrap_or_else(|| panic!("no pair in {text}"));
    let close = text[open..].find(')').map(|i| open + i);
    let inner = &text[open + 1..close.unwrap_or_else(|| panic!("no pair in {text}"))];
    let (a, b) = inner
        .split_once(',')
        .unwrap_or_else(|| panic!("no pair in {text}"));
    let num = |s: &str| {
        s.trim()
            .parse::<f64>()
            .unwrap_or_else(|_| panic!("`{s}` in {text}"))
    };
    (num(a), num(b))
}

#[test]
fn every_gradient_quoted_as_a_pair_is_right() {
    let bowl = |x: f64, y: f64| x * x + 4.0 * y * y;
    let cubic = |x: f64, y: f64| x * x * y + y.powi(3);
    let circle = |x: f64, y: f64| x * x + y * y;
    // Text as the lesson has it (its last pair is the gradient), the
    // function and the point.
    let claims: [(&str, Surface, (f64, f64)); 6] = [
        ("at $(1, 1)$ it is $(2, 8)$", &bowl, (1.0, 1.0)),
        ("$(2, 0.5)$ it is $(4, 4)$", &bowl, (2.0, 0.5)),
        (
            r"Stand at $(2, 0.5)$, where $\nabla f = (4, 4)$",
            &bowl,
            (2.0, 0.5),
        ),
        ("and at $(1, 2)$ it is $(4, 13)$", &cubic, (1.0, 2.0)),
        ("gradient $(2x, 2y)$ is $(6, 8)$", &circle, (3.0, 4.0)),
        ("side by side, $(2, 8)$", &bowl, (1.0, 1.0)),
    ];
    let src = source();
    let mut problems = Vec::new();
    for (text, f, (x, y)) in claims {
        if !src.contains(text) {
            problems.push(format!("no longer says: {text}"));
            continue;
        }
        let (a, b) = last_pair(text);
        let (gx, gy) = grad(f, x, y);
        if (a - gx).abs() > 1e-6 || (b - gy).abs() > 1e-6 {
            problems.push(format!("`{text}`: the gradient is ({gx}, {gy})"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_flat_points_and_the_right_angle_it_names_are_right() {
    let src = source();
    // The shifted bowl's bottom and the saddle's flat point.
    assert!(src.contains("so the bottom is at $(3, -1)$"));
    let shifted = |x: f64, y: f64| (x - 3.0).powi(2) + 2.0 * (y + 1.0).powi(2);
    let (gx, gy) = grad(&shifted, 3.0, -1.0);
    assert!(gx.abs() < 1e-9 && gy.abs() < 1e-9, "({gx}, {gy})");
    let saddle = |x: f64, y: f64| x * x - y * y;
    let (gx, gy) = grad(&saddle, 0.0, 0.0);
    assert!(gx.abs() < 1e-9 && gy.abs() < 1e-9, "({gx}, {gy})");
    // The circle's direction (−4, 3) at (3, 4): walking it keeps
    // x² + y² at 25 to first order, and it is at right angles to (6, 8).
    let claim = r"$6 \cdot (-4) + 8 \cdot 3 = -24 + 24 = 0$";
    assert!(src.contains(claim), "no longer says: {claim}");
    let t: f64 = 1e-4;
    let drift = (3.0 - 4.0 * t).powi(2) + (4.0 + 3.0 * t).powi(2) - 25.0;
    assert!(drift.abs() < 30.0 * t * t, "{drift}");
    assert_eq!(6.0 * -4.0 + 8.0 * 3.0, 0.0);
    // At (2, 0.5) the level curve runs at 135° (its slope there is −1),
    // as the table of directions says.
    assert!(src.contains("walking\nat $135°$ or $315°$ keeps you at the same height"));
    let (gx, gy) = grad(&|x, y| x * x + 4.0 * y * y, 2.0, 0.5);
    let along = 135f64.to_radians();
    assert!((gx * along.cos() + gy * along.sin()).abs() < 1e-9);
}

#[test]
fn every_gradient_stated_as_a_formula_is_right() {
    let bowl = |x: f64, y: f64| x * x + 4.0 * y * y;
    let cubic = |x: f64, y: f64| x * x * y + y.powi(3);
    let circle = |x: f64, y: f64| x * x + y * y;
    let shifted = |x: f64, y: f64| (x - 3.0).powi(2) + 2.0 * (y + 1.0).powi(2);
    let saddle = |x: f64, y: f64| x * x - y * y;
    // Text as the lesson has it, the function, and the two partial
    // derivatives the text states (each must appear in the text).
    let claims: [(&str, Surface, &str, &str); 5] = [
        (r"For the bowl, $\nabla f = (2x, 8y)$", &bowl, "2x", "8y"),
        (
            r"$\nabla g = (2xy, x^2 + 3y^2)$",
            &cubic,
            "2xy",
            "x^2 + 3y^2",
        ),
        ("gradient $(2x, 2y)$ is $(6, 8)$", &circle, "2x", "2y"),
        (
            "are $2(x - 3) = 0$ and $4(y + 1) = 0$",
            &shifted,
            "2(x - 3)",
            "4(y + 1)",
        ),
        (r"has $\nabla f = (2x, -2y)$", &saddle, "2x", "-2y"),
    ];
    let src = source();
    let points = [(1.0, 2.0), (-1.5, 0.5), (0.3, -2.0), (2.0, 3.0)];
    let mut problems = Vec::new();
    for (text, f, fx, fy) in claims {
        if !src.contains(text) {
            problems.push(format!("no longer says: {text}"));
            continue;
        }
        assert!(text.contains(fx) && text.contains(fy), "{text}");
        let (fx, fy) = (formula(fx), formula(fy));
        for (x, y) in points {
            let (gx, gy) = grad(f, x, y);
            let (said_x, said_y) = (fx.eval(&[x, y]), fy.eval(&[x, y]));
            if (said_x - gx).abs() > 1e-6 * gx.abs().max(1.0)
                || (said_y - gy).abs() > 1e-6 * gy.abs().max(1.0)
            {
                problems.push(format!(
                    "`{text}`: at ({x}, {y}) the gradient is ({gx}, {gy}), the text gives ({said_x}, {said_y})"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_points_said_to_lie_on_a_level_curve_do_and_the_unit_vector_is_one() {
    let src = source();
    let bowl = |x: f64, y: f64| x * x + 4.0 * y * y;
    let claim = "The height-1 oval passes through $(1, 0)$ and\n$(0, 0.5)$; \
                 the height-4 oval through $(2, 0)$ and $(0, 1)$.";
    assert!(src.contains(claim), "no longer says: {claim}");
    for (x, y, c) in [
        (1.0, 0.0, 1.0),
        (0.0, 0.5, 1.0),
        (2.0, 0.0, 4.0),
        (0.0, 1.0, 4.0),
    ] {
        assert_eq!(bowl(x, y), c, "({x}, {y})");
    }
    // The curves at 1, 4, 9, 16 cross the x-axis at 1, 2, 3, 4 and the
    // y-axis at 0.5, 1, 1.5, 2: evenly spaced, with height steps 1, 3, 5, 7.
    assert!(src.contains("(1, then 3 more, then 5, then 7)"));
    let levels = [1.0f64, 4.0, 9.0, 16.0];
    let steps: Vec<f64> = levels.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(steps, [3.0, 5.0, 7.0]);
    for (k, c) in levels.iter().enumerate() {
        let on_x = c.sqrt();
        let on_y = c.sqrt() / 2.0;
        assert_eq!(on_x, (k + 1) as f64);
        assert_eq!(bowl(on_x, 0.0), *c);
        assert_eq!(bowl(0.0, on_y), *c);
    }
    // The quiz's direction is of length 1, as its prompt says.
    assert!(src.contains("the unit direction $u = (0.6, 0.8)$"));
    assert!((0.6f64.hypot(0.8) - 1.0).abs() < 1e-12);
}

/// The value of `key = "..."` in the `[[...let]]` named `name` of `src`.
fn let_expr<'a>(src: &'a str, name: &str) -> &'a str {
    let at = src
        .find(&format!("name = \"{name}\"\n    expr = \""))
        .unwrap_or_else(|| panic!("no let {name}"));
    let rest = &src[at..];
    let start = rest.find("expr = \"").map(|i| i + 8).unwrap_or_default();
    let end = rest[start..].find('"').unwrap_or_default();
    &rest[start..start + end]
}

#[test]
fn the_hill_explorers_arrow_is_the_gradient_of_its_map() {
    let title = "title = \"A hill and a hollow\"";
    let src = source();
    assert!(src.contains(title), "no explorer with {title}");
    let explorer = &src[src.find(title).unwrap_or_default()..];
    let map_at = explorer.find("contour = \"").map(|i| i + 11);
    let map_src = &explorer[map_at.expect("its contour")..];
    let map = formula(&map_src[..map_src.find('"').unwrap_or_default()]);
    // The lets, with the point's coordinates as x and y and e1, e2 put in.
    let inline = |name: &str| {
        let mut e = let_expr(explorer, name).to_string();
        for inner in ["e1", "e2"] {
            e = e.replace(inner, &format!("({})", let_expr(explorer, inner)));
        }
        formula(&e.replace("p.x", "x").replace("p.y", "y"))
    };
    let (gx, gy) = (inline("gx"), inline("gy"));
    let f = |x: f64, y: f64| map.eval(&[x, y]);
    for (x, y) in [
        (2.0, -1.0),
        (1.0, 0.0),
        (-1.5, 0.5),
        (0.0, 0.0),
        (-3.0, 2.0),
    ] {
        let (want_x, want_y) = grad(&f, x, y);
        let (got_x, got_y) = (gx.eval(&[x, y]), gy.eval(&[x, y]));
        assert!(
            (got_x - want_x).abs() < 1e-6 && (got_y - want_y).abs() < 1e-6,
            "at ({x}, {y}) the gradient is ({want_x}, {want_y}), the lets give ({got_x}, {got_y})"
        );
    }
}
