use super::doc::Target;
use super::fixture;
use super::harness::Harness;
use super::*;

#[test]
fn starts_at_the_first_section() {
    let mut h = Harness::lesson(fixture::sample());
    let s = h.screen();
    assert!(s.contains("What is a derivative"), "{s}");
    assert!(s.contains("1/3"), "{s}");
}
