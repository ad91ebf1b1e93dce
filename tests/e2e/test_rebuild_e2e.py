# Rebuilds without downtime: a change of shard count (as of schema or extraction rules) builds the new
# index beside the one served and publishes it in one step. A rebuild killed with SIGKILL leaves the old
# index serving; a completed one is picked up by the running server without a restart; a client querying
# all along sees only 200s.
import os
import re
import shutil
import signal
import subprocess
import threading
import unittest

import nexus_harness as nx

LEARNERS = 30
INDEXED_RE = re.compile(r"^nexus-index: (learner\d+): (?:cloned|fetched) ")


def readme(i):
    sections = "".join(f"\n## Topic {j}\n\nNotes on celery workers and queue {j} of learner {i}.\n" for j in range(8))
    return f"# Learner {i}\n{sections}"


class Client(threading.Thread):
    """Queries the server in a loop until stopped, recording every status."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server = server
        self.statuses = []
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.statuses.append(self.server.get("/api/search", {"q": "celery workers", "facets": "*"}).status)
            self.statuses.append(self.server.get("/healthz").status)


class RebuildEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        self.repos = [nx.make_bare_repo(self.tmp, f"learner{i}", {"README.md": readme(i)}) for i in range(LEARNERS)]
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"),
                                      [(f"learner{i}", repo) for i, repo in enumerate(self.repos)])
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")
        nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "1"])

    def stub(self):
        with open(os.path.join(self.index, "XAPIANDB"), encoding="utf-8") as f:
            return f.read().split()

    def kill_rebuild_after(self, reported):
        args = [nx.binary("nexus-index"), "--cohort", self.cohort, "--cache", self.cache, "--index", self.index,
                "--shards", "2"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen, rebuilding = 0, False
        try:
            while seen < reported:
                line = proc.stderr.readline()
                if not line:
                    break
                rebuilding = rebuilding or "building a new index of 2 shards" in line
                seen += bool(INDEXED_RE.match(line))
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(30)
            proc.stderr.close()
        self.assertTrue(rebuilding, "the change of shard count did not start a rebuild")
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the rebuild finished before it could be killed")

    def test_killed_rebuild_keeps_the_old_index_and_a_completed_one_is_served_without_restart(self):
        # Something only the new index will hold.
        nx.commit_to(self.repos[0], {"docs/zebra.md": "# Zebracorn\n\nThe zebracorn queue.\n"})
        with nx.Server(self.index, extra_args=nx.NO_RATE_LIMIT) as server:
            before = server.search("celery workers", facets="*")
            client = Client(server)
            client.start()
            try:
                self.kill_rebuild_after(3)
                self.assertEqual(self.stub(), ["glass", "gen-1/shard-0"], "a killed rebuild was published")
                self.assertEqual(server.search("celery workers", facets="*"), before)
                self.assertEqual(nx.exact_hits_of(server.search("zebracorn")), [])

                run = nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
                self.assertEqual(run.summary["failed"], 0, run.describe())
                self.assertEqual(self.stub(), ["glass", "gen-2/shard-0", "glass", "gen-2/shard-1", "glass", "gen-2/words-1"])
                self.assertEqual(sorted(n for n in os.listdir(self.index) if n.startswith("gen-")), ["gen-2"],
                                 "the old generation or the killed build was left behind")
                # The running server moved to the new index on its own.
                hits = nx.exact_hits_of(server.search("zebracorn"))
                self.assertEqual([h["learner"] for h in hits], ["learner0"])
                after = server.search("celery workers", facets="*")
                self.assertEqual(after["learner_total"], LEARNERS)
                self.assertEqual(after["estimated_total"], before["estimated_total"])
            finally:
                client.stop.set()
                client.join(30)
        self.assertGreater(len(client.statuses), 20, "the client hardly queried during the rebuilds")
        self.assertEqual(set(client.statuses), {200}, f"non-200 answers: {sorted(set(client.statuses))}")

    def test_a_learner_whose_fetch_fails_during_a_rebuild_keeps_its_documents(self):
        shutil.rmtree(self.repos[7])  # deleted upstream: its fetch fails
        run = nx.run_indexer(self.cohort, self.cache, self.index, ["--shards", "2"])
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertEqual(run.summary["failed"], 1, run.describe())
        self.assertEqual(self.stub(), ["glass", "gen-2/shard-0", "glass", "gen-2/shard-1", "glass", "gen-2/words-1"])
        with nx.Server(self.index) as server:
            hits = nx.hits_of(server.search("learner:learner7 celery", per_page=100))
            self.assertEqual(len(hits), 8, "the learner lost its documents in the rebuild")
            self.assertEqual(server.search("celery workers", facets="*")["learner_total"], LEARNERS)

    def test_a_rerun_after_the_rebuild_updates_in_place(self):
        nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
        run = nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
        self.assertNotIn("building a new index", run.stderr)
        self.assertEqual(run.summary["unchanged"], LEARNERS, run.describe())
        self.assertEqual(self.stub(), ["glass", "gen-2/shard-0", "glass", "gen-2/shard-1", "glass", "gen-2/words-1"],
                         "an unchanged cohort rewrote the merged spelling")

    def test_an_index_of_several_shards_without_words_gets_them_on_the_next_run(self):
        # As published before words databases existed: the shards alone in the stub.
        nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
        shutil.rmtree(os.path.join(self.index, "gen-2", "words-1"))
        with open(os.path.join(self.index, "XAPIANDB"), "w", encoding="utf-8") as f:
            f.write("glass gen-2/shard-0\nglass gen-2/shard-1\n")
        with nx.Server(self.index) as server:
            self.assertEqual(server.search("celery workers", facets="*")["learner_total"], LEARNERS)
            run = nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
            self.assertEqual(run.summary["unchanged"], LEARNERS, run.describe())
            self.assertEqual(self.stub()[-2:], ["glass", "gen-2/words-1"])
            self.assertEqual(server.search("celery workers", facets="*")["learner_total"], LEARNERS)

    def test_an_update_of_several_shards_publishes_their_merged_spelling_again(self):
        nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
        with nx.Server(self.index) as server:
            self.assertIsNone(server.search("flamingp")["corrected_query"])
            for update in (1, 2):
                nx.commit_to(self.repos[update], {"README.md": readme(update) + f"\n## Birds\n\nA flamingo {update}.\n"},
                             date=f"2024-03-0{update}T10:00:00+00:00")
                run = nx.index_ok(self.cohort, self.cache, self.index, ["--shards", "2"])
                self.assertNotIn("building a new index", run.stderr)
                self.assertEqual(self.stub()[-1], f"gen-2/words-{update + 1}")
                # The running server moves to the new words database on its next request.
                self.assertEqual(server.search("flamingp")["corrected_query"], "flamingo")
        words = sorted(n for n in os.listdir(os.path.join(self.index, "gen-2")) if n.startswith("words"))
        self.assertEqual(words, ["words-2", "words-3"], "the words database before the last one was left behind")
        # The updated words hold what a fresh build of the same repositories merges, frequencies included.
        fresh = os.path.join(self.tmp, "fresh")
        nx.index_ok(self.cohort, os.path.join(self.tmp, "fresh-cache"), fresh, ["--shards", "2"])
        updated_tables = self.tables(os.path.join(self.index, "gen-2", "words-3"))
        self.assertIn("spelling flamingo 2", updated_tables)
        self.assertEqual(updated_tables, self.tables(os.path.join(fresh, "gen-1", "words-1")))

    def tables(self, words):
        """The spelling and synonym lines of nx-index-dump of a words database."""
        dump = subprocess.run([nx.binary("nx-index-dump"), words], stdout=subprocess.PIPE, text=True, check=True,
                              timeout=120).stdout.splitlines()
        self.assertEqual(dump[0], "documents 0")
        return [line for line in dump if line.startswith(("spelling ", "synonym "))]


if __name__ == "__main__":
    unittest.main()
