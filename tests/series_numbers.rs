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
            ("$1.9^2 = 3.61$", 1.9 * 1.9, 2),
            ("$2.1^2 = 4.41$", 2.1 * 2.1, 2),
            ("$(2 + 0.5)^2 - 4 = 2.25$", 2.5 * 2.5 - 4.0, 2),
            (
                r"$\delta = \sqrt{6.25} - 2 = 2.5 - 2 = 0.5$",
                6.25f64.sqrt() - 2.0,
                1,
            ),
            (
                "At $x = {{c + 0.01}}$ the value is $10000$",
                1.0 / (0.01 * 0.01),
                0,
            ),
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
        path: "lessons/gradient-descent.toml",
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

// --- Chain rule ----------------------------------------------------------------

/// The slope of `f` at `x` by a central difference: computed apart from the
/// chain rule, so a table of chain-rule results is checked against the
/// definition of the derivative, not against itself.
fn slope(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6;
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// The running example of the first sections, (x² + 1)³.
fn cubed_bump(x: f64) -> f64 {
    (x * x + 1.0).powi(3)
}

/// z = xy along the path x = t², y = 3t.
fn path_xy(t: f64) -> (f64, f64) {
    (t * t, 3.0 * t)
}

/// The computation graph a = x·y, b = a + z, f = b² at (2, 3, −4): the
/// forward values a, b, f.
fn graph_forward(step: f64) -> f64 {
    let (x, y, z) = (2.0, 3.0, -4.0);
    let a = x * y;
    let b = a + z;
    [a, b, b * b][step as usize - 1]
}

/// The backward table of the graph, each derivative by nudging the node it
/// names and running the rest of the graph forward.
fn graph_backward(step: f64) -> f64 {
    let (x, y, z) = (2.0, 3.0, -4.0);
    let from_b = |b: f64| b * b;
    let from_a = |a: f64| from_b(a + z);
    let f = |x: f64, y: f64, z: f64| (x * y + z).powi(2);
    match step as usize {
        1 => slope(from_b, x * y + z),
        2 => slope(from_a, x * y),
        3 => slope(|z| f(x, y, z), z),
        4 => slope(|x| f(x, y, z), x),
        5 => slope(|y| f(x, y, z), y),
        _ => f64::NAN,
    }
}

/// The lesson's two-layer network: its weights, input and target.
#[derive(Clone, Copy)]
struct Net {
    w1: f64,
    b1: f64,
    w2: f64,
    b2: f64,
    x: f64,
    y: f64,
}

const NET: Net = Net {
    w1: 1.0,
    b1: -1.0,
    w2: 1.5,
    b2: 1.0,
    x: 3.0,
    y: 1.0,
};

impl Net {
    /// z, h, ŷ and the loss.
    fn forward(self) -> [f64; 4] {
        let z = self.w1 * self.x + self.b1;
        let h = z.max(0.0);
        let p = self.w2 * h + self.b2;
        [z, h, p, (p - self.y).powi(2)]
    }
    fn loss(self) -> f64 {
        self.forward()[3]
    }
}

/// The backward table of the network, each row by nudging what it names:
/// ŷ, w₂, b₂, h, z, w₁, b₁.
fn net_backward(step: f64) -> f64 {
    let n = NET;
    let [z, h, p, _] = n.forward();
    let from_p = |p: f64| (p - n.y).powi(2);
    let from_h = |h: f64| from_p(n.w2 * h + n.b2);
    let from_z = |z: f64| from_h(z.max(0.0));
    match step as usize {
        1 => slope(from_p, p),
        2 => slope(|w2| Net { w2, ..n }.loss(), n.w2),
        3 => slope(|b2| Net { b2, ..n }.loss(), n.b2),
        4 => slope(from_h, h),
        5 => slope(from_z, z),
        6 => slope(|w1| Net { w1, ..n }.loss(), n.w1),
        7 => slope(|b1| Net { b1, ..n }.loss(), n.b1),
        _ => f64::NAN,
    }
}

/// The network after one step of 0.01 times each derivative.
fn net_after_one_step() -> Net {
    let eta = 0.01;
    Net {
        w1: NET.w1 - eta * net_backward(6.0),
        b1: NET.b1 - eta * net_backward(7.0),
        w2: NET.w2 - eta * net_backward(2.0),
        b2: NET.b2 - eta * net_backward(3.0),
        ..NET
    }
}

fn nudged_w1(w1: f64) -> Net {
    Net { w1, ..NET }
}

fn bell(x: f64) -> f64 {
    (-x * x).exp()
}

fn chain_rule() -> Numbers {
    let bell_steepest = (0..=20000)
        .map(|i| slope(bell, -2.0 + i as f64 * 0.0002).abs())
        .fold(0.0, f64::max);
    let after = net_after_one_step();
    Numbers {
        path: "lessons/chain-rule.toml",
        tables: vec![
            (
                r"| $x$ | $u = x^2 + 1$ | $y = u^3$ |",
                vec![Some(|x| x * x + 1.0), Some(cubed_bump)],
            ),
            (
                r"| $h$ | $\frac{y(1 + h) - y(1)}{h}$ |",
                vec![Some(|h| (cubed_bump(1.0 + h) - cubed_bump(1.0)) / h)],
            ),
            (
                r"| $t$ | $x$ | $y$ | via $x$ | via $y$ | $\frac{dz}{dt}$ |",
                vec![
                    Some(|t| path_xy(t).0),
                    Some(|t| path_xy(t).1),
                    // ∂z/∂x · dx/dt = y · x′(t), and ∂z/∂y · dy/dt = x · y′(t).
                    Some(|t| path_xy(t).1 * slope(|t| path_xy(t).0, t)),
                    Some(|t| path_xy(t).0 * slope(|t| path_xy(t).1, t)),
                    Some(|t| {
                        slope(
                            |t| {
                                let (x, y) = path_xy(t);
                                x * y
                            },
                            t,
                        )
                    }),
                ],
            ),
            (
                r"| step | node | computed as | value |",
                vec![None, None, Some(graph_forward)],
            ),
            (
                r"| step | derivative | chain | value |",
                vec![None, None, Some(graph_backward)],
            ),
            (
                r"| step | in the network | computed as | value |",
                vec![None, None, Some(|k| NET.forward()[k as usize - 1])],
            ),
            (
                r"| step | derivative | by the chain rule | value |",
                vec![None, None, Some(net_backward)],
            ),
            (
                r"| layers $n$ | $0.25^n$ | $1.5^n$ |",
                vec![Some(|n| 0.25f64.powf(n)), Some(|n| 1.5f64.powf(n))],
            ),
        ],
        prose_tables: &[r"| function | inner $u$ | outer | derivative |"],
        claims: vec![
            (
                "slope $2x$ is already 6 at $x = 3$",
                slope(|x| x * x, 3.0),
                0,
            ),
            ("$f(g(1)) = f(2) = 8$", cubed_bump(1.0), 0),
            ("$g(f(1)) = g(1) = 2$", 1f64.powi(3).powi(2) + 1.0, 0),
            ("$3 \\cdot 2^2 = 12$", slope(|u| u.powi(3), 2.0), 0),
            ("$12 \\cdot 2 = 24$", slope(cubed_bump, 1.0), 0),
            ("$6 \\cdot 1 \\cdot 2^2 = 24$", slope(cubed_bump, 1.0), 0),
            (
                "At $x = 0$ this is 15.",
                slope(|x| (3.0 * x + 1.0).powi(5), 0.0),
                0,
            ),
            ("gives 5, a slope three", 5.0 * 1f64.powi(4), 0),
            ("steepest at $x = \\pm 0.7071$", 1.0 / 2f64.sqrt(), 4),
            ("about $\\pm 0.8578$", bell_steepest, 4),
            ("$-2/e \\approx -0.7358$", slope(bell, 1.0), 4),
            (
                "the slope is $1 \\cdot 1 \\cdot 3 = 3$",
                slope(|x| (3.0 * x).sin().exp(), 0.0),
                0,
            ),
            ("derivative $18x$", slope(|x| (3.0 * x).powi(2), 1.0), 0),
            (
                "at $t = 1$ they are the 6",
                path_xy(1.0).1 * slope(|t| path_xy(t).0, 1.0),
                0,
            ),
            (
                "3 and 9 of the table",
                slope(
                    |t| {
                        let (x, y) = path_xy(t);
                        x * y
                    },
                    1.0,
                ),
                0,
            ),
            (
                "2(xy + z) \\cdot y = 2 \\cdot 2 \\cdot 3 = 12$",
                graph_backward(4.0),
                0,
            ),
            (
                "$z = 2.03$, $\\hat{y} = 4.045$",
                nudged_w1(1.01).forward()[0],
                2,
            ),
            (
                "$\\hat{y} = 4.045$ and $L = 3.045^2 = 9.272025$",
                nudged_w1(1.01).forward()[2],
                3,
            ),
            ("$L = 3.045^2 = 9.272025$", nudged_w1(1.01).loss(), 6),
            (
                "$z = 1.97$, $\\hat{y} = 3.955$",
                nudged_w1(0.99).forward()[0],
                2,
            ),
            ("$\\hat{y} = 3.955$ and", nudged_w1(0.99).forward()[2], 3),
            ("$L = 2.955^2 = 8.732025$", nudged_w1(0.99).loss(), 6),
            (
                r"\frac{9.272025 - 8.732025}{0.02} = 27",
                (nudged_w1(1.01).loss() - nudged_w1(0.99).loss()) / 0.02,
                0,
            ),
            ("$w_1 = 1 - 0.27 = 0.73$", after.w1, 2),
            ("$b_1 = -1 - 0.09 = -1.09$", after.b1, 2),
            ("$w_2 = 1.5 - 0.12 = 1.38$", after.w2, 2),
            ("$b_2 = 1 - 0.06 = 0.94$", after.b2, 2),
            (
                "Run the forward pass again: $z = 1.1$",
                after.forward()[0],
                1,
            ),
            ("$\\hat{y} = 2.458$, and the loss", after.forward()[2], 3),
            ("from 9 to about $2.126$", after.loss(), 3),
            ("the loss\n  9 gives", NET.loss(), 0),
            (
                "\\frac{\\partial L}{\\partial w_2} = 12$ and",
                net_backward(2.0),
                0,
            ),
            (
                "  $\\frac{\\partial L}{\\partial w_1} = 27$.",
                net_backward(6.0),
                0,
            ),
            (
                "Is $\\frac{\\partial L}{\\partial w_1} = 27$ right?",
                net_backward(6.0),
                0,
            ),
            ("$\\sigma' = 0.5 \\cdot 0.5 = 0.25$", slope(sigmoid, 0.0), 2),
            ("points = [[0, 0.25]]", slope(sigmoid, 0.0), 2),
        ],
    }
}

fn series() -> Vec<Numbers> {
    vec![limits(), gradient(), chain_rule(), gradient_descent()]
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
    let descent = load("lessons/gradient-descent.toml");
    assert_eq!(descent.header.id, "gradient-descent");
    assert_eq!(
        descent.header.series.as_deref(),
        Some("Essential Mathematics")
    );
    assert_eq!(descent.header.part, Some(5));
    assert_eq!(descent.header.requires, ["chain-rule"]);
}

#[test]
fn chain_rule_is_part_four_after_the_gradient() {
    let lesson = match load_file(Path::new("lessons/chain-rule.toml")) {
        Ok(loaded) => loaded.lesson,
        Err(e) => panic!("{:#?}", e.diagnostics),
    };
    assert_eq!(lesson.header.id, "chain-rule");
    assert_eq!(lesson.header.title, "The chain rule");
    assert_eq!(
        lesson.header.series.as_deref(),
        Some("Essential Mathematics")
    );
    assert_eq!(lesson.header.part, Some(4));
    assert_eq!(lesson.header.requires, ["gradient"]);
}

/// The formulas the chain-rule lesson states as identities, compared at
/// many points.
#[test]
fn chain_rule_identities_hold() {
    for i in -30..=30 {
        let x = f64::from(i) / 10.0;
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()));
        // (x² + 1)³ multiplied out, and its derivative both ways.
        let expanded = x.powi(6) + 3.0 * x.powi(4) + 3.0 * x * x + 1.0;
        assert!(close(cubed_bump(x), expanded), "expansion at {x}");
        let term_by_term = 6.0 * x.powi(5) + 12.0 * x.powi(3) + 6.0 * x;
        let chained = 6.0 * x * (x * x + 1.0).powi(2);
        assert!(close(term_by_term, chained), "6x(x²+1)² at {x}");
        assert!(close(slope(cubed_bump, x), chained), "slope at {x}");
        // σ′ = σ(1 − σ), and e^(−x)/(1 + e^(−x))² on the way.
        let s = sigmoid(x);
        let e = (-x).exp();
        assert!(close(slope(sigmoid, x), s * (1.0 - s)), "σ′ at {x}");
        assert!(
            close(e / (1.0 + e).powi(2), s * (1.0 - s)),
            "σ′ tidied at {x}"
        );
        // √(1 + x²)′ = x/√(1 + x²) and (e^(−x²))′ = −2x·e^(−x²).
        let root = (1.0 + x * x).sqrt();
        assert!(
            close(slope(|x| (1.0 + x * x).sqrt(), x), x / root),
            "√ at {x}"
        );
        assert!(close(slope(bell, x), -2.0 * x * bell(x)), "bell at {x}");
        // sin(x²)′ = cos(x²)·2x and (sin x)²′ = 2 sin x cos x.
        assert!(close(slope(|x| (x * x).sin(), x), (x * x).cos() * 2.0 * x));
        assert!(close(
            slope(|x| x.sin().powi(2), x),
            2.0 * x.sin() * x.cos()
        ));
        // exp(sin 3x)′ = exp(sin 3x)·cos 3x·3, and (3x + 1)⁵′ = 15(3x + 1)⁴.
        let e3 = (3.0 * x).sin().exp();
        assert!(close(
            slope(|x| (3.0 * x).sin().exp(), x),
            e3 * (3.0 * x).cos() * 3.0
        ));
        assert!(close(
            slope(|x| (3.0 * x + 1.0).powi(5), x),
            15.0 * (3.0 * x + 1.0).powi(4)
        ));
        // z = xy along (t², 3t): 6t² + 3t² = 9t², and z = 3t³.
        let t = x;
        let (px, py) = path_xy(t);
        assert!(close(py * 2.0 * t + px * 3.0, 9.0 * t * t), "9t² at {t}");
        assert!(close(px * py, 3.0 * t.powi(3)), "3t³ at {t}");
    }
}
