//! Lessons for the app's tests: `tests/lessons/app/sample.toml` (three
//! short sections with prose, a table, nested details, an aside, a footnote
//! and a quiz) and the built-in Derivatives lesson.

use crate::lesson::{Lesson, load};

use load::must_load as load;

/// The sample lesson.
pub fn sample() -> Lesson {
    load(
        include_str!("../../tests/lessons/app/sample.toml"),
        "tests/lessons/app/sample.toml",
    )
}

/// The built-in Derivatives lesson.
pub fn derivatives() -> Lesson {
    load(
        include_str!("../../lessons/derivatives.toml"),
        "lessons/derivatives.toml",
    )
}

/// The explorer draws of issue #21: a contour map with a point, its
/// gradient arrow and a label; a computation graph.
pub fn canvas() -> Lesson {
    load(
        include_str!("../../tests/lessons/app/canvas.toml"),
        "tests/lessons/app/canvas.toml",
    )
}
