//! Sampling and drawing a chart at 200 columns, beside drawing a screen of
//! wrapped text of the same size: a chart must not make a frame noticeably
//! slower than prose does.

use chalkdust::chart;
use chalkdust::expr::{self, Expr};
use chalkdust::lesson::{Chart, ColorName, LineStyle, Plot, PlotData};
use chalkdust::ui::chart::{ChartOptions, render};
use divan::black_box;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

const WIDTH: u16 = 200;

fn main() {
    divan::main();
}

fn parse(src: &str) -> Expr {
    match expr::parse(src, &["x"]) {
        Ok(e) => e,
        Err(e) => panic!("{src}: {e}"),
    }
}

fn line(src: &str, style: LineStyle, color: ColorName, derivative: bool) -> Plot {
    Plot {
        data: PlotData::Expr(parse(src)),
        label: Some(src.to_string()),
        style,
        color: Some(color),
        derivative,
        hollow: false,
    }
}

/// The busiest lesson chart: a parabola with its derivative, two tangents
/// and two marked points, y range fitted.
fn tangents() -> Chart {
    Chart {
        title: Some("y = x² and its tangents".into()),
        var: "x".into(),
        x: (-1.0, 5.0),
        y: None,
        x_label: Some("x".into()),
        y_label: Some("y".into()),
        plots: vec![
            line("x^2", LineStyle::Solid, ColorName::Green, true),
            line("4x - 4", LineStyle::Dashed, ColorName::Yellow, false),
            line("8x - 16", LineStyle::Dots, ColorName::Magenta, false),
            Plot {
                data: PlotData::Points(vec![(2.0, 4.0), (4.0, 16.0)]),
                label: Some("points of tangency".into()),
                style: LineStyle::Solid,
                color: Some(ColorName::Red),
                derivative: false,
                hollow: false,
            },
        ],
        equal_aspect: false,
    }
}

fn area() -> Rect {
    Rect::new(0, 0, WIDTH, chart::height_for(WIDTH))
}

#[divan::bench]
fn sample_chart(bencher: divan::Bencher) {
    let c = tangents();
    let a = area();
    bencher.bench_local(|| chart::plot(black_box(&c), a.width, a.height));
}

#[divan::bench(args = [false, true])]
fn draw_chart(bencher: divan::Bencher, ascii: bool) {
    let a = area();
    let plotted = chart::plot(&tangents(), a.width, a.height);
    let opts = ChartOptions {
        ascii,
        monochrome: false,
    };
    bencher.bench_local(|| {
        let mut buf = Buffer::empty(a);
        render(black_box(&plotted), a, &mut buf, opts);
        buf
    });
}

#[divan::bench]
fn sample_and_draw_chart(bencher: divan::Bencher) {
    let c = tangents();
    let a = area();
    bencher.bench_local(|| {
        let plotted = chart::plot(black_box(&c), a.width, a.height);
        let mut buf = Buffer::empty(a);
        render(&plotted, a, &mut buf, ChartOptions::default());
        buf
    });
}

/// The baseline: the same area filled with wrapped prose.
#[divan::bench]
fn draw_text(bencher: divan::Bencher) {
    let a = area();
    let sentence = "The derivative of a function at a point shows the rate of change: \
                    how fast the function grows for a small shift in the argument. ";
    let text = sentence.repeat(usize::from(a.height) * 2);
    bencher.bench_local(|| {
        let mut buf = Buffer::empty(a);
        Paragraph::new(black_box(text.as_str()))
            .wrap(Wrap { trim: true })
            .render(a, &mut buf);
        buf
    });
}
