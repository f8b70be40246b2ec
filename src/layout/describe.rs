//! Interactive blocks put into words, for the linear layout of
//! [`super::doc::Mode::Print`]: a chart or an explorer as one line saying
//! what it shows, a choice named by a letter.

use crate::explore::Explorer;
use crate::lesson::{Chart, PlotData};

/// "a", "b", ... "z", then "27", ...: choices are named, not numbered, so
/// a learner does not take "2." for a value.
pub fn choice_letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'a' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// A number as an author would write it: `2`, `-1.5` (with a real minus
/// sign unless ASCII).
fn number(v: f64, ascii: bool) -> String {
    let text = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if ascii {
        text
    } else {
        text.replace('-', "−")
    }
}

/// One line saying what a chart shows: its title, its plots, and the range.
pub fn describe_chart(c: &Chart, ascii: bool) -> String {
    let mut plots = Vec::new();
    for p in &c.plots {
        let name = match (&p.label, &p.data) {
            (Some(l), _) if !l.trim().is_empty() => l.clone(),
            (_, PlotData::Expr(e)) => format!("y = {}", e.pretty()),
            (_, PlotData::Pieces(_)) => "a piecewise function".to_string(),
            (_, PlotData::Points(pts)) => format!("{} marked points", pts.len()),
        };
        plots.push(name.clone());
        if p.derivative {
            plots.push(crate::chart::derivative_label(Some(&name)));
        }
    }
    let mut d = String::from("[chart: ");
    if let Some(t) = c.title.as_deref().filter(|t| !t.trim().is_empty()) {
        d.push_str(t);
        d.push_str(": ");
    }
    if plots.is_empty() {
        d.push_str("empty");
    } else {
        d.push_str(&plots.join(", "));
    }
    let var = c.x_label.as_deref().unwrap_or(&c.var);
    d.push_str(&format!(
        "; {var} from {} to {}",
        number(c.x.0, ascii),
        number(c.x.1, ascii)
    ));
    if let Some((lo, hi)) = c.y {
        let y = c.y_label.as_deref().unwrap_or("y");
        d.push_str(&format!(
            ", {y} from {} to {}",
            number(lo, ascii),
            number(hi, ascii)
        ));
    }
    d.push(']');
    d
}

/// One line saying what an explorer lets a learner change.
pub fn describe_explorer(e: &Explorer) -> String {
    let mut d = String::from("[explorer: ");
    if let Some(t) = e.title.as_deref().filter(|t| !t.trim().is_empty()) {
        d.push_str(t);
        d.push_str("; ");
    }
    let params: Vec<&str> = e
        .params
        .iter()
        .map(|p| {
            if p.label().trim().is_empty() {
                p.name()
            } else {
                p.label()
            }
        })
        .collect();
    if !params.is_empty() {
        d.push_str("change ");
        d.push_str(&params.join(", "));
        d.push_str("; ");
    }
    d.push_str("interactive, open the lesson in chalkdust to use it]");
    d
}
