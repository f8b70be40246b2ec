//! Golden tests of the whole module: every construct of the subset, every
//! formula of the Derivatives lesson, malformed input, ASCII mode and
//! fitting; plus direct checks of the layout rules and a no-panic property.
//!
//! Snapshots end each line with `|` so padding is visible, and mark the
//! baseline row with `>`.

use super::*;
use proptest::prelude::*;
use rstest::rstest;

const UNICODE: MathOptions = MathOptions { ascii: false };
const ASCII: MathOptions = MathOptions { ascii: true };

fn boxed(d: &Display) -> String {
    d.lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{} {l}|\n", if i == d.baseline { '>' } else { ' ' }))
        .collect()
}

/// Everything a formula turns into, for one snapshot.
fn all_forms(tex: &str) -> String {
    let warnings: String = lint(tex)
        .iter()
        .map(|w| format!("  {}: {}\n", w.offset, w.message))
        .collect();
    format!(
        "tex: {tex}\n\ndisplay:\n{}\ninline: {}\n\nascii display:\n{}\nascii inline: {}\n\nwarnings:\n{}",
        boxed(&display(tex, UNICODE)),
        inline(tex, UNICODE),
        boxed(&display(tex, ASCII)),
        inline(tex, ASCII),
        if warnings.is_empty() {
            "  none\n".to_string()
        } else {
            warnings
        }
    )
}

#[rstest]
#[case("frac", r"\frac{a + b}{c}")]
#[case("dfrac", r"\dfrac{1}{2} + \frac{x}{y}")]
#[case("nested_frac", r"\frac{1}{1 + \frac{1}{x}}")]
#[case("sqrt", r"\sqrt{x^2 + 1}")]
#[case("sqrt_tall", r"\sqrt{\frac{a}{b}}")]
#[case("sqrt_index", r"\sqrt[3]{x}")]
#[case("sup_plain", r"x^2 + e^x")]
#[case("sup_braced", r"x^{n-1}")]
#[case("sup_raised", r"x^{\alpha} + 2^{-\infty}")]
#[case("sup_fraction", r"e^{\frac{1}{2}x}")]
#[case("sup_nested", r"e^{x^2}")]
#[case("sub_plain", r"x_1 + a_i")]
#[case("sub_braced", r"x_{n+1}")]
#[case("sub_raised", r"x_{\Delta} + y_{q}")]
#[case("sub_and_sup", r"x_i^2 + y_{\beta}^{2}")]
#[case("lim", r"\lim_{h \to 0} f(x)")]
#[case("lim_infinity", r"\lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^n")]
#[case("sum", r"\sum_{i=1}^{n} i^2")]
#[case("prod", r"\prod_{k=1}^{n} k")]
#[case("int", r"\int_0^1 x^2 \, dx")]
#[case("int_infinite", r"\int_{-\infty}^{\infty} e^{-x^2} \, dx")]
#[case("left_right_paren", r"\left( \frac{a}{b} \right)^2")]
#[case("left_right_bracket", r"\left[ x + \frac{1}{2} \right]")]
#[case("left_brace", r"f(x) = \left\{ \frac{x}{2} \right.")]
#[case("left_dot_right_bar", r"\left. \frac{x^2}{2} \right|_0^1")]
#[case("left_one_line", r"\left( x + 1 \right)")]
#[case("operators", r"a \cdot b \times c \pm d - e + f")]
#[case("relations", r"a \approx b \neq c \le d \ge e = f < g > h")]
#[case("arrows", r"x \to \infty")]
#[case("dots", r"1, 2, \ldots, n + \cdots")]
#[case("spaces", r"a\quad b\,c\;d\!e")]
#[case("primes", r"f'(x) + f''(x)")]
#[case(
    "greek_lower",
    r"\alpha \beta \gamma \delta \epsilon \theta \lambda \mu \pi \sigma \phi \omega"
)]
#[case("greek_upper", r"\Gamma \Delta \Theta \Lambda \Pi \Sigma \Phi \Omega")]
#[case("calculus_symbols", r"\nabla f = \frac{\partial f}{\partial x}")]
#[case("greek_words_ascii", r"\Delta x + 2\pi r")]
#[case("text", r"\text{speed} = 60 \text{ km/h}")]
#[case("mathbf", r"\mathbf{v} \cdot \mathbf{w}")]
#[case("escapes", r"\{ 50\% \}")]
#[case("unary_minus", r"-x^2 + (-3) = -\nabla L")]
#[case("functions", r"\sin x + \log(x) + \max_{i} a_i")]
#[case("mathbb", r"x \in \mathbb{R}")]
#[case("typed_unicode", "Δx ≈ 0")]
#[case("fractions_side_by_side", r"\frac{a}{b}\frac{c}{d}")]
#[case("ml_chain_rule", r"\frac{dL}{dw} = \frac{dL}{dy} \cdot \frac{dy}{dw}")]
#[case("ml_gradient", r"\nabla L = \left( \frac{\partial L}{\partial w_1}, \ldots, \frac{\partial L}{\partial w_n} \right)")]
#[case("ml_update", r"w \leftarrow w - \eta \nabla L(w)")]
#[case("ml_softmax", r"\sigma(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}")]
#[case("ml_mse", r"L = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat{y}_i)^2")]
#[case("accents", r"\hat{y} = \bar{x} + \vec{v} + \dot{x} + \tilde{p}")]
#[case("accent_long", r"\overline{x + y} = \hat{xy}")]
#[case("abs_bars_spaced", r"|x - a| < \delta \quad |x|+1")]
#[case("binom", r"\binom{n}{k} = \frac{n!}{k!\,(n-k)!}")]
#[case("cases", r"|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}")]
#[case(
    "aligned",
    r"\begin{aligned} (C \cdot f)'(x) &= \lim_{h \to 0} \frac{C f(x+h) - C f(x)}{h} \\ &= C \cdot f'(x) \end{aligned}"
)]
#[case("pmatrix", r"A = \begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}")]
fn construct(#[case] name: &str, #[case] tex: &str) {
    insta::assert_snapshot!(format!("construct_{name}"), all_forms(tex));
}

#[rstest]
#[case("frac_unclosed", r"\frac{1}{")]
#[case("unknown_command", r"\foo{x}")]
#[case("unknown_command_spaced", r"\foo x + \baz")]
#[case("stray_close", "}")]
#[case("frac_missing_denominator", r"\frac{a}")]
#[case("left_without_right", r"\left( \frac{a}{b}")]
#[case("right_without_left", r"a \right)")]
#[case("caret_at_end", "x^")]
#[case("double_superscript", "x^2^3")]
#[case("lone_backslash", r"a\")]
#[case("unclosed_group", "{a + b")]
#[case("text_unclosed", r"\text{abc")]
#[case("empty", "")]
#[case("control_characters", "a\tb\u{7}c")]
#[case("environment_unclosed", r"\begin{cases} a & b")]
#[case("environment_unknown", r"\begin{tabular} x \end{tabular}")]
#[case("environment_mismatched", r"\begin{cases} a \end{aligned}")]
#[case("end_alone", r"x \end{cases}")]
#[case("binom_missing", r"\binom{n}")]
fn malformed(#[case] name: &str, #[case] tex: &str) {
    insta::assert_snapshot!(format!("malformed_{name}"), all_forms(tex));
}

/// The display formulas of the Derivatives lesson (`\[ ... \]`).
const LESSON_DISPLAY: &[&str] = &[
    r"f'(x) = \lim_{\Delta x \to 0} \frac{f(x + \Delta x) - f(x)}{\Delta x}",
    r"\text{speed} = \frac{s(1) - s(0)}{1 - 0} = \frac{60 - 0}{1} = 60 \text{ km/h}",
    r"\frac{(x+h)^2 - x^2}{h} = \frac{x^2 + 2xh + h^2 - x^2}{h} = 2x + h \to 2x",
    r"\Delta A = A(x + \Delta x) - A(x)",
    r"\Delta A = 2x \cdot \Delta x + (\Delta x)^2,\quad \frac{\Delta A}{\Delta x} = 2x + \Delta x \to 2x",
    r"\frac{\Delta A}{\Delta x} = 2x + \Delta x \approx 2x \quad \text{for small } \Delta x",
    r"(C \cdot f)'(x) = \lim_{h \to 0} \frac{C \cdot f(x+h) - C \cdot f(x)}{h} = C \cdot \lim_{h \to 0} \frac{f(x+h) - f(x)}{h} = C \cdot f'(x)",
    r"\frac{g(5 + h) - g(5)}{h} = \frac{(3(5+h) - 1) - g(5)}{h} = \frac{14 + 3h - 14}{h} = \frac{3h}{h} = 3",
    r"\frac{f(2 + h) - f(2)}{h} = \frac{(2+h)^2 - 4}{h}",
    r"\frac{f(4 + h) - f(4)}{h} = \frac{(4+h)^2 - 16}{h} = \frac{8h + h^2}{h} = 8 + h \to 8",
];

/// The inline formulas of the lesson (`\( ... \)`) that have any structure.
const LESSON_INLINE: &[&str] = &[
    r"f'(x)",
    r"\Delta x",
    r"f'(x) > 0",
    r"f'(x) < 0",
    r"y = kx + b",
    r"s(t) = 60t",
    r"s(t+0.5) - s(t)",
    r"\frac{\Delta s}{\Delta t}",
    r"s'(t) = 60",
    r"\frac{s(t+h) - s(t)}{h}",
    r"h = 0.1",
    r"x^n",
    r"n \cdot x^{n-1}",
    r"f' + g'",
    r"C \cdot f'",
    r"(5)' = 0",
    r"(x^2)' = 2x",
    r"(x^3)' = 3x^2",
    r"(7x - 2)' = 7",
    r"-\nabla L",
    r"(x^n)' = n \cdot x^{n-1}",
    r"h \to 0",
    r"(x+h)^3",
    r"h^2",
    r"y = 4x - 4",
    r"A(x) = x^2",
    r"x \cdot \Delta x",
    r"(\Delta x)^2",
    r"\Delta x \to 0",
    r"\Delta A / \Delta x \approx 2x",
    r"\Delta A/\Delta x \approx 2x",
    r"(x^n)' = nx^{n-1}",
    r"(C \cdot f)' = C \cdot f'",
    r"(5x^2)' = 5 \cdot 2x = 10x",
    r"(-3x^3)' = -3 \cdot 3x^2 = -9x^2",
    r"g(x) = 3x - 1",
    r"g(5) = 3 \cdot 5 - 1 = 14",
    r"h \neq 0",
    r"\frac{g(x+0.1)-g(x)}{0.1}",
    r"\frac{f(2+h)-f(2)}{h}",
    r"\nabla L",
];

#[test]
fn lesson_display_formulas() {
    for (i, tex) in LESSON_DISPLAY.iter().enumerate() {
        insta::assert_snapshot!(format!("lesson_display_{i}"), all_forms(tex));
    }
}

#[test]
fn lesson_inline_formulas() {
    let table: String = LESSON_INLINE
        .iter()
        .map(|tex| {
            format!(
                "{tex}\n  {}\n  {}\n",
                inline(tex, UNICODE),
                inline(tex, ASCII)
            )
        })
        .collect();
    insta::assert_snapshot!("lesson_inline", table);
}

#[test]
fn lesson_display_formulas_fit_80_columns() {
    let mut out = String::new();
    for tex in LESSON_DISPLAY {
        let d = display_fit(tex, UNICODE, 80);
        assert!(d.width() <= 80, "{tex} is {} wide", d.width());
        out.push_str(&format!("{tex}\n{}\n", boxed(&d)));
    }
    insta::assert_snapshot!("lesson_fit_80", out);
}

#[rstest]
#[case("definition_40", LESSON_DISPLAY[0], 40, UNICODE)]
#[case("constant_rule_60", LESSON_DISPLAY[6], 60, UNICODE)]
#[case("linear_50", LESSON_DISPLAY[7], 50, UNICODE)]
#[case("square_30", LESSON_DISPLAY[4], 30, UNICODE)]
#[case("sum_of_terms_12", "a + b + c + d + e + f", 12, UNICODE)]
#[case("ascii_definition_30", LESSON_DISPLAY[0], 30, ASCII)]
#[case("unbreakable_5", r"\frac{abcdefgh}{2}", 5, UNICODE)]
fn fit(#[case] name: &str, #[case] tex: &str, #[case] width: usize, #[case] opts: MathOptions) {
    let d = display_fit(tex, opts, width);
    insta::assert_snapshot!(
        format!("fit_{name}"),
        format!("width {width}\n{}", boxed(&d))
    );
}

#[test]
fn definition_of_derivative_is_three_lines_with_the_bar_under_the_numerator() {
    let d = display(LESSON_DISPLAY[0], UNICODE);
    assert_eq!(d.lines.len(), 3);
    assert_eq!(d.baseline, 1);
    let num = "f(x + Δx) − f(x)";
    let at = d.lines[0].find(num).expect("numerator on the top line");
    // The bar starts under the numerator's first column and is as wide.
    let col = d.lines[0][..at].chars().count();
    let bar: String = d.lines[1]
        .chars()
        .skip(col)
        .take(num.chars().count())
        .collect();
    assert_eq!(bar, "─".repeat(num.chars().count()));
    // `lim` centred over `Δx → 0`.
    let lim_col = d.lines[1].chars().position(|c| c == 'l').expect("lim");
    let lim_sub = d.lines[2].find("Δx → 0").expect("limit under lim");
    let sub_col = d.lines[2][..lim_sub].chars().count();
    assert_eq!(lim_col, sub_col + (6 - 3) / 2, "{d:#?}");
}

#[test]
fn subscripts_with_unicode_forms_stay_on_one_line() {
    assert_eq!(display("x_{n+1}", UNICODE).lines, vec!["xₙ₊₁"]);
    assert_eq!(inline("x^{n-1}", UNICODE), "xⁿ⁻¹");
    assert_eq!(inline("x^{n-1}", ASCII), "x^(n-1)");
}

#[test]
fn a_script_with_one_character_lacking_a_form_is_raised_whole() {
    let d = display(r"x^{2q}", UNICODE);
    assert_eq!(d.lines, vec![" 2q", "x  "]);
    assert_eq!(d.baseline, 1);
}

#[test]
fn fraction_bar_is_as_wide_as_the_wider_part_and_parts_are_centred() {
    let d = display(r"\frac{1}{x + y}", UNICODE);
    assert_eq!(d.lines, vec!["  1  ", "─────", "x + y"]);
    assert_eq!(d.baseline, 1);
}

#[test]
fn inline_fractions_get_parentheses_only_when_needed() {
    assert_eq!(inline(r"\frac{\Delta s}{\Delta t}", UNICODE), "Δs/Δt");
    assert_eq!(inline(r"\frac{a+b}{2}", UNICODE), "(a + b)/2");
    assert_eq!(inline(r"\frac{a}{b+c}", ASCII), "a/(b + c)");
}

#[test]
fn ascii_mode_uses_only_ascii() {
    for tex in LESSON_DISPLAY.iter().chain(LESSON_INLINE) {
        let d = display(tex, ASCII);
        for line in d.lines.iter().chain(std::iter::once(&inline(tex, ASCII))) {
            assert!(line.is_ascii(), "{tex} gave {line:?}");
        }
    }
}

#[test]
fn lint_reports_unknown_commands_and_braces_in_order() {
    let w = lint(r"a } \foo{x} {b");
    let found: Vec<usize> = w.iter().map(|w| w.offset).collect();
    assert_eq!(found, vec![2, 4, 12]);
    assert!(w[1].message.contains("\\foo"));
    assert!(lint(LESSON_DISPLAY[6]).is_empty());
}

#[test]
fn fit_leaves_a_formula_that_fits_alone() {
    for tex in LESSON_DISPLAY {
        assert_eq!(display_fit(tex, UNICODE, 1000), display(tex, UNICODE));
    }
}

#[test]
fn fit_breaks_before_relations_and_aligns_under_the_first() {
    let d = display_fit("a = b + c = d + e", UNICODE, 9);
    assert_eq!(d.lines, vec!["a = b + c", "  = d + e"]);
}

#[rstest]
#[case("{".repeat(20_000))]
#[case(r"\frac".repeat(5_000))]
#[case("x^{".repeat(5_000))]
#[case(r"\left(".repeat(5_000))]
#[case(r"\sqrt{\frac{".repeat(3_000))]
fn deep_nesting_is_shown_as_written_not_a_stack_overflow(#[case] tex: String) {
    let d = display(&tex, UNICODE);
    assert!(d.width() > 0);
    let _ = display_fit(&tex, ASCII, 40);
    assert!(!inline(&tex, UNICODE).is_empty());
    assert!(
        lint(&tex)
            .iter()
            .any(|w| w.message.contains("nested too deeply"))
    );
}

fn equal_widths(d: &Display) -> bool {
    let w = d.width();
    d.lines
        .iter()
        .all(|l| unicode_width::UnicodeWidthStr::width(l.as_str()) == w)
}

proptest! {
    #[test]
    fn random_strings_never_panic(s in "\\PC{0,40}", width in 0usize..60) {
        for opts in [UNICODE, ASCII] {
            let d = display(&s, opts);
            prop_assert!(d.baseline < d.lines.len().max(1));
            prop_assert!(equal_widths(&d));
            let f = display_fit(&s, opts, width);
            prop_assert!(equal_widths(&f));
            prop_assert!(!inline(&s, opts).contains('\n'));
        }
        for w in lint(&s) {
            prop_assert!(w.offset <= s.chars().count());
        }
    }

    #[test]
    fn tex_like_strings_never_panic(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("\\frac"), Just("\\sqrt"), Just("{"), Just("}"), Just("^"), Just("_"),
                Just("\\left("), Just("\\right)"), Just("\\left."), Just("\\right|"),
                Just("\\lim"), Just("\\sum"), Just("\\int"), Just("x"), Just("2"), Just("+"),
                Just("-"), Just("="), Just("'"), Just("\\text{a b}"), Just("\\foo"), Just("["),
                Just("]"), Just("\\Delta"), Just(" "), Just("\\"), Just("\\,"), Just("\\mathbf"),
            ],
            0..24,
        ),
        width in 0usize..40,
    ) {
        let s: String = parts.concat();
        for opts in [UNICODE, ASCII] {
            let d = display(&s, opts);
            prop_assert!(d.baseline < d.lines.len());
            prop_assert!(equal_widths(&d));
            prop_assert!(equal_widths(&display_fit(&s, opts, width)));
            prop_assert!(!inline(&s, opts).contains('\n'));
        }
        let _ = lint(&s);
    }
}
