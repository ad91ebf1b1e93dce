# Shards served by real xapian-tcpsrv processes on loopback answer as the same shards opened locally, and a
# shard server that goes away makes answers partial (200, "partial": true), never errors; back, answers are
# full again without a restart. The real corpus indexed with --shards 3. Skipped without corpus or xapian-tcpsrv.
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest

import answers
import nexus_harness as nx
import test_shards_e2e as shards

TCPSRV = shutil.which("xapian-tcpsrv")
SHARDS = 3
START_TIMEOUT = 10
# A shard that is back is tried again within the shim's reconnect interval (1 s); this leaves room for a
# loaded CI machine.
RECOVERY_TIMEOUT = 15


def _free_port():
    # The kernel picks a free port; the shard server binds it a moment later (a race another process
    # would have to win on loopback within milliseconds).
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class ShardServer:
    """One xapian-tcpsrv serving one shard folder on a fixed loopback port."""

    def __init__(self, path, port):
        self.path, self.port, self.proc = path, port, None

    def start(self):
        # Its own process group: xapian-tcpsrv forks a child per connection, which would keep serving the
        # front server's open connections after the listener alone is killed.
        self.proc = subprocess.Popen([TCPSRV, "--quiet", "--interface", "127.0.0.1", "--port", str(self.port),
                                      self.path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while not _accepts(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise nx.HarnessError(f"xapian-tcpsrv on port {self.port} did not start")
            time.sleep(0.05)

    def kill(self):
        """The host going away: the listener and every connection it serves."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def _corrected(answer):
    return shards._corrected(answer)


class RemoteShardsAnswerAsLocal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not TCPSRV:
            raise unittest.SkipTest("no xapian-tcpsrv (Debian package xapian-tools)")
        if not os.path.isfile(os.path.join(nx.CORPUS, "make-repos.sh")):
            raise unittest.SkipTest(f"no corpus at {nx.CORPUS}")
        cls.tmp = nx.make_temp_dir()
        cls.servers = []
        try:
            cls._build()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _build(cls):
        repos = os.path.join(cls.tmp, "repos")
        subprocess.run(["bash", os.path.join(nx.CORPUS, "make-repos.sh"), repos], check=True,
                       stdout=subprocess.DEVNULL, timeout=600)
        cls.index = os.path.join(cls.tmp, "index")
        nx.index_ok(os.path.join(repos, "cohort.tsv"), os.path.join(cls.tmp, "cache"), cls.index,
                    ["--shards", str(SHARDS)])
        for k in range(SHARDS):
            server = ShardServer(os.path.join(cls.index, "gen-1", f"shard-{k}"), _free_port())
            server.start()
            cls.servers.append(server)
        addresses = ",".join(f"127.0.0.1:{s.port}" for s in cls.servers)
        run = nx.run_indexer_args(["--index", cls.index, "--remote-stub", addresses])
        if run.returncode != 0:
            raise nx.HarnessError(run.describe())
        cls.stub_text = run.stdout
        cls.stub = os.path.join(cls.tmp, "front.stub")
        with open(cls.stub, "w", encoding="utf-8") as f:
            f.write(run.stdout)
        args = nx.NO_RATE_LIMIT + ("--cache-mb", "0")
        with nx.Server(cls.index, extra_args=args) as server:
            cls.local = answers.collect(server)
        with nx.Server(cls.stub, extra_args=args) as server:
            cls.remote = answers.collect(server)

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.kill()
        nx.remove_temp_dir(cls.tmp)

    def test_stub_names_each_shard_server_in_order_and_the_words_database(self):
        lines = self.stub_text.strip().split("\n")
        self.assertEqual(lines[:SHARDS], [f"remote tcp 127.0.0.1 {s.port}" for s in self.servers])
        self.assertEqual(lines[SHARDS:], ["glass " + os.path.join(os.path.realpath(self.index), "gen-1", "words")])

    def test_stub_refuses_a_count_other_than_the_shards(self):
        run = nx.run_indexer_args(["--index", self.index, "--remote-stub",
                                   "127.0.0.1:1,127.0.0.1:2"])
        self.assertEqual(run.returncode, 2)
        self.assertIn("2 addresses given", run.stderr)
        self.assertIn("has 3 shards", run.stderr)

    def test_same_requests_and_statuses(self):
        self.assertEqual(sorted(self.local), sorted(self.remote))
        self.assertGreater(len(self.local), 500)
        for key in self.local:
            self.assertEqual(self.local[key][0], self.remote[key][0], key)
            self.assertEqual(self.remote[key][0], 200, key)

    def test_no_answer_over_remote_is_partial(self):
        for key, (_, answer) in self.remote.items():
            if isinstance(answer, dict) and "partial" in answer:
                self.assertFalse(answer["partial"], key)

    def test_spelling_is_kept_remotely_and_fixes_the_local_union(self):
        # Over remote shards Xapian 1.4 reads no spelling table: the stub's words database gives every
        # correction the local shards give.
        corrected = [key for key in self.local if _corrected(self.local[key])]
        self.assertGreater(len(corrected), 10)
        for key in corrected:
            self.assertEqual(_corrected(self.local[key]), _corrected(self.remote[key]), key)

    def test_synonyms_are_kept_remotely(self):
        key = "/api/search?q=look+good+on+phones&facets=%2A&per_page=20"
        self.assertIn("SYNONYM", self.remote[key][1]["parsed_query"])
        self.assertEqual(self.local[key][1]["parsed_query"], self.remote[key][1]["parsed_query"])

    def _spelled_alike(self, key):
        return _corrected(self.local[key]) == _corrected(self.remote[key])

    def test_profiles_technologies_and_changes_are_identical(self):
        for key, answer in self.local.items():
            if key.startswith(("/api/learners/", "/api/technologies", "/api/changes")):
                self.assertEqual(answer, self.remote[key], key)

    def test_totals_facets_and_parsed_queries_are_identical(self):
        compared = 0
        for key, answer in self.local.items():
            if not self._spelled_alike(key):
                continue
            compared += 1
            self.assertEqual(shards._without(answer, shards.LOOSE), shards._without(self.remote[key], shards.LOOSE),
                             key)
        self.assertGreater(compared, 500)

    def test_hits_are_the_same_in_the_same_order_up_to_near_ties(self):
        exact = 0
        for key, (_, answer) in self.local.items():
            if not isinstance(answer, dict) or not self._spelled_alike(key):
                continue
            other = self.remote[key][1]
            for field in ("hits", "learners", "solutions"):
                mine, theirs = answer.get(field) or [], other.get(field) or []
                self.assertEqual(len(mine), len(theirs), f"{key} {field}")
                exact += mine == theirs
                for a, b in zip(mine, theirs):
                    if "score" in a:
                        self.assertTrue(shards._close(a["score"], b["score"]), f"{key}: {a['score']} vs {b['score']}")
                    if shards._hit_key(a) != shards._hit_key(b):
                        self.assertTrue(shards._close(a.get("score", 0), b.get("score", 0)), f"{key}: {a} vs {b}")
        self.assertGreater(exact, 1000)

    def test_a_shard_server_going_away_gives_partial_answers_then_full_ones(self):
        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            full = server.get("/api/search", [("q", "django"), ("per_page", "100")]).json
            self.assertFalse(full["partial"])
            seen, stop = [], threading.Event()

            def client():
                while not stop.is_set():
                    resp = server.get("/api/search", [("q", "django"), ("per_page", "100")])
                    seen.append((resp.status, (resp.json or {}).get("partial"), (resp.json or {}).get("missing_shards")))

            threads = [threading.Thread(target=client) for _ in range(2)]
            for t in threads:
                t.start()
            time.sleep(0.5)
            self.servers[1].kill()
            time.sleep(2)
            stop.set()
            for t in threads:
                t.join(timeout=30)
            statuses = {status for status, _, _ in seen}
            self.assertEqual(statuses, {200}, seen[-5:])
            partial = [missing for _, was_partial, missing in seen if was_partial]
            self.assertTrue(partial, "no answer was partial while shard 1 was down")
            self.assertEqual({json.dumps(m) for m in partial}, {"[1]"})

            down = server.get("/api/search", [("q", "django"), ("per_page", "100")]).json
            self.assertEqual(down["missing_shards"], [1])
            self.assertLess(len({h["learner"] for h in down["hits"]}), len({h["learner"] for h in full["hits"]}))
            health = server.get("/healthz")
            self.assertEqual(health.status, 200)
            self.assertEqual([s["up"] for s in health.json["shards"]], [True, False, True])

            self.servers[1].start()
            deadline = time.monotonic() + RECOVERY_TIMEOUT
            again = down
            while again["partial"] and time.monotonic() < deadline:
                time.sleep(0.2)
                again = server.get("/api/search", [("q", "django"), ("per_page", "100")]).json
            self.assertEqual(again, full)
            self.assertEqual([s["up"] for s in server.get("/healthz").json["shards"]], [True, True, True])

    def test_no_shard_server_is_a_503_in_json_then_answers_again(self):
        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            for s in self.servers:
                s.kill()
            try:
                resp = server.get("/api/search", [("q", "django")])
                self.assertEqual(resp.status, 503)
                self.assertEqual(resp.json["error"]["status"], 503)
                self.assertEqual(server.get("/healthz").status, 503)
            finally:
                for s in self.servers:
                    s.start()
            deadline = time.monotonic() + RECOVERY_TIMEOUT
            resp = server.get("/api/search", [("q", "django")])
            while resp.status != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
                resp = server.get("/api/search", [("q", "django")])
            self.assertEqual(resp.status, 200)
            self.assertFalse(resp.json["partial"])


if __name__ == "__main__":
    unittest.main()
