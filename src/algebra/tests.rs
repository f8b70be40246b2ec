use rstest::rstest;

use super::*;
use crate::expr;

fn poly(text: &str, vars: &[&str]) -> Poly {
    let e = expr::parse(text, vars).expect("reads");
    polynomial(&e).expect("a polynomial")
}

fn irr(text: &str) -> Irreducibility {
    let e = expr::parse(text, &["x", "y", "z"]).expect("reads");
    irreducibility(&polynomial_with_atoms(&e).expect("a polynomial"))
}

fn rat(n: i64, d: i64) -> Rat {
    Rat::new(BigInt::from(n), BigInt::from(d))
}

#[rstest]
#[case("(x+1)^2", "x^2 + 2x + 1")]
#[case("(x-1)(x+1)", "x^2 - 1")]
#[case("(x+y)^3", "x^3 + 3x^2 y + 3x y^2 + y^3")]
#[case("x/2 + x/2", "x")]
#[case("(2x - 3)(2x + 3) - 4x^2", "-9")]
#[case("0.1 + 0.2", "3/10")]
#[case("(x + 1)^0", "1")]
#[case("x·y − y·x", "0")]
fn normal_forms_agree(#[case] a: &str, #[case] b: &str) {
    assert_eq!(poly(a, &["x", "y"]), poly(b, &["x", "y"]), "{a} vs {b}");
}

#[test]
fn different_polynomials_differ() {
    assert_ne!(poly("(x+1)^2", &["x"]), poly("x^2+1", &["x"]));
    assert_ne!(poly("0.1", &["x"]), poly("1/9", &["x"]));
}

#[test]
fn decimals_are_read_as_written() {
    assert_eq!(rational_from_f64(0.1), Some(rat(1, 10)));
    assert_eq!(rational_from_f64(-2.5), Some(rat(-5, 2)));
    assert_eq!(rational_from_f64(1e-7), Some(rat(1, 10_000_000)));
    assert_eq!(rational_from_f64(f64::NAN), None);
    assert_eq!(rational_from_f64(1e300), None);
}

#[test]
fn what_is_not_a_polynomial_is_refused_by_the_plain_reader() {
    for text in ["sin(x)", "1/x", "x^(1/2)", "2^x", "pi x", "x^-1", "1/(x-x)"] {
        let e = expr::parse(text, &["x"]).expect("reads");
        assert_eq!(polynomial(&e), None, "{text}");
    }
}

#[test]
fn atoms_are_shared_between_equal_parts() {
    let e = expr::parse("x e^x + e^x", &["x"]).expect("reads");
    let p = polynomial_with_atoms(&e).expect("reads");
    assert_eq!(p.vars(), vec![0, 1]);
    assert_eq!(p.term_count(), 2);
}

#[test]
fn growth_is_bounded() {
    let e = expr::parse("(x+y+z+1)^40", &["x", "y", "z"]).expect("reads");
    assert_eq!(polynomial(&e), None);
    let e = expr::parse("x^65", &["x"]).expect("reads");
    assert_eq!(polynomial(&e), None);
}

#[test]
fn univariate_division_and_gcd() {
    let f = poly("x^3 - 1", &["x"]).to_uni(0);
    let g = poly("x - 1", &["x"]).to_uni(0);
    let (q, r) = f.divrem(&g).expect("divides");
    assert!(r.is_zero());
    assert_eq!(q, poly("x^2 + x + 1", &["x"]).to_uni(0));
    let a = poly("2(x-1)(x+2)", &["x"]).to_uni(0);
    let b = poly("(x+2)(x+3)", &["x"]).to_uni(0);
    assert_eq!(a.gcd(&b), poly("x + 2", &["x"]).to_uni(0));
}

#[rstest]
// Irreducible over the rationals.
#[case("x + 1", Irreducibility::Irreducible)]
#[case("2x + 2", Irreducibility::Irreducible)]
#[case("x^2 + 1", Irreducibility::Irreducible)]
#[case("x^2 - 2", Irreducibility::Irreducible)]
#[case("x^2 + x + 1", Irreducibility::Irreducible)]
#[case("x^3 - 2", Irreducibility::Irreducible)]
#[case("x^4 + 1", Irreducibility::Irreducible)]
#[case("x^4 + x + 1", Irreducibility::Irreducible)]
#[case("x^4 - 10x^2 + 1", Irreducibility::Irreducible)]
#[case("x^5 - x - 1", Irreducibility::Irreducible)]
#[case("x^2/2 + 1/3", Irreducibility::Irreducible)]
#[case("x^2 + y^2", Irreducibility::Irreducible)]
#[case("x^2 - y", Irreducibility::Irreducible)]
#[case("x y + 1", Irreducibility::Irreducible)]
#[case("x^2 + x y + y^2", Irreducibility::Irreducible)]
#[case("x + y + z", Irreducibility::Irreducible)]
#[case("x^2 + y^2 + z^2", Irreducibility::Irreducible)]
#[case("sin(x) + 1", Irreducibility::Irreducible)]
// Reducible.
#[case("x^2 - 1", Irreducibility::Reducible)]
#[case("4x^2 - 9", Irreducibility::Reducible)]
#[case("6x^2 + x - 2", Irreducibility::Reducible)]
#[case("x^2 + 2x + 1", Irreducibility::Reducible)]
#[case("x^2 + x", Irreducibility::Reducible)]
#[case("x^3 - 8", Irreducibility::Reducible)]
#[case("x^4 + 4", Irreducibility::Reducible)]
#[case("x^4 + 5x^2 + 6", Irreducibility::Reducible)]
#[case("x^4 - 2x^2 + 1", Irreducibility::Reducible)]
#[case("x^4 + x^2 + 1", Irreducibility::Reducible)]
#[case("x^6 - 1", Irreducibility::Reducible)]
#[case("x^2/4 - 1/9", Irreducibility::Reducible)]
#[case("x^2 - y^2", Irreducibility::Reducible)]
#[case("x^3 - y^3", Irreducibility::Reducible)]
#[case("x^2 + 2x y + y^2", Irreducibility::Reducible)]
#[case("x y + x + y + 1", Irreducibility::Reducible)]
#[case("x^2 y - x y^2", Irreducibility::Reducible)]
#[case("x z + y z", Irreducibility::Reducible)]
#[case("x y + x z + y + z", Irreducibility::Reducible)]
#[case("x e^x + e^x", Irreducibility::Reducible)]
#[case("sin(x)^2 - 1", Irreducibility::Reducible)]
#[case("x^2", Irreducibility::Reducible)]
fn irreducibility_over_the_rationals(#[case] text: &str, #[case] want: Irreducibility) {
    assert_eq!(irr(text), want, "{text}");
}

#[test]
fn an_overlong_search_is_unknown_not_a_guess() {
    // Values at small points with very many divisors: the search is capped.
    let text = "x^8 + 720720x^4 + 720720^2";
    assert_eq!(irr(text), Irreducibility::Unknown);
}
