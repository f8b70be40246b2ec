//! Several servers, one class, end to end: two `chalkdust serve` instances
//! sharing one PostgreSQL store and one host key, HAProxy in `mode tcp`
//! with `send-proxy-v2` in front, and the real OpenSSH client logging in
//! through it. Loopback only; every process is killed when the test ends.
//!
//! Needs HAProxy and PostgreSQL (Debian's `haproxy` and `postgresql`):
//! without them the test says plainly that it was skipped, unless
//! `CHALKDUST_REQUIRE_SERVICES=1` (CI) makes that a failure.

mod common;
#[path = "common/pg.rs"]
mod pg_cluster;

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ChildLog, DEADLINE as WAIT, Term, key};

/// `chalkdust serve` as a host runs it behind the balancer, its log kept.
struct Instance {
    child: Child,
    log: ChildLog,
    addr: SocketAddr,
}

impl Instance {
    fn start(args: &[&str]) -> Instance {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chalkdust"))
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .env_remove("RUST_LOG")
            .env_remove("CHALKDUST_LESSONS")
            .env_remove("CHALKDUST_STORE")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chalkdust serve");
        let log = ChildLog::collect(&mut child);
        let addr = common::serve_address(&log.wait_for("serving lessons over SSH"));
        Instance { child, log, addr }
    }

    fn log(&self) -> String {
        self.log.text()
    }

    fn wait_for_log(&self, text: &str) -> String {
        self.log.wait_for(text)
    }

    /// Stopped as a host (or systemd) stops it, with SIGTERM; its exit
    /// status.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.log.finish();
                return status;
            }
            assert!(start.elapsed() < WAIT, "serve did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Killed outright, as a crash or a lost machine would end it.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.log.finish();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// HAProxy in the foreground; killed on drop.
struct Haproxy(Child);

impl Drop for Haproxy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `haproxy` binary, or why there is none.
fn haproxy_bin() -> Result<PathBuf, String> {
    let found = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|dir| dir.join("haproxy"))
        .find(|p| p.is_file());
    found.ok_or_else(|| "no haproxy on PATH or in /usr/sbin".to_string())
}

/// Say why the test is skipped, or fail where the services are required.
fn skip(reason: &str) {
    if std::env::var(pg_cluster::REQUIRE_ENV).is_ok_and(|v| v == "1") {
        panic!(
            "HAProxy is required ({}=1) but cannot be used: {reason}",
            pg_cluster::REQUIRE_ENV
        );
    }
    eprintln!("skipped: HAProxy not found ({reason}); install Debian's haproxy package");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The configuration docs/deployment.md gives, on loopback ports: TCP
/// mode, PROXY v2 to both instances, health checks that send a header
/// (LOCAL) and expect the SSH banner, and a retry on the other instance
/// when one does not answer.
fn haproxy_config(front: u16, monitor: u16, backends: &[SocketAddr]) -> String {
    let mut cfg = format!(
        "global
    maxconn 200

defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    retries 2
    option redispatch 1

frontend up
    mode http
    bind 127.0.0.1:{monitor}
    monitor-uri /up

frontend ssh
    bind 127.0.0.1:{front}
    default_backend chalkdust

backend chalkdust
    balance leastconn
    option tcp-check
    tcp-check expect string SSH-2.0-
"
    );
    for (i, addr) in backends.iter().enumerate() {
        cfg.push_str(&format!(
            "    server s{i} {addr} send-proxy-v2 check check-send-proxy inter 500ms fall 1 rise 1\n"
        ));
    }
    cfg
}

/// `ssh` through the balancer from 127.0.0.7 (so the servers' logs can
/// tell the student from the balancer at 127.0.0.1), checking the host key
/// against `known_hosts` and refusing a changed one.
fn ssh_through(front: u16, key: &Path, known_hosts: &Path) -> Term {
    let args: Vec<String> = [
        "-F",
        "/dev/null",
        "-b",
        "127.0.0.7",
        "-p",
        &front.to_string(),
        "-i",
        &key.to_string_lossy(),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=accept-new",
        "-o",
        &format!("UserKnownHostsFile={}", known_hosts.display()),
        "-o",
        "ConnectTimeout=5",
        "-tt",
        "ada@127.0.0.1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    Term::spawn_program("ssh", &args, 80, 24)
}

/// From the catalog (the built-in lessons and the sample), open the sample.
///
/// The catalog's order depends on the built-in series, so this moves down
/// until the sample is the selected entry rather than counting rows.
fn open_sample(t: &mut Term) {
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.contains('▌'))
            .unwrap_or_default()
            .to_owned()
    };
    let mut screen = t.wait_for("Sample derivatives");
    for _ in 0..10 {
        if selected(&screen).contains("Sample derivatives") {
            t.keys(key::ENTER);
            return;
        }
        let before = selected(&screen);
        t.keys(key::DOWN);
        screen = t.wait_until("the catalog selection to move", |s| selected(s) != before);
    }
    panic!(
        "the sample could not be selected:
{screen}"
    );
}

#[test]
fn two_instances_behind_haproxy_share_one_class() {
    let haproxy = match haproxy_bin() {
        Ok(bin) => bin,
        Err(reason) => return skip(&reason),
    };
    let Some(cluster) = pg_cluster::Cluster::shared() else {
        return;
    };
    let store = cluster.new_database();
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let keygen = |name: &str| {
        let key = root.join(name);
        let made = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
            .arg(&key)
            .stdin(Stdio::null())
            .status()
            .expect("run ssh-keygen");
        assert!(made.success());
        key
    };
    let client_key = keygen("ada");
    let tess = keygen("tess");
    let teachers = root.join("teachers");
    let tess_public = std::fs::read_to_string(tess.with_extension("pub")).expect("tess.pub");
    std::fs::write(&teachers, tess_public).expect("write teachers");
    let teachers = teachers.display().to_string();
    // One host key for every instance, so students see one server.
    let host_key = root.join("ssh_host_ed25519_key").display().to_string();
    let lessons = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lessons/app");
    let start = |name: &str| {
        let data = root.join(name).display().to_string();
        Instance::start(&[
            "--data",
            &data,
            "--store",
            &store,
            "--host-key",
            &host_key,
            "--lessons",
            lessons,
            "--proxy-protocol",
            "127.0.0.1",
            "--teachers",
            &teachers,
            "--instance",
            name,
            // Health checks are logged at debug level.
            "--log-level",
            "info,chalkdust=debug",
        ])
    };
    let mut instances = [start("a"), start("b")];
    let (front, monitor) = (free_port(), free_port());
    let cfg = root.join("haproxy.cfg");
    let addrs: Vec<SocketAddr> = instances.iter().map(|i| i.addr).collect();
    std::fs::write(&cfg, haproxy_config(front, monitor, &addrs)).expect("write haproxy.cfg");
    let child = Command::new(&haproxy)
        .arg("-db")
        .arg("-f")
        .arg(&cfg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start haproxy");
    let _haproxy = Haproxy(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", monitor)).is_err() {
        assert!(started.elapsed() < WAIT, "haproxy did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Both instances pass a health check (a LOCAL header, then the SSH
    // banner) before the student comes.
    for i in &instances {
        i.wait_for_log("the balancer's own (a health check)");
    }

    // The student answers through the balancer: wrong, then right.
    let known_hosts = root.join("known_hosts");
    let mut t = ssh_through(front, &client_key, &known_hosts);
    open_sample(&mut t);
    t.wait_for("1/3 What is a derivative");
    t.start_answering_sample();
    t.keys("9");
    t.keys(key::ENTER);
    t.wait_for("Not yet");
    for _ in 0..3 {
        t.keys(key::BACKSPACE);
    }
    t.keys("6");
    t.keys(key::ENTER);
    t.wait_for("Right!");
    let serving = instances
        .iter()
        .position(|i| i.log().contains("session started"))
        .expect("one instance started the session");
    let line = instances[serving].wait_for_log("peer=127.0.0.7:");
    assert!(
        line.contains("connected") && line.contains("balancer=127.0.0.1:"),
        "the log names the student and the balancer: {line}"
    );

    // The instance serving them dies; they log in again through the
    // balancer, reach the other one, and find their work and their place.
    instances[serving].kill();
    assert_eq!(t.exit_code(), 255, "ssh ends when its server dies");
    let other = 1 - serving;
    let mut t = ssh_through(front, &client_key, &known_hosts);
    open_sample(&mut t);
    let s = t.wait_for("3/3 Self-check");
    assert!(s.contains("Answer: 6") && s.contains("✓ solved"), "{s}");
    instances[other].wait_for_log("session started");
    let line = instances[other]
        .log()
        .lines()
        .find(|l| l.contains("peer=127.0.0.7:") && l.contains("connected"))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no student line in:\n{}", instances[other].log()));
    assert!(line.contains("balancer=127.0.0.1:"), "{line}");
    t.keys("q");
    assert!(t.wait_exit());
    assert!(
        !t.contents().contains("HOST IDENTIFICATION HAS CHANGED"),
        "{}",
        t.contents()
    );

    // The host stops the other instance: it exits cleanly, its handles on
    // the database closed (closing them on the server's async threads
    // panicked and aborted the process).
    // Two more students on the instance left give the same wrong answer
    // in two forms, and stay; the teacher, through the balancer too, sees
    // them connected and their answers as one group.
    let mut students = Vec::new();
    for (name, answer) in [("bo", "9"), ("cy", "18/2")] {
        let key = keygen(name);
        let mut s = ssh_through(front, &key, &known_hosts);
        open_sample(&mut s);
        s.wait_for("1/3 What is a derivative");
        s.start_answering_sample();
        s.keys(answer);
        s.keys(key::ENTER);
        s.wait_for("Not yet");
        students.push(s);
    }
    let mut view = ssh_through(front, &tess, &known_hosts);
    let alive = ["a", "b"][other];
    // The instance is a column of its own: a word equal to its name, not
    // a letter anywhere (a key's fingerprint has "a"s and "b"s too).
    let screen = view.wait_until("both students listed", |s| {
        s.lines()
            .filter(|l| l.contains("sample") && l.split_whitespace().any(|w| w == alive))
            .count()
            == 2
    });
    assert!(screen.contains("Connected now ("), "{screen}");
    view.keys(key::ENTER);
    view.wait_for("questions)");
    let mut grouped = false;
    for _ in 0..10 {
        // The selected question's details, drawn to their end (the
        // screen may be caught half-drawn just after a key).
        let before = view.wait_until("the question's details", |s| {
            s.contains("No wrong answers yet") || s.contains("equal answers together")
        });
        // Shown as the shorter spelling, whoever typed first; the first
        // student counts too: they answered 9 before solving it (every
        // wrong answer is kept, not only those still standing).
        if before.contains("9  3 learners") {
            grouped = true;
            break;
        }
        // The selected row, not the whole screen: a refresh redraws too.
        let selected = |s: &str| s.lines().find(|l| l.contains('▌')).map(str::to_owned);
        view.keys("j");
        view.wait_until("the selection to move", |s| {
            selected(s) != selected(&before)
        });
    }
    assert!(grouped, "{}", view.screen());
    view.keys("q");
    assert!(view.wait_exit());
    for mut s in students {
        s.keys(key::CTRL_C);
        drop(s);
    }

    let status = instances[other].terminate();
    assert!(status.success(), "{status:?}\n{}", instances[other].log());
    assert!(
        !instances[other].log().contains("panicked"),
        "{}",
        instances[other].log()
    );

    // The teacher's view, from any machine that reaches the database.
    let out = common::chalkdust(&[
        "class",
        "--store",
        &store,
        "--lessons",
        lessons,
        "--csv",
        "--questions",
    ])
    .stdin(Stdio::null())
    .output()
    .expect("run chalkdust class");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{csv}");
    assert!(
        csv.contains("\r\nsample,slope-x2-at-3,3,1,0,1,0,9 (3)\r\n"),
        "{csv}"
    );
}
