# The mentor tools over real HTTP: similar learners, the coverage matrix and suggestions as you type, on
# the example cohort (facts in examples/cohort/EXPECTATIONS.md, checked by reading the files) and on the
# shared corpus (facts checked by reading the learners' Markdown). Each route's bad input is a JSON 400,
# an unknown learner a JSON 404.
import csv
import io
import os
import subprocess
import unittest

import nexus_harness as nx

MAKE_EXAMPLES = os.path.join(nx.SOURCE, "examples", "make-example-repos.sh")
MAKE_REPOS = os.path.join(nx.CORPUS, "make-repos.sh")
EXAMPLE_LEARNERS = {"amara-okafor-dev", "kwesi-codes", "lindiwe-api", "tariq-builds", "zola-m", "rin-frontend",
                    "nkechi-dev", "joao-pereira", "meron-t", "samir-k"}
CELERY_LEARNERS = {"amara-okafor-dev", "joao-pereira", "nkechi-dev"}


def index_and_serve(cls, make_script, prefix):
    cls.tmp = nx.make_temp_dir(prefix)
    cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
    repos = os.path.join(cls.tmp, "repos")
    subprocess.run(["bash", make_script, repos], check=True, stdout=subprocess.DEVNULL, timeout=300)
    index = os.path.join(cls.tmp, "index")
    nx.index_ok(os.path.join(repos, "cohort.tsv"), os.path.join(cls.tmp, "cache"), index)
    cls.server = nx.Server(index, extra_args=nx.NO_RATE_LIMIT)
    cls.server.__enter__()
    cls.addClassCleanup(cls.server.__exit__, None, None, None)


class MentorToolsTestCase(unittest.TestCase):
    def ok(self, path, params=None):
        resp = self.server.get(path, params)
        self.assertEqual(resp.status, 200, resp.text[:500])
        self.assertIsNotNone(resp.json, resp.text[:500])
        return resp.json

    def refused(self, path, params, status=400):
        resp = self.server.get(path, params)
        self.assertEqual(resp.status, status, f"{path} {params}: {resp.text[:300]}")
        self.assertEqual(resp.json["error"]["status"], status)
        self.assertTrue(resp.json["error"]["message"])
        return resp.json["error"]["message"]

    def coverage_rows(self, params):
        body = self.ok("/api/coverage", params)
        return body, {row["learner"]: {cell["tech"]: cell for cell in row["cells"]} for row in body["learners"]}


class CoverageOnExampleCohort(MentorToolsTestCase):
    @classmethod
    def setUpClass(cls):
        index_and_serve(cls, MAKE_EXAMPLES, "nexus-mentor-examples-")

    def test_every_learner_is_a_row_and_cells_follow_who_wrote_about_it(self):
        body, rows = self.coverage_rows([("tech", "celery"), ("tech", "RabbitMQ"), ("tech", "k8s")])
        self.assertEqual([t["id"] for t in body["technologies"]], ["celery", "rabbitmq", "kubernetes"])
        self.assertEqual([t["covered"] for t in body["technologies"]], [3, 1, 1])
        self.assertEqual(body["total"], 10)
        self.assertEqual(set(rows), EXAMPLE_LEARNERS)
        self.assertEqual([r["learner"] for r in body["learners"]], sorted(EXAMPLE_LEARNERS))
        self.assertEqual({l for l, cells in rows.items() if cells["celery"]["state"] == "covered"}, CELERY_LEARNERS)
        self.assertEqual({l for l, cells in rows.items() if cells["kubernetes"]["state"] == "covered"}, {"nkechi-dev"})
        self.assertEqual(rows["lindiwe-api"]["celery"], {"tech": "celery", "state": "none", "weight": 0, "path": None,
                                                         "anchor": None, "evidence": None})
        self.assertEqual(rows["nkechi-dev"]["rabbitmq"]["path"], "README.md")
        self.assertGreater(rows["nkechi-dev"]["rabbitmq"]["weight"], 0)

    def test_a_technology_only_requirements_txt_shows_is_signalled(self):
        # amara-okafor-dev's requirements.txt pins djangorestframework-simplejwt; no Markdown of theirs names it.
        _, rows = self.coverage_rows([("tech", "simplejwt"), ("tech", "celery")])
        self.assertEqual(rows["amara-okafor-dev"]["simplejwt"]["state"], "signalled")
        self.assertEqual(rows["amara-okafor-dev"]["simplejwt"]["path"], "requirements.txt")
        self.assertEqual(rows["kwesi-codes"]["simplejwt"]["state"], "none")

    def test_missing_lists_who_has_not_covered_it_yet(self):
        body, rows = self.coverage_rows([("tech", "celery"), ("tech", "docker"), ("missing", "celery")])
        self.assertEqual(set(rows), EXAMPLE_LEARNERS - CELERY_LEARNERS)
        self.assertEqual(body["total"], 7)
        self.assertEqual(body["missing"], ["celery"])
        # The column counts stay those of the whole cohort, so "3 of 10" reads the same after the click.
        self.assertEqual(body["technologies"][0]["covered"], 3)

    def test_sorting_by_a_column_puts_its_strongest_coverage_first(self):
        body, _ = self.coverage_rows([("tech", "docker"), ("tech", "celery"), ("sort", "celery"), ("per_page", "3")])
        self.assertEqual({r["learner"] for r in body["learners"]}, CELERY_LEARNERS)
        weights = [r["cells"][1]["weight"] for r in body["learners"]]
        self.assertEqual(weights, sorted(weights, reverse=True))
        body, _ = self.coverage_rows([("tech", "celery"), ("sort", "learner"), ("order", "desc"), ("per_page", "2")])
        self.assertEqual([r["learner"] for r in body["learners"]], ["zola-m", "tariq-builds"])
        body, _ = self.coverage_rows([("tech", "celery"), ("sort", "celery"), ("order", "desc")])
        self.assertEqual({r["learner"] for r in body["learners"][-3:]}, CELERY_LEARNERS)

    def test_cohort_filter_and_paging(self):
        body, rows = self.coverage_rows([("tech", "celery"), ("cohort", "2025-06")])
        self.assertEqual(set(rows), {"rin-frontend", "nkechi-dev", "joao-pereira", "meron-t", "samir-k"})
        self.assertEqual(body["technologies"][0]["covered"], 2)
        page2, rows2 = self.coverage_rows([("tech", "celery"), ("per_page", "4"), ("page", "3")])
        self.assertEqual((page2["total"], page2["page"], page2["per_page"]), (10, 3, 4))
        self.assertEqual(list(rows2), ["tariq-builds", "zola-m"])

    def test_csv_is_a_spreadsheet_of_states_and_evidence(self):
        resp = self.server.get("/api/coverage", [("tech", "celery"), ("tech", "kubernetes"), ("format", "csv")])
        self.assertEqual(resp.status, 200)
        self.assertTrue(resp.headers["content-type"].startswith("text/csv"))
        self.assertIn("coverage.csv", resp.headers.get("content-disposition", ""))
        rows = list(csv.reader(io.StringIO(resp.text)))
        self.assertEqual(rows[0], ["learner", "cohort", "celery", "celery evidence", "kubernetes", "kubernetes evidence"])
        self.assertEqual(len(rows), 11)
        self.assertIn(["nkechi-dev", "2025-06", "covered", "README.md", "covered", "README.md"], rows)
        self.assertIn(["zola-m", "2025-03", "none", "", "none", ""], rows)

    def test_bad_arguments_are_json_400s(self):
        self.assertIn("tech=", self.refused("/api/coverage", []))
        self.assertIn("unknown technology", self.refused("/api/coverage", [("tech", "no-such-tech")]))
        self.refused("/api/coverage", [("tech", "celery"), ("missing", "docker")])
        self.refused("/api/coverage", [("tech", "celery"), ("sort", "docker")])
        self.refused("/api/coverage", [("tech", "celery"), ("order", "up")])
        self.refused("/api/coverage", [("tech", "celery"), ("format", "xml")])
        self.refused("/api/coverage", [("tech", "celery"), ("per_page", "0")])
        self.refused("/api/coverage", [("tech", "celery"), ("per_page", "501")])
        self.refused("/api/coverage", [("tech", "celery")] * 21)


class SuggestOnExampleCohort(MentorToolsTestCase):
    @classmethod
    def setUpClass(cls):
        index_and_serve(cls, MAKE_EXAMPLES, "nexus-mentor-suggest-")

    def suggestions(self, q, **params):
        return self.ok("/api/suggest", dict(q=q, **params))["suggestions"]

    def test_technology_names_come_with_how_many_learners_cover_them(self):
        first = self.suggestions("cel")[0]
        self.assertEqual(first, {"text": "Celery", "type": "technology", "learners": 3, "id": "celery",
                                 "name": "Celery"})
        # An alias finds its technology: k8s is Kubernetes, which nkechi-dev alone covers.
        self.assertIn({"text": "k8s", "type": "technology", "learners": 1, "id": "kubernetes", "name": "Kubernetes"},
                      self.suggestions("k8"))

    def test_frequent_heading_phrases_count_their_writers(self):
        # Eight learners head a section of their own "Challenges" (three with an emoji before it).
        found = self.suggestions("challe")
        self.assertEqual(found[0], {"text": "challenges", "type": "heading", "learners": 8})

    def test_learner_names_are_suggested(self):
        self.assertEqual(self.suggestions("nkech"), [{"text": "nkechi-dev", "type": "learner", "learners": 1}])
        self.assertEqual(self.suggestions("NKECHI")[0]["text"], "nkechi-dev")

    def test_best_first_and_limited(self):
        found = self.suggestions("c", limit="20")
        self.assertLessEqual(len(found), 20)
        counts = [s["learners"] for s in found]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertEqual(len(self.suggestions("c", limit="2")), 2)
        self.assertEqual(self.suggestions("zzqx"), [])

    def test_bad_arguments_are_json_400s(self):
        self.refused("/api/suggest", {})
        self.refused("/api/suggest", {"q": "   "})
        self.refused("/api/suggest", {"q": "x" * 101})
        self.refused("/api/suggest", {"q": "c", "limit": "0"})
        self.refused("/api/suggest", {"q": "c", "limit": "21"})
        resp = self.server.get("/api/suggest", raw_query="q=%ff")
        self.assertEqual(resp.status, 400)


class SimilarOnExampleCohort(MentorToolsTestCase):
    @classmethod
    def setUpClass(cls):
        index_and_serve(cls, MAKE_EXAMPLES, "nexus-mentor-similar-")

    def test_the_other_celery_learners_are_most_like_nkechi(self):
        body = self.ok("/api/learners/nkechi-dev/similar")
        names = [s["learner"] for s in body["similar"]]
        self.assertNotIn("nkechi-dev", names)
        self.assertTrue(set(names) <= EXAMPLE_LEARNERS - {"nkechi-dev"})
        # Celery with workers and queues: amara-okafor-dev (in depth) is closest; joao-pereira (Celery with
        # Redis) shares Celery; rin-frontend, a Next.js frontend, shares least.
        self.assertEqual(names[0], "amara-okafor-dev")
        for s in body["similar"]:
            shared = {t["id"] for t in s["shared_technologies"]}
            self.assertEqual("celery" in shared, s["learner"] in CELERY_LEARNERS, s)
            self.assertTrue(set(s["shared_topics"]) <= set(body["topics"]), s)
            self.assertTrue(0 <= s["score"] <= 1)
        self.assertEqual(names[-1], "rin-frontend")
        self.assertIn("rabbitmq", body["topics"])
        self.assertIn("kubernetes", body["topics"])
        scores = [s["score"] for s in body["similar"]]
        self.assertEqual(scores, sorted(scores, reverse=True))

    def test_limit_and_case(self):
        body = self.ok("/api/learners/NKECHI-DEV/similar", {"limit": "2"})
        self.assertEqual(len(body["similar"]), 2)
        self.assertEqual(body["similar"][0]["profile"], "/api/learners/amara-okafor-dev")

    def test_unknown_learner_is_404_and_bad_limit_400(self):
        self.refused("/api/learners/nobody/similar", None, 404)
        self.refused("/api/learners/a/b/similar", None, 404)
        self.refused("/api/learners/nkechi-dev/similar", {"limit": "0"})
        self.refused("/api/learners/nkechi-dev/similar", {"limit": "51"})
        # The profile route is unchanged beside it.
        self.assertEqual(self.ok("/api/learners/nkechi-dev")["learner"], "nkechi-dev")

    def test_each_route_has_its_metrics_label(self):
        self.ok("/api/learners/samir-k/similar")
        self.ok("/api/suggest", {"q": "d"})
        self.ok("/api/coverage", {"tech": "docker"})
        text = self.server.get("/metrics").text
        for route in ("similar", "suggest", "coverage"):
            line = next(l for l in text.splitlines() if l.startswith(f'nexus_http_requests_total{{route="{route}"}}'))
            self.assertGreaterEqual(int(line.split()[-1]), 1, line)


@unittest.skipUnless(os.path.isfile(MAKE_REPOS), f"no corpus at {MAKE_REPOS}")
class MentorToolsOnCorpus(MentorToolsTestCase):
    @classmethod
    def setUpClass(cls):
        index_and_serve(cls, MAKE_REPOS, "nexus-mentor-corpus-")

    def test_coverage_agrees_with_who_covered_it(self):
        body, rows = self.coverage_rows([("tech", "celery"), ("tech", "vercel"), ("per_page", "500")])
        self.assertEqual(body["total"], 144)
        covering = self.ok("/api/learners", {"tech": "celery", "per_page": "100"})
        self.assertEqual({l for l, c in rows.items() if c["celery"]["state"] == "covered"},
                         {l["learner"] for l in covering["learners"]})
        self.assertEqual(body["technologies"][0]["covered"], covering["total"])
        # 4shenafi's README has "### Message Queue Implementation": "Advanced asynchronous processing with
        # Celery and Redis".
        self.assertEqual(rows["4shenafi"]["celery"]["state"], "covered")
        # Eli-Keli names Vercel only in the create-next-app README of project-source-code/ (a template).
        self.assertEqual(rows["Eli-Keli"]["vercel"]["state"], "mentioned")
        self.assertEqual(rows["Eli-Keli"]["vercel"]["path"], "project-source-code/README.md")

    def test_suggest_offers_the_cohorts_frequent_headings(self):
        found = self.ok("/api/suggest", {"q": "getting st"})["suggestions"]
        self.assertEqual(found[0]["text"], "getting started")
        self.assertGreaterEqual(found[0]["learners"], 20)
        found = self.ok("/api/suggest", {"q": "dj"})["suggestions"]
        self.assertEqual(found[0]["id"], "django")

    def test_similar_learners_share_what_they_say_they_share(self):
        body = self.ok("/api/learners/4shenafi/similar", {"limit": "5"})
        self.assertEqual(len(body["similar"]), 5)
        mine = set(self.ok("/api/learners/4shenafi")["covered"])
        for s in body["similar"]:
            theirs = set(self.ok(s["profile"])["covered"])
            self.assertEqual({t["id"] for t in s["shared_technologies"]}, mine & theirs, s["learner"])
            self.assertTrue(s["shared_topics"], s)
            self.assertTrue(set(s["shared_topics"]) <= set(body["topics"]))


if __name__ == "__main__":
    unittest.main()
