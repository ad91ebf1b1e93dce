# Shared helpers for the end-to-end tests: real git repositories, the real
# indexer and a real server on a loopback port, all inside temporary folders.
"""Helpers that drive nexus-index and nexus-server the way a user would.

Environment (set by ctest): NEXUS_BIN (folder of the binaries), NEXUS_SOURCE
(repository root), NEXUS_CORPUS (shared corpus). Set NEXUS_KEEP_TMP=1 to keep
the temporary folders for inspection.
"""

import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("NEXUS_SOURCE") or os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("NEXUS_BIN") or os.path.join(SOURCE, "build", "bin")
CORPUS = os.environ.get("NEXUS_CORPUS") or os.path.abspath(os.path.join(SOURCE, "..", "shared", "corpus"))

INDEXER_TIMEOUT = 600
SERVER_START_TIMEOUT = 15
SERVER_STOP_TIMEOUT = 10
# A request's deadline: sanitized binaries (NEXUS_SANITIZED, set by ctest in build-asan) run several times
# slower, and the first faceted search over remote shards reads every document once.
HTTP_TIMEOUT = 90 if os.environ.get("NEXUS_SANITIZED") else 30

SUMMARY_RE = re.compile(
    r"^nexus-index: (?P<repos>\d+) repos: (?P<cloned>\d+) cloned, (?P<fetched>\d+) fetched, "
    r"(?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed; (?P<sections>\d+) sections written; "
    r"(?P<seconds>\d+(?:\.\d+)?) s$")
LISTEN_RE = re.compile(r"^nexus-server: listening on (http://[^/\s]+/)\s*$")
# What AddressSanitizer, LeakSanitizer and UBSan print (build-asan, scripts/test-sanitized.sh).
SANITIZER_RE = re.compile(r"ERROR: (?:Address|Leak)Sanitizer|runtime error: |SUMMARY: \w+Sanitizer")


# For a server shared by a whole test class: the class is one client firing request after request, and
# nexus-server limits a client to a burst of 100 by default (rate limiting has its own tests).
NO_RATE_LIMIT = ("--rate-limit", "0")


class SilentListener:
    """A TCP listener on loopback that accepts connections and never writes a byte: a git host whose fetch
    hangs, or a shard host that hangs. `port` is where it listens; close() drops it and every connection."""

    def __init__(self, backlog=64):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(backlog)
        self.port = self.sock.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


class HarnessError(AssertionError):
    """A binary or tool did not behave as the contract says; the message says how."""


def check_sanitizer_report(what, stderr):
    """Fails when a sanitized binary reported a memory error, leak or undefined behaviour."""
    if SANITIZER_RE.search(stderr):
        raise HarnessError(f"{what} reported a sanitizer error:\n{stderr[-6000:]}")


def binary(name):
    path = os.path.join(BIN, name)
    if not os.access(path, os.X_OK):
        raise HarnessError(f"{path} is missing or not executable: build it first "
                           f"(cmake -S . -B build && cmake --build build)")
    return path


# ------------------------------------------------------------------ temp dirs

def make_temp_dir(prefix="nexus-e2e-"):
    return tempfile.mkdtemp(prefix=prefix)


def remove_temp_dir(path):
    if os.environ.get("NEXUS_KEEP_TMP"):
        print(f"keeping {path}")
        return
    shutil.rmtree(path, ignore_errors=True)


# ------------------------------------------------------------------------ git

GIT_IDENTITY = ["-c", "user.name=Nexus Test", "-c", "user.email=nexus-test@example.invalid",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]


def _git_env(date=None):
    env = dict(os.environ)
    # Keep the developer's own git configuration out of the tests.
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    if date:
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
    return env


def git(args, cwd=None, date=None):
    proc = subprocess.run(["git"] + GIT_IDENTITY + list(args), cwd=cwd, env=_git_env(date),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if proc.returncode != 0:
        raise HarnessError(f"git {' '.join(args)} failed ({proc.returncode}) in {cwd}:\n"
                           f"{proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode().strip()


def _write_files(worktree, files):
    for rel, content in files.items():
        path = os.path.join(worktree, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        with open(path, "wb") as f:
            f.write(data)


def _commit_and_push(worktree, bare, date, message):
    git(["add", "-A"], cwd=worktree)
    git(["commit", "-q", "--allow-empty", "-m", message], cwd=worktree, date=date)
    git(["push", "-q", bare, "HEAD:refs/heads/main"], cwd=worktree)
    return git(["rev-parse", "HEAD"], cwd=worktree)


def make_bare_repo(root, name, files, date="2024-01-15T10:00:00+00:00"):
    """Creates root/<name>.git with one commit on main holding `files`
    (path -> str or bytes). Returns the bare repository's absolute path."""
    bare = os.path.abspath(os.path.join(root, name + ".git"))
    git(["init", "-q", "--bare", bare])
    work = tempfile.mkdtemp(prefix=f"work-{name}-", dir=root)
    try:
        git(["init", "-q", work])
        _write_files(work, files)
        _commit_and_push(work, bare, date, f"Initial commit of {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return bare


def commit_to(repo, files=None, deletions=(), date="2024-02-15T10:00:00+00:00", message="Update"):
    """Adds one commit on main of the bare `repo`: writes `files`, deletes the
    paths in `deletions`. Returns the new commit id."""
    root = os.path.dirname(repo)
    work = tempfile.mkdtemp(prefix="work-update-", dir=root)
    try:
        git(["clone", "-q", "--branch", "main", repo, work])
        _write_files(work, files or {})
        for rel in deletions:
            os.remove(os.path.join(work, rel))
        return _commit_and_push(work, repo, date, message)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def head_commit(repo):
    return git(["rev-parse", "refs/heads/main"], cwd=repo)


# --------------------------------------------------------------------- cohort

def write_cohort(path, rows, header=False):
    """Writes a cohort file. Each row is a tuple of columns (joined by tabs)
    or a raw string written as is (for comments and malformed lines)."""
    lines = ["learner\turl\tcohort"] if header else []
    for row in rows:
        lines.append(row if isinstance(row, str) else "\t".join(row))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


# -------------------------------------------------------------------- indexer

class IndexerRun:
    """What one nexus-index run showed: exit code, output and parsed summary."""

    def __init__(self, args, returncode, stdout, stderr):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.summary = parse_summary(stdout)
        check_sanitizer_report(" ".join(args), stderr)

    def __iter__(self):
        return iter((self.returncode, self.stdout, self.stderr, self.summary))

    def describe(self):
        return (f"command: {' '.join(self.args)}\nexit code: {self.returncode}\n"
                f"stdout:\n{self.stdout}\nstderr:\n{self.stderr}")


def parse_summary(stdout):
    """The summary line as a dict of ints (seconds as float), or None when
    stdout is not exactly one well-formed summary line."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    m = SUMMARY_RE.match(lines[0].strip())
    if not m:
        return None
    summary = {k: int(v) for k, v in m.groupdict().items() if k != "seconds"}
    summary["seconds"] = float(m.group("seconds"))
    return summary


def run_indexer(cohort, cache, index, extra_args=(), timeout=INDEXER_TIMEOUT):
    args = [binary("nexus-index"), "--cohort", cohort, "--cache", cache, "--index", index]
    args += list(extra_args)
    return run_indexer_args(args[1:], timeout=timeout)


def run_indexer_args(argv, timeout=INDEXER_TIMEOUT):
    args = [binary("nexus-index")] + list(argv)
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        raise HarnessError(f"{' '.join(args)} did not finish within {timeout} s; stderr so far:\n"
                           f"{(e.stderr or b'').decode(errors='replace')}")
    return IndexerRun(args, proc.returncode, proc.stdout.decode(errors="replace"),
                      proc.stderr.decode(errors="replace"))


def index_ok(cohort, cache, index, extra_args=()):
    """Runs the indexer and fails clearly unless it exits 0 with a summary."""
    run = run_indexer(cohort, cache, index, extra_args)
    if run.returncode != 0 or run.summary is None:
        raise HarnessError("nexus-index did not exit 0 with one summary line\n" + run.describe())
    return run


# --------------------------------------------------------------------- server

class Response:
    """One HTTP answer: status, headers (lower-case names) and body, parsed as
    JSON when the server says it is JSON."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.text = raw.decode("utf-8", errors="replace")
        self.json = None
        if "json" in headers.get("content-type", ""):
            try:
                self.json = json.loads(self.text)
            except ValueError:
                self.json = None

    def __iter__(self):
        return iter((self.status, self.headers, self.json if self.json is not None else self.text))


class Server:
    """Context manager running nexus-server on 127.0.0.1 with a kernel-chosen port."""

    def __init__(self, index, web=None, extra_args=()):
        self.args = [binary("nexus-server"), "--index", index, "--listen", "127.0.0.1:0"]
        if web:
            self.args += ["--web", web]
        self.args += list(extra_args)
        self.proc = None
        self.base_url = None
        self.returncode = None
        self._stderr_file = None
        self._stderr_text = None
        self._stdout_lines = []
        self._drain = None

    def __enter__(self):
        self._stderr_file = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self._stderr_file)
        try:
            self.base_url = self._wait_for_listen_line()
        except BaseException:
            self._stop()
            raise
        self._drain = threading.Thread(target=self._drain_stdout, daemon=True)
        self._drain.start()
        return self

    def __exit__(self, *exc):
        self._stop()
        return False

    def _wait_for_listen_line(self):
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        buf = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    text = line.decode(errors="replace")
                    self._stdout_lines.append(text)
                    m = LISTEN_RE.match(text)
                    if m:
                        return m.group(1)
            elif self.proc.poll() is not None:
                break
        code = self.proc.poll()
        state = f"exited with {code}" if code is not None else f"still running after {SERVER_START_TIMEOUT} s"
        raise HarnessError(
            f"nexus-server {state} without printing 'nexus-server: listening on http://HOST:PORT/'\n"
            f"command: {' '.join(self.args)}\nstdout: {self._stdout_lines + [buf.decode(errors='replace')]!r}\n"
            f"stderr:\n{self.stderr()}")

    def _drain_stdout(self):
        # Keep reading so a chatty server never blocks on a full pipe.
        for line in self.proc.stdout:
            self._stdout_lines.append(line.decode(errors="replace").rstrip("\n"))

    def _stop(self):
        if self.proc is None or self.returncode is not None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(SERVER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.returncode = "killed: did not stop within %d s of SIGTERM" % SERVER_STOP_TIMEOUT
        if self.returncode is None:
            self.returncode = self.proc.returncode
        if self._drain:
            self._drain.join(2)
        self.proc.stdout.close()
        self._stderr_text = self.stderr()
        self._stderr_file.close()
        check_sanitizer_report("nexus-server", self._stderr_text)

    def stderr(self):
        if self._stderr_text is not None:
            return self._stderr_text
        if self._stderr_file is None:
            return ""
        self._stderr_file.flush()
        pos = self._stderr_file.tell()
        self._stderr_file.seek(0)
        text = self._stderr_file.read().decode(errors="replace")
        self._stderr_file.seek(pos)
        return text

    def url(self, path, params=None, raw_query=None):
        url = urllib.parse.urljoin(self.base_url, path.lstrip("/"))
        if params is not None:
            url += "?" + urllib.parse.urlencode(params)
        elif raw_query is not None:
            url += "?" + raw_query
        return url

    def get(self, path, params=None, raw_query=None):
        """GET path with `params` (dict or list of pairs, URL-encoded) or a
        `raw_query` sent byte for byte. Returns a Response (iterable as
        status, headers, json-or-text); 4xx/5xx are answers, not exceptions."""
        url = self.url(path, params, raw_query)
        try:
            with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as resp:
                return Response(resp.status, _lower_headers(resp.headers), resp.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, _lower_headers(e.headers), e.read())
        except (urllib.error.URLError, OSError) as e:
            alive = "running" if self.proc.poll() is None else f"exited with {self.proc.returncode}"
            raise HarnessError(f"GET {url} failed: {e} (server {alive})\nstderr:\n{self.stderr()}")

    def search(self, q, **params):
        """GET /api/search and fail clearly unless it answers 200 with JSON."""
        resp = self.get("/api/search", dict(q=q, **params))
        if resp.status != 200 or not isinstance(resp.json, dict):
            raise HarnessError(f"GET /api/search q={q!r} {params}: expected 200 JSON, got "
                               f"{resp.status} {resp.headers.get('content-type')}: {resp.text[:500]}\n"
                               f"server stderr:\n{self.stderr()[-2000:]}")
        return resp.json


def _lower_headers(headers):
    return {k.lower(): v for k, v in headers.items()}


def hits_of(result):
    return result.get("hits") or []


def exact_hits_of(result):
    """The hits of the query as typed: none when nothing matched it and the server searched its
    spelling correction instead (corrected_query is set), so an absent word finds nothing."""
    return [] if result.get("corrected_query") else hits_of(result)
