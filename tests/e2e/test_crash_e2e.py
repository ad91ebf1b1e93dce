# kill -9 of nexus-index or nexus-server at any moment loses no committed data:
# what a run reported as indexed stays searchable, and the next run finishes the job.
import os
import re
import signal
import subprocess
import time
import unittest

import nexus_harness as nx

LEARNERS = 24
# Moments to kill the indexer at, as "after this many learners reported" (0: right away).
KILL_AFTER = (0, 1, 5, 11)
INDEXED_RE = re.compile(r"^nexus-index: (learner\d+): (?:cloned|fetched) \w{7}, \d+ sections", re.M)


def word_of(i):
    """A word only learner i's README contains (digits would be split off by the stemmer)."""
    return "marker" + "".join("abcdefghij"[int(d)] for d in f"{i:03d}")


class CrashEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repos = os.path.join(self.tmp, "repos")
        os.makedirs(repos)
        rows = []
        for i in range(LEARNERS):
            files = {"README.md": f"# Learner {i}\n\nThe {word_of(i)} project.\n\n## Notes\n\n"
                                  + "Some shared words about docker and celery.\n" * 20}
            for n in range(15):  # enough files that a run takes a moment to kill into
                files[f"docs/page{n}.md"] = f"# Page {n}\n\nPage {n} of {word_of(i)}.\n"
            rows.append((f"learner{i}", nx.make_bare_repo(repos, f"learner{i}", files)))
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"), rows)
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")

    def start_indexer(self):
        args = [nx.binary("nexus-index"), "--cohort", self.cohort, "--cache", self.cache, "--index", self.index]
        return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def kill_indexer_after(self, reported):
        """Starts the indexer, SIGKILLs it once `reported` learners were reported
        indexed, and returns the learners it reported."""
        proc = self.start_indexer()
        indexed = []
        try:
            while len(indexed) < reported:
                line = proc.stderr.readline()
                if not line:
                    break
                m = INDEXED_RE.match(line)
                if m:
                    indexed.append(m.group(1))
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(30)
            proc.stderr.close()
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the indexer finished before it could be killed")
        return indexed

    def learners_found(self, server):
        found = set()
        for i in range(LEARNERS):
            # A learner not indexed yet must find nothing, not a spelling correction to a neighbour's word.
            hits = nx.exact_hits_of(server.search(word_of(i), per_page=100))
            found |= {h["learner"] for h in hits}
            for hit in hits:
                self.assertEqual(hit["learner"], f"learner{i}")
        return found

    def test_killing_the_indexer_at_any_moment_loses_nothing_committed(self):
        # The indexer commits at most once a second (issue 4), so a learner it reported may still
        # be pending when it dies; what did reach the index must survive every later kill.
        # (test_nightly_e2e.py kills runs mid-writing under a live server; this one kills the
        # very first runs, while mirrors are still being cloned.)
        committed = set()
        for after in KILL_AFTER:
            with self.subTest(killed_after=after):
                self.kill_indexer_after(after)
                self.assertFalse(self.half_made_mirrors(), "a killed clone left a mirror that cannot be read")
                if not os.path.isfile(os.path.join(self.index, "XAPIANDB")):
                    continue  # killed before the first index was complete: a build is published only whole
                with nx.Server(self.index) as server:
                    found = self.learners_found(server)
                    self.assertLessEqual(committed, found, "a kill lost a learner an earlier run committed")
                    # Each learner's documents are all there or not at all.
                    for learner in found:
                        hits = nx.hits_of(server.search(f"learner:{learner} page", per_page=100))
                        self.assertEqual(len(hits), 15, learner)
                committed = found

        run = nx.index_ok(self.cohort, self.cache, self.index)
        self.assertEqual(run.summary["failed"], 0, run.describe())
        self.assertEqual(run.summary["repos"], LEARNERS)
        self.assertGreaterEqual(run.summary["unchanged"], len(committed), run.describe())
        self.assertFalse([n for n in os.listdir(self.cache) if n.endswith(".partial")])
        with nx.Server(self.index) as server:
            self.assertEqual(self.learners_found(server), {f"learner{i}" for i in range(LEARNERS)})
            status, _, body = server.get("/healthz")
            self.assertEqual(status, 200)
            self.assertEqual(body["documents"], LEARNERS * 17)

    def half_made_mirrors(self):
        """Mirrors in the cache (not the .partial scratch folders) whose HEAD cannot be read."""
        if not os.path.isdir(self.cache):
            return []
        broken = []
        for name in os.listdir(self.cache):
            if not name.endswith(".git"):
                continue
            check = subprocess.run(["git", "--git-dir", os.path.join(self.cache, name), "rev-parse", "--verify",
                                    "HEAD^{commit}"], capture_output=True)
            if check.returncode != 0:
                broken.append(name)
        return broken

    def test_killing_the_server_and_restarting_gives_the_same_answers(self):
        nx.index_ok(self.cohort, self.cache, self.index)
        queries = ["docker celery", word_of(3), "learner:learner7 page", '"shared words"']
        with nx.Server(self.index) as server:
            before = {q: server.search(q, per_page=50) for q in queries}
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(10)
        with nx.Server(self.index) as server:
            after = {q: server.search(q, per_page=50) for q in queries}
        self.assertEqual(after, before)

    def test_killing_the_server_during_a_reindex_harms_neither(self):
        nx.index_ok(self.cohort, self.cache, self.index)
        nx.commit_to(self.cohort_repo(5), {"README.md": "# Learner 5\n\nNow about a zebrafinch.\n"})
        with nx.Server(self.index) as server:
            proc = self.start_indexer()
            time.sleep(0.2)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(10)
            _, err = proc.communicate(timeout=nx.INDEXER_TIMEOUT)
            self.assertEqual(proc.returncode, 0, err)
        with nx.Server(self.index) as server:
            self.assertEqual([h["learner"] for h in nx.hits_of(server.search("zebrafinch"))], ["learner5"])
            paths = [h["path"] for h in nx.hits_of(server.search(word_of(5), per_page=100))]
            self.assertEqual(len(paths), 15)
            self.assertNotIn("README.md", paths)

    def cohort_repo(self, i):
        return os.path.join(self.tmp, "repos", f"learner{i}.git")


if __name__ == "__main__":
    unittest.main()
