//! A small lesson built in code, for tests of the app and its screens: three
//! sections with prose, a table, nested details, an aside, a footnote and a
//! quiz with a number, an expression and a choice question.

use crate::lesson::{
    Answer, Block, BlockKind, Feedback, Footnote, Lesson, Pos, Question, Quiz, Section,
};

fn block(kind: BlockKind) -> Block {
    Block {
        pos: Pos::default(),
        kind,
    }
}

fn text(t: &str) -> Block {
    block(BlockKind::Text { text: t.into() })
}

fn question(id: &str, prompt: &str, answer: Answer) -> Question {
    Question {
        id: id.into(),
        pos: Pos::default(),
        prompt: prompt.into(),
        answer,
        hints: Vec::new(),
        explain: None,
        feedback: Vec::new(),
        right: Vec::new(),
        wrong: Vec::new(),
    }
}

/// The sample lesson.
pub fn sample() -> Lesson {
    let mut slope = question(
        "slope-x2-at-3",
        "What is the slope of $y = x^2$ at $x = 3$?",
        Answer::Number {
            text: "6".into(),
            value: 6.0,
            tolerance: None,
        },
    );
    slope.hints = vec![
        "The slope of $x^2$ at $x$ is $2x$.".into(),
        "Put $x = 3$ into $2x$.".into(),
    ];
    slope.explain = Some("$(x^2)' = 2x$, and $2 \\cdot 3 = 6$.".into());
    slope.feedback = vec![Feedback {
        answer: "9".into(),
        say: "That is the value $3^2$, not the slope.".into(),
    }];

    let mut sign = question(
        "sign",
        "Where $f'(x) > 0$, the function is...",
        Answer::Choice {
            choices: vec!["increasing".into(), "decreasing".into(), "constant".into()],
            correct: vec![0],
            multiple: false,
        },
    );
    sign.explain = Some("A positive slope means the graph goes up.".into());

    let mut name = question(
        "name",
        "What do we call the slope of the tangent line?",
        Answer::Text {
            accepted: vec!["derivative".into(), "the derivative".into()],
        },
    );
    name.hints = vec!["It starts with d.".into()];

    Lesson {
        id: "sample".into(),
        title: "Sample derivatives".into(),
        subtitle: Some("A lesson for tests".into()),
        series: Some("Essential Mathematics".into()),
        part: Some(2),
        requires: vec!["limits".into()],
        footnotes: vec![Footnote {
            id: "grad".into(),
            text: "$\\nabla L$ is the gradient of the loss.".into(),
        }],
        sections: vec![
            Section {
                id: "definition".into(),
                title: "What is a derivative".into(),
                blocks: vec![
                    text(
                        "The derivative shows the **rate of change**: how fast a function \
                         grows for a *small* shift in its argument.[^grad]\n\n\
                         - $f'(x) > 0$: the function is increasing\n\
                         - $f'(x) < 0$: the function is decreasing\n\
                         - $f'(x) = 0$: a possible minimum or maximum",
                    ),
                    block(BlockKind::Math {
                        tex: "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}".into(),
                    }),
                    block(BlockKind::Details {
                        title: "Simple explanation".into(),
                        open: false,
                        blocks: vec![
                            text("A speedometer shows a derivative: how fast distance changes."),
                            block(BlockKind::Details {
                                title: "The simplest explanation".into(),
                                open: false,
                                blocks: vec![text(
                                    "A car at constant speed: $s(t) = 60t$.\n\n\
                                     | $t$ (h) | $s(t)$ (km) |\n|---|---|\n\
                                     | 0 | 0 |\n| 1 | 60 |\n| 2 | 120 |",
                                )],
                            }),
                        ],
                    }),
                    text("After the explanations, the text goes on."),
                ],
            },
            Section {
                id: "rules".into(),
                title: "Rules".into(),
                blocks: vec![
                    text(
                        "| Function | Derivative | Example |\n|---|---|---|\n\
                         | $c$ | $0$ | $(5)' = 0$ |\n\
                         | $x^n$ | $n x^{n-1}$ | $(x^3)' = 3x^2$ |\n\
                         | $c \\cdot f(x)$ | $c \\cdot f'(x)$ | $(5x^2)' = 10x$ |",
                    ),
                    block(BlockKind::Aside {
                        title: "Why it matters in ML".into(),
                        text: "Training follows the gradient downhill, step by step.".into(),
                    }),
                ],
            },
            Section {
                id: "check".into(),
                title: "Self-check".into(),
                blocks: vec![block(BlockKind::Quiz(Quiz {
                    title: Some("Self-check".into()),
                    questions: vec![slope, sign, name],
                }))],
            },
        ],
    }
}

/// A second lesson for the catalog, in another series.
pub fn other() -> Lesson {
    Lesson {
        id: "limits".into(),
        title: "Limits".into(),
        subtitle: Some("Getting close".into()),
        series: Some("Essential Mathematics".into()),
        part: Some(1),
        requires: Vec::new(),
        footnotes: Vec::new(),
        sections: vec![Section {
            id: "intro".into(),
            title: "Introduction".into(),
            blocks: vec![text("Limits come first.")],
        }],
    }
}
