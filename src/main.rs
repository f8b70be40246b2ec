//! The `chalkdust` command line: parses arguments, picks a front end and
//! reports errors. Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use chalkdust::app::App;
use chalkdust::library::{FindError, Library};
use std::sync::Arc;

use chalkdust::progress::{self, Learner, ProgressStore};
#[cfg(feature = "serve")]
use chalkdust::ssh::{self, Limits};
use chalkdust::ui::theme::Theme;

/// Interactive lessons in the terminal: read, explore, check yourself.
#[derive(Debug, Parser)]
#[command(name = "chalkdust", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    global: Global,
}

/// Options every command takes.
#[derive(Debug, Args)]
struct Global {
    /// A folder of lessons (searched recursively for *.toml).
    #[arg(long, value_name = "DIR", env = "CHALKDUST_LESSONS", global = true)]
    lessons: Option<PathBuf>,
    /// Plain ASCII: no braille, box drawing or arrows.
    #[arg(long, global = true)]
    ascii: bool,
    /// No colours (also when NO_COLOR is set).
    #[arg(long, global = true)]
    no_color: bool,
    /// The folder progress is kept in (default: ~/.local/share/chalkdust
    /// or the platform's data folder).
    #[arg(long, value_name = "DIR", env = progress::DATA_ENV, global = true)]
    data: Option<PathBuf>,
    /// Where progress is kept: `sqlite:PATH` (default: the data folder's
    /// file) or `postgres://user@host/db`; also CHALKDUST_STORE.
    #[arg(long, value_name = "URL", global = true)]
    store: Option<String>,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// A lesson id (built in or from --lessons) or a path to a .toml file.
    /// Without one, the catalog opens (or the only lesson there is).
    lesson: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open a lesson, or the catalog (the default command).
    Run(RunArgs),
    /// List the lessons chalkdust can find, grouped by series.
    List,
    /// Check lesson files (or folders of them) and report every problem.
    ///
    /// Exit status: 0 when there are no errors (warnings allowed), 1 when
    /// there are errors, 2 when a path cannot be read.
    Check(CheckArgs),
    /// Show how a formula in the LaTeX subset is laid out.
    Tex(TexArgs),
    /// Print a whole lesson as plain text (details open, no answers).
    Print(PrintArgs),
    /// Open a lesson file and reload it whenever it is saved.
    Watch(WatchArgs),
    /// Show, export or reset what learners have done.
    ///
    /// Without a subcommand: a table of every question record of the local
    /// learner (--all: every learner in the store), or CSV / JSON.
    /// Exit status: 0 done, 1 an error (or the reset was declined), 2 a
    /// usage error.
    Progress(ProgressArgs),
    /// How the class is doing, for a teacher: per learner (sections read,
    /// questions solved, given up, hints, last seen) and per question
    /// (tried, solved, given up, median checks, hints, the commonest wrong
    /// answers), read from the progress store (--store).
    Class(ClassArgs),
    /// Serve the lessons over SSH: each student runs `ssh -p PORT host`.
    ///
    /// Every SSH public key is a learner with their own progress (in the
    /// --data folder); --authorized-keys limits entry to a roster.
    Serve(ServeArgs),
    /// Write a new lesson file that shows every block kind, ready to edit
    /// (and lesson.schema.json beside it, for editors, if there is none).
    New(NewArgs),
    /// Print the JSON Schema of lesson files, for editors (taplo, Even
    /// Better TOML) that read a `#:schema` line.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// Write it as DIR/lesson.schema.json instead of printing it.
    #[arg(long, value_name = "DIR")]
    write: Option<PathBuf>,
}

/// Without the `serve` feature: whatever is given, `serve` says how to get
/// the server.
#[cfg(not(feature = "serve"))]
#[derive(Debug, Args)]
struct ServeArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    _args: Vec<String>,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
struct ServeArgs {
    /// Address and port to listen on. Binding beyond loopback (e.g.
    /// 0.0.0.0:2222) is a choice the host makes explicitly.
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR")]
    listen: std::net::SocketAddr,
    /// The server's Ed25519 host key; created (mode 0600) on first start
    /// and reused, so students' known_hosts stays valid. Default: in the
    /// data folder.
    #[arg(long, value_name = "FILE")]
    host_key: Option<PathBuf>,
    /// Admit only the keys in this OpenSSH authorized_keys file (reread on
    /// SIGHUP). Each key's comment is the learner's name.
    #[arg(long, value_name = "FILE")]
    authorized_keys: Option<PathBuf>,
    /// Teachers' keys, an OpenSSH authorized_keys file (reread on
    /// SIGHUP): a listed key gets the teacher's view of the class (who is
    /// connected, how each question went) instead of a lesson.
    #[arg(long, value_name = "FILE")]
    teachers: Option<PathBuf>,
    /// This server's name in the list of who is connected (default: the
    /// host's name and the port), to tell instances behind a balancer apart.
    #[arg(long, value_name = "NAME")]
    instance: Option<String>,
    /// Most sessions open at once.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_sessions)]
    max_sessions: usize,
    /// Most sessions open at once with one key.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_sessions_per_key)]
    max_sessions_per_key: usize,
    /// Minutes without a key press before a session is closed.
    #[arg(long, value_name = "MINUTES", default_value_t = Limits::default().idle_timeout.as_secs() / 60)]
    idle_minutes: u64,
    /// The same for a teacher's view (`--teachers`), which refreshes by
    /// itself and is watched more than typed in.
    #[arg(long, value_name = "MINUTES", default_value_t = Limits::default().teacher_idle_timeout.as_secs() / 60)]
    teacher_idle_minutes: u64,
    /// Most TCP connections open at once, logging in or logged in.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Most connections logging in at once (sshd's MaxStartups); when
    /// full, the oldest from the busiest source is dropped for a new one.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_startups)]
    max_startups: usize,
    /// Most connections open at once from one source address (or netblock).
    #[arg(long, value_name = "N", default_value_t = Limits::default().per_source_max_connections)]
    per_source_max_connections: usize,
    /// New connections a source may open per minute (and at once).
    #[arg(long, value_name = "N", default_value_t = Limits::default().connections_per_minute)]
    per_source_rate: u32,
    /// How addresses group into one source, as IPv4:IPv6 prefix lengths
    /// (sshd's PerSourceNetBlockSize).
    #[arg(long, value_name = "V4:V6", default_value = "32:64", value_parser = ssh::limits::parse_netblock)]
    per_source_netblock_size: ssh::limits::Netblock,
    /// Time from connecting to a running lesson: seconds, or with a unit
    /// (90s, 2m); the whole handshake counts.
    #[arg(long, value_name = "TIME", default_value = "30", value_parser = ssh::limits::parse_duration)]
    login_grace_time: std::time::Duration,
    /// Behind a TCP balancer (HAProxy's send-proxy-v2 or send-proxy): the
    /// balancers' addresses or networks, comma-separated (10.0.0.5,
    /// fd00::/8). Only they may connect, each connection starting with a
    /// PROXY header (v1 or v2) that names the student, whose address the
    /// limits and the log then use.
    #[arg(long, value_name = "ADDR[/PREFIX],...", value_delimiter = ',', num_args = 1..)]
    proxy_protocol: Vec<ssh::proxy::Trusted>,
    /// Log filter: error, warn, info, debug, or a RUST_LOG-style filter
    /// (default: RUST_LOG, else info).
    #[arg(long, value_name = "FILTER")]
    log_level: Option<String>,
    /// Log lines as plain text or one JSON object per line.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    log_format: ssh::logging::LogFormat,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The new lesson's id: lowercase letters, digits and `-`.
    id: String,
    /// The folder to write ID.toml into.
    #[arg(long, default_value = ".", value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Debug, Args)]
struct ProgressArgs {
    #[command(subcommand)]
    action: Option<ProgressAction>,
    /// Every learner in the store, not only you.
    #[arg(long)]
    all: bool,
    /// JSON: an array of records.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV with a header line, for spreadsheets.
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, Args)]
struct ClassArgs {
    /// Only this lesson (its id, as `chalkdust list` shows it).
    #[arg(long, value_name = "ID")]
    lesson: Option<String>,
    /// JSON: both tables in one object.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV with a header line: the learners' table (with --questions, the
    /// questions').
    #[arg(long)]
    csv: bool,
    /// With --csv: the per-question table.
    #[arg(long, requires = "csv")]
    questions: bool,
    /// Print the tables as text even on a terminal (where the default is
    /// the interactive view, refreshing live).
    #[arg(long, conflicts_with_all = ["csv", "json"])]
    text: bool,
}

#[derive(Debug, Subcommand)]
enum ProgressAction {
    /// Forget your progress in a lesson (or one question of it).
    Reset(ResetArgs),
}

#[derive(Debug, Args)]
struct ResetArgs {
    /// The lesson id, as `chalkdust list` shows it.
    lesson: String,
    /// One question id; without it, the whole lesson (position included).
    question: Option<String>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    yes: bool,
}

#[derive(Debug, Args)]
struct PrintArgs {
    /// A lesson id or a path to a .toml file.
    lesson: String,
    /// Columns of text.
    #[arg(long, default_value_t = 80, value_name = "N")]
    width: u16,
}

#[derive(Debug, Args)]
struct WatchArgs {
    /// The lesson file to open and watch.
    file: PathBuf,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Lesson files or folders (searched recursively for *.toml).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Warn about what cannot fit on a terminal this many columns wide.
    #[arg(long, default_value_t = 80, value_name = "N")]
    width: u16,
}

#[derive(Debug, Args)]
struct TexArgs {
    /// The formula, e.g. '\frac{a}{b}' (quote it for the shell).
    formula: String,
    /// One line, as in prose and table cells.
    #[arg(long)]
    inline: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        None => run(&cli.global, &cli.run),
        Some(Command::Run(args)) => run(&cli.global, args),
        Some(Command::List) => list(&cli.global),
        Some(Command::Check(args)) => check(args),
        Some(Command::Tex(args)) => tex(&cli.global, args),
        Some(Command::Progress(args)) => progress_command(&cli.global, args),
        Some(Command::Class(args)) => class_command(&cli.global, args),
        Some(Command::Serve(args)) => serve(&cli.global, args),
        Some(Command::New(args)) => new_lesson(args),
        Some(Command::Schema(args)) => schema(args),
        Some(Command::Print(args)) => print(&cli.global, args),
        Some(Command::Watch(args)) => watch(&cli.global, args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("chalkdust: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn library(global: &Global) -> Result<Library> {
    match &global.lessons {
        Some(dir) => Library::with_dir(dir).context("reading the lessons folder"),
        None => Ok(Library::builtin()),
    }
}

/// The look chosen by flags and `NO_COLOR`; each session then adapts it to
/// its own terminal with [`Theme::for_term`].
fn theme(global: &Global) -> Theme {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let hyperlinks = std::env::var("CHALKDUST_HYPERLINKS").map_or(true, |v| v != "0");
    Theme {
        ascii: global.ascii,
        monochrome: global.no_color || no_color_env,
        hyperlinks: hyperlinks && !global.ascii,
    }
}

/// The look for this process's own terminal.
fn local_theme(global: &Global) -> Theme {
    theme(global).for_term(std::env::var("TERM").ok().as_deref())
}

fn run(global: &Global, args: &RunArgs) -> Result<ExitCode> {
    let library = library(global)?;
    let mut lesson = None;
    if let Some(wanted) = &args.lesson {
        match library.find(wanted) {
            Ok(l) => lesson = Some(l),
            Err(FindError::Invalid(e)) => {
                for d in &e.diagnostics {
                    eprintln!("{d}");
                }
                eprintln!("chalkdust: the lesson has errors and cannot open ({e})");
                return Ok(ExitCode::FAILURE);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let mut app = App::new(local_theme(global)).with_library(library);
    let unsaved = match open_store(global) {
        Ok(store) => {
            app = app
                .with_shared_store(store, Learner::local())
                .with_variant_seed(local_variant_seed(global));
            None
        }
        Err(e) => Some(e),
    };
    match lesson {
        Some(lesson) => app.open(lesson),
        None => app.open_start_lesson(),
    }
    // After opening: opening a lesson closes any window over the screen.
    if let Some(e) = unsaved {
        app.not_saving = true;
        app.notice(
            "Progress will not be saved",
            format!("The lesson works, but nothing you do in it will be kept.\n\n{e}"),
        );
    }
    chalkdust::term::run(app).context("running in the terminal")?;
    Ok(ExitCode::SUCCESS)
}

fn list(global: &Global) -> Result<ExitCode> {
    use std::fmt::Write as _;
    let library = library(global)?;
    let mut out = String::new();
    for group in library.groups() {
        let _ = writeln!(out, "{}", group.series.unwrap_or("Other lessons"));
        for e in group.entries {
            let part = e.header.part.map(|p| format!("{p}. ")).unwrap_or_default();
            let sub = e
                .header
                .subtitle
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {part}{}{sub}  [{}]", e.header.title, e.header.id);
            if !e.header.requires.is_empty() {
                let names: Vec<String> = e
                    .header
                    .requires
                    .iter()
                    .map(
                        |id| match library.entries().iter().find(|l| &l.header.id == id) {
                            Some(l) => format!("{} [{id}]", l.header.title),
                            None => format!("{id} (not found)"),
                        },
                    )
                    .collect();
                let _ = writeln!(out, "      requires: {}", names.join(", "));
            }
            let errors = e.errors().count();
            if errors > 0 {
                let _ = writeln!(
                    out,
                    "      cannot open: {errors} error(s); run `chalkdust check`"
                );
            }
        }
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Write `text` to stdout. A closed pipe (`chalkdust list | head`) is not
/// an error worth a word, and must not panic as `println!` would.
fn print_out(text: &str) -> Result<()> {
    match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let mut report = chalkdust::library::check_paths(&args.paths);
    chalkdust::authoring::overflow::check_report(&mut report, args.width);
    for (path, why) in &report.unusable {
        eprintln!("chalkdust: {}: {why}", path.display());
    }
    let out: String = report.diagnostics().map(|d| format!("{d}\n")).collect();
    print_out(&out)?;
    eprintln!("{}", report.summary());
    Ok(ExitCode::from(
        u8::try_from(report.exit_code()).unwrap_or(2),
    ))
}

fn tex(global: &Global, args: &TexArgs) -> Result<ExitCode> {
    use chalkdust::math::{self, MathOptions};
    let opts = MathOptions {
        ascii: global.ascii,
    };
    let out = if args.inline {
        format!("{}\n", math::inline(&args.formula, opts))
    } else {
        math::display(&args.formula, opts)
            .lines
            .iter()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect()
    };
    print_out(&out)?;
    // Warnings go to stderr, so the layout can be piped on its own.
    for w in math::lint(&args.formula) {
        eprintln!("warning: column {}: {}", w.offset + 1, w.message);
    }
    Ok(ExitCode::SUCCESS)
}

/// Where progress is kept: `--store`, else CHALKDUST_STORE, else the
/// SQLite file in the chosen data folder.
fn store_location(global: &Global) -> Result<progress::StoreLocation, progress::ProgressError> {
    progress::resolve_store(
        global.store.as_deref(),
        std::env::var_os(progress::STORE_ENV),
        || {
            // An empty CHALKDUST_DATA means "not set", as for resolve_data_dir.
            let explicit = global.data.clone().filter(|d| !d.as_os_str().is_empty());
            progress::resolve_data_dir(explicit)
        },
    )
}

/// Who the local learner is when drawing question variants: the data
/// folder (two folders are two learners, as their progress is), or for a
/// PostgreSQL store the login user at that database.
fn local_variant_seed(global: &Global) -> String {
    match store_location(global) {
        Ok(progress::StoreLocation::Sqlite(path)) => {
            let dir = path.parent().unwrap_or(&path);
            std::fs::canonicalize(dir)
                .unwrap_or_else(|_| dir.to_path_buf())
                .display()
                .to_string()
        }
        Ok(location) => format!("{location}#{}", Learner::local().id),
        Err(_) => Learner::local().id,
    }
}

/// The progress store chosen by `--store`, CHALKDUST_STORE or `--data`.
fn open_store(global: &Global) -> Result<Arc<dyn ProgressStore>, progress::ProgressError> {
    progress::open_location(&store_location(global)?)
}

fn progress_command(global: &Global, args: &ProgressArgs) -> Result<ExitCode> {
    // Reading or resetting progress never creates a data folder: a folder
    // that is not there is a mistyped --data, or nothing was ever recorded.
    if let progress::StoreLocation::Sqlite(file) = store_location(global)?
        && let Some(dir) = file.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        eprintln!(
            "chalkdust: no progress folder at {} (nothing was recorded there); \
             check --data or CHALKDUST_DATA",
            dir.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let store = open_store(global)?;
    let learner = Learner::local();
    if let Some(ProgressAction::Reset(reset)) = &args.action {
        // clap's args_conflicts_with_subcommands would also refuse the
        // global options (--data), so the check is made here.
        if args.all || args.json || args.csv {
            eprintln!("chalkdust: `progress reset` takes no --all, --json or --csv");
            return Ok(ExitCode::from(2));
        }
        return reset_progress(store.as_ref(), &learner, reset);
    }
    let mut rows = store.rows((!args.all).then_some(&learner))?;
    choices_as_text(global, &mut rows);
    let out = if args.json {
        progress::to_json(&rows)
    } else if args.csv {
        progress::to_csv(&rows)
    } else {
        progress::to_table(&rows)
    };
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Choice answers are stored as option numbers; whoever reads the export
/// wants the options' text. Lessons that cannot be found (another lessons
/// folder, since deleted) keep the numbers.
fn choices_as_text(global: &Global, rows: &mut [progress::QuestionRow]) {
    let Ok(library) = library(global) else {
        return;
    };
    let mut lessons: std::collections::HashMap<String, Option<chalkdust::lesson::Lesson>> =
        std::collections::HashMap::new();
    for row in rows {
        let Some(input) = &row.record.last_input else {
            continue;
        };
        let lesson = lessons
            .entry(row.lesson.clone())
            .or_insert_with(|| library.find(&row.lesson).ok());
        if let Some(text) = lesson
            .as_ref()
            .and_then(|l| l.questions().find(|q| q.id == row.question))
            .and_then(|q| chalkdust::answer::choices_text(q, input))
        {
            row.record.last_input = Some(text);
        }
    }
}

fn class_command(global: &Global, args: &ClassArgs) -> Result<ExitCode> {
    use chalkdust::class;
    use std::io::IsTerminal as _;
    let location = store_location(global)?;
    // Looking must not make an empty store where there was none.
    if let progress::StoreLocation::Sqlite(file) = &location
        && !file.exists()
    {
        return Err(anyhow::anyhow!(
            "no progress store at {} (give the server's --data or --store)",
            file.display()
        ));
    }
    let store = progress::open_location(&location)?;
    // The lessons give totals, question order and how answers compare;
    // records of lessons not found here are still counted.
    let library = library(global)?;
    let lessons: Vec<_> = library
        .entries()
        .iter()
        .filter_map(|e| library.find(&e.header.id).ok())
        .collect();
    let interactive = !(args.text || args.csv || args.json)
        && std::io::stdout().is_terminal()
        && std::io::stdin().is_terminal();
    if interactive {
        let source = chalkdust::driver::class::Source {
            store,
            lessons: Arc::new(lessons),
            only: args.lesson.clone(),
            judged: Default::default(),
        };
        let screen = class::screen::Screen::new(local_theme(global));
        chalkdust::term::run_class(screen, &source)?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows = store.rows(None)?;
    let readings = store.readings()?;
    let view = class::summarise(&rows, &readings, &lessons, args.lesson.as_deref());
    let out = if args.json {
        class::to_json(&view)
    } else if args.csv {
        class::to_csv(&view, args.questions)
    } else {
        class::to_text(&view)
    };
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn reset_progress(
    store: &dyn ProgressStore,
    learner: &Learner,
    args: &ResetArgs,
) -> Result<ExitCode> {
    use std::io::IsTerminal as _;
    let what = match &args.question {
        Some(q) => format!("question {q:?} of lesson {:?}", args.lesson),
        None => format!("lesson {:?}", args.lesson),
    };
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            eprintln!(
                "chalkdust: no terminal to confirm on; add --yes to reset {what} for {}",
                learner.name
            );
            return Ok(ExitCode::from(2));
        }
        let all = if args.question.is_none() {
            " (where you were, sections read, every question)"
        } else {
            ""
        };
        eprint!("Forget {}'s progress in {what}{all}? [y/N] ", learner.name);
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .context("reading the answer")?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES") {
            eprintln!("Nothing was reset.");
            return Ok(ExitCode::FAILURE);
        }
    }
    let removed = store.reset(learner, &args.lesson, args.question.as_deref())?;
    if removed == 0 {
        eprintln!("Nothing to reset: no progress kept for {what}.");
    } else {
        eprintln!("Reset {what}: {removed} record(s) removed.");
    }
    Ok(ExitCode::SUCCESS)
}

fn print(global: &Global, args: &PrintArgs) -> Result<ExitCode> {
    use chalkdust::authoring::print::{PrintOptions, print};
    let lesson = match library(global)?.find(&args.lesson) {
        Ok(l) => l,
        Err(FindError::Invalid(e)) => {
            for d in &e.diagnostics {
                eprintln!("{d}");
            }
            eprintln!("chalkdust: the lesson has errors and cannot be printed ({e})");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    let opts = PrintOptions {
        width: args.width,
        ascii: global.ascii,
    };
    print_out(&print(&lesson, opts))?;
    Ok(ExitCode::SUCCESS)
}

fn watch(global: &Global, args: &WatchArgs) -> Result<ExitCode> {
    use chalkdust::authoring::watch;
    let mut app = App::new(local_theme(global));
    match chalkdust::lesson::load::load_file(&args.file) {
        Ok(loaded) => {
            app.open(loaded.lesson);
            app.problems = loaded.warnings;
        }
        // A file with errors from the start still opens: the errors show
        // until a save fixes them, as they do after any later save.
        Err(e) => app.problems = e.diagnostics,
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let _watcher = watch::watch(&args.file, tx).context("watching the lesson file")?;
    chalkdust::term::run_with(app, rx).context("running in the terminal")?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "serve"))]
fn serve(_: &Global, _: &ServeArgs) -> Result<ExitCode> {
    anyhow::bail!(
        "this chalkdust was built without the SSH server: build it with the `serve` \
         cargo feature (on by default; `cargo build --release` has it)"
    )
}

#[cfg(feature = "serve")]
fn serve(global: &Global, args: &ServeArgs) -> Result<ExitCode> {
    use chalkdust::ssh::{ServeConfig, SessionFactory, files};
    ssh::logging::init(args.log_level.as_deref(), args.log_format)?;
    // Read once now, so a broken lessons folder stops the start.
    library(global)?;
    // A class's progress is the point of serving: without a store, refuse
    // rather than let every student's work vanish.
    let explicit = global.data.clone().filter(|d| !d.as_os_str().is_empty());
    let data_dir = progress::resolve_data_dir(explicit)?;
    files::prepare_data_dir(&data_dir)
        .with_context(|| format!("preparing the data folder {}", data_dir.display()))?;
    let location = store_location(global)?;
    // The SQLite file is the one --store names (by default the data
    // folder's): that one is made private, not the data folder's.
    if let progress::StoreLocation::Sqlite(file) = &location {
        files::prepare_store(file)
            .with_context(|| format!("preparing the store {}", file.display()))?;
    }
    let store = progress::open_location(&location).context("opening the progress store")?;
    if let progress::StoreLocation::Sqlite(file) = &location {
        files::secure_store(file)
            .with_context(|| format!("making the store {} private", file.display()))?;
        if let Err(why) = files::writable(file) {
            tracing::warn!(
                error = %why,
                "progress cannot be saved: students can use the lessons but nothing they do will be kept"
            );
        }
    }
    tracing::info!(store = %location, "progress store open");
    let host_key = args
        .host_key
        .clone()
        .unwrap_or_else(|| data_dir.join("ssh_host_ed25519_key"));
    let mut config = ServeConfig::new(host_key);
    config.listen = args.listen;
    config.authorized_keys = args.authorized_keys.clone();
    config.teachers = args.teachers.clone();
    if !args.proxy_protocol.is_empty() {
        let balancers: Vec<String> = args.proxy_protocol.iter().map(|t| t.to_string()).collect();
        tracing::info!(balancers = %balancers.join(","), "expecting a PROXY header on every connection");
        config.proxy = Some(ssh::proxy::ProxyProtocol::new(args.proxy_protocol.clone()));
    }
    let limits = &mut config.limits;
    limits.max_sessions = args.max_sessions;
    limits.max_sessions_per_key = args.max_sessions_per_key;
    limits.idle_timeout = std::time::Duration::from_secs(args.idle_minutes.saturating_mul(60));
    limits.teacher_idle_timeout =
        std::time::Duration::from_secs(args.teacher_idle_minutes.saturating_mul(60));
    limits.max_connections = args.max_connections;
    limits.max_startups = args.max_startups;
    limits.per_source_max_connections = args.per_source_max_connections;
    limits.connection_burst = args.per_source_rate;
    limits.connections_per_minute = args.per_source_rate;
    limits.netblock = args.per_source_netblock_size;
    limits.login_grace = args.login_grace_time;
    let theme = theme(global);
    let hooks = {
        let library = library(global)?;
        let known: Vec<_> = library
            .entries()
            .iter()
            .filter_map(|e| library.find(&e.header.id).ok())
            .collect();
        ssh::ClassHooks {
            store: Arc::clone(&store),
            instance: args
                .instance
                .clone()
                .unwrap_or_else(|| format!("{}:{}", host_name(), args.listen.port())),
            teacher_view: chalkdust::driver::class::Source {
                store: Arc::clone(&store),
                lessons: Arc::new(known),
                only: None,
                judged: Default::default(),
            },
            theme,
        }
    };
    let lessons = global.lessons.clone();
    // The server's runtime drops the factories, and with them their store
    // handles, on its own threads; the PostgreSQL client closes its
    // connections by blocking, which panics there (and aborts the process
    // at shutdown). This handle, dropped on this thread after the runtime
    // is gone, is the last one.
    let last_store = Arc::clone(&store);
    // Called at start and on each SIGHUP: the lessons are read and checked
    // again then, and only then (not at every login).
    let make_factory = move || -> Result<SessionFactory> {
        let library = match &lessons {
            Some(dir) => Library::with_dir_kept(dir).context("reading the lessons folder")?,
            None => Library::builtin(),
        };
        let store = store.clone();
        // A reload's lessons are new lessons: their blocks start afresh.
        let layouts = Arc::new(chalkdust::layout::doc::SharedBlocks::default());
        Ok(Arc::new(move |learner: &Learner| {
            let mut app = App::new(theme)
                .with_library(library.clone())
                .with_shared_layouts(Arc::clone(&layouts))
                .with_shared_store(Arc::clone(&store), learner.clone());
            app.open_start_lesson();
            Ok(app)
        }))
    };
    let served = ssh::serve_class(config, make_factory, Some(hooks));
    drop(last_store);
    served?;
    Ok(ExitCode::SUCCESS)
}

/// This machine's name, for the default `--instance`.
#[cfg(feature = "serve")]
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "chalkdust".to_string())
}

fn new_lesson(args: &NewArgs) -> Result<ExitCode> {
    let written = chalkdust::lesson::scaffold::write_new_lesson(&args.id, &args.dir)?;
    if let Some(schema) = &written.schema {
        eprintln!("Wrote {} (for editors).", schema.display());
    }
    eprintln!(
        "Wrote {}. Edit it, then `chalkdust check {0}` and `chalkdust watch {0}`.",
        written.lesson.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn schema(args: &SchemaArgs) -> Result<ExitCode> {
    match &args.write {
        Some(dir) => {
            let path = chalkdust::lesson::scaffold::write_schema(dir)?;
            eprintln!("Wrote {}.", path.display());
        }
        None => print!("{}", chalkdust::lesson::format::json_schema()),
    }
    Ok(ExitCode::SUCCESS)
}
