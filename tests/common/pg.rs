//! A throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder,
//! a server on a free loopback port with its Unix socket in that folder, and
//! everything stopped and removed when the [`Cluster`] is dropped, or when
//! the test process ends in any way (a watchdog waits on a pipe from it).
//!
//! The server binaries are found in `CHALKDUST_PG_BIN` if set, else in the
//! newest `/usr/lib/postgresql/N/bin` (Debian's `postgresql` package), else
//! on `PATH`. `initdb` refuses to run as root, so as root the server runs as
//! the `postgres` user the Debian package creates (through `runuser`).
//!
//! Without PostgreSQL the tests that need it pass after saying plainly
//! "skipped: PostgreSQL not found (...)" on the terminal, unless
//! `CHALKDUST_REQUIRE_SERVICES=1` (CI) makes that a failure.

#![allow(dead_code)]

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::time::Duration;

/// Set to `1` where the services must be there (CI): a missing PostgreSQL
/// fails the tests instead of skipping them.
pub const REQUIRE_ENV: &str = "CHALKDUST_REQUIRE_SERVICES";

/// The superuser the cluster is made with; loopback connections are trusted.
pub const SUPERUSER: &str = "postgres";

/// A running PostgreSQL server in a temporary folder.
pub struct Cluster {
    root: PathBuf,
    bin: PathBuf,
    port: u16,
    /// `Some("postgres")` when running as root.
    run_as: Option<String>,
    /// Closing its stdin tells the watchdog to stop the server and remove
    /// the folder; `None` once done.
    watchdog: Mutex<Option<(Child, ChildStdin)>>,
}

impl Cluster {
    /// A new cluster, or `None` (after saying why) when PostgreSQL cannot be
    /// found or started and it is not required.
    pub fn start_or_skip() -> Option<Cluster> {
        match Cluster::start() {
            Ok(cluster) => Some(cluster),
            Err(reason) => {
                skip(&reason);
                None
            }
        }
    }

    /// One cluster shared by every test in this process (each test makes
    /// its own database in it with [`Cluster::new_database`]); `None` as in
    /// [`Cluster::start_or_skip`].
    pub fn shared() -> Option<&'static Cluster> {
        static SHARED: OnceLock<Option<Cluster>> = OnceLock::new();
        SHARED.get_or_init(Cluster::start_or_skip).as_ref()
    }

    /// Initialises and starts a cluster.
    pub fn start() -> Result<Cluster, String> {
        let bin = find_bin()?;
        let run_as = if running_as_root() {
            let known = Command::new("id")
                .args(["-u", SUPERUSER])
                .output()
                .is_ok_and(|out| out.status.success());
            if !known {
                return Err(format!(
                    "running as root, and there is no '{SUPERUSER}' user to run initdb as"
                ));
            }
            Some(SUPERUSER.to_string())
        } else {
            None
        };
        let root = tempfile::Builder::new()
            .prefix("chalkdust-pg-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?
            .keep();
        let mut cluster = Cluster {
            root,
            bin,
            port: 0,
            run_as,
            watchdog: Mutex::new(None),
        };
        cluster.watch()?;
        std::fs::create_dir_all(cluster.socket_dir())
            .map_err(|e| format!("cannot make the socket folder: {e}"))?;
        if let Some(user) = &cluster.run_as {
            let chowned = Command::new("chown")
                .args(["-R", &format!("{user}:")])
                .arg(&cluster.root)
                .status()
                .is_ok_and(|s| s.success());
            if !chowned {
                return Err(format!("cannot give {} to {user}", cluster.root.display()));
            }
        }
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        // A port found free may be taken before the server binds it; try
        // a few.
        let mut last = String::new();
        for _ in 0..3 {
            cluster.port = free_port()?;
            match cluster.start_server() {
                Ok(()) => return Ok(cluster),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The URL of database `db` in this cluster.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{db}", self.port)
    }

    /// The loopback port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Makes a new, empty database and returns its URL.
    pub fn new_database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("t{}", NEXT.fetch_add(1, Ordering::Relaxed));
        self.psql("postgres", &format!("CREATE DATABASE {name}"));
        self.url(&name)
    }

    /// Runs `sql` in database `db` with `psql`, failing the test on error;
    /// returns what it printed (unaligned, tuples only).
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", SUPERUSER, "-d", db, "-c", sql])
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql: {e}"));
        assert!(
            out.status.success(),
            "psql {sql:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Stops the server (fast shutdown: open connections are closed).
    pub fn stop(&self) {
        let data = self.data_dir();
        if let Err(e) = self.run(
            "pg_ctl",
            &["-D", &data.to_string_lossy(), "-m", "fast", "-w", "stop"],
        ) {
            panic!("cannot stop PostgreSQL: {e}");
        }
    }

    /// Starts the server again after [`Cluster::stop`], on the same port.
    pub fn restart_stopped(&self) {
        if let Err(e) = self.start_server() {
            panic!("cannot start PostgreSQL again: {e}");
        }
    }

    /// `pg_ctl restart`: every open connection is cut.
    pub fn restart(&self) {
        let data = self.data_dir();
        let options = self.server_options();
        if let Err(e) = self.run(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-m",
                "fast",
                "-w",
                "-l",
                &self.log_file().to_string_lossy(),
                "-o",
                &options,
                "restart",
            ],
        ) {
            panic!("cannot restart PostgreSQL: {e}");
        }
    }

    fn start_server(&self) -> Result<(), String> {
        let data = self.data_dir();
        let options = self.server_options();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-w",
                "-t",
                "60",
                "-l",
                &self.log_file().to_string_lossy(),
                "-o",
                &options,
                "start",
            ],
        )
        .map_err(|e| {
            let log = std::fs::read_to_string(self.log_file()).unwrap_or_default();
            format!("{e}\nserver log:\n{log}")
        })
    }

    fn server_options(&self) -> String {
        format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.socket_dir().display()
        )
    }

    fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }

    fn socket_dir(&self) -> PathBuf {
        self.root.join("sock")
    }

    fn log_file(&self) -> PathBuf {
        self.root.join("server.log")
    }

    /// The command that runs `tool` from the server's binaries as the
    /// cluster's owner.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        match &self.run_as {
            Some(user) => {
                let mut cmd = Command::new("runuser");
                cmd.args(["-u", user, "--"]).arg(program);
                cmd
            }
            None => Command::new(program),
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let out = self
            .command(tool)
            .args(args)
            // pg_ctl's server inherits these; it must not hold the test's
            // output pipes open.
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} failed ({}): {}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Starts the watchdog: a shell in its own session that waits for its
    /// stdin to close (this process dropping the cluster, or ending), then
    /// stops the server immediately and removes the folder.
    fn watch(&self) -> Result<(), String> {
        let stop = self.command("pg_ctl");
        let mut script = String::from("read _; ");
        script.push_str(&shell_words(&stop));
        script.push_str(" -D \"$1\" -m immediate -w stop >/dev/null 2>&1; rm -rf \"$2\"");
        let mut cmd = if Path::new("/usr/bin/setsid").exists() {
            let mut cmd = Command::new("/usr/bin/setsid");
            cmd.arg("sh");
            cmd
        } else {
            Command::new("sh")
        };
        let mut child = cmd
            .args(["-c", &script, "sh"])
            .arg(self.data_dir())
            .arg(&self.root)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the cluster's watchdog: {e}"))?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| "the watchdog has no stdin".to_string())?;
        *self.watchdog.lock().unwrap_or_else(|p| p.into_inner()) = Some((child, stdin));
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let taken = self
            .watchdog
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some((mut child, stdin)) = taken {
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// Says once per process, on the terminal (past the test harness's output
/// capture), why PostgreSQL tests are skipped; panics instead when
/// [`REQUIRE_ENV`] is `1`.
pub fn skip(reason: &str) {
    if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") {
        panic!("PostgreSQL is required ({REQUIRE_ENV}=1) but cannot be used: {reason}");
    }
    static SAID: Once = Once::new();
    SAID.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: PostgreSQL not found ({reason}); install Debian's postgresql package or set CHALKDUST_PG_BIN"
        );
    });
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The folder holding initdb, pg_ctl and psql.
fn find_bin() -> Result<PathBuf, String> {
    let has_tools = |dir: &Path| {
        ["initdb", "pg_ctl", "psql"]
            .iter()
            .all(|t| dir.join(t).is_file())
    };
    if let Some(dir) = std::env::var_os("CHALKDUST_PG_BIN") {
        let dir = PathBuf::from(dir);
        return if has_tools(&dir) {
            Ok(dir)
        } else {
            Err(format!(
                "CHALKDUST_PG_BIN={} has no initdb, pg_ctl and psql",
                dir.display()
            ))
        };
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_tools(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|dir| has_tools(dir))
        .ok_or_else(|| {
            "no initdb, pg_ctl and psql in /usr/lib/postgresql/*/bin or on PATH".to_string()
        })
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}

/// A command's program and arguments quoted for `sh`.
fn shell_words(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|w| format!("'{}'", w.to_string_lossy().replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How long a test waits for the server to come back after a restart.
pub const BACK_WITHIN: Duration = Duration::from_secs(30);
