# End-to-end nightly re-indexing: real git repositories change, vanish, get force-pushed or corrupt;
# nexus-index runs the way cron runs it (--report, exit codes, lock) while a live server keeps answering.
import json
import os
import pty
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest
import urllib.error
import urllib.request

import nexus_harness as nx

README = {
    "alice": "# Alice\n\nAlice documents her lighthouse keeper app.\n\n## Setup\n\nRun the beacon service.\n",
    "bob": "# Bob\n\nBob documents his heron feeder.\n",
    "carol": "# Carol\n\nCarol documents her otter tracker.\n\n## Usage\n\nRun it daily.\n",
    "dave": "# Dave\n\nDave documents his walrus counter.\n",
}


def report_of(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def repos_by_learner(report):
    return {r["learner"]: r for r in report["repos"]}


def statuses(report):
    return {r["learner"]: r["status"] for r in report["repos"]}


class Blackhole(nx.SilentListener):
    """A git host whose fetch hangs: it accepts and never answers."""

    def url(self, name="hang.git"):
        return f"https://127.0.0.1:{self.port}/{name}"


class Prober:
    """Queries a running server in a loop from a thread and keeps every answer's status."""

    def __init__(self, server, queries):
        self.server = server
        self.queries = queries
        self.statuses = []
        self.failures = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        i = 0
        while not self.stop.is_set():
            path, params = self.queries[i % len(self.queries)]
            i += 1
            try:
                resp = self.server.get(path, params)
                self.statuses.append(resp.status)
                if resp.status != 200:
                    self.failures.append((path, params, resp.status, resp.text[:300]))
            except nx.HarnessError as e:
                self.failures.append((path, params, "no answer", str(e)[:300]))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(30)
        return False


class NightlyEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir("nexus-nightly-")
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        self.repos_dir = os.path.join(self.tmp, "repos")
        os.makedirs(self.repos_dir)
        self.repos = {}
        for name, text in README.items():
            files = {"README.md": text}
            if name == "alice":
                files["docs/legacy.md"] = "# Legacy\n\nThe obsolete narwhal endpoint.\n"
            self.repos[name] = nx.make_bare_repo(self.repos_dir, name, files,
                                                 date="2024-01-1%dT10:00:00+00:00" % len(self.repos))
        self.cohort = os.path.join(self.tmp, "cohort.tsv")
        self.write_cohort(list(self.repos))
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")
        self.report = os.path.join(self.tmp, "report.json")

    def write_cohort(self, names, extra=()):
        nx.write_cohort(self.cohort, [(n, self.repos[n], "2024-01") for n in names] + list(extra))

    def run_index(self, *extra, index=None, cache=None):
        return nx.run_indexer(self.cohort, cache or self.cache, index or self.index,
                              ["--report", self.report, *extra])

    def index_ok(self, *extra, **kw):
        run = self.run_index(*extra, **kw)
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertIsNotNone(run.summary, run.describe())
        return run, report_of(self.report)

    def changed_since(self, server, since):
        answer = server.get("/api/changes", {"since": since, "per_page": 1000}).json
        return {c["learner"] for c in answer["learners"]}

    def learners_found(self, server, q):
        return {h["learner"] for h in nx.hits_of(server.search(q))}

    # ------------------------------------------------------------------ incremental

    def test_second_run_without_changes_reindexes_nothing_and_reports_every_repo_unchanged(self):
        first, report1 = self.index_ok()
        self.assertEqual(report1["totals"], dict(repos=4, indexed=4, unchanged=0, failed=0, removed=0,
                                                 sections=first.summary["sections"]))
        self.assertEqual({r["action"] for r in report1["repos"]}, {"cloned"})
        second, report2 = self.index_ok()
        s = second.summary
        self.assertEqual((s["repos"], s["cloned"], s["fetched"], s["unchanged"], s["failed"], s["sections"]),
                         (4, 0, 0, 4, 0, 0), second.describe())
        self.assertEqual(report2["totals"], dict(repos=4, indexed=0, unchanged=4, failed=0, removed=0, sections=0))
        for name, rec in repos_by_learner(report2).items():
            self.assertEqual(rec["commit"], nx.head_commit(self.repos[name]))
            self.assertEqual(rec["previous_commit"], rec["commit"])
            self.assertIsNone(rec["error"])
        self.assertEqual(report2["exit_code"], 0)
        self.assertLessEqual(report2["started_at"], report2["ended_at"])

    def test_new_commit_and_deleted_file_replace_only_that_learners_documents(self):
        self.index_ok()
        new = nx.commit_to(self.repos["alice"], files={"README.md": README["alice"].replace("beacon", "foghorn")},
                           deletions=["docs/legacy.md"], date="2024-03-01T10:00:00+00:00")
        run, report = self.index_ok()
        self.assertEqual(statuses(report), dict(alice="indexed", bob="unchanged", carol="unchanged",
                                                dave="unchanged"))
        alice = repos_by_learner(report)["alice"]
        self.assertEqual((alice["commit"], alice["action"], alice["sections"]), (new, "fetched", 2))
        with nx.Server(self.index) as server:
            self.assertEqual(self.learners_found(server, "foghorn"), {"alice"})
            self.assertEqual(self.learners_found(server, "beacon"), set())
            self.assertEqual(self.learners_found(server, "narwhal"), set(), "the deleted file is still found")

    def test_force_push_replaces_history_and_documents(self):
        self.index_ok()
        bob = self.repos["bob"]
        work = os.path.join(self.tmp, "rewrite")
        nx.git(["init", "-q", work])
        with open(os.path.join(work, "README.md"), "w") as f:
            f.write("# Bob\n\nBob now documents his pelican radar.\n")
        nx.git(["add", "-A"], cwd=work)
        nx.git(["commit", "-q", "-m", "Start over"], cwd=work, date="2024-04-01T10:00:00+00:00")
        nx.git(["push", "-q", "--force", bob, "HEAD:refs/heads/main"], cwd=work)
        rewritten = nx.head_commit(bob)
        run, report = self.index_ok()
        rec = repos_by_learner(report)["bob"]
        self.assertEqual((rec["status"], rec["commit"]), ("indexed", rewritten))
        with nx.Server(self.index) as server:
            self.assertEqual(self.learners_found(server, "pelican"), {"bob"})
            self.assertNotIn("bob", self.learners_found(server, "heron"))
            self.assertEqual(server.get("/api/learners/bob").json["commit"], rewritten)

    def test_extraction_rules_change_forces_reindexing(self):
        self.index_ok()
        # An index written under other rules: the stored rules version no longer matches this build.
        subprocess.run(["xapian-metadata", "set", self.index, "nexus:rules:carol", "0.old"], check=True)
        run, report = self.index_ok()
        self.assertEqual(statuses(report)["carol"], "indexed")
        self.assertEqual(report["totals"]["unchanged"], 3)

    # ------------------------------------------------------------------ faults

    def test_repo_deleted_upstream_is_reported_and_keeps_its_documents(self):
        self.index_ok()
        shutil.rmtree(self.repos["carol"])
        run, report = self.index_ok()
        rec = repos_by_learner(report)["carol"]
        self.assertEqual(rec["status"], "failed")
        self.assertIn("no repository at", rec["error"])
        self.assertEqual(rec["previous_commit"] is not None, True)
        self.assertEqual(report["totals"]["failed"], 1)
        self.assertIn("nexus-index: carol:", run.stderr)
        with nx.Server(self.index) as server:
            self.assertEqual(self.learners_found(server, "otter"), {"carol"})
        strict = self.run_index("--fail-on-errors")
        self.assertEqual(strict.returncode, 4, strict.describe())
        self.assertEqual(report_of(self.report)["exit_code"], 4)

    def test_learner_removed_from_the_cohort_loses_their_documents(self):
        self.index_ok()
        self.write_cohort(["alice", "bob", "carol"])
        run, report = self.index_ok()
        self.assertEqual(report["removed"], ["dave"])
        self.assertEqual(report["totals"]["removed"], 1)
        self.assertIn("dave: removed", run.stderr)
        with nx.Server(self.index) as server:
            self.assertEqual(self.learners_found(server, "walrus"), set())
            self.assertEqual(server.get("/api/learners/dave").status, 404)
            self.assertEqual(self.learners_found(server, "otter"), {"carol"})
        again, report = self.index_ok()
        self.assertEqual(report["removed"], [])

    def test_unreachable_and_hanging_urls_fail_alone_within_the_timeout(self):
        hole = Blackhole()
        self.addCleanup(hole.close)
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        refused_port = closed.getsockname()[1]
        closed.close()
        self.write_cohort(["alice", "bob"], extra=[("ghost", f"https://127.0.0.1:{refused_port}/ghost.git"),
                                                   ("hang", hole.url())])
        start = time.monotonic()
        run, report = self.index_ok("--timeout", "2", "--jobs", "2")
        self.assertLess(time.monotonic() - start, 30, "the hanging fetch was not cut off")
        recs = repos_by_learner(report)
        self.assertEqual(statuses(report), dict(alice="indexed", bob="indexed", ghost="failed", hang="failed"))
        self.assertIn("timed out after 2 s", recs["hang"]["error"])
        self.assertNotIn("timed out", recs["ghost"]["error"])
        self.assertLess(recs["hang"]["fetch_seconds"], 10)

    def test_corrupt_mirror_is_recloned_and_keeps_the_learner(self):
        self.index_ok()
        mirror = os.path.join(self.cache, "bob.git")
        for root, _, files in os.walk(os.path.join(mirror, "objects")):
            for f in files:
                os.remove(os.path.join(root, f))
        # A lock file left by a killed fetch must not block the next one either.
        with open(os.path.join(mirror, "packed-refs.lock"), "w") as f:
            f.write("")
        run, report = self.index_ok()
        rec = repos_by_learner(report)["bob"]
        self.assertEqual((rec["status"], rec["action"]), ("unchanged", "recloned"), run.describe())
        self.assertTrue(rec["note"])
        self.assertFalse(os.path.exists(mirror + ".partial"))
        self.assertFalse(os.path.exists(mirror + ".broken"))
        third, report = self.index_ok()
        self.assertEqual(repos_by_learner(report)["bob"]["action"], "fetched")

    # ------------------------------------------------------------------ locking and crashes

    def test_second_run_started_while_one_holds_the_lock_refuses_with_exit_3(self):
        hole = Blackhole()
        self.addCleanup(hole.close)
        self.write_cohort(["alice"], extra=[("hang", hole.url())])
        first = subprocess.Popen([nx.binary("nexus-index"), "--cohort", self.cohort, "--cache", self.cache,
                                  "--index", self.index, "--timeout", "4"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lock = os.path.join(self.index, "nexus-index.lock")
        deadline = time.monotonic() + 10
        while not os.path.exists(lock) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = self.run_index()
        out, err = first.communicate(timeout=60)
        self.assertEqual(second.returncode, 3, second.describe())
        self.assertIn(f"another run (pid {first.pid})", second.stderr)
        self.assertEqual(first.returncode, 0, err.decode())
        self.assertFalse(os.path.exists(lock), "the lock file outlived its run")

    def test_stale_lock_of_a_dead_run_is_taken_over(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        os.makedirs(self.index)
        with open(os.path.join(self.index, "nexus-index.lock"), "w") as f:
            f.write(f"{dead.pid}\n")
        run, report = self.index_ok()
        self.assertIn(f"taking over the lock left by pid {dead.pid}", run.stderr)
        self.assertEqual(report["totals"]["indexed"], 4)

    def test_sigkill_mid_run_then_clean_run_while_the_server_never_fails(self):
        # Enough learners and text that writing takes a few commit intervals (commits come at most once a
        # second): with 150 parts an unsanitized run wrote everything within about one interval on a fast
        # moment of the machine, and no kill could land between two commits.
        names = []
        for i in range(24):
            name = f"learner{i:02d}"
            body = "".join(f"## Part {p}\n\nLearner {i} explains step {p} of the kestrel pipeline.\n\n"
                           for p in range(500))
            self.repos[name] = nx.make_bare_repo(self.repos_dir, name, {"README.md": f"# {name}\n\n{body}"})
            names.append(name)
        self.write_cohort(list(README) + names)
        self.index_ok()
        args = [nx.binary("nexus-index"), "--cohort", self.cohort, "--cache", self.cache, "--index", self.index,
                "--jobs", "2"]
        rng = random.Random(4)
        partial_rounds = []
        committed = {}  # round -> learners whose commit of that round the index held after its kill
        # The prober and the wait loop send hundreds of requests: no rate limit.
        with nx.Server(self.index, extra_args=nx.NO_RATE_LIMIT) as server:
            queries = [("/api/search", {"q": "kestrel"}), ("/healthz", None), ("/api/learners", {"q": "pipeline"}),
                       ("/api/changes", {"since": "2020-01-01"}), ("/metrics", None),
                       ("/api/learners/learner03", None)]
            with Prober(server, queries) as prober:
                for round_ in range(4):
                    date = f"2024-05-0{round_ + 1}"
                    for name in names:  # every learner changes, so the run has much to write
                        nx.commit_to(self.repos[name], files={"NOTES.md": f"# Round {round_}\n\nfalcon {round_}\n"},
                                     date=f"{date}T10:00:00+00:00")
                    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    if round_ % 2 == 0:  # somewhere early: fetching, or writing before the first commit
                        time.sleep(rng.uniform(0.05, 0.5))
                    else:  # right after the run's first commit reached the index, mid-writing
                        deadline = time.monotonic() + 60
                        while (server.get("/api/changes", {"since": date}).json["total"] == 0
                               and proc.poll() is None and time.monotonic() < deadline):
                            time.sleep(0.02)
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                    done = server.get("/api/changes", {"since": date}).json["total"]
                    if 0 < done < len(names):
                        partial_rounds.append(round_)
                    # Nothing an earlier killed run committed is lost by this one.
                    for earlier, learners in committed.items():
                        since = f"2024-05-0{earlier + 1}"
                        still = self.changed_since(server, since)
                        self.assertLessEqual(learners, still, f"round {round_} lost round {earlier}'s commits")
                    committed[round_] = self.changed_since(server, date)
                run, report = self.index_ok()
                time.sleep(0.3)
            self.assertEqual(prober.failures, [], "the server failed while the indexer was killed")
            self.assertGreater(len(prober.statuses), 20)
            print(f"\nkilled between two commits in rounds {partial_rounds} of 4")
            self.assertTrue(partial_rounds, "no run was killed between two of its commits")
            self.assertEqual(report["totals"]["failed"], 0, run.describe())
            for name in names:
                profile = server.get(f"/api/learners/{name}").json
                self.assertEqual(profile["commit"], nx.head_commit(self.repos[name]), name)
            found = {h["learner"] for h in server.search("falcon", per_page=50, group="learner")["hits"]}
            self.assertEqual(found, set(names))
        # The same cohort indexed from scratch holds exactly the same documents.
        fresh = os.path.join(self.tmp, "fresh-index")
        self.index_ok(index=fresh, cache=os.path.join(self.tmp, "fresh-cache"))
        with nx.Server(self.index) as a, nx.Server(fresh) as b:
            self.assertEqual(a.get("/healthz").json, b.get("/healthz").json)
            for q in ("kestrel", "falcon 3", "step 7"):
                ra, rb = a.search(q, per_page=20), b.search(q, per_page=20)
                self.assertEqual(ra["estimated_total"], rb["estimated_total"], q)
                self.assertEqual([(h["learner"], h["anchor"]) for h in ra["hits"]],
                                 [(h["learner"], h["anchor"]) for h in rb["hits"]], q)

    # ------------------------------------------------------------------ concurrency

    def test_jobs_4_gives_the_same_documents_as_jobs_1(self):
        for i in range(8):
            name = f"extra{i}"
            self.repos[name] = nx.make_bare_repo(self.repos_dir, name, {
                "README.md": f"# Extra {i}\n\nThe heron and otter notes of extra {i}.\n\n## Setup\n\nRun it.\n"})
        self.write_cohort(list(self.repos))
        one, four = os.path.join(self.tmp, "index1"), os.path.join(self.tmp, "index4")
        self.index_ok("--jobs", "1", index=one, cache=os.path.join(self.tmp, "cache1"))
        self.index_ok("--jobs", "4", index=four, cache=os.path.join(self.tmp, "cache4"))
        with nx.Server(one, extra_args=nx.NO_RATE_LIMIT) as a, nx.Server(four, extra_args=nx.NO_RATE_LIMIT) as b:
            for q in ("heron", "otter OR walrus", "setup", "documents"):
                ra, rb = a.search(q, per_page=50), b.search(q, per_page=50)
                self.assertEqual([(h["learner"], h["path"], h["anchor"], h["score"]) for h in ra["hits"]],
                                 [(h["learner"], h["path"], h["anchor"], h["score"]) for h in rb["hits"]], q)
            for name in self.repos:
                pa, pb = a.get(f"/api/learners/{name}").json, b.get(f"/api/learners/{name}").json
                pa.pop("indexed_at"), pb.pop("indexed_at")
                self.assertEqual(pa, pb, name)

    # ------------------------------------------------------------------ observability

    def test_metrics_and_changes_describe_the_last_run(self):
        self.index_ok()
        nx.commit_to(self.repos["bob"], files={"README.md": "# Bob\n\nBob adds a heron camera.\n"},
                     date="2024-06-01T10:00:00+00:00")
        shutil.rmtree(self.repos["dave"])
        before = time.time()
        run, report = self.index_ok()
        with nx.Server(self.index) as server:
            server.search("heron")
            resp = server.get("/metrics")
            self.assertEqual(resp.status, 200)
            self.assertTrue(resp.headers["content-type"].startswith("text/plain"))
            metrics = {}
            for line in resp.text.splitlines():
                if line and not line.startswith("#"):
                    key, value = line.rsplit(" ", 1)
                    metrics[key] = float(value)
            self.assertEqual(metrics['nexus_last_run_repos{status="indexed"}'], 1)
            self.assertEqual(metrics['nexus_last_run_repos{status="unchanged"}'], 2)
            self.assertEqual(metrics['nexus_last_run_repos{status="failed"}'], 1)
            self.assertEqual(metrics["nexus_index_learners"], 4)
            self.assertEqual(metrics["nexus_index_documents"], server.get("/healthz").json["documents"])
            self.assertLess(metrics["nexus_index_age_seconds"], time.time() - before + 5)
            self.assertGreaterEqual(metrics['nexus_http_requests_total{route="search"}'], 1)
            self.assertEqual(metrics['nexus_http_request_duration_seconds_count{route="search"}'],
                             metrics['nexus_http_requests_total{route="search"}'])

            changes = server.get("/api/changes", {"since": "2024-05-01"})
            self.assertEqual(changes.status, 200, changes.text)
            self.assertEqual([c["learner"] for c in changes.json["learners"]], ["bob"])
            bob = changes.json["learners"][0]
            self.assertEqual(bob["commit"], nx.head_commit(self.repos["bob"]))
            self.assertTrue(bob["commit_date"].startswith("2024-06-01T10:00:00"))
            self.assertGreaterEqual(time.mktime(time.strptime(bob["indexed_at"], "%Y-%m-%dT%H:%M:%SZ"))
                                    - time.timezone, int(before) - 1)
            everyone = server.get("/api/changes", {"since": "2024-01-01T00:00:00+03:00"}).json
            self.assertEqual(everyone["total"], 4)
            self.assertEqual(everyone["learners"][0]["learner"], "bob")
            self.assertEqual(server.get("/api/changes").status, 400)
            self.assertEqual(server.get("/api/changes", {"since": "2024-02-30"}).status, 400)

    # ------------------------------------------------------------------ credentials

    def test_credentials_in_urls_never_reach_logs_reports_index_or_mirror_config(self):
        secret = "s3cr3t-t0ken-value"
        hole = Blackhole()
        self.addCleanup(hole.close)
        url = f"https://nexus:{secret}@127.0.0.1:{hole.port}/private.git"
        self.write_cohort(["alice"], extra=[("private", url)])
        run = self.run_index("--timeout", "1")
        self.assertEqual(run.returncode, 0, run.describe())
        texts = [run.stdout, run.stderr]
        for root, _, files in os.walk(self.tmp):
            if root.startswith(self.repos_dir):
                continue
            for f in files:
                path = os.path.join(root, f)
                if path != self.cohort:
                    with open(path, "rb") as fh:
                        texts.append(fh.read().decode("latin-1"))
        self.assertFalse([t[:200] for t in texts if secret in t], "the secret leaked")
        rec = repos_by_learner(report_of(self.report))["private"]
        self.assertEqual(rec["url"], f"https://***@127.0.0.1:{hole.port}/private.git")
        self.assertEqual(rec["status"], "failed")

    # ------------------------------------------------------------------ progress

    def run_index_on_a_terminal(self):
        """Runs the indexer with stderr on a pseudo-terminal, as a person at a shell would; returns
        (exit code, everything written to the terminal)."""
        master, slave = pty.openpty()
        args = [nx.binary("nexus-index"), "--cohort", self.cohort, "--cache", self.cache, "--index", self.index]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closes (EIO) once the indexer has exited
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        proc.stdout.read()
        proc.stdout.close()
        return proc.wait(timeout=nx.INDEXER_TIMEOUT), seen.decode(errors="replace")

    def test_a_terminal_gets_a_progress_bar_and_cron_gets_plain_lines(self):
        code, terminal = self.run_index_on_a_terminal()
        self.assertEqual(code, 0, terminal)
        self.assertIn("\r\033[K", terminal)
        self.assertRegex(terminal, r"(fetch|index) \[[#.]+\] 4/4 [0-9.]+ repos/s")
        shutil.rmtree(self.index)
        plain = self.run_index()
        self.assertEqual(plain.returncode, 0, plain.describe())
        self.assertNotIn("\033[", plain.stderr)
        self.assertNotIn("\r", plain.stderr)
        for name in README:
            self.assertIn(name, plain.stderr)


    def test_help_explains_every_option(self):
        run = nx.run_indexer_args(["--help"])
        self.assertEqual(run.returncode, 0)
        for option in ("--cohort", "--cache", "--index", "--url-template", "--max-file-bytes", "--jobs",
                       "--timeout", "--report", "--fail-on-errors", "NEXUS_GIT_TOKEN", "Exit status"):
            self.assertIn(option, run.stdout)
        bad = nx.run_indexer_args(["--cohort", "c", "--cache", "c", "--index", "i", "--jobs", "0"])
        self.assertEqual(bad.returncode, 2, bad.describe())


if __name__ == "__main__":
    unittest.main()
