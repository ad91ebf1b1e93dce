# An index of three shards answers like an index of one: the real corpus indexed with --shards 1 and
# --shards 3, both served, and every answer of answers.py (559 requests: searches with facets, grouping,
# learner ranking, profiles, technologies, solutions, changes) compared. Skipped without the corpus.
import os
import subprocess
import unittest

import answers
import nexus_harness as nx

# Xapian 1.4 scores a synonym group (a concept with its thesaurus forms) from an estimate of its
# frequency that a union of shards computes per shard: such scores differ by under 0.2% (0.104% the most
# measured, on a thesaurus question), which can
# reorder near-ties and move snippets. Everything else must be identical.
SCORE_TOLERANCE = 2e-3


def _close(a, b):
    return abs(a - b) <= SCORE_TOLERANCE * max(abs(a), abs(b), 1.0)


def _hit_key(hit):
    return (hit.get("learner"), hit.get("path"), hit.get("anchor"), hit.get("type"), hit.get("challenge"))


def _without(value, names):
    if isinstance(value, dict):
        return {k: _without(v, names) for k, v in value.items() if k not in names}
    if isinstance(value, list):
        return [_without(v, names) for v in value]
    return value


# What may differ between near-ties: their scores and order, the snippet cut, and Xapian's estimates.
LOOSE = {"score", "snippet", "challenge", "solution", "evidence", "hits", "learners", "solutions",
         "estimated_total", "matches"}


def _corrected(answer):
    body = answer[1] if isinstance(answer, list) else answer
    return body.get("corrected_query") if isinstance(body, dict) else None


# Spelling suggestions of several shards come from one table, their merged words database (gen-K/words-R,
# named last in the stub): Xapian 1.4 merging the shards' own tables at query time missed suggestions one
# table gives (a word in no document corrected with one shard, not with three). So every request is
# compared, spelling included.
class ShardsAnswerAlike(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isfile(os.path.join(nx.CORPUS, "make-repos.sh")):
            raise unittest.SkipTest(f"no corpus at {nx.CORPUS}")
        cls.tmp = nx.make_temp_dir()
        repos = os.path.join(cls.tmp, "repos")
        subprocess.run(["bash", os.path.join(nx.CORPUS, "make-repos.sh"), repos], check=True,
                       stdout=subprocess.DEVNULL, timeout=600)
        cohort = os.path.join(repos, "cohort.tsv")
        cls.snapshots = {}
        for shards in (1, 3):
            index = os.path.join(cls.tmp, f"index-{shards}")
            nx.index_ok(cohort, os.path.join(cls.tmp, f"cache-{shards}"), index, ["--shards", str(shards)])
            with nx.Server(index, extra_args=nx.NO_RATE_LIMIT + ("--cache-mb", "0")) as server:
                cls.snapshots[shards] = answers.collect(server)

    @classmethod
    def tearDownClass(cls):
        nx.remove_temp_dir(cls.tmp)

    def test_three_shards_and_their_words_are_written(self):
        with open(os.path.join(self.tmp, "index-3", "XAPIANDB"), encoding="utf-8") as f:
            self.assertEqual(f.read().split("\n"), ["glass gen-1/shard-0", "glass gen-1/shard-1",
                                                    "glass gen-1/shard-2", "glass gen-1/words-1", ""])
        with open(os.path.join(self.tmp, "index-1", "XAPIANDB"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "glass gen-1/shard-0\n", "one shard's own tables are the merged ones")

    def test_same_requests_and_statuses(self):
        one, three = self.snapshots[1], self.snapshots[3]
        self.assertEqual(sorted(one), sorted(three))
        self.assertGreater(len(one), 500)
        for key in one:
            self.assertEqual(one[key][0], three[key][0], key)

    def test_profiles_technologies_and_changes_are_identical(self):
        for key, answer in self.snapshots[1].items():
            if key.startswith(("/api/learners/", "/api/technologies", "/api/changes")):
                self.assertEqual(answer, self.snapshots[3][key], key)

    def test_spelling_corrections_are_identical(self):
        differing = [key for key in self.snapshots[1]
                     if _corrected(self.snapshots[1][key]) != _corrected(self.snapshots[3][key])]
        self.assertEqual(differing, [])
        corrected = [key for key in self.snapshots[1] if _corrected(self.snapshots[1][key])]
        self.assertGreater(len(corrected), 5, "answers.py must ask misspelled questions")

    def test_totals_facets_spelling_and_synonyms_are_identical(self):
        for key, answer in self.snapshots[1].items():
            other = self.snapshots[3][key]
            self.assertEqual(_without(answer, LOOSE), _without(other, LOOSE), key)

    def test_hits_are_the_same_in_the_same_order_up_to_near_ties(self):
        exact = 0
        for key, (_, answer) in self.snapshots[1].items():
            if not isinstance(answer, dict):
                continue
            other = self.snapshots[3][key][1]
            for field in ("hits", "learners", "solutions"):
                mine, theirs = answer.get(field) or [], other.get(field) or []
                self.assertEqual(len(mine), len(theirs), f"{key} {field}")
                exact += mine == theirs
                for a, b in zip(mine, theirs):
                    if "score" in a:
                        self.assertTrue(_close(a["score"], b["score"]), f"{key}: {a['score']} vs {b['score']}")
                    if _hit_key(a) != _hit_key(b):
                        # Only near-ties may swap: both scores must be within the tolerance.
                        self.assertTrue(_close(a.get("score", 0), b.get("score", 0)), f"{key}: {a} vs {b}")
        self.assertGreater(exact, 1000, "almost every list must be identical, scores and snippets included")


if __name__ == "__main__":
    unittest.main()
