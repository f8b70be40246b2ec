//! The `chalkdust` command line: parses arguments, picks a front end and
//! reports errors. Everything else lives in the library.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use chalkdust::app::App;
use chalkdust::library::{FindError, Library};
use chalkdust::progress::{self, Learner, Store};
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
    /// Admit only the keys in this OpenSSH authorized_keys file.
    #[arg(long, value_name = "FILE")]
    authorized_keys: Option<PathBuf>,
    /// Most sessions open at once.
    #[arg(long, value_name = "N")]
    max_sessions: Option<usize>,
    /// Most sessions open at once with one key.
    #[arg(long, value_name = "N")]
    max_sessions_per_key: Option<usize>,
    /// Minutes without a key press before a session is closed.
    #[arg(long, value_name = "MINUTES")]
    idle_minutes: Option<u64>,
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

fn theme(global: &Global) -> Theme {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // The Linux console and old terminals have no braille or box-drawing
    // glyphs: plain characters there, without being asked.
    let plain_term = std::env::var("TERM")
        .is_ok_and(|t| matches!(t.as_str(), "linux" | "dumb" | "vt100" | "vt102" | "vt220"));
    Theme {
        ascii: global.ascii || plain_term,
        monochrome: global.no_color || no_color_env,
    }
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
    let mut app = App::new(theme(global)).with_library(library);
    let unsaved = match open_store(global) {
        Ok(store) => {
            app = app.with_store(store, Learner::local());
            None
        }
        Err(e) => Some(e),
    };
    match lesson {
        Some(lesson) => app.open(lesson),
        None => app.open_only_lesson(),
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
            let part = e.part.map(|p| format!("{p}. ")).unwrap_or_default();
            let sub = e
                .subtitle
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {part}{}{sub}  [{}]", e.title, e.id);
            if !e.requires.is_empty() {
                let _ = writeln!(out, "      requires: {}", e.requires.join(", "));
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

/// The progress store in the chosen data folder.
fn open_store(global: &Global) -> Result<Store, progress::ProgressError> {
    // An empty CHALKDUST_DATA means "not set", as for resolve_data_dir.
    let explicit = global.data.clone().filter(|d| !d.as_os_str().is_empty());
    let dir = progress::resolve_data_dir(explicit)?;
    Store::open_in(&dir)
}

fn progress_command(global: &Global, args: &ProgressArgs) -> Result<ExitCode> {
    let store = open_store(global)?;
    let learner = Learner::local();
    if let Some(ProgressAction::Reset(reset)) = &args.action {
        // clap's args_conflicts_with_subcommands would also refuse the
        // global options (--data), so the check is made here.
        if args.all || args.json || args.csv {
            eprintln!("chalkdust: `progress reset` takes no --all, --json or --csv");
            return Ok(ExitCode::from(2));
        }
        return reset_progress(&store, &learner, reset);
    }
    let rows = store.rows((!args.all).then_some(&learner))?;
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

fn reset_progress(store: &Store, learner: &Learner, args: &ResetArgs) -> Result<ExitCode> {
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
    let mut app = App::new(theme(global));
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

fn serve(global: &Global, args: &ServeArgs) -> Result<ExitCode> {
    use chalkdust::ssh::{self, ServeConfig, SessionFactory};
    use std::sync::Arc;
    let library = library(global)?;
    // A class's progress is the point of serving: without a store, refuse
    // rather than let every student's work vanish.
    let explicit = global.data.clone().filter(|d| !d.as_os_str().is_empty());
    let data_dir = progress::resolve_data_dir(explicit)?;
    let store = Store::open_in(&data_dir).context("opening the progress store")?;
    let host_key = args
        .host_key
        .clone()
        .unwrap_or_else(|| data_dir.join("ssh_host_ed25519_key"));
    let mut config = ServeConfig::new(host_key);
    config.listen = args.listen;
    config.authorized_keys = args.authorized_keys.clone();
    if let Some(n) = args.max_sessions {
        config.limits.max_sessions = n;
    }
    if let Some(n) = args.max_sessions_per_key {
        config.limits.max_sessions_per_key = n;
    }
    if let Some(m) = args.idle_minutes {
        config.limits.idle_timeout = std::time::Duration::from_secs(m.saturating_mul(60));
    }
    let theme = theme(global);
    let factory: SessionFactory = Arc::new(move |learner: &Learner| {
        let mut app = App::new(theme)
            .with_library(library.clone())
            .with_store(store.clone(), learner.clone());
        app.open_only_lesson();
        Ok(app)
    });
    init_logging();
    ssh::serve(config, factory)?;
    Ok(ExitCode::SUCCESS)
}

/// Log to stderr for the server: connects, refusals, disconnects.
fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .try_init();
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
