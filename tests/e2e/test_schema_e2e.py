# An index written by an older Nexus (schema version 1) is refused by both programs with a message
# telling the user to rebuild it. The old index is made by stamping a current one with version "1"
# using xapian-metadata (Debian's xapian-tools, installed by scripts/setup.sh).
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
        subprocess.run([tool, "set", self.index, "nexus:schema", "1"], check=True, timeout=60)

    def test_indexer_refuses_an_old_index_and_says_to_rebuild(self):
        run = nx.run_indexer(self.cohort, os.path.join(self.tmp, "cache"), self.index)
        self.assertEqual(run.returncode, 1, run.describe())
        self.assertIn("schema version '1'", run.stderr)
        self.assertIn("rebuild the index", run.stderr)

    def test_server_refuses_an_old_index_and_says_to_rebuild(self):
        with self.assertRaises(nx.HarnessError) as failure:
            with nx.Server(self.index):
                pass
        self.assertIn("rebuild the index", str(failure.exception))


if __name__ == "__main__":
    unittest.main()
