use crate::app::fixture;
use crate::app::harness::Harness;

#[test]
fn tiny_screens_say_so() {
    let mut h = Harness::lesson(fixture::sample());
    assert_eq!(h.render(0, 0), "");
    assert_eq!(h.render(1, 1).len(), 2);
    let s = h.render(20, 5);
    assert!(s.contains("chalkdust needs at"), "{s}");
}
