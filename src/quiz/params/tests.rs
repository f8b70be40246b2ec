use std::collections::HashSet;

use super::*;

fn param(name: &str, values: &[f64]) -> Param {
    Param {
        name: name.to_string(),
        values: values.to_vec(),
    }
}

fn a_and_n() -> Vec<Param> {
    vec![
        param("a", &[2.0, 3.0, 5.0, 7.0]),
        param("n", &[2.0, 3.0, 4.0, 5.0, 6.0]),
    ]
}

#[test]
fn the_same_seed_draws_the_same_values() {
    let params = a_and_n();
    for learner in ["alice", "bob", "/home/c/.local/share/chalkdust"] {
        let s = seed(learner, "derivatives", "power-rule", 0);
        assert_eq!(draw(&params, s), draw(&params, s));
        assert_eq!(s, seed(learner, "derivatives", "power-rule", 0));
    }
}

#[test]
fn the_seed_is_fixed_across_builds() {
    // Pinned: a learner must see the numbers they left after an upgrade.
    assert_eq!(seed("alice", "derivatives", "q", 0), PINNED_SEED);
    assert_eq!(draw(&a_and_n(), PINNED_SEED), PINNED_DRAW);
}

const PINNED_SEED: u64 = 13_200_226_973_900_860_035;
const PINNED_DRAW: [f64; 2] = [7.0, 3.0];

#[test]
fn each_part_of_the_seed_changes_it() {
    let base = seed("alice", "derivatives", "q", 0);
    assert_ne!(base, seed("bob", "derivatives", "q", 0));
    assert_ne!(base, seed("alice", "limits", "q", 0));
    assert_ne!(base, seed("alice", "derivatives", "r", 0));
    assert_ne!(base, seed("alice", "derivatives", "q", 1));
    // Parts are delimited: moving a letter from one to the next changes it.
    assert_ne!(seed("ab", "c", "q", 0), seed("a", "bc", "q", 0));
}

#[test]
fn every_value_is_reachable_and_nothing_else() {
    let params = vec![param("k", &[-3.0, -1.0, 0.5, 4.0, 9.0])];
    let mut seen = HashSet::new();
    for i in 0..400 {
        let v = draw(&params, seed("learner", "lesson", "q", i))[0];
        assert!(params[0].values.contains(&v), "{v} is not a value of k");
        seen.insert(v.to_bits());
    }
    assert_eq!(seen.len(), 5, "all five values are drawn in 400 tries");
}

#[test]
fn learners_usually_see_different_variants() {
    let params = a_and_n();
    let variants: HashSet<Vec<u64>> = (0..30)
        .map(|i| {
            draw(&params, seed(&format!("learner-{i}"), "l", "q", 0))
                .iter()
                .map(|v| v.to_bits())
                .collect()
        })
        .collect();
    assert!(
        variants.len() >= 12,
        "30 learners drew only {} of 20 variants",
        variants.len()
    );
}

#[test]
fn another_try_never_repeats_the_previous_variant() {
    let params = vec![param("a", &[1.0, 2.0])];
    for learner in ["a", "b", "c", "d", "e", "f"] {
        for t in 1..20 {
            assert_ne!(
                draw_try(&params, learner, "l", "q", t),
                draw_try(&params, learner, "l", "q", t - 1),
                "{learner}, try {t}"
            );
        }
    }
}

#[test]
fn a_single_variant_is_drawn_every_time() {
    let params = vec![param("a", &[4.0])];
    assert_eq!(draw_try(&params, "x", "l", "q", 3), vec![4.0]);
}

#[test]
fn check_takes_every_variant_when_few() {
    let params = a_and_n();
    let all = variants_to_check(&params, 7);
    assert_eq!(all.len(), 20);
    let distinct: HashSet<Vec<u64>> = all
        .iter()
        .map(|v| v.iter().map(|x| x.to_bits()).collect())
        .collect();
    assert_eq!(distinct.len(), 20);
}

#[test]
fn check_samples_at_least_fifty_with_the_corners_when_many() {
    let many: Vec<f64> = (0..100).map(f64::from).collect();
    let params = vec![param("p", &many), param("q", &many)];
    let some = variants_to_check(&params, 7);
    assert!(some.len() >= 50);
    assert_eq!(some[0], vec![0.0, 0.0]);
    assert_eq!(some[1], vec![99.0, 99.0]);
    assert_eq!(some, variants_to_check(&params, 7), "seeded");
}

#[test]
fn values_print_whole_or_to_six_significant_digits() {
    for (v, text) in [
        (3.0, "3"),
        (-12.0, "-12"),
        (0.0, "0"),
        (-0.0, "0"),
        (0.5, "0.5"),
        (1.0 / 3.0, "0.333333"),
        (2.0 / 3.0, "0.666667"),
        (123.456789, "123.457"),
        (-0.00012345678, "-0.000123457"),
        (1e20, "100000000000000000000"),
        (123456.7, "123457"),
    ] {
        assert_eq!(format_value(v), text, "{v}");
    }
}

#[test]
fn placeholders_are_filled_in_prose_and_math() {
    let names = ["a", "n"];
    let values = [3.0, 4.0];
    assert_eq!(
        substitute("Differentiate ${{a}}x^{ {{n}} }$.", &names, &values).unwrap(),
        "Differentiate $3x^{ 4 }$."
    );
    assert_eq!(
        substitute("$$f'(x) = {{a*n}}x^{ {{n-1}} }$$", &names, &values).unwrap(),
        "$$f'(x) = 12x^{ 3 }$$"
    );
    // Three braces close at the first `}}`: the TeX group needs spaces.
    assert!(substitute("x^{{{n}}}", &names, &values).is_err());
    assert_eq!(
        substitute("slope {{a/n}} and {{ a - n }}", &names, &values).unwrap(),
        "slope 0.75 and -1"
    );
    assert_eq!(
        substitute("no placeholders {x}", &names, &values).unwrap(),
        "no placeholders {x}"
    );
}

#[test]
fn choices_built_from_parameters_differ_per_variant() {
    let names = ["a"];
    let choices = ["{{2a}}x", "{{a}}x^2", "{{a+1}}"];
    let one: Vec<String> = choices
        .iter()
        .map(|c| substitute(c, &names, &[2.0]).unwrap())
        .collect();
    let two: Vec<String> = choices
        .iter()
        .map(|c| substitute(c, &names, &[5.0]).unwrap())
        .collect();
    assert_eq!(one, ["4x", "2x^2", "3"]);
    assert_eq!(two, ["10x", "5x^2", "6"]);
}

#[test]
fn a_placeholder_naming_no_parameter_is_an_error_with_its_offset() {
    let e = substitute("value: {{k + 1}}", &["a"], &[1.0]).unwrap_err();
    assert_eq!(e.offset, 7);
    assert!(e.message.contains("not a parameter"), "{}", e.message);
    let e = substitute("open {{a", &["a"], &[1.0]).unwrap_err();
    assert!(e.message.contains("never closed"), "{}", e.message);
}

#[test]
fn a_placeholder_dividing_by_zero_is_an_error() {
    let e = substitute("{{1/(a-2)}}", &["a"], &[2.0]).unwrap_err();
    assert!(e.message.contains("undefined"), "{}", e.message);
}

#[test]
fn answers_are_bound_and_tidied() {
    let bind =
        |text: &str, values: &[f64]| bind_expression(text, &["x"], &["a", "n"], values).unwrap();
    assert_eq!(bind("a*n*x^(n-1)", &[3.0, 4.0]), "12·x³");
    assert_eq!(bind("a*n*x^(n-1)", &[3.0, 2.0]), "6·x");
    assert_eq!(bind("a*x^2 + n*x", &[1.0, -2.0]), "x² − 2·x");
    assert_eq!(bind("x + a", &[-5.0, 0.0]), "x − 5");
    assert_eq!(bind("x/a", &[3.0, 0.0]), "x/3");
    // A bound answer reads back as the same function.
    let text = bind("a*x^n + n*x - a", &[-2.0, 3.0]);
    let e = crate::expr::parse(&text, &["x"]).unwrap();
    assert_eq!(e.eval(&[2.0]), -2.0 * 8.0 + 6.0 + 2.0);
}

#[test]
fn values_that_read_badly_in_the_text_are_found() {
    let names = ["a", "b"];
    let at = |text: &str, a: f64, b: f64| awkward(text, &names, &[a, b]);
    // A coefficient 1, -1 or 0 before a letter, a bracket or a command.
    assert_eq!(
        at("$f = {{a}}x^2 + {{b}}y$", 2.0, 1.0),
        Some(("{{b}}y".into(), "1y".into()))
    );
    assert_eq!(
        at("${{a}}\\sin x$", -1.0, 2.0),
        Some(("{{a}}\\".into(), "-1\\".into()))
    );
    assert_eq!(
        at("{{a - 2}}(x + 1)", 2.0, 0.0),
        Some(("{{a - 2}}(".into(), "0(".into()))
    );
    // A negative value after a sign.
    assert_eq!(
        at("$x + {{b}}$", 2.0, -3.0),
        Some(("{{b}}".into(), "+ -3".into()))
    );
    assert_eq!(
        at("$x -{{b}}$", 2.0, -3.0),
        Some(("{{b}}".into(), "- -3".into()))
    );
    // What reads well: other values, a 1 that is a number of its own, a
    // negative value where no sign stands before it.
    assert_eq!(at("$f = {{a}}x^2 + {{b}}y$", 2.0, 3.0), None);
    assert_eq!(at("at the point ({{b}}, 2)", 2.0, 1.0), None);
    assert_eq!(at("$x = {{b}}$", 2.0, -3.0), None);
    assert_eq!(at("no placeholders", 1.0, 1.0), None);
}
