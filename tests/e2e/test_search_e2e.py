# End-to-end search behaviour: small real git repositories are indexed by
# nexus-index and queried through a running nexus-server over HTTP.
import datetime
import os
import re
import unittest

import nexus_harness as nx

ALICE_README = """\
# Alice's Nexus

A movie recommendation backend written with Django. We also use rabbitmq.

## Background Jobs with Celery

Workers pull tasks from the queue every few seconds.

### Retry Policy (v2)

Failed tasks come back with exponential backoff.

## Setup

Install the dependencies first:

```bash
# install the toucan package
pip install toucan
```

Then start the server.
"""

ALICE_DEPLOYMENT = """\
# Deployment

The broker is rabbitmq, hosted on a small virtual machine.
"""

BOB_README = """\
# Bob's Project

## Deployment

We deploy celery workers next to the web app, and celery beat schedules
periodic jobs. The broker is rabbitmq.

## Templates

The flamingo page wraps cards in `<div class="card">` tags & styles them.
"""

CAROL_README = """\
# Carol's Notes

## Storage

The quantum harbor stores snapshots of the catalogue.

## Archive

The harbor keeps a quantum of backups for emergencies.

## Notes

A pelican flew over the office.

## Notes

A penguin waddled past the lab.

## Hobbies

Kayaking on weekends keeps the team fresh.
"""

DANA_SECTIONS = 12


def dana_readme():
    parts = ["# Dana's Widgets\n"]
    for i in range(1, DANA_SECTIONS + 1):
        parts.append(f"\n## Widget {i}\n\nThis gizmo is number {i} of the catalogue.\n")
    return "".join(parts)


ALICE_DATE = "2024-03-05T10:20:30+02:00"
ALICE_COHORT = "cohort-7"


class SearchEndToEnd(unittest.TestCase):
    """Four learners' repositories, indexed once, served by one server."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir()
        cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
        repos = os.path.join(cls.tmp, "repos")
        os.makedirs(repos)
        cls.repos = {
            "alice": nx.make_bare_repo(repos, "alice", {
                "README.md": ALICE_README,
                "docs/deployment.md": ALICE_DEPLOYMENT,
                "guide.markdown": "# Guide\n\nServe the gazpacho cold.\n",
                "notes.txt": "# Not markdown\n\nmarzipan\n",
                "node_modules/README.md": "# Vendored\n\nquetzalcoatl lives here\n",
                "frontend/node_modules/leftpad/README.md": "# leftpad\n\naxolotl padding\n",
                "manage.py": "print('hello')\n",
            }, date=ALICE_DATE),
            "BobTheBuilder": nx.make_bare_repo(repos, "bob", {
                "README.md": BOB_README,
                "venv/lib/python3.11/site-packages/pkg/README.md": "# pkg\n\nwombat inside venv\n",
            }),
            "carol": nx.make_bare_repo(repos, "carol", {
                "README.md": CAROL_README,
                "docs/binary.md": b"# Binary\n\x00\x01\x02 ocelot \x00\xff\n",
                "dist/README.md": "# Built\n\nnarwhal output\n",
            }),
            "dana-dev": nx.make_bare_repo(repos, "dana", {"README.md": dana_readme()}),
        }
        cls.cohort = nx.write_cohort(os.path.join(cls.tmp, "cohort.tsv"), [
            "# learners of the test cohort",
            ("alice", cls.repos["alice"], ALICE_COHORT),
            ("BobTheBuilder", cls.repos["BobTheBuilder"]),
            ("carol", cls.repos["carol"], ALICE_COHORT),
            ("dana-dev", cls.repos["dana-dev"]),
        ], header=True)
        cls.index = os.path.join(cls.tmp, "index")
        cls.indexed = nx.index_ok(cls.cohort, os.path.join(cls.tmp, "cache"), cls.index)
        web = os.path.join(nx.SOURCE, "web")
        cls.server = nx.Server(cls.index, web=web if os.path.isdir(web) else None, extra_args=nx.NO_RATE_LIMIT)
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    # ------------------------------------------------------------ helpers

    def search(self, q, **params):
        return self.server.search(q, **params)

    def hits(self, q, **params):
        return nx.hits_of(self.search(q, **params))

    def learners(self, q, **params):
        return {h["learner"] for h in self.hits(q, **params)}

    def assertNoHits(self, q):
        hits = self.hits(q)
        self.assertEqual(hits, [], f"q={q!r} should find nothing, got "
                         f"{[(h['learner'], h['path']) for h in hits]}")

    def assertError(self, resp, status):
        self.assertEqual(resp.status, status, resp.text)
        self.assertIn("application/json", resp.headers.get("content-type", ""))
        self.assertIsInstance(resp.json, dict, resp.text)
        error = resp.json.get("error")
        self.assertIsInstance(error, dict, resp.text)
        self.assertEqual(error.get("status"), status, resp.text)
        self.assertIsInstance(error.get("message"), str)
        self.assertTrue(error["message"].strip(), "error message is empty")

    # ------------------------------------------------------------ indexing

    def test_indexer_prints_one_summary_line_counting_every_repo_as_cloned(self):
        s = self.indexed.summary
        self.assertEqual((s["repos"], s["cloned"], s["fetched"], s["unchanged"], s["failed"]),
                         (4, 4, 0, 0, 0), self.indexed.describe())
        self.assertGreater(s["sections"], 0)

    def test_indexer_keeps_a_bare_mirror_per_learner_in_the_cache(self):
        for learner in self.repos:
            mirror = os.path.join(self.tmp, "cache", learner + ".git")
            self.assertTrue(os.path.isdir(mirror), f"missing {mirror}")
            self.assertEqual(nx.head_commit(mirror), nx.head_commit(self.repos[learner]))

    def test_healthz_counts_exactly_the_sections_the_indexer_wrote(self):
        status, headers, body = self.server.get("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"status": "ok", "documents": self.indexed.summary["sections"],
                                "shards": [{"shard": 0, "up": True}], "partial": False, "missing_shards": []})

    def test_root_serves_the_html_page(self):
        status, headers, body = self.server.get("/")
        self.assertEqual(status, 200)
        self.assertIn("text/html", headers.get("content-type", ""))
        self.assertRegex(body.lower(), r"<!doctype html|<html")

    # ------------------------------------------------------------ what is indexed

    def test_markdown_under_node_modules_is_not_indexed(self):
        self.assertNoHits("quetzalcoatl")

    def test_markdown_under_nested_node_modules_is_not_indexed(self):
        self.assertNoHits("axolotl")

    def test_markdown_under_venv_and_site_packages_is_not_indexed(self):
        self.assertNoHits("wombat")

    def test_markdown_under_dist_is_not_indexed(self):
        self.assertNoHits("narwhal")

    def test_binary_markdown_file_is_not_indexed(self):
        self.assertNoHits("ocelot")

    def test_non_markdown_files_are_not_indexed(self):
        self.assertNoHits("marzipan")

    def test_dot_markdown_extension_is_indexed(self):
        hits = self.hits("gazpacho")
        self.assertEqual([(h["learner"], h["path"]) for h in hits], [("alice", "guide.markdown")])

    def test_hash_comment_in_code_fence_is_body_text_not_a_heading(self):
        hits = self.hits("toucan")
        self.assertEqual(len(hits), 1, hits)
        self.assertEqual(hits[0]["heading_path"], "Alice's Nexus › Setup")
        self.assertEqual(hits[0]["anchor"], "setup")

    # ------------------------------------------------------------ hit fields

    def test_hit_carries_learner_cohort_repo_commit_and_date(self):
        hits = self.hits("backoff")
        self.assertEqual(len(hits), 1, hits)
        hit = hits[0]
        self.assertEqual(hit["learner"], "alice")
        self.assertEqual(hit["cohort"], ALICE_COHORT)
        self.assertEqual(hit["repo_url"], self.repos["alice"])
        self.assertEqual(hit["path"], "README.md")
        self.assertEqual(hit["commit"], nx.head_commit(self.repos["alice"]))
        when = datetime.datetime.fromisoformat(hit["commit_date"].replace("Z", "+00:00"))
        self.assertEqual(when.utcoffset(), datetime.timedelta(0), hit["commit_date"])
        self.assertEqual(when, datetime.datetime.fromisoformat(ALICE_DATE))
        self.assertIsInstance(hit["score"], (int, float))

    def test_nested_heading_has_full_heading_path_and_github_anchor(self):
        hits = self.hits("backoff")
        self.assertEqual(len(hits), 1, hits)
        hit = hits[0]
        self.assertEqual(hit["heading_path"],
                         "Alice's Nexus › Background Jobs with Celery › Retry Policy (v2)")
        self.assertEqual(hit["anchor"], "retry-policy-v2")

    def test_repeated_headings_get_numbered_anchors(self):
        by_word = {w: self.hits(w) for w in ("pelican", "penguin")}
        self.assertEqual([h["anchor"] for h in by_word["pelican"]], ["notes"])
        self.assertEqual([h["anchor"] for h in by_word["penguin"]], ["notes-1"])

    def test_url_is_null_for_a_local_repository(self):
        hits = self.hits("celery")
        self.assertTrue(hits)
        for hit in hits:
            self.assertIn("url", hit)
            self.assertIsNone(hit["url"], hit)

    def test_snippet_marks_the_matched_term(self):
        bob = [h for h in self.hits("celery") if h["learner"] == "BobTheBuilder"]
        self.assertTrue(bob, "Bob's body-only match is missing")
        self.assertRegex(bob[0]["snippet"], re.compile(r"<mark>celery</mark>", re.I))

    def test_snippet_escapes_html_from_the_markdown(self):
        hits = self.hits("flamingo")
        self.assertEqual(len(hits), 1, hits)
        snippet = hits[0]["snippet"]
        self.assertIn("&lt;div", snippet)
        self.assertNotIn("<div", snippet)
        self.assertIn("&amp;", snippet)
        self.assertRegex(snippet, re.compile(r"<mark>flamingo</mark>", re.I))

    # ------------------------------------------------------------ ranking and syntax

    def test_heading_match_ranks_above_body_match(self):
        hits = self.hits("celery")
        order = [(h["learner"], h["heading_path"]) for h in hits]
        heading = [i for i, h in enumerate(hits) if h["heading_path"].endswith("Background Jobs with Celery")]
        body = [i for i, h in enumerate(hits) if h["learner"] == "BobTheBuilder"]
        self.assertTrue(heading and body, order)
        self.assertLess(heading[0], body[0], order)
        self.assertNotIn("carol", self.learners("celery"))

    def test_words_are_stemmed(self):
        hits = self.hits("kayak")
        self.assertEqual([(h["learner"], h["anchor"]) for h in hits], [("carol", "hobbies")])

    def test_words_match_in_any_order_but_a_phrase_only_in_order(self):
        words = {h["anchor"] for h in self.hits("quantum harbor")}
        phrase = {h["anchor"] for h in self.hits('"quantum harbor"')}
        self.assertEqual(words, {"storage", "archive"})
        self.assertEqual(phrase, {"storage"})

    def test_not_excludes_sections_with_the_word(self):
        self.assertEqual({h["anchor"] for h in self.hits("harbor")}, {"storage", "archive"})
        self.assertEqual({h["anchor"] for h in self.hits("harbor NOT backups")}, {"storage"})

    def test_minus_word_excludes_sections_with_the_word(self):
        self.assertEqual({h["anchor"] for h in self.hits("harbor -backups")}, {"storage"})

    def test_or_matches_either_word_without_relaxing(self):
        result = self.search("pelican OR penguin")
        self.assertFalse(result["relaxed"])
        self.assertEqual({h["anchor"] for h in nx.hits_of(result)}, {"notes", "notes-1"})

    def test_sections_with_every_word_come_first_and_all_keeps_only_them(self):
        result = self.search("celery rabbitmq", matching_strategy="all")
        self.assertFalse(result["relaxed"])
        self.assertEqual({h["learner"] for h in nx.hits_of(result)}, {"BobTheBuilder"})
        self.assertEqual(result["matched_terms"], ["celery", "rabbitmq"])
        # By default, fewer than 10 sections having both words, the commoner word is dropped after them.
        result = self.search("celery rabbitmq")
        self.assertTrue(result["relaxed"])
        self.assertEqual(nx.hits_of(result)[0]["learner"], "BobTheBuilder")
        self.assertEqual(len(result["dropped_terms"]), 1)
        # A threshold the full matches reach drops nothing.
        result = self.search("celery rabbitmq", drop_tokens_threshold="1")
        self.assertFalse(result["relaxed"])
        self.assertEqual({h["learner"] for h in nx.hits_of(result)}, {"BobTheBuilder"})

    def test_words_are_dropped_by_strategy_when_no_section_has_all(self):
        # pelican and penguin are each in one section: frequency keeps the first in the index's order
        # of rarity, last drops the last word typed.
        result = self.search("pelican penguin", matching_strategy="last")
        self.assertTrue(result["relaxed"])
        self.assertEqual(result["dropped_terms"], ["penguin"])
        self.assertEqual([h["anchor"] for h in nx.hits_of(result)], ["notes"])
        result = self.search("how does a penguin waddle", matching_strategy="all")
        self.assertEqual(result["ignored_terms"], ["how", "does", "a"])
        self.assertEqual([h["anchor"] for h in nx.hits_of(result)], ["notes-1"])
        resp = self.server.get("/api/search", {"q": "pelican penguin", "matching_strategy": "sometimes"})
        self.assertEqual(resp.status, 400)
        self.assertIn("matching_strategy", resp.json["error"]["message"])

    def test_response_echoes_query_and_paging(self):
        result = self.search("celery")
        self.assertEqual(result["query"], "celery")
        self.assertIsInstance(result["parsed_query"], str)
        self.assertTrue(result["parsed_query"])
        self.assertEqual(result["page"], 1)
        self.assertIsInstance(result["per_page"], int)
        self.assertGreaterEqual(result["estimated_total"], len(nx.hits_of(result)))

    def test_learner_prefix_filters_by_learner_case_insensitively(self):
        self.assertEqual(self.learners("rabbitmq"), {"alice", "BobTheBuilder"})
        self.assertEqual(self.learners("rabbitmq learner:alice"), {"alice"})
        self.assertEqual(self.learners("rabbitmq learner:bobthebuilder"), {"BobTheBuilder"})
        self.assertEqual(self.learners("rabbitmq learner:ALICE"), {"alice"})

    def test_learner_prefix_accepts_a_hyphenated_login(self):
        hits = self.hits("gizmo learner:dana-dev", per_page=100)
        self.assertEqual(len(hits), DANA_SECTIONS)
        self.assertEqual({h["learner"] for h in hits}, {"dana-dev"})

    def test_path_prefix_restricts_to_matching_paths(self):
        paths = {(h["learner"], h["path"]) for h in self.hits("rabbitmq")}
        self.assertIn(("alice", "README.md"), paths)
        docs = {(h["learner"], h["path"]) for h in self.hits("rabbitmq path:docs")}
        self.assertEqual(docs, {("alice", "docs/deployment.md")})

    def test_heading_prefix_matches_only_heading_text(self):
        hits = self.hits("heading:celery")
        self.assertTrue(hits)
        for hit in hits:
            self.assertIn("celery", hit["heading_path"].lower(), hit)
        self.assertNotIn("BobTheBuilder", {h["learner"] for h in hits})

    # ------------------------------------------------------------ pagination

    def test_per_page_limits_the_hits_and_pages_do_not_overlap(self):
        pages = [self.search("gizmo", page=p, per_page=5) for p in (1, 2, 3)]
        keys = [[(h["path"], h["anchor"]) for h in nx.hits_of(r)] for r in pages]
        self.assertEqual([len(k) for k in keys], [5, 5, DANA_SECTIONS - 10])
        self.assertEqual([(r["page"], r["per_page"]) for r in pages], [(1, 5), (2, 5), (3, 5)])
        every = keys[0] + keys[1] + keys[2]
        self.assertEqual(len(set(every)), DANA_SECTIONS, every)
        self.assertEqual(pages[0]["estimated_total"], DANA_SECTIONS)

    def test_page_past_the_end_is_empty_not_an_error(self):
        result = self.search("gizmo", page=50, per_page=10)
        self.assertEqual(nx.hits_of(result), [])

    def test_per_page_of_one_hundred_is_accepted(self):
        self.assertEqual(len(self.hits("gizmo", per_page=100)), DANA_SECTIONS)

    # ------------------------------------------------------------ errors

    def test_missing_q_is_400_with_json_message(self):
        self.assertError(self.server.get("/api/search"), 400)

    def test_empty_or_blank_q_is_400_with_json_message(self):
        for q in ("", "   "):
            with self.subTest(q=q):
                self.assertError(self.server.get("/api/search", {"q": q}), 400)

    def test_bad_page_is_400_with_json_message(self):
        for page in ("0", "-1", "abc", "2x", "99999999999999999999"):
            with self.subTest(page=page):
                self.assertError(self.server.get("/api/search", {"q": "celery", "page": page}), 400)

    def test_per_page_out_of_range_is_400_with_json_message(self):
        for per_page in ("0", "101", "1000", "ten"):
            with self.subTest(per_page=per_page):
                self.assertError(self.server.get("/api/search", {"q": "celery", "per_page": per_page}), 400)

    def test_invalid_utf8_query_is_400_with_json_message(self):
        self.assertError(self.server.get("/api/search", raw_query="q=caf%FF"), 400)

    def test_query_that_does_not_parse_is_400_with_json_message(self):
        self.assertError(self.server.get("/api/search", {"q": "foo AND"}), 400)

    def test_unknown_api_route_is_404_with_json_message(self):
        self.assertError(self.server.get("/api/nothing-here"), 404)

    def test_server_survives_errors_and_keeps_answering(self):
        self.server.get("/api/search", raw_query="q=%FF%FE")
        self.server.get("/api/search", {"q": '"unterminated'})
        self.assertTrue(self.hits("celery"))


class IndexerCohortProblems(unittest.TestCase):
    """How nexus-index reports bad cohort lines and unreachable repositories."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir()
        cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
        cls.alice = nx.make_bare_repo(cls.tmp, "alice", {"README.md": "# Alice\n\nsparrow song\n"})
        cls.carol = nx.make_bare_repo(cls.tmp, "carol", {"README.md": "# Carol\n\nheron call\n"})

    def fresh(self, name):
        """Cohort path, cache and index folders for one run of its own."""
        base = os.path.join(self.tmp, name)
        os.makedirs(base)
        return (os.path.join(base, f"{name}.tsv"), os.path.join(base, "cache"), os.path.join(base, "index"))

    def test_malformed_cohort_line_is_reported_with_its_line_number_and_others_indexed(self):
        cohort, cache, index = self.fresh("cohort-bad")
        nx.write_cohort(cohort, [
            "# comment line",
            ("alice", self.alice),
            ("", self.carol),
            ("carol", self.carol),
        ], header=True)
        run = nx.run_indexer(cohort, cache, index)
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertIn("cohort-bad.tsv:4:", run.stderr)
        self.assertIsNotNone(run.summary, run.describe())
        self.assertEqual((run.summary["repos"], run.summary["cloned"], run.summary["failed"]), (2, 2, 0),
                         run.describe())
        with nx.Server(index) as server:
            self.assertEqual({h["learner"] for h in nx.hits_of(server.search("sparrow OR heron"))},
                             {"alice", "carol"})

    def test_unreachable_repository_is_reported_and_skipped_with_exit_0(self):
        cohort, cache, index = self.fresh("cohort-ghost")
        missing = os.path.join(self.tmp, "no-such-repo.git")
        nx.write_cohort(cohort, [("alice", self.alice), ("ghost", missing), ("carol", self.carol)])
        run = nx.run_indexer(cohort, cache, index)
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertIn("nexus-index: ghost:", run.stderr)
        self.assertIsNotNone(run.summary, run.describe())
        s = run.summary
        self.assertEqual((s["repos"], s["cloned"], s["fetched"], s["unchanged"], s["failed"]),
                         (3, 2, 0, 0, 1), run.describe())
        self.assertEqual(s["sections"], 2)

    def test_all_repositories_failing_exits_1(self):
        cohort, cache, index = self.fresh("cohort-dead")
        nx.write_cohort(cohort, [("ghost", os.path.join(self.tmp, "nowhere.git"))])
        run = nx.run_indexer(cohort, cache, index)
        self.assertEqual(run.returncode, 1, run.describe())
        self.assertIn("ghost", run.stderr)

    def test_duplicate_learner_exits_1_naming_both_lines(self):
        cohort, cache, index = self.fresh("cohort-dup")
        nx.write_cohort(cohort, [
            ("alice", self.alice),
            ("carol", self.carol),
            "# the same learner again",
            ("alice", self.carol),
        ], header=True)
        run = nx.run_indexer(cohort, cache, index)
        self.assertEqual(run.returncode, 1, run.describe())
        self.assertIn("cohort-dup.tsv:5: duplicate learner 'alice' (first on line 2)", run.stderr)

    def test_unreadable_cohort_file_exits_1(self):
        cohort, cache, index = self.fresh("cohort-none")
        run = nx.run_indexer(cohort, cache, index)
        self.assertEqual(run.returncode, 1, run.describe())
        self.assertIn("cohort-none.tsv", run.stderr)

    def test_missing_arguments_exit_2(self):
        run = nx.run_indexer_args([])
        self.assertEqual(run.returncode, 2, run.describe())
        self.assertTrue(run.stderr.strip(), "usage should be explained on stderr")

    def test_files_over_the_size_cap_are_skipped(self):
        repo = nx.make_bare_repo(self.tmp, "capped", {
            "README.md": "# Small\n\nrobin nest\n",
            "docs/big.md": "# Big\n\nalbatross " + "filler text " * 400 + "\n",
        })
        cohort, cache, index = self.fresh("cohort-cap")
        nx.write_cohort(cohort, [("capped", repo)])
        run = nx.run_indexer(cohort, cache, index, ["--max-file-bytes", "1000"])
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertEqual(run.summary and run.summary["sections"], 1, run.describe())
        with nx.Server(index) as server:
            self.assertEqual(len(nx.hits_of(server.search("robin"))), 1)
            self.assertEqual(nx.hits_of(server.search("albatross")), [])


class ServerLifecycle(unittest.TestCase):
    """Starting and stopping nexus-server."""

    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        repo = nx.make_bare_repo(self.tmp, "solo", {"README.md": "# Solo\n\nkestrel flight\n"})
        cohort = nx.write_cohort(os.path.join(self.tmp, "cohort.tsv"), [("solo", repo)])
        self.index = os.path.join(self.tmp, "index")
        nx.index_ok(cohort, os.path.join(self.tmp, "cache"), self.index)

    def test_server_stops_with_exit_0_on_sigterm(self):
        with nx.Server(self.index) as server:
            self.assertEqual(len(nx.hits_of(server.search("kestrel"))), 1)
        self.assertEqual(server.returncode, 0, server.stderr())

    def test_two_servers_can_read_the_same_index(self):
        with nx.Server(self.index) as one, nx.Server(self.index) as two:
            self.assertNotEqual(one.base_url, two.base_url)
            self.assertEqual(nx.hits_of(one.search("kestrel")), nx.hits_of(two.search("kestrel")))


if __name__ == "__main__":
    unittest.main()
