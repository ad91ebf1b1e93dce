# End-to-end "who covered this?": small real repositories written so that every learner count is
# known, indexed by nexus-index and asked through nexus-server's facets, learner and technology routes.
import csv
import io
import os
import unittest

import nexus_harness as nx

ANA_README = """\
# Ana's Nexus

## Background jobs with Celery

I moved e-mail sending out of the request into Celery workers. Redis is the broker and also stores
task results, so the API answers at once and retries happen in the worker.

## Caching with Redis

Expensive property listings are cached in Redis for five minutes and invalidated by a signal when a
listing changes.
"""

BEN_README = """\
# Ben's Nexus

## Tech Stack

- Django
- Celery
- Docker

## Challenges

**Challenge:** The Docker image took ten minutes to build on every push.
**Solution:** Ordered the Dockerfile so dependencies install before the code is copied, and the layer
cache does the rest.
"""

CLEO_README = """\
# Cleo's Nexus

## Caching

Redis sits in front of the search endpoint; cache keys include the query string and expire after a
minute.

## Future improvements

- Add Celery for background e-mail.
"""

DEV_README = """\
# Dev's Nexus

## Overview

A booking API written in Django, with a small web client in frontend/.
"""

# What create-next-app writes: someone else's words about Next.js.
NEXT_TEMPLATE = """\
This is a [Next.js](https://nextjs.org) project bootstrapped with [`create-next-app`](https://nextjs.org/docs/app/api-reference/cli/create-next-app).

## Getting Started

First, run the development server:

```bash
npm run dev
```

Open [http://localhost:3000](http://localhost:3000) with your browser to see the result.

## Learn More

To learn more about Next.js, take a look at the following resources:

- [Next.js Documentation](https://nextjs.org/docs) - learn about Next.js features and API.

## Deploy on Vercel

The easiest way to deploy your Next.js app is to use the Vercel Platform from the creators of Next.js.
"""

EVE_README = """\
# Eve's Nexus

## Frontend with Next.js

I built the booking pages with Next.js: the App Router renders listings on the server and the client
only hydrates the filters.

## Deployment on Kubernetes

The API runs on Kubernetes with two replicas behind an ingress; a continuous integration pipeline builds
and pushes the image on every merge. The database is PostgreSQL and the API uses Django REST Framework.
"""

LEARNERS = {
    # learner: (cohort, files)
    "ana": ("2025-03", {"README.md": ANA_README, "requirements.txt": "Django==5.0\ncelery==5.3\nredis==5.0\n"}),
    "ben": ("2025-03", {"README.md": BEN_README}),
    "cleo": ("2025-06", {"README.md": CLEO_README}),
    "dev": ("2025-06", {"README.md": DEV_README, "frontend/README.md": NEXT_TEMPLATE}),
    "eve": ("2025-06", {"README.md": EVE_README}),
}


class LearnersEndToEnd(unittest.TestCase):
    """Five learners, one index, one server, shared by every test (they only read)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir()
        cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
        rows, cls.heads = [], {}
        for learner, (cohort, files) in LEARNERS.items():
            repo = nx.make_bare_repo(cls.tmp, learner, files)
            cls.heads[learner] = nx.head_commit(repo)
            rows.append((learner, repo, cohort))
        cohort_file = nx.write_cohort(os.path.join(cls.tmp, "cohort.tsv"), rows)
        cls.index = os.path.join(cls.tmp, "index")
        nx.index_ok(cohort_file, os.path.join(cls.tmp, "cache"), cls.index)
        cls.server = nx.Server(cls.index, extra_args=nx.NO_RATE_LIMIT)
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    def get_json(self, path, params=None):
        resp = self.server.get(path, params)
        self.assertEqual(resp.status, 200, f"GET {path} {params}: {resp.text[:500]}")
        self.assertIsInstance(resp.json, dict)
        return resp.json

    def learners(self, params):
        return [entry["learner"] for entry in self.get_json("/api/learners", params)["learners"]]

    # ------------------------------------------------------------------ /api/search facets

    def test_facets_count_distinct_learners_not_sections(self):
        result = self.server.search("redis", facets="*")
        # ana has two Redis sections, cleo one: three sections, two learners.
        self.assertEqual(result["estimated_total"], 3)
        self.assertEqual(result["learner_total"], 2)
        facets = result["facet_distribution"]
        self.assertEqual(set(facets), {"tech", "kind", "cohort"})
        self.assertEqual(facets["tech"]["redis"], 2)
        self.assertEqual(facets["cohort"], {"2025-03": 1, "2025-06": 1})
        self.assertEqual(sum(1 for h in result["hits"] if h["learner"] == "ana"), 2)

    def test_without_facets_there_is_no_distribution_and_the_same_hits(self):
        plain = self.server.search("celery OR redis")
        self.assertNotIn("facet_distribution", plain)
        self.assertNotIn("learner_total", plain)
        counted = self.server.search("celery OR redis", facets="tech,cohort")
        self.assertEqual([(h["learner"], h["path"], h["anchor"]) for h in plain["hits"]],
                         [(h["learner"], h["path"], h["anchor"]) for h in counted["hits"]])
        self.assertEqual(counted["learner_total"], 3)  # ana, ben, cleo
        self.assertEqual(set(counted["facet_distribution"]), {"tech", "cohort"})

    def test_facets_name_the_counts_returned_comma_separated_or_repeated(self):
        everything = self.server.search("celery OR redis", facets="*")["facet_distribution"]
        kind_only = self.server.search("celery OR redis", facets="kind")["facet_distribution"]
        self.assertEqual(kind_only, {"kind": everything["kind"]})
        resp = self.server.get("/api/search", [("q", "celery OR redis"), ("facets", " cohort , tech"),
                                               ("facets", "cohort")])
        self.assertEqual(resp.status, 200, resp.text)
        self.assertEqual(resp.json["facet_distribution"], {"tech": everything["tech"], "cohort": everything["cohort"]})
        # ana and ben; cleo's roadmap line is not tagged Celery (tech=celery leaves her out too).
        self.assertEqual(everything["tech"]["celery"], 2)
        self.assertEqual(everything["tech"]["redis"], 2)  # ana, cleo

    def test_unknown_facet_is_a_400_naming_the_facets(self):
        for value in ("technologies", "tech,learner", "*,x"):
            resp = self.server.get("/api/search", {"q": "redis", "facets": value})
            self.assertEqual(resp.status, 400, value)
            self.assertEqual(resp.json["error"]["status"], 400)
            self.assertIn("tech, kind, cohort", resp.json["error"]["message"])
        resp = self.server.get("/api/search", {"q": "redis", "facets": ""})
        self.assertEqual(resp.status, 200, "an empty facets= asks for none")
        self.assertNotIn("facet_distribution", resp.json)

    def test_filters_are_or_within_a_facet_and_and_across_facets(self):
        resp = self.server.get("/api/search", [("q", "celery OR kubernetes OR redis"), ("tech", "celery"),
                                               ("tech", "k8s")])
        self.assertEqual(resp.status, 200, resp.text)
        self.assertEqual({h["learner"] for h in resp.json["hits"]}, {"ana", "ben", "eve"})  # not cleo's Redis
        self.assertEqual(resp.json["filters"]["tech"], ["celery", "kubernetes"])
        resp = self.server.get("/api/search", [("q", "celery OR redis"), ("tech", "redis"), ("cohort", "2025-06"),
                                               ("facets", "*")])
        self.assertEqual({h["learner"] for h in resp.json["hits"]}, {"cleo"})
        self.assertEqual(resp.json["learner_total"], 1)
        resp = self.server.get("/api/search", [("q", "docker"), ("kind", "challenges")])
        self.assertEqual({(h["learner"], h["kind"]) for h in resp.json["hits"]}, {("ben", "challenges")})
        resp = self.server.get("/api/search", [("q", "redis"), ("learner", "ANA"), ("learner", "cleo"),
                                               ("facets", "*")])
        self.assertEqual(resp.json["learner_total"], 2)

    def test_unknown_technology_filter_is_a_400(self):
        resp = self.server.get("/api/search", {"q": "redis", "tech": "no-such-thing"})
        self.assertEqual(resp.status, 400)
        self.assertIn("unknown technology", resp.json["error"]["message"])

    def test_group_by_learner_returns_one_hit_per_learner_with_match_counts(self):
        result = self.server.search("redis", group="learner")
        self.assertEqual(result["group"], "learner")
        self.assertEqual(sorted(h["learner"] for h in result["hits"]), ["ana", "cleo"])
        matches = {h["learner"]: h["learner_matches"] for h in result["hits"]}
        self.assertEqual(matches, {"ana": 2, "cleo": 1})

    # ------------------------------------------------------------------ /api/learners

    def test_own_section_outranks_a_badge_and_a_roadmap_mention_does_not_count(self):
        ranked = self.learners({"q": "celery"})
        self.assertEqual(ranked[0], "ana")
        self.assertIn("ben", ranked)           # a list item is weak evidence, ranked below
        self.assertNotIn("cleo", ranked)       # only in "Future improvements"
        first = self.get_json("/api/learners", {"q": "celery"})["learners"][0]
        self.assertEqual(first["technologies"], ["celery"])
        self.assertTrue(first["evidence"])
        self.assertIn("<mark>", first["evidence"][0]["snippet"])
        self.assertEqual(first["evidence"][0]["path"], "README.md")

    def test_template_readme_does_not_outrank_own_writing(self):
        ranked = self.learners({"q": "next.js"})
        self.assertEqual(ranked[0], "eve")

    def test_technology_filters_list_exactly_the_learners_covering_all_of_them(self):
        self.assertEqual(self.learners([("tech", "celery"), ("tech", "redis")]), ["ana"])
        self.assertEqual(self.learners([("tech", "celery")]), ["ana", "ben"])  # the list item ranks lower
        self.assertEqual(sorted(self.learners([("tech", "redis")])), ["ana", "cleo"])
        self.assertEqual(self.learners([("tech", "Postgres")]), ["eve"])
        self.assertEqual(self.learners([("tech", "redis"), ("cohort", "2025-06")]), ["cleo"])

    def test_plain_words_rank_learners_with_every_word_first_and_name_what_each_lacks(self):
        answer = self.get_json("/api/learners", {"q": "how do celery and redis work together"})
        first = answer["learners"][0]
        self.assertEqual(first["learner"], "ana")  # the only one whose own writing has both
        self.assertLessEqual({"celery", "redis"}, set(first["matched_terms"]))
        self.assertIn("how", answer["ignored_terms"])
        for entry in answer["learners"][1:]:
            self.assertTrue(entry["missing_terms"], entry["learner"])
        strict = self.learners({"q": "celery redis", "matching_strategy": "all"})
        self.assertEqual(strict, ["ana"])

    def test_operators_apply_to_each_learners_whole_documentation(self):
        # cleo names Celery only under "Future improvements": that does not cover it.
        self.assertEqual(self.learners({"q": "redis NOT celery"}), ["cleo"])
        self.assertEqual(self.learners({"q": "redis -celery"}), ["cleo"])
        self.assertEqual(self.learners({"q": "celery AND redis"}), ["ana"])

    def test_bad_matching_arguments_are_a_400(self):
        for params in ({"q": "redis", "matching_strategy": "most"}, {"q": "redis", "drop_tokens_threshold": "0"},
                       {"q": "redis", "drop_tokens_threshold": "many"}):
            with self.subTest(params=params):
                resp = self.server.get("/api/learners", params)
                self.assertEqual(resp.status, 400)
                self.assertTrue(resp.json["error"]["message"])

    def test_learners_without_query_or_technology_is_a_400(self):
        resp = self.server.get("/api/learners")
        self.assertEqual(resp.status, 400)
        self.assertTrue(resp.json["error"]["message"])

    def test_csv_is_a_spreadsheet_with_a_header_row(self):
        resp = self.server.get("/api/learners", {"q": "redis", "format": "csv"})
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.headers["content-type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(resp.text)))
        self.assertEqual(rows[0], ["learner", "cohort", "repo", "score", "technologies", "evidence"])
        self.assertEqual([r[0] for r in rows[1:]], self.learners({"q": "redis"}))
        ana = next(r for r in rows[1:] if r[0] == "ana")
        self.assertEqual(ana[1], "2025-03")
        self.assertIn("README.md#", ana[5])
        float(ana[3])

    # ------------------------------------------------------------------ profiles

    def test_profile_has_repo_commit_technologies_by_category_outline_and_challenges(self):
        profile = self.get_json("/api/learners/Ana")
        self.assertEqual(profile["learner"], "ana")
        self.assertEqual(profile["cohort"], "2025-03")
        self.assertEqual(profile["commit"], self.heads["ana"])
        self.assertEqual(profile["commit_date"], "2024-01-15T10:00:00Z")
        self.assertIn("celery", profile["covered"])
        categories = {g["category"]: {t["id"]: t for t in g["technologies"]} for g in profile["technologies"]}
        celery = categories["queue"]["celery"]
        self.assertTrue(celery["covered"])
        self.assertIn({"path": "README.md", "anchor": "background-jobs-with-celery"},
                      [{k: e.get(k) for k in ("path", "anchor")} for e in celery["evidence"]])
        self.assertIn("requirements.txt", [e.get("file") for e in celery["evidence"]])
        self.assertEqual([o["heading"] for o in profile["outline"]],
                         ["Ana's Nexus", "Background jobs with Celery", "Caching with Redis"])
        ben = self.get_json("/api/learners/ben")
        self.assertEqual(len(ben["challenges"]), 1)
        self.assertIn("ten minutes", ben["challenges"][0]["challenge"])
        self.assertIn("layer", ben["challenges"][0]["solution"])

    def test_unknown_learner_profile_is_a_json_404(self):
        resp = self.server.get("/api/learners/nobody-here")
        self.assertEqual(resp.status, 404)
        self.assertEqual(resp.json["error"]["status"], 404)

    # ------------------------------------------------------------------ technologies, solutions

    def test_technologies_table_counts_learners_covering_each(self):
        table = self.get_json("/api/technologies")
        self.assertEqual(table["learner_total"], 5)
        rows = {row["id"]: row for row in table["technologies"]}
        # ana's section and ben's list item count; cleo's roadmap line does not.
        self.assertEqual(rows["celery"]["learners"], 2)
        self.assertEqual(rows["redis"]["learners"], 2)
        self.assertEqual(rows["kubernetes"]["category"], "container")
        self.assertEqual(rows["graphql"]["learners"], 0)

    def test_technologies_with_learners_lists_who_covers_each_so_pairs_are_counted_in_one_request(self):
        table = self.get_json("/api/technologies", {"include": "learners"})
        self.assertEqual(table["learner_total"], 5)
        self.assertEqual(table["learner_cohorts"], {learner: cohort for learner, (cohort, _) in LEARNERS.items()})
        covering = {row["id"]: set(row["learner_ids"]) for row in table["technologies"]}
        # ana's section and ben's list item cover Celery; cleo's "future improvements" line does not.
        self.assertEqual(covering["celery"], {"ana", "ben"})
        self.assertEqual(covering["redis"], {"ana", "cleo"})
        self.assertEqual(covering["graphql"], set())

        def both(a, b):
            return len(covering[a] & covering[b])

        self.assertEqual(both("celery", "redis"), 1)  # ana; cleo's roadmap Celery is no pair
        self.assertEqual(both("celery", "docker"), 1)  # ben
        self.assertEqual(both("kubernetes", "postgresql"), 1)  # eve
        self.assertEqual(both("redis", "docker"), 0)
        # Next.js: eve's own writing counts, dev's create-next-app template does not.
        self.assertEqual(both("nextjs", "django"), 0)

    def test_technologies_with_learners_agrees_with_the_plain_table(self):
        plain = self.get_json("/api/technologies")
        full = self.get_json("/api/technologies", {"include": "learners"})
        self.assertEqual(full["learner_total"], plain["learner_total"])
        self.assertEqual([(r["id"], r["learners"]) for r in full["technologies"]],
                         [(r["id"], r["learners"]) for r in plain["technologies"]])
        for row in full["technologies"]:
            self.assertEqual(len(row["learner_ids"]), row["learners"], row["id"])
            self.assertEqual(row["learner_ids"], sorted(row["learner_ids"]), "learners in name order")
        self.assertNotIn("learner_ids", plain["technologies"][0])
        self.assertNotIn("learner_cohorts", plain)

    def test_technologies_include_other_than_learners_is_a_400(self):
        resp = self.server.get("/api/technologies", {"include": "everything"})
        self.assertEqual(resp.status, 400)
        self.assertIn("include must be 'learners'", resp.json["error"]["message"])

    def test_technology_by_alias_lists_its_learners(self):
        tech = self.get_json("/api/technologies/k8s")
        self.assertEqual(tech["id"], "kubernetes")
        self.assertEqual([l["learner"] for l in tech["learners"]], ["eve"])
        self.assertEqual(tech["learner_count"], 1)
        self.assertEqual(self.server.get("/api/technologies/no-such-thing").status, 404)

    def test_solutions_find_the_challenge_with_its_solution(self):
        result = self.get_json("/api/solutions", {"q": "slow docker build"})
        self.assertTrue(result["solutions"], result)
        best = result["solutions"][0]
        self.assertEqual(best["learner"], "ben")
        self.assertIn("<mark>Docker</mark>", best["challenge"])
        self.assertIn("layer", best["solution"])

    # ------------------------------------------------------------------ synonyms, spelling

    def test_synonyms_find_the_same_learners_as_the_proper_names(self):
        for alias, proper in [("k8s", "kubernetes"), ("postgres", "postgresql"), ("DRF", "django rest framework"),
                              ("CI/CD pipeline", "continuous integration pipeline")]:
            with self.subTest(alias=alias):
                self.assertEqual(self.learners({"q": alias}), ["eve"])
                self.assertEqual(self.learners({"q": alias}), self.learners({"q": proper}))

    def test_misspelled_query_finds_the_same_learners_and_says_so(self):
        typo = self.server.search("celary wrokers")
        self.assertEqual(typo["corrected_query"], "celery workers")
        proper = self.server.search("celery workers")
        self.assertEqual([h["learner"] for h in typo["hits"]], [h["learner"] for h in proper["hits"]])
        self.assertIsNone(proper["corrected_query"])
        self.assertEqual(self.learners({"q": "celary"}), self.learners({"q": "celery"}))


if __name__ == "__main__":
    unittest.main()
