#!/usr/bin/env python3
"""chalkdust against `less`, measured from outside as a terminal sees it.

Spawns the release binary and `less` (paging the same lesson printed as text
by `chalkdust print`) in a pseudo-terminal of 80x24 and reports, side by side:
time from spawn to the first full frame (the lesson opened as a file, and
as the built-in lesson by its id), peak resident memory, the bytes a
one-line scroll (`j`, Down) and a page (Space) write, the bytes and time of
one character typed into an answer, and start-up, `check` and memory for
lessons whose sections are 10x and 50x the built-in lesson's.

Standard library only (Linux: pty, os.wait4 for peak RSS). Build first:

    cargo build --release && python3 benches/startup.py [--runs 7]

The local runner without the SSH server (the `serve` feature off), for the
memory figure:

    cargo build --release --no-default-features --features postgres \
        --target-dir target/no-serve
    python3 benches/startup.py --bin target/no-serve/release/chalkdust

Method: runs are paired and interleaved (chalkdust, then less, then the
next pair) so a busy machine slows both alike; every figure is the median
of the runs. "First full frame" is the time of the last byte of the first
burst of output (the burst ends after QUIET seconds without a byte); the
quiet wait itself is not counted. Each chalkdust run uses its own progress
folder, made once by a warm-up run that is not counted.
"""

import argparse
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import fcntl
import termios

COLS, ROWS = 80, 24
QUIET = 0.25  # seconds of silence that end a burst of output
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "chalkdust")
LESSON = os.path.join(ROOT, "lessons", "derivatives.toml")
BUILTIN_ID = "derivatives"  # the built-in lesson LESSON is the text of

ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "HOME": os.environ.get("HOME", "/tmp"),
    "TERM": "xterm-256color",
    "LANG": "C.UTF-8",
    "LESSHISTFILE": "-",
}


class Pty:
    """One program in a pseudo-terminal, its output read in bursts."""

    def __init__(self, argv, env):
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            # The child: the window size first, so the program's first
            # look at it sees 80x24.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.rusage = None
        self.all = bytearray()

    def burst(self, since, quiet=QUIET, limit=30.0):
        """Read until `quiet` seconds pass without output. Returns (bytes,
        seconds from `since` to the last byte; None if nothing came)."""
        got = bytearray()
        last = None
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            # The first byte may take long (a big lesson loading); after
            # it, a pause of `quiet` ends the burst.
            wait = quiet if got else max(0.0, deadline - time.perf_counter())
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                break
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            last = time.perf_counter()
            got += chunk
        self.all += got
        return bytes(got), (None if last is None else last - since)

    def send(self, data, quiet=QUIET):
        """Write `data`; return (bytes written back, seconds to the last)."""
        t = time.perf_counter()
        os.write(self.fd, data)
        return self.burst(t, quiet)

    def peak_rss(self):
        """The program's peak resident set so far, in MB (VmHWM: counted
        from its exec, unlike wait4's ru_maxrss, which also holds the
        forked Python's)."""
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return float("nan")

    def finish(self, quit_keys, timeout=5.0):
        """Quit with `quit_keys` and wait for the exit. Returns the peak
        RSS in MB, read just before quitting."""
        rss = self.peak_rss()
        os.write(self.fd, quit_keys)
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.rusage = ru
                break
            # Keep draining so the program is never blocked on a full pty.
            r, _, _ = select.select([self.fd], [], [], 0.02)
            if r:
                try:
                    os.read(self.fd, 65536)
                except OSError:
                    pass
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, _, self.rusage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return rss


def run_chalkdust(lesson, data, extra=()):
    env = dict(ENV, CHALKDUST_DATA=data)
    return Pty([BIN, *extra, lesson], env)


def run_less(text_file):
    return Pty([shutil.which("less") or "/usr/bin/less", text_file], dict(ENV))


def reading_run(make, quit_keys, page=b" "):
    """Start, scroll a line twice (j, Down), page once, quit."""
    p = make()
    first, t_first = p.burst(p.t0)
    # chalkdust reopens where the warm-up run left off (the bottom of the
    # section, where j scrolls nothing): both go to the top first.
    p.send(b"g")
    j, _ = p.send(b"j")
    down, _ = p.send(b"\x1b[B")
    pg, _ = p.send(page)
    rss = p.finish(quit_keys)
    return {
        "first frame ms": t_first * 1000 if t_first else float("nan"),
        "first frame bytes": len(first),
        "peak RSS MB": rss,
        "scroll j bytes": len(j),
        "scroll Down bytes": len(down),
        "page bytes": len(pg),
    }


def typing_run(lesson, data, section_keys, chars=b"2x+1"):
    """Open `lesson`, go to the self-check section, focus its first
    question, start typing, then type `chars` one at a time."""
    p = run_chalkdust(lesson, data)
    first, t_first = p.burst(p.t0)
    for k in section_keys:
        p.send(k)
    p.send(b"\t")
    shown, _ = p.send(b"\r")
    typing = b"typing" in shown or b"typing" in bytes(p.all[-4000:])
    sizes, times = [], []
    for c in chars:
        out, t = p.send(bytes([c]))
        sizes.append(len(out))
        times.append(t * 1000 if t else float("nan"))
    # Esc leaves the input; Ctrl-C quits at once (saving the position).
    p.send(b"\x1b")
    rss = p.finish(b"\x03")
    return {
        "first frame ms": t_first * 1000 if t_first else float("nan"),
        "peak RSS MB": rss,
        "type bytes": statistics.median(sizes),
        "type ms": statistics.median(times),
        "typing": typing,
    }


def timed(argv, env=None):
    """Run to completion; (seconds, peak RSS MB). The RSS comes from GNU
    time (`/usr/bin/time -f %M`): its small forked child is what execs, so
    the figure is not inflated by this Python process."""
    gnu_time = "/usr/bin/time"
    t = time.perf_counter()
    if os.access(gnu_time, os.X_OK):
        proc = subprocess.run([gnu_time, "-f", "%M", *argv], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env or ENV)
        dt = time.perf_counter() - t
        try:
            return dt, int(proc.stderr.split()[-1]) / 1024.0
        except (ValueError, IndexError):
            return dt, float("nan")
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV)
    return time.perf_counter() - t, float("nan")


def scaled_lesson(src, factor):
    """The built-in lesson with each section's blocks repeated `factor`
    times (ids inside blocks made unique per copy): every section, and so
    the whole lesson, `factor` times as long."""
    parts = re.split(r"(?m)^(?=\[\[section\]\])", src)
    out = [parts[0]]
    for part in parts[1:]:
        i = part.find("  [[section.block]]")
        if i < 0:
            out.append(part)
            continue
        head, body = part[:i], part[i:]
        copies = [body]
        for k in range(1, factor):
            copies.append(
                re.sub(r'(?m)^(\s+id = ")([^"]+)"', rf'\1\2-r{k}"', body)
            )
        out.append(head + "".join(copies))
    return "".join(out).replace('id = "derivatives"', f'id = "derivatives-x{factor}"', 1)


def med(rows, key):
    vals = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(vals) if vals else float("nan")


def fmt(v, unit=""):
    if isinstance(v, float):
        if v != v:
            return "n/a"
        return f"{v:.1f}{unit}" if v < 100 else f"{v:.0f}{unit}"
    return f"{v}{unit}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="paired runs (median)")
    ap.add_argument("--bin", default=None, help="the chalkdust binary")
    ap.add_argument("--factors", default="10,50", help="section length multiples")
    args = ap.parse_args()
    global BIN
    BIN = os.path.abspath(args.bin or BIN)
    if not os.access(BIN, os.X_OK):
        sys.exit(f"no binary at {BIN}: run `cargo build --release` first")
    factors = [int(f) for f in args.factors.split(",") if f]
    tmp = tempfile.mkdtemp(prefix="chalkdust-bench-")
    try:
        bench(args.runs, factors, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(runs, factors, tmp):
    src = open(LESSON, encoding="utf-8").read()
    lessons = {1: LESSON}
    for f in factors:
        path = os.path.join(tmp, f"derivatives-x{f}.toml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(scaled_lesson(src, f))
        lessons[f] = path
    texts = {}
    for f, path in lessons.items():
        txt = os.path.join(tmp, f"x{f}.txt")
        with open(txt, "wb") as fh:
            fh.write(subprocess.run([BIN, "print", path], check=True, capture_output=True,
                                    env=ENV).stdout)
        texts[f] = txt
    datas = {}
    for f in lessons:
        datas[f] = os.path.join(tmp, f"data-x{f}")
        os.makedirs(datas[f])

    # The self-check section is the 11th of 12: the table of contents, G
    # (the last), up one, Enter.
    to_check = [b"t", b"G", b"k", b"\r"]

    load = os.getloadavg()
    print(f"chalkdust {BIN}\nless {shutil.which('less')}\n{runs} paired runs, "
          f"{COLS}x{ROWS}, load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")

    # Warm-up: creates each progress store and warms the page cache.
    for f in lessons:
        reading_run(lambda: run_chalkdust(lessons[f], datas[f]), b"\x03")
        reading_run(lambda: run_less(texts[f]), b"q")

    cd, ls = {f: [] for f in lessons}, {f: [] for f in lessons}
    typing = {f: [] for f in lessons}
    checks = {f: [] for f in lessons}
    # The same lesson opened as the built-in one, by its id: no file to
    # read, and its checks were run by the tests, not at start.
    # Its own progress folder, so the file's runs restore what they did.
    builtin, builtin_less = [], []
    builtin_data = os.path.join(tmp, "data-builtin")
    os.makedirs(builtin_data)
    reading_run(lambda: run_chalkdust(BUILTIN_ID, builtin_data), b"\x03")
    for i in range(runs):
        for f in lessons:
            cd[f].append(reading_run(lambda: run_chalkdust(lessons[f], datas[f]), b"\x03"))
            ls[f].append(reading_run(lambda: run_less(texts[f]), b"q"))
            typing[f].append(typing_run(lessons[f], datas[f], to_check))
            checks[f].append(timed([BIN, "check", lessons[f]]))
        builtin.append(reading_run(lambda: run_chalkdust(BUILTIN_ID, builtin_data), b"\x03"))
        builtin_less.append(reading_run(lambda: run_less(texts[1]), b"q"))
        print(f"  run {i + 1}/{runs} done", file=sys.stderr)

    base = cd[1]
    print()
    print("| figure (median) | chalkdust | less | ratio |")
    print("|---|---:|---:|---:|")

    def row(name, key, unit="", f=1):
        a, b = med(cd[f], key), med(ls[f], key)
        ratio = a / b if b else float("nan")
        print(f"| {name} | {fmt(a, unit)} | {fmt(b, unit)} | {fmt(ratio, 'x')} |")

    row("spawn → first full frame", "first frame ms", " ms")
    for name, key, unit in (("spawn → first full frame", "first frame ms", " ms"),
                            ("peak RSS", "peak RSS MB", " MB")):
        a, b = med(builtin, key), med(builtin_less, key)
        print(f"| {name}, built-in by id (`chalkdust {BUILTIN_ID}`) | {fmt(a, unit)} | "
              f"{fmt(b, unit)} | {fmt(a / b if b else float('nan'), 'x')} |")
    row("bytes of the first frame", "first frame bytes")
    row("peak RSS", "peak RSS MB", " MB")
    row("bytes for a one-line scroll (j)", "scroll j bytes")
    row("bytes for a one-line scroll (Down)", "scroll Down bytes")
    row("bytes for a page down (Space)", "page bytes")
    for f in lessons:
        ok = all(r["typing"] for r in typing[f])
        note = "" if ok else " (answer box not reached!)"
        print(f"| type one character, sections x{f}: bytes{note} | "
              f"{fmt(med(typing[f], 'type bytes'))} | | |")
        print(f"| type one character, sections x{f}: time | "
              f"{fmt(med(typing[f], 'type ms'), ' ms')} | | |")
    for f in lessons:
        if f == 1:
            continue
        row(f"lesson x{f}: spawn → first full frame", "first frame ms", " ms", f)
        row(f"lesson x{f}: peak RSS", "peak RSS MB", " MB", f)
    for f in lessons:
        t = statistics.median(c[0] for c in checks[f]) * 1000
        m = statistics.median(c[1] for c in checks[f])
        print(f"| `check`, lesson x{f}: time / peak RSS | {fmt(t, ' ms')} / {fmt(m, ' MB')} | | |")
    load = os.getloadavg()
    print(f"\nload average at end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
