# The search response cache: answers are reused only at the index revision they were computed
# from, so a reindex is visible at once; the cache can be turned off.
import os
import unittest

import nexus_harness as nx

V1 = "# Dana\n\n## Deploy\n\nShip the lighthouse image with docker compose.\n"
V2 = "# Dana\n\n## Deploy\n\nShip the beacon image with docker compose.\n"


class ResponseCacheEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repos = os.path.join(self.tmp, "repos")
        os.makedirs(repos)
        self.dana = nx.make_bare_repo(repos, "dana", {"README.md": V1})
        erin = nx.make_bare_repo(repos, "erin", {"README.md": "# Erin\n\nErin keeps a docker heron feeder.\n"})
        self.cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"), [("dana", self.dana), ("erin", erin)])
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")
        nx.index_ok(self.cohort, self.cache, self.index)

    def snippets(self, server, q, **params):
        return [h["snippet"] for h in nx.hits_of(server.search(q, **params))]

    def test_a_reindex_is_seen_at_once_even_by_a_request_answered_from_the_cache_before(self):
        with nx.Server(self.index, extra_args=["--cache-mb", "1", "--rate-limit", "0"]) as server:
            first = self.snippets(server, "docker", per_page=5)
            self.assertTrue(any("lighthouse" in s for s in first), first)
            # Same request again, and with its parameters in another order: the same answer.
            self.assertEqual(self.snippets(server, "docker", per_page=5), first)
            status, _, body = server.get("/api/search", raw_query="per_page=5&q=docker")
            self.assertEqual(status, 200)
            self.assertEqual([h["snippet"] for h in body["hits"]], first)

            nx.commit_to(self.dana, files={"README.md": V2}, date="2024-03-01T10:00:00+00:00")
            nx.index_ok(self.cohort, self.cache, self.index)

            after = self.snippets(server, "docker", per_page=5)
            self.assertFalse(any("lighthouse" in s for s in after), f"stale answer after reindex: {after}")
            self.assertTrue(any("beacon" in s for s in after), after)

    def test_requests_differing_in_one_parameter_get_their_own_answers(self):
        with nx.Server(self.index, extra_args=["--cache-mb", "1", "--rate-limit", "0"]) as server:
            both = server.search("docker", per_page=5)
            only_erin = server.search("docker", per_page=5, learner="erin")
            self.assertEqual({h["learner"] for h in nx.hits_of(both)}, {"dana", "erin"})
            self.assertEqual({h["learner"] for h in nx.hits_of(only_erin)}, {"erin"})
            self.assertEqual(server.search("docker", per_page=5), both)

    def test_cache_mb_zero_turns_the_cache_off_and_answers_stay_the_same(self):
        with nx.Server(self.index, extra_args=["--cache-mb", "0", "--rate-limit", "0"]) as server:
            first = server.search("docker", per_page=5)
            self.assertEqual(server.search("docker", per_page=5), first)
            self.assertTrue(nx.hits_of(first))


if __name__ == "__main__":
    unittest.main()
