# Load: wrk hammers nexus-server on loopback while nexus-index commits new
# content; no request may fail, memory must stay flat, latency percentiles are reported.
import os
import re
import shutil
import subprocess
import threading
import time
import unittest

import nexus_harness as nx

LOAD_SECONDS = 12
CONNECTIONS = 16
LEARNERS = 12
TOPICS = ["docker compose", "celery redis", "graphql schema", "jwt authentication", "postgres migrations",
          "github actions", "django rest framework", "rate limiting", "unit tests", "nginx proxy"]
WRK_SCRIPT = """\
-- Rotates through searches, the page and the health check.
local targets = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", targets[(n %% #targets) + 1])
end
"""
# ASan keeps freed memory in quarantine (256 MiB by default), so only the plain build is held to the tight bound.
RSS_GROWTH_LIMIT_MIB = 1024 if os.environ.get("NEXUS_SANITIZED") else 64


def readme(i, generation):
    sections = "".join(f"## {topic.title()}\n\nLearner {i} wrote about {topic} in generation {generation}, "
                       f"with notes on deployment and testing.\n\n" for topic in TOPICS[i % 3::2])
    return f"# Project of learner {i}\n\nGeneration {generation} of the notes.\n\n{sections}"


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1)) / 1024


def parse_wrk(output):
    """Requests, non-2xx count, socket errors and latency percentiles from `wrk --latency` output."""
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.M))
    return {
        "requests": total,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, sockets.groups())) if sockets else 0,
        "percentiles": percentiles,
    }


@unittest.skipUnless(shutil.which("wrk"), "wrk is not installed (scripts/setup.sh installs it)")
class LoadEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repos = os.path.join(self.tmp, "repos")
        os.makedirs(repos)
        self.repos = [nx.make_bare_repo(repos, f"learner{i}", {"README.md": readme(i, 0)}) for i in range(LEARNERS)]
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"),
                                      [(f"learner{i}", repo) for i, repo in enumerate(self.repos)])
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")
        nx.index_ok(self.cohort, self.cache, self.index)
        script = os.path.join(self.tmp, "targets.lua")
        targets = [f'"/api/search?q={t.replace(" ", "+")}"' for t in TOPICS]
        targets += ['"/api/search?q=generation&page=2&per_page=5"', '"/healthz"', '"/"', '"/app.js"']
        with open(script, "w") as f:
            f.write(WRK_SCRIPT % ", ".join(targets))
        self.script = script

    def wrk(self, server, seconds):
        proc = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s",
                               "-s", self.script, server.base_url], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=seconds + 60)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        return proc.stdout

    def reindex_until(self, stop, runs, failures):
        generation = 0
        while not stop.is_set():
            generation += 1
            learner = generation % LEARNERS
            nx.commit_to(self.repos[learner], {"README.md": readme(learner, generation)},
                         date=f"2024-03-01T10:{generation % 60:02d}:00+00:00")
            run = nx.run_indexer(self.cohort, self.cache, self.index)
            (runs if run.returncode == 0 and run.summary and run.summary["fetched"] == 1 else failures).append(run)

    def test_server_under_load_during_reindex_has_no_errors_and_flat_memory(self):
        with nx.Server(self.index, extra_args=["--rate-limit", "0"]) as server:
            self.wrk(server, 2)  # warm up: caches, thread stacks, MHD pools
            before = rss_mib(server.proc.pid)
            stop = threading.Event()
            runs, failures = [], []
            reindexer = threading.Thread(target=self.reindex_until, args=(stop, runs, failures))
            reindexer.start()
            try:
                output = self.wrk(server, LOAD_SECONDS)
            finally:
                stop.set()
                reindexer.join(nx.INDEXER_TIMEOUT)
            after = rss_mib(server.proc.pid)
            result = parse_wrk(output)
            print(f"\nload: {result['requests']} requests in {LOAD_SECONDS} s over {CONNECTIONS} connections "
                  f"while {len(runs)} reindex runs committed; latency "
                  + ", ".join(f"p{p} {v}" for p, v in sorted(result["percentiles"].items()))
                  + f"; server RSS {before:.1f} MiB before, {after:.1f} MiB after")

            self.assertFalse(failures, failures and failures[0].describe())
            self.assertGreaterEqual(len(runs), 1, "no reindex committed during the load")
            self.assertEqual(result["non_2xx"], 0, output)
            self.assertEqual(result["socket_errors"], 0, output)
            self.assertGreater(result["requests"], LOAD_SECONDS * 20, output)
            self.assertEqual(set(result["percentiles"]), {"50", "75", "90", "99"}, output)
            self.assertLess(after - before, RSS_GROWTH_LIMIT_MIB, output)

            # The server answers from the last committed generation.
            last = runs[-1]
            self.assertEqual(last.returncode, 0)
            hits = nx.hits_of(server.search("generation", per_page=100))
            self.assertEqual(len({h["learner"] for h in hits}), LEARNERS)


if __name__ == "__main__":
    unittest.main()
