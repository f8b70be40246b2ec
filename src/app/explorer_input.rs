//! An explorer's parameters moved with the keys or dragged with the mouse,
//! and when the mouse is worth capturing.

use super::*;

impl App {
    /// Whether the front end should capture the mouse. Automatic: only while
    /// an explorer has focus (its points can be dragged, its sliders
    /// clicked and dragged), so text selection works everywhere else; `m`
    /// overrides it either way.
    pub fn mouse_wanted(&self) -> bool {
        self.mouse.unwrap_or_else(|| {
            self.reading.as_ref().is_some_and(|r| match &r.focus {
                Some(Target::Explore(path, _)) => r.explorer(path).is_some(),
                _ => false,
            })
        })
    }

    /// A click (with the mouse captured, `m`) on an explanation's title
    /// opens or closes it; on a choice, chooses it. Whether it did.
    pub(super) fn on_click(&mut self, m: MouseEvent) -> bool {
        let body_top = usize::from(ScreenGeometry::BODY_TOP);
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        if self.overlay.is_some() {
            return false;
        }
        let Some(doc_row) = usize::from(m.row)
            .checked_sub(body_top)
            .map(|row| row + r.scroll)
        else {
            return false;
        };
        if let Some(item) = r
            .doc
            .items
            .iter()
            .find(|it| matches!(it.target, Target::Details(_)) && it.mark.0 == doc_row)
        {
            r.focus = Some(item.target.clone());
            r.editing = false;
            self.activate();
            return true;
        }
        let Some((id, option)) = r
            .doc
            .choice_rows
            .iter()
            .find(|c| c.2 == doc_row)
            .map(|c| (c.0.clone(), c.1))
        else {
            return false;
        };
        let Some(q) = r.question(&id).cloned() else {
            return false;
        };
        let Answer::Choice { multiple, .. } = q.answer else {
            return false;
        };
        let st = r.quiz.entry(id.clone()).or_default();
        if st.done() {
            self.status = Some("This question is done.".into());
            return true;
        }
        st.cursor = option;
        st.toggle(option, multiple);
        st.edited();
        r.focus = Some(Target::Question(id));
        r.editing = true;
        self.relayout();
        true
    }

    /// A press on a slider's track sets it there; dragging it on moves it
    /// along, held at the ends past them. Whether the event was a slider's.
    fn on_slider_mouse(&mut self, m: MouseEvent) -> bool {
        let body_top = usize::from(ScreenGeometry::BODY_TOP);
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let x = i64::from(m.column) - i64::from(ScreenGeometry::TEXT_LEFT);
        let doc_row = usize::from(m.row)
            .checked_sub(body_top)
            .map(|row| row + r.scroll);
        let track = match (&m.kind, &r.dragging) {
            (MouseEventKind::Drag(_), Some((path, i))) => r
                .doc
                .slider_tracks
                .iter()
                .find(|t| &t.path == path && t.param == *i),
            (MouseEventKind::Down(_), _) => r.doc.slider_tracks.iter().find(|t| {
                Some(t.row) == doc_row
                    && x >= i64::from(t.col)
                    && x < i64::from(t.col) + i64::from(t.width)
            }),
            _ => None,
        };
        let Some(t) = track.cloned() else {
            return false;
        };
        let Some(e) = r.explorer(&t.path).cloned() else {
            return false;
        };
        // The knob's places run from the track's first column to its last.
        let span = f64::from(t.width.saturating_sub(1).max(1));
        let fraction = (x - i64::from(t.col)) as f64 / span;
        self.stop_play_on(&t.path, Some(t.param));
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let key = (r.section, t.path.clone());
        let mut state = r.explore.get(&key).cloned().unwrap_or_else(|| e.start());
        if e.set_slider_fraction(&mut state, t.param, fraction) {
            r.explore.insert(key, state);
        }
        r.dragging = Some((t.path.clone(), t.param));
        r.focus = Some(Target::Explore(t.path, t.param));
        self.relayout();
        true
    }

    /// A key while parameter `i` of the explorer at `path` has focus.
    /// Returns whether the explorer took it.
    pub(super) fn on_explore_key(&mut self, path: &[usize], i: usize, k: KeyEvent) -> bool {
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let Some(e) = r.explorer(path).cloned() else {
            return false;
        };
        let is_point = matches!(e.params.get(i), Some(explore::Param::Point(_)));
        let big = k.modifiers.contains(KeyModifiers::SHIFT);
        let key = (r.section, path.to_vec());
        let mut state = r.explore.get(&key).cloned().unwrap_or_else(|| e.start());
        state.focus = i;
        // A slider leaves ↑/↓ to scrolling; a point moves with them.
        let mode = if is_point { Mode::Point } else { Mode::Slider };
        let action = keymap::action(mode, k.code);
        match action {
            Some(Action::Play) => {
                self.toggle_play(path);
                return true;
            }
            Some(Action::ResetExplorer) => self.stop_play_on(path, None),
            Some(_) => self.stop_play_on(path, Some(i)),
            None => {}
        }
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let changed = match action {
            Some(Action::NudgeLeft) => e.nudge(&mut state, Dir::Left, big),
            Some(Action::NudgeRight) => e.nudge(&mut state, Dir::Right, big),
            Some(Action::NudgeUp) => e.nudge(&mut state, Dir::Up, big),
            Some(Action::NudgeDown) => e.nudge(&mut state, Dir::Down, big),
            Some(Action::BigStepUp) => e.nudge(&mut state, Dir::Right, true),
            Some(Action::BigStepDown) => e.nudge(&mut state, Dir::Left, true),
            Some(Action::ToMinimum) => e.to_end(&mut state, false),
            Some(Action::ToMaximum) => e.to_end(&mut state, true),
            Some(Action::ResetExplorer) => {
                let start = e.start();
                let was = state.clone();
                state = start;
                state.focus = i;
                state != was
            }
            _ => return false,
        };
        if changed {
            r.explore.insert(key, state);
            self.relayout();
        }
        true
    }

    /// A mouse press, drag or release: picks up, moves and drops an
    /// explorer's point.
    pub(super) fn on_explore_mouse(&mut self, m: MouseEvent) -> bool {
        let body_top = usize::from(ScreenGeometry::BODY_TOP);
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        if matches!(m.kind, MouseEventKind::Up(_)) {
            return r.dragging.take().is_some();
        }
        if self.on_slider_mouse(m) {
            return true;
        }
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        // A point being dragged follows the pointer past the canvas edge,
        // held at the edge, instead of stopping where the pointer left.
        if let (MouseEventKind::Drag(_), Some((path, _))) = (&m.kind, r.dragging.clone())
            && let Some(at) = drag_position(r, &path, m)
        {
            return self.drop_point_at(path, m, at);
        }
        // Which chart row is under the pointer, and where in that chart.
        let Some(doc_row) = usize::from(m.row)
            .checked_sub(body_top)
            .map(|row| row + r.scroll)
        else {
            return false;
        };
        let Some(doc::Row::Chart { chart, row, prefix }) = r.doc.rows.get(doc_row) else {
            return false;
        };
        let Some((_, path)) = r.doc.explore_charts.iter().find(|(c, _)| c == chart) else {
            return false;
        };
        let path = path.clone();
        let Some(plotted) = r.doc.charts.get(*chart) else {
            return false;
        };
        let left = u16::try_from(prefix.width()).unwrap_or(0) + ScreenGeometry::TEXT_LEFT;
        let Some(col) = m.column.checked_sub(left) else {
            return false;
        };
        let Some(e) = r.explorer(&path).cloned() else {
            return false;
        };
        let Some(at) = e.position_at(plotted, col, *row) else {
            return false;
        };
        self.drop_point_at(path, m, at)
    }

    /// Move the point under (or being dragged by) the pointer to `at`.
    fn drop_point_at(&mut self, path: Vec<usize>, m: MouseEvent, at: (f64, f64)) -> bool {
        let Some(r) = self.reading.as_mut() else {
            return false;
        };
        let Some(e) = r.explorer(&path).cloned() else {
            return false;
        };
        let key = (r.section, path.clone());
        let mut state = r.explore.get(&key).cloned().unwrap_or_else(|| e.start());
        let target = match (&m.kind, &r.dragging) {
            (MouseEventKind::Drag(_), Some((p, i))) if *p == path => Some(*i),
            (MouseEventKind::Down(_), _) => e.point_near(&state, at, 0.08),
            _ => None,
        };
        let Some(i) = target else {
            return false;
        };
        r.dragging = Some((path.clone(), i));
        r.focus = Some(Target::Explore(path, i));
        if e.place_point(&mut state, i, at) {
            r.explore.insert(key, state);
        }
        self.relayout();
        true
    }
}

/// Where the point dragged in the explorer at `path` goes for pointer `m`:
/// the canvas cell nearest the pointer, so a pointer past the edge holds
/// the point at the edge. `None` when the explorer's chart is not laid out.
fn drag_position(r: &Reading, path: &[usize], m: MouseEvent) -> Option<(f64, f64)> {
    let (chart, _) = r.doc.explore_charts.iter().find(|(_, p)| p == path)?;
    let first = r
        .doc
        .rows
        .iter()
        .position(|row| matches!(row, doc::Row::Chart { chart: c, .. } if c == chart))?;
    let prefix = match r.doc.rows.get(first) {
        Some(doc::Row::Chart { prefix, .. }) => prefix.width(),
        _ => 0,
    };
    let plotted = r.doc.charts.get(*chart)?;
    let l = crate::chart::layout(
        plotted,
        plotted.width,
        plotted.height,
        crate::chart::BRAILLE_DOTS,
    )?;
    let c = l.canvas;
    if c.width == 0 || c.height == 0 {
        return None;
    }
    let body_top = i64::from(ScreenGeometry::BODY_TOP);
    let row =
        i64::from(m.row) - body_top + i64::try_from(r.scroll).ok()? - i64::try_from(first).ok()?;
    let left = i64::try_from(prefix).ok()? + i64::from(ScreenGeometry::TEXT_LEFT);
    let col = i64::from(m.column) - left;
    let clamp = |v: i64, lo: u16, len: u16| {
        u16::try_from(v.clamp(i64::from(lo), i64::from(lo) + i64::from(len) - 1)).unwrap_or(lo)
    };
    let e = r.explorer(path)?;
    e.position_at(plotted, clamp(col, c.x, c.width), clamp(row, c.y, c.height))
}
