# Shards served by real xapian-tcpsrv processes on loopback answer as the same shards opened locally, and a
# shard server that goes away makes answers partial (200, "partial": true) on every route that reads the index,
# never errors; a shard host that accepts and never replies is left out within its timeout; back, answers are
# full again without a restart, also under wrk load; /metrics counts each shard's failures. The real corpus
# indexed with --shards 3. Skipped without corpus or xapian-tcpsrv (and the load test without wrk).
import csv
import io
import json
import os
import re
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
from test_load_e2e import parse_wrk

TCPSRV = shutil.which("xapian-tcpsrv")
SHARDS = 3
START_TIMEOUT = 10
# A shard that is back is tried again within the shim's reconnect interval (1 s); this leaves room for a
# loaded CI machine.
RECOVERY_TIMEOUT = 15
# The stub's reply deadline for the hung shard (remote tcp HOST PORT TIMEOUT_MS CONNECT_MS), and how long
# above it an answer may take on a loaded machine (more under the sanitizers, several times slower).
HUNG_TIMEOUT_MS, HUNG_CONNECT_MS = 1000, 500
HUNG_SLACK_SECONDS = 10 if os.environ.get("NEXUS_SANITIZED") else 3
WRK_SCRIPT = """\
-- Counts answers by kind across wrk's threads: full (200), partial (200 with "partial":true), others.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) full, partial, other = 0, 0, 0 end
function response(status, headers, body)
  if status ~= 200 then other = other + 1
  elseif string.find(body, '"partial":true', 1, true) then partial = partial + 1
  else full = full + 1 end
end
function done(summary, latency, requests)
  local f, p, o = 0, 0, 0
  for _, t in ipairs(threads) do f = f + t:get("full"); p = p + t:get("partial"); o = o + t:get("other") end
  io.write(string.format("nexus: full=%d partial=%d other=%d\\n", f, p, o))
end
"""


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


def _shard_of(learner, count):
    """The shard nexus-index puts a learner in: FNV-1a of the lowercased name, modulo the shard count."""
    h = 14695981039346656037
    for byte in learner.lower().encode():
        h = ((h ^ byte) * 1099511628211) % 2 ** 64
    return h % count


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

    def test_the_words_database_carries_the_facet_columns_of_the_shards(self):
        # A front server reads them instead of every document of every shard (facet_columns.h).
        words = os.path.join(self.index, "gen-1", "words")
        dump = subprocess.run([nx.binary("nx-index-dump"), words], stdout=subprocess.PIPE, text=True, check=True,
                              timeout=120).stdout
        carried = [line for line in dump.split("\n") if line.startswith("metadata nexus:facet-columns ")]
        self.assertEqual(len(carried), 1)
        self.assertTrue(carried[0].startswith("metadata nexus:facet-columns NXFC1"), carried[0][:80])
        self.assertGreater(len(carried[0]), 10000)

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

    def test_spelling_is_kept_remotely(self):
        # Over remote shards Xapian 1.4 reads no spelling table: the stub's words database gives every
        # correction the local shards give (from their own merged words database).
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

    def _learner_on(self, shard):
        names = sorted(key.split("/")[3] for key in self.local
                       if key.startswith("/api/learners/") and key.count("/") == 3 and "?" not in key)
        return next(name for name in names if _shard_of(name, SHARDS) == shard)

    @staticmethod
    def _routes(learner):
        """Every route that reads the index, with arguments that find something in the corpus."""
        return [("/api/search", [("q", "django")]), ("/api/learners", [("q", "django")]),
                ("/api/learners", [("tech", "docker")]), ("/api/solutions", [("q", "docker")]),
                ("/api/technologies", []), ("/api/technologies", [("include", "learners")]),
                ("/api/technologies/django", []), ("/api/coverage", [("tech", "django"), ("tech", "docker")]),
                ("/api/suggest", [("q", "dj")]), ("/api/changes", [("since", "2000-01-01")]),
                (f"/api/learners/{learner}", []), (f"/api/learners/{learner}/similar", [])]

    def _wait_for_full_answers(self, server, routes):
        deadline = time.monotonic() + RECOVERY_TIMEOUT
        while True:
            answers_now = [server.get(path, params) for path, params in routes]
            if all(a.status == 200 and not a.json["partial"] for a in answers_now) or time.monotonic() > deadline:
                return answers_now
            time.sleep(0.2)

    def _restart_dead_servers(self):
        for s in self.servers:
            if s.proc.poll() is not None:
                s.start()

    def test_every_route_is_partial_with_a_shard_down_and_503_with_none(self):
        up, down = self._learner_on(0), self._learner_on(1)
        routes = self._routes(up)
        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            full = [server.get(path, params) for path, params in routes]
            for (path, params), resp in zip(routes, full):
                self.assertEqual(resp.status, 200, (path, params, resp.text[:300]))
                self.assertEqual((resp.json["partial"], resp.json["missing_shards"]), (False, []), path)
            self.assertEqual(server.get(f"/api/learners/{down}").status, 200)
            self.servers[1].kill()
            try:
                for path, params in routes:
                    resp = server.get(path, params)
                    self.assertEqual(resp.status, 200, (path, params, resp.text[:300]))
                    self.assertEqual((resp.json["partial"], resp.json["missing_shards"]), (True, [1]), (path, params))
                # A learner of the missing shard is not "no such learner": the service cannot tell.
                for path in (f"/api/learners/{down}", f"/api/learners/{down}/similar"):
                    resp = server.get(path)
                    self.assertEqual(resp.status, 503, (path, resp.text[:300]))
                    self.assertEqual(resp.json["error"]["status"], 503)
                self.assertEqual(server.get("/api/learners/nobody-at-all").status, 503)
                for s in self.servers:
                    s.kill()
                for path, params in routes:
                    resp = server.get(path, params)
                    self.assertEqual(resp.status, 503, (path, params, resp.text[:300]))
                    self.assertEqual(resp.json["error"]["status"], 503, path)
            finally:
                self._restart_dead_servers()
            again = self._wait_for_full_answers(server, routes)
            for (path, params), before, after in zip(routes, full, again):
                self.assertEqual(after.status, 200, path)
                self.assertEqual(after.json, before.json, (path, params))
            self.assertEqual(server.get("/api/learners/nobody-at-all").status, 404)

    def test_csv_answers_say_in_headers_that_a_shard_is_missing(self):
        # CSV has no "partial" member: the answer says it in X-Nexus-Partial and X-Nexus-Missing-Shards.
        routes = [("/api/learners", [("q", "django"), ("format", "csv"), ("per_page", "100")]),
                  ("/api/coverage", [("tech", "django"), ("tech", "docker"), ("format", "csv"), ("per_page", "100")])]

        def learners_of(resp):
            rows = list(csv.reader(io.StringIO(resp.text)))[1:]
            return {row[0] for row in rows if row}

        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            full = [server.get(path, params) for path, params in routes]
            for (path, _), resp in zip(routes, full):
                self.assertEqual(resp.status, 200, path)
                self.assertIn("text/csv", resp.headers["content-type"], path)
                self.assertEqual(resp.headers.get("x-nexus-partial"), "false", path)
                self.assertNotIn("x-nexus-missing-shards", resp.headers, path)
                self.assertTrue(any(_shard_of(name, SHARDS) == 1 for name in learners_of(resp)), path)
            self.servers[1].kill()
            try:
                for path, params in routes:
                    resp = server.get(path, params)
                    self.assertEqual(resp.status, 200, (path, resp.text[:300]))
                    self.assertIn("text/csv", resp.headers["content-type"], path)
                    self.assertEqual(resp.headers.get("x-nexus-partial"), "true", path)
                    self.assertEqual(resp.headers.get("x-nexus-missing-shards"), "1", path)
                    names = learners_of(resp)
                    self.assertTrue(names, path)
                    self.assertFalse([n for n in names if _shard_of(n, SHARDS) == 1], path)
            finally:
                self._restart_dead_servers()
            deadline = time.monotonic() + RECOVERY_TIMEOUT
            while True:
                again = [server.get(path, params) for path, params in routes]
                if all(a.headers.get("x-nexus-partial") == "false" for a in again) or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            for (path, _), before, after in zip(routes, full, again):
                self.assertEqual(after.headers.get("x-nexus-partial"), "false", path)
                self.assertEqual(after.text, before.text, path)

    def test_metrics_report_each_shard_up_or_down_and_its_failures(self):
        def shard_metrics(server):
            text = server.get("/metrics").text
            return {(name, int(shard)): int(value) for name, shard, value in
                    re.findall(r'^(nexus_shard_up|nexus_shard_failures_total)\{shard="(\d+)"\} (\d+)$', text, re.M)}

        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            before = shard_metrics(server)
            self.assertEqual(before, {**{("nexus_shard_up", k): 1 for k in range(SHARDS)},
                                      **{("nexus_shard_failures_total", k): 0 for k in range(SHARDS)}})
            self.servers[2].kill()
            try:
                server.get("/api/search", [("q", "django")])
                time.sleep(1.5)  # past the reconnect interval: a retry that fails counts too
                server.get("/api/search", [("q", "django")])
                down = shard_metrics(server)
            finally:
                self._restart_dead_servers()
            self.assertEqual([down[("nexus_shard_up", k)] for k in range(SHARDS)], [1, 1, 0])
            self.assertGreaterEqual(down[("nexus_shard_failures_total", 2)], 2)
            self.assertEqual(down[("nexus_shard_failures_total", 0)], 0)
            self._wait_for_full_answers(server, [("/api/search", [("q", "django")])])
            back = shard_metrics(server)
            self.assertEqual([back[("nexus_shard_up", k)] for k in range(SHARDS)], [1, 1, 1])
            self.assertGreaterEqual(back[("nexus_shard_failures_total", 2)], down[("nexus_shard_failures_total", 2)])

    def test_a_hung_shard_host_gives_partial_answers_within_its_timeout(self):
        hung = nx.SilentListener()  # a shard host that hangs
        self.addCleanup(hung.close)
        lines = self.stub_text.strip().split("\n")
        lines[1] = f"remote tcp 127.0.0.1 {hung.port} {HUNG_TIMEOUT_MS} {HUNG_CONNECT_MS}"
        stub = os.path.join(self.tmp, "hung.stub")
        with open(stub, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        limit = HUNG_TIMEOUT_MS / 1000 + HUNG_SLACK_SECONDS
        routes = self._routes(self._learner_on(0)) + [("/healthz", [])]
        # One server thread, so one handle: the first pass also reads the facet columns over the remote
        # shards document by document (seconds on the corpus, hung shard or not); the next ones are timed.
        args = nx.NO_RATE_LIMIT + ("--cache-mb", "0", "--threads", "1")
        with nx.Server(stub, extra_args=args) as server:
            for timed in (False, True, True):
                for path, params in routes:
                    started = time.monotonic()
                    resp = server.get(path, params)
                    elapsed = time.monotonic() - started
                    self.assertEqual(resp.status, 200, (path, params, resp.text[:300]))
                    self.assertEqual(resp.json["missing_shards"], [1], path)
                    if timed:
                        self.assertLess(elapsed, limit, f"{path} took {elapsed:.1f} s with a hung shard")
                # Past the reconnect interval: the next request tries the hung shard again and waits out
                # its timeout once more.
                time.sleep(1.1)
        self.assertTrue(hung.accepted, "the front server never connected to the hung shard")

    @unittest.skipUnless(shutil.which("wrk"), "wrk is not installed (scripts/setup.sh installs it)")
    def test_a_shard_killed_under_wrk_load_gives_only_200s_then_full_answers(self):
        script = os.path.join(self.tmp, "partial.lua")
        with open(script, "w", encoding="utf-8") as f:
            f.write(WRK_SCRIPT)
        params = [("q", "django"), ("per_page", "20")]
        with nx.Server(self.stub, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
            full = server.get("/api/search", params).json
            self.assertFalse(full["partial"])
            wrk = subprocess.Popen(["wrk", "-t2", "-c4", "-d8s", "--timeout", "5s", "-s", script,
                                    server.url("/api/search", params)], stdout=subprocess.PIPE, text=True)
            try:
                time.sleep(2)
                self.servers[1].kill()
                time.sleep(3)
            finally:
                self._restart_dead_servers()
            output, _ = wrk.communicate(timeout=60)
            self.assertEqual(wrk.returncode, 0, output)
            counts = dict((k, int(v)) for k, v in re.findall(r"(full|partial|other)=(\d+)", output))
            result = parse_wrk(output)
            self.assertEqual((result["non_2xx"], result["socket_errors"], counts["other"]), (0, 0, 0), output)
            self.assertGreater(counts["partial"], 0, output)
            self.assertGreater(counts["full"], 0, output)
            again = self._wait_for_full_answers(server, [("/api/search", params)])[0]
            self.assertEqual(again.json, full)


if __name__ == "__main__":
    unittest.main()
