//! One simulated student of `ssh_load`: logs in over SSH, reads the
//! built-in Derivatives lesson and answers one of its questions the way a
//! person does (the contents, Tab to the question, Enter, type, Enter),
//! one key at a time at a class pace, and reads the answers off a terminal
//! model of its screen (`vt100`), as the end-to-end tests do: ratatui
//! writes only the cells that changed, so the raw bytes are not the screen.
//!
//! When its connection drops (the instance serving it was killed), it logs
//! in again through the same address (the balancer), waits for its first
//! screen, and compares the section heading with the one it was reading.

use std::num::NonZeroU16;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use russh::ChannelMsg;
use russh::client;
use russh::keys::ssh_key::HashAlg;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg, PublicKeyOrCertificate};

/// The lesson and question every student answers (a number question
/// without parameters, so the right answer is the same in every try).
pub const LESSON: &str = "derivatives";
pub const QUESTION: &str = "linear-7x-2";
/// Text of that question's prompt on screen, to know when Tab reached it.
const PROMPT: &str = "derivative of 7x − 2?";
const RIGHT: &[u8] = b"7";
/// A wrong answer the lesson has feedback for.
const WRONG: &[u8] = b"5";

const ENTER: &[u8] = b"\r";
const TAB: &[u8] = b"\t";
const PAGE_DOWN: &[u8] = b"\x1b[6~";
const PAGE_UP: &[u8] = b"\x1b[5~";
const CTRL_U: &[u8] = b"\x15";

/// How long a key may take to change the screen before it counts as
/// "without a visible change" (a scroll at the end of a section changes
/// nothing), and how long a verdict or a resize may take at most.
pub const KEY_WAIT: Duration = Duration::from_millis(300);
pub const SLOW_WAIT: Duration = Duration::from_secs(10);
/// A reconnect that has not shown a screen by then counts as failed.
const RECONNECT_LIMIT: Duration = Duration::from_secs(60);

/// One thing the student does; each sends exactly one key.
#[derive(Clone, Copy)]
enum Step {
    /// A key whose answer is any change on the screen.
    Key(&'static [u8]),
    /// Tab until the question has focus (stays on this step until then).
    FocusQuestion,
    /// Enter on the focused question to start typing; `r` first (try
    /// another) when it is solved already, as after a reconnect.
    StartAnswer,
    /// Enter on a typed answer: the check, timed to its verdict.
    Check(Verdict),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verdict {
    Right,
    Wrong,
}

impl Verdict {
    fn text(self) -> &'static str {
        match self {
            Verdict::Right => "✓ Right!",
            Verdict::Wrong => "✗ Not yet",
        }
    }
}

/// A student's round, repeated: go to the self-check through the
/// contents, answer the question wrong and then right, ask for another
/// try, then read a few sections from the start. 26 keys, two of
/// them checks (the 11th and the 14th). Every round starts with the
/// contents, which opens from any reading state, so a student back from a
/// reconnect starts a round again.
const ROUND: &[Step] = &[
    Step::Key(b"t"),
    Step::Key(b"G"),
    Step::Key(b"k"),
    Step::Key(ENTER),
    Step::FocusQuestion,
    Step::StartAnswer,
    Step::Key(WRONG),
    Step::Check(Verdict::Wrong),
    Step::Key(CTRL_U),
    Step::Key(RIGHT),
    Step::Check(Verdict::Right),
    Step::Key(b"r"),
    Step::Key(b"t"),
    Step::Key(b"g"),
    Step::Key(ENTER),
    Step::Key(b"n"),
    Step::Key(b"j"),
    Step::Key(b"j"),
    Step::Key(PAGE_DOWN),
    Step::Key(b"n"),
    Step::Key(PAGE_DOWN),
    Step::Key(PAGE_UP),
    Step::Key(b"n"),
];

/// What every student shares: where to connect, the pace, and the point
/// at which the driver kills an instance.
pub struct Plan {
    pub port: u16,
    pub sessions: usize,
    pub steps: usize,
    pub think: Duration,
    pub size: (u32, u32),
    /// Each student changes its window width once every this many keys
    /// (staggered between students); 0 never.
    pub resize_every: usize,
    /// Counts students that have pressed `kill_at_step` keys (or ended
    /// before): the driver kills an instance when all have.
    pub kill_at_step: Option<usize>,
    pub passed_kill_step: AtomicUsize,
    /// Set by the driver just before it kills an instance: what is
    /// measured from then on (the reconnects, then the whole class on the
    /// instance left) is kept apart from the class on both.
    pub killed: std::sync::atomic::AtomicBool,
}

impl Plan {
    fn resize_due(&self, index: usize, step: usize) -> bool {
        if self.resize_every == 0 {
            return false;
        }
        let offset = index * self.resize_every / self.sessions.max(1);
        (step + offset).is_multiple_of(self.resize_every)
    }

    /// How long student `index` thinks before key `step`: `think` on
    /// average, anywhere from half of it to one and a half times it. People
    /// do not press keys in step; with one fixed pace, a class that
    /// arrived within two seconds would check its answers within the same
    /// two seconds, round after round, which no class does.
    fn think_before(&self, index: usize, step: usize) -> Duration {
        self.think.mul_f64(0.5 + unit(index, step))
    }

    /// How long student `index` reads its first screen before its first
    /// key: anywhere within one round of keys, so the class's rounds (and
    /// its checks) are spread over the round from the start.
    fn first_look(&self, index: usize) -> Duration {
        self.think
            .mul_f64(ROUND.len() as f64 * unit(index, usize::MAX))
    }
}

/// A number in [0, 1) fixed by `index` and `step` (splitmix64): the same
/// class every run.
fn unit(index: usize, step: usize) -> f64 {
    let mut z = (index as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(step as u64)
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// Marks the student as past the kill step once, on time or when it ends
/// early, so the driver never waits for a student that will not get there.
struct KillMark<'a> {
    plan: &'a Plan,
    marked: bool,
}

impl KillMark<'_> {
    fn mark(&mut self) {
        if !self.marked && self.plan.kill_at_step.is_some() {
            self.marked = true;
            self.plan.passed_kill_step.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Drop for KillMark<'_> {
    fn drop(&mut self) {
        self.mark();
    }
}

/// One dropped connection and what followed.
pub struct Reconnect {
    /// When the student saw its connection drop.
    pub lost_at: Instant,
    /// From seeing the connection drop to the first screen after logging
    /// in again (`None`: never got one).
    pub took: Option<Duration>,
    /// The section heading on screen before the drop, and after.
    pub before: String,
    pub after: String,
    /// A "progress not ..." notice on the first screen after logging in
    /// again (the record could not be read, say).
    pub notice: Option<String>,
    /// A key had been sent and its answer had not begun to show (or only
    /// just) when the connection dropped: the section it leads to may be
    /// the one saved. Reported apart, not counted as a place lost.
    pub key_in_flight: bool,
    /// The heading shown when the last key was sent, and how long before
    /// the drop that key's answer began to show: printed with a place lost,
    /// to tell a save that was late from one that never came.
    pub before_last_key: String,
    pub since_answer: Option<Duration>,
    pub error: Option<String>,
}

/// What one student measured.
#[derive(Default)]
pub struct Measured {
    /// The learner's id in the store: the key's SHA-256 fingerprint.
    pub learner: String,
    pub setup: Option<Duration>,
    pub keys: Vec<Duration>,
    /// Keys sent once the kill had begun.
    pub keys_after_kill: Vec<Duration>,
    pub keys_unanswered: usize,
    /// Enter on an answer -> its verdict on screen.
    pub checks: Vec<Duration>,
    /// Checks sent once the kill had begun.
    pub checks_after_kill: Vec<Duration>,
    /// Checks whose verdict did not show within the limit, the connection
    /// still up.
    pub checks_unseen: usize,
    /// The screen when the first of them timed out, to show in the report.
    pub unseen_screen: Option<String>,
    /// Checks sent when the connection dropped before their verdict: the
    /// store may or may not have them.
    pub checks_in_flight: usize,
    /// Screens that said "progress not saved" after a check.
    pub not_saved: usize,
    pub resizes: Vec<Duration>,
    pub reconnects: Vec<Reconnect>,
    pub total: Duration,
    pub error: Option<String>,
}

impl Measured {
    /// Verdicts seen on screen: each one an attempt the store must hold.
    pub fn verdicts_seen(&self) -> usize {
        self.checks.len() + self.checks_after_kill.len()
    }
}

/// Accepts any host key: every instance presents the same one, and this
/// is a bench on loopback.
pub struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// The connection went away (the server, or the balancer, closed it).
struct Dropped;

/// One SSH session with its screen.
struct Conn {
    _handle: client::Handle<Client>,
    channel: russh::Channel<client::Msg>,
    screen: vt100::Parser,
    cols: u32,
    rows: u32,
    /// The last section heading shown: a server that stops politely
    /// (SIGTERM) clears the screen for its goodbye before it closes.
    shown: String,
}

fn size(n: u32) -> NonZeroU16 {
    NonZeroU16::new(u16::try_from(n).unwrap_or(u16::MAX)).unwrap_or(NonZeroU16::MIN)
}

impl Conn {
    async fn open(
        port: u16,
        index: usize,
        key: Arc<PrivateKey>,
        (cols, rows): (u32, u32),
    ) -> anyhow::Result<Conn> {
        let config = Arc::new(client::Config {
            inactivity_timeout: None,
            nodelay: true,
            ..client::Config::default()
        });
        let mut handle = client::connect(config, ("127.0.0.1", port), Client).await?;
        let auth = handle
            .authenticate_publickey(
                format!("learner{index}"),
                PrivateKeyWithHashAlg::new(key, None),
            )
            .await?;
        anyhow::ensure!(auth.success(), "authentication refused");
        let channel = handle.channel_open_session().await?;
        channel
            .request_pty(false, "xterm-256color", cols, rows, 0, 0, &[])
            .await?;
        channel.request_shell(false).await?;
        Ok(Conn {
            _handle: handle,
            channel,
            screen: vt100::Parser::new(size(rows), size(cols), 0),
            cols,
            rows,
            shown: String::new(),
        })
    }

    /// Read output into the screen until `deadline`, or until `done` holds
    /// after some output arrived: then the time it arrived.
    async fn read_until(
        &mut self,
        deadline: tokio::time::Instant,
        mut done: impl FnMut(&vt100::Screen) -> bool,
    ) -> Result<Option<Instant>, Dropped> {
        loop {
            match tokio::time::timeout_at(deadline, self.channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => {
                    self.screen.process(&data);
                    if let Some(h) = heading(self.screen.screen()) {
                        self.shown = h;
                    }
                    if done(self.screen.screen()) {
                        return Ok(Some(Instant::now()));
                    }
                }
                Ok(Some(ChannelMsg::Eof | ChannelMsg::Close)) | Ok(None) => return Err(Dropped),
                Ok(Some(_)) => {}
                Err(_) => return Ok(None),
            }
        }
    }

    /// Keep the screen up to date for `wait` (a student thinking).
    async fn idle(&mut self, wait: Duration) -> Result<(), Dropped> {
        let deadline = tokio::time::Instant::now() + wait;
        self.read_until(deadline, |_| false).await.map(|_| ())
    }

    /// Send `key`; the time to the first output it causes (any change), or
    /// `None` if none came within [`KEY_WAIT`].
    async fn press(&mut self, key: &[u8]) -> Result<Option<Duration>, Dropped> {
        let sent = Instant::now();
        self.channel.data(key).await.map_err(|_| Dropped)?;
        let deadline = tokio::time::Instant::now() + KEY_WAIT;
        let at = self.read_until(deadline, |_| true).await?;
        Ok(at.map(|t| t - sent))
    }

    /// Send Enter on a typed answer; the time until `verdict` is on screen.
    async fn check(&mut self, verdict: Verdict) -> Result<Option<Duration>, Dropped> {
        let sent = Instant::now();
        self.channel.data(ENTER).await.map_err(|_| Dropped)?;
        let deadline = tokio::time::Instant::now() + SLOW_WAIT;
        let at = self
            .read_until(deadline, |s| s.contents().contains(verdict.text()))
            .await?;
        Ok(at.map(|t| t - sent))
    }

    /// Narrow the window by a column, or widen it back; the time to the
    /// first output of the redraw.
    async fn resize(&mut self) -> Result<Option<Duration>, Dropped> {
        self.cols = if self.cols.is_multiple_of(2) {
            self.cols - 1
        } else {
            self.cols + 1
        };
        self.screen.set_size(size(self.rows), size(self.cols));
        let sent = Instant::now();
        self.channel
            .window_change(self.cols, self.rows, 0, 0)
            .await
            .map_err(|_| Dropped)?;
        let deadline = tokio::time::Instant::now() + SLOW_WAIT;
        let at = self.read_until(deadline, |_| true).await?;
        Ok(at.map(|t| t - sent))
    }

    /// Wait for a first screen with a section heading, then for the rest
    /// of the frame.
    async fn first_screen(&mut self, limit: Duration) -> Result<Option<Instant>, Dropped> {
        let deadline = tokio::time::Instant::now() + limit;
        let shown = self.read_until(deadline, |s| heading(s).is_some()).await?;
        self.idle(Duration::from_millis(20)).await?;
        Ok(shown)
    }

    fn heading(&self) -> String {
        self.shown.clone()
    }
}

/// The section on screen, from the title bar: "11/12 Check yourself".
fn heading(screen: &vt100::Screen) -> Option<String> {
    let top = screen.rows(0, screen.size().1.get()).next()?;
    let (_, rest) = top.split_once('›')?;
    let rest = rest.trim_start();
    let section = rest.split("  ").next()?.trim();
    (section.contains('/')).then(|| section.to_string())
}

/// The rows of the focused thing (marked by a bar in the left margin).
fn focused(screen: &vt100::Screen) -> String {
    let mut out = String::new();
    for row in screen.rows(0, screen.size().1.get()) {
        if row.starts_with('▌') {
            out.push_str(&row);
            out.push('\n');
        }
    }
    out
}

/// The key a step sends on this screen, and whether the round moves on.
fn key_for(step: Step, screen: &vt100::Screen) -> (&'static [u8], bool) {
    match step {
        Step::Key(key) => (key, true),
        Step::FocusQuestion => {
            if focused(screen).contains(PROMPT) {
                // Already there: nothing to press for it, go on at once.
                (b"", true)
            } else {
                (TAB, false)
            }
        }
        Step::StartAnswer => {
            if focused(screen).contains("✓ solved") {
                (b"r", false)
            } else {
                (ENTER, true)
            }
        }
        Step::Check(_) => (ENTER, true),
    }
}

/// The key the student logs in with, from its index (the same at every
/// login, so the store knows it again).
fn student_key(index: usize) -> PrivateKey {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(index as u64).to_le_bytes());
    PrivateKey::from(Ed25519Keypair::from_seed(&seed))
}

pub async fn student(plan: Arc<Plan>, index: usize) -> Measured {
    let mut measured = Measured::default();
    let start = Instant::now();
    let mut mark = KillMark {
        plan: &plan,
        marked: false,
    };
    if let Err(e) = run(&plan, index, &mut measured, &mut mark).await {
        measured.error = Some(e.to_string());
    }
    drop(mark);
    measured.total = start.elapsed();
    measured
}

async fn run(
    plan: &Plan,
    index: usize,
    measured: &mut Measured,
    mark: &mut KillMark<'_>,
) -> anyhow::Result<()> {
    let key = Arc::new(student_key(index));
    measured.learner = key.public_key().fingerprint(HashAlg::Sha256).to_string();
    let start = Instant::now();
    let mut conn = Conn::open(plan.port, index, Arc::clone(&key), plan.size).await?;
    match conn.first_screen(Duration::from_secs(30)).await {
        Ok(Some(_)) => measured.setup = Some(start.elapsed()),
        Ok(None) => anyhow::bail!("no first screen:\n{}", conn.screen.screen().contents()),
        Err(Dropped) => anyhow::bail!("dropped before the first screen"),
    }

    let mut at = 0;
    let mut step = 0;
    // When the last key's answer began to show (`None` while waiting for
    // it), and the heading before that key; see `Reconnect`.
    let mut answered: Option<Instant> = Some(Instant::now());
    let mut before_last_key = conn.heading();
    let mut first_look = Some(plan.first_look(index));
    while step < plan.steps {
        let pressed = async {
            let pause = first_look
                .take()
                .unwrap_or_else(|| plan.think_before(index, step));
            conn.idle(pause).await?;
            if plan.resize_due(index, step)
                && let Some(took) = conn.resize().await?
            {
                measured.resizes.push(took);
            }
            // A step already done on this screen (the question has focus)
            // sends nothing: on to the next at once.
            let (current, key) = loop {
                let current = ROUND[at];
                let (key, advance) = key_for(current, conn.screen.screen());
                if advance {
                    at = (at + 1) % ROUND.len();
                }
                if !key.is_empty() {
                    break (current, key);
                }
            };
            answered = None;
            before_last_key = conn.heading();
            let after_kill = plan.killed.load(Ordering::Relaxed);
            match current {
                Step::Check(verdict) => {
                    let Ok(shown) = conn.check(verdict).await else {
                        measured.checks_in_flight += 1;
                        return Err(Dropped);
                    };
                    match shown {
                        Some(took) if after_kill => measured.checks_after_kill.push(took),
                        Some(took) => measured.checks.push(took),
                        None => {
                            measured.checks_unseen += 1;
                            measured.unseen_screen.get_or_insert_with(|| {
                                format!(
                                    "waiting for {verdict:?}:\n{}",
                                    conn.screen.screen().contents()
                                )
                            });
                        }
                    }
                    if conn.screen.screen().contents().contains("not saved") {
                        measured.not_saved += 1;
                    }
                }
                _ => match conn.press(key).await? {
                    Some(took) if after_kill => measured.keys_after_kill.push(took),
                    Some(took) => measured.keys.push(took),
                    None => measured.keys_unanswered += 1,
                },
            }
            answered = Some(Instant::now());
            Ok(())
        }
        .await;
        match pressed {
            Ok(()) => {
                step += 1;
                if plan.kill_at_step.is_some_and(|k| step >= k) {
                    mark.mark();
                }
            }
            Err(Dropped) => {
                // A key whose answer had not begun to show (or showed
                // within the last few milliseconds, its frame perhaps cut
                // short): the section it leads to may be the one the store
                // has, written before the frame that would have shown it.
                let in_flight = answered.is_none_or(|t| t.elapsed() < Duration::from_millis(5));
                let last = LastKey {
                    in_flight,
                    before: before_last_key.clone(),
                    since_answer: answered.map(|t| t.elapsed()),
                };
                let (conn_again, report) = reconnect(plan, index, &key, &conn, last).await;
                let error = report.error.clone();
                measured.reconnects.push(report);
                let Some(c) = conn_again else {
                    anyhow::bail!("could not log in again: {}", error.unwrap_or_default());
                };
                conn = c;
                at = 0;
            }
        }
    }
    // Leave: `q` quits (saving the position) unless the student is typing,
    // when dropping the connection ends the session all the same.
    let _ = conn.channel.data(&b"q"[..]).await;
    let _ = conn.idle(Duration::from_millis(50)).await;
    Ok(())
}

/// The last key before a drop (see [`Reconnect`]).
struct LastKey {
    in_flight: bool,
    before: String,
    since_answer: Option<Duration>,
}

/// Log in again after a drop, with a short growing backoff, until a first
/// screen shows or [`RECONNECT_LIMIT`] passes.
async fn reconnect(
    plan: &Plan,
    index: usize,
    key: &Arc<PrivateKey>,
    old: &Conn,
    last: LastKey,
) -> (Option<Conn>, Reconnect) {
    let lost = Instant::now();
    let mut report = Reconnect {
        lost_at: lost,
        took: None,
        before: old.heading(),
        after: String::new(),
        notice: None,
        key_in_flight: last.in_flight,
        before_last_key: last.before,
        since_answer: last.since_answer,
        error: None,
    };
    // Spread the class's returns over about a tenth of a second: people
    // pressing Up and Enter in their shells take longer, so this is the
    // harder case for the instance left.
    let mut backoff = Duration::from_millis(50 + (index % 50) as u64 * 2);
    while lost.elapsed() < RECONNECT_LIMIT {
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(2));
        let size = (old.cols, old.rows);
        let mut conn = match Conn::open(plan.port, index, Arc::clone(key), size).await {
            Ok(c) => c,
            Err(e) => {
                report.error = Some(e.to_string());
                continue;
            }
        };
        match conn.first_screen(Duration::from_secs(30)).await {
            Ok(Some(shown)) => {
                report.took = Some(shown - lost);
                report.after = conn.heading();
                let screen = conn.screen.screen();
                report.notice = screen
                    .rows(0, screen.size().1.get())
                    .find(|row| row.contains("progress not"))
                    .map(|row| row.trim().to_string());
                report.error = None;
                return (Some(conn), report);
            }
            Ok(None) => report.error = Some("no first screen".into()),
            Err(Dropped) => report.error = Some("dropped before the first screen".into()),
        }
    }
    (None, report)
}
