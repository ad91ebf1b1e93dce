# An index written by an older Nexus (schema version 1) is refused by the server with a message telling
# the user to rebuild it, and rebuilt beside it by the indexer, which then publishes the new one. The old
# index is made by stamping a current one with version "1" using xapian-metadata (Debian's xapian-tools,
# installed by scripts/setup.sh).
import os
import shutil
import subprocess
import unittest

import nexus_harness as nx


class OldSchemaEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repo = nx.make_bare_repo(self.tmp, "ana", {"README.md": "# Ana\n\n## Celery\n\nWorkers with Celery.\n"})
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"), [("ana", repo)])
        self.index = os.path.join(self.tmp, "index")
        nx.index_ok(self.cohort, os.path.join(self.tmp, "cache"), self.index)
        tool = shutil.which("xapian-metadata")
        if not tool:
            raise nx.HarnessError("xapian-metadata is missing: run scripts/setup.sh (installs xapian-tools)")
        shard = os.path.join(self.index, "gen-1", "shard-0")
        subprocess.run([tool, "set", shard, "nexus:schema", "1"], check=True, timeout=60)

    def test_indexer_rebuilds_an_old_index_beside_it_and_publishes_the_new_one(self):
        run = nx.index_ok(self.cohort, os.path.join(self.tmp, "cache"), self.index)
        self.assertIn("another schema", run.stderr)
        with open(os.path.join(self.index, "XAPIANDB"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "glass gen-2/shard-0\n")
        self.assertFalse(os.path.exists(os.path.join(self.index, "gen-1")), "the old generation was left behind")
        with nx.Server(self.index) as server:
            self.assertEqual([h["learner"] for h in nx.hits_of(server.search("celery"))], ["ana"])

    def test_server_refuses_an_old_index_and_says_to_rebuild(self):
        with self.assertRaises(nx.HarnessError) as failure:
            with nx.Server(self.index):
                pass
        self.assertIn("rebuild the index", str(failure.exception))


if __name__ == "__main__":
    unittest.main()
