# End-to-end re-indexing: a learner pushes a change, the indexer fetches it,
# and the already running server answers from the new content.
import os
import unittest

import nexus_harness as nx

ALICE_README_V1 = """\
# Alice's Project

A short introduction.

## Setup

Build the lighthouse image with docker compose.
"""

ALICE_README_V2 = """\
# Alice's Project

A short introduction.

## Setup

Build the beacon image with docker compose.
"""

ALICE_LEGACY = """\
# Legacy Notes

The obsolete walrus endpoint is kept for old clients.
"""

OTHERS = {
    "bob": "# Bob\n\nBob documents his heron feeder.\n",
    "carol": "# Carol\n\nCarol documents her otter tracker.\n\n## Usage\n\nRun it daily.\n",
}


class ReindexEndToEnd(unittest.TestCase):
    """One test walking through index → push → re-index → re-index again, with
    the same server answering throughout (the steps depend on each other)."""

    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repos = os.path.join(self.tmp, "repos")
        os.makedirs(repos)
        self.alice = nx.make_bare_repo(repos, "alice", {
            "README.md": ALICE_README_V1,
            "docs/legacy.md": ALICE_LEGACY,
        }, date="2024-01-10T09:00:00+00:00")
        rows = [("alice", self.alice)]
        for name, text in OTHERS.items():
            rows.append((name, nx.make_bare_repo(repos, name, {"README.md": text})))
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"), rows)
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")

    def index_again(self):
        return nx.index_ok(self.cohort, self.cache, self.index)

    def counts(self, run):
        s = run.summary
        return {k: s[k] for k in ("repos", "cloned", "fetched", "unchanged", "failed", "sections")}

    def hits(self, server, q):
        return nx.hits_of(server.search(q))

    def documents(self, server):
        status, _, body = server.get("/healthz")
        self.assertEqual(status, 200, body)
        return body["documents"]

    def test_running_server_sees_pushed_changes_after_reindex_and_unchanged_repos_are_skipped(self):
        # alice: intro + setup + legacy = 3; bob: 1; carol: intro + usage = 2.
        first = self.index_again()
        self.assertEqual(self.counts(first), dict(repos=3, cloned=3, fetched=0, unchanged=0, failed=0,
                                                  sections=6), first.describe())

        with nx.Server(self.index) as server:
            self.assertEqual(self.documents(server), 6)
            before = self.hits(server, "lighthouse")
            self.assertEqual([(h["learner"], h["anchor"]) for h in before], [("alice", "setup")])
            self.assertEqual(len(self.hits(server, "walrus")), 1)

            new_commit = nx.commit_to(self.alice, files={"README.md": ALICE_README_V2},
                                      deletions=["docs/legacy.md"], date="2024-02-20T12:00:00+00:00",
                                      message="Rename the image and drop the legacy notes")

            second = self.index_again()
            # Only alice changed: her two remaining sections are written again.
            self.assertEqual(self.counts(second), dict(repos=3, cloned=0, fetched=1, unchanged=2, failed=0,
                                                       sections=2), second.describe())

            after = self.hits(server, "beacon")
            self.assertEqual([(h["learner"], h["anchor"], h["commit"]) for h in after],
                             [("alice", "setup", new_commit)])
            self.assertTrue(after[0]["commit_date"].startswith("2024-02-20T12:00:00"), after[0])
            self.assertEqual(self.hits(server, "lighthouse"), [], "old text of the changed section is still found")
            self.assertEqual(self.hits(server, "walrus"), [], "sections of the deleted file are still found")
            self.assertEqual(self.hits(server, "legacy"), [])
            self.assertEqual(self.documents(server), 5)
            self.assertEqual({h["learner"] for h in self.hits(server, "documents")}, {"bob", "carol"})

            third = self.index_again()
            self.assertEqual(self.counts(third), dict(repos=3, cloned=0, fetched=0, unchanged=3, failed=0,
                                                      sections=0), third.describe())
            self.assertEqual(self.documents(server), 5)
            self.assertEqual(len(self.hits(server, "beacon")), 1)

    def test_reindex_after_a_commit_that_changes_no_markdown_still_records_the_new_commit(self):
        first = self.index_again()
        self.assertEqual(first.summary["cloned"], 3, first.describe())
        new_commit = nx.commit_to(self.alice, files={"app.py": "print('hi')\n"},
                                  date="2024-03-01T08:00:00+00:00", message="Code only")
        second = self.index_again()
        self.assertEqual(self.counts(second), dict(repos=3, cloned=0, fetched=1, unchanged=2, failed=0,
                                                   sections=3), second.describe())
        third = self.index_again()
        self.assertEqual(third.summary["unchanged"], 3, third.describe())
        with nx.Server(self.index) as server:
            hits = self.hits(server, "lighthouse")
            self.assertEqual([h["commit"] for h in hits], [new_commit])


if __name__ == "__main__":
    unittest.main()
