# The OpenAPI document (server/openapi.json) against the server's real answers: the bundled example
# cohort is indexed, every route is called, and a node script validates the document with
# @apidevtools/swagger-parser and each answer against the document's schema with Ajv.
import json
import os
import shutil
import subprocess
import unittest

import nexus_harness as nx

HERE = os.path.dirname(os.path.abspath(__file__))
OPENAPI = os.path.join(nx.SOURCE, "server", "openapi.json")
CHECKER = os.path.join(HERE, "openapi_check.mjs")
MAKE_EXAMPLES = os.path.join(nx.SOURCE, "examples", "make-example-repos.sh")

# (path template, concrete path, query parameters) — every route, ordinary answers and errors.
CALLS = [
    ("/api/search", "/api/search", [("q", "celery")]),
    ("/api/search", "/api/search", [("q", "celery"), ("facets", "*")]),
    ("/api/search", "/api/search", [("q", "docker"), ("facets", "tech,cohort")]),
    ("/api/search", "/api/search", [("q", "docker"), ("facets", "technologies")]),
    ("/api/search", "/api/search", [("q", "docker"), ("tech", "docker-compose"), ("kind", "setup"),
                                    ("cohort", "2025-03"), ("group", "learner"), ("facets", "kind")]),
    ("/api/search", "/api/search", [("q", "djnago celary")]),
    ("/api/search", "/api/search", [("q", "zanzibarquokka")]),
    ("/api/search", "/api/search", []),
    ("/api/search", "/api/search", [("q", "redis"), ("tech", "no-such-technology")]),
    ("/api/learners", "/api/learners", [("q", "caching")]),
    ("/api/learners", "/api/learners", [("tech", "celery"), ("tech", "redis")]),
    ("/api/learners", "/api/learners", [("q", "graphql"), ("format", "csv")]),
    ("/api/learners", "/api/learners", []),
    ("/api/learners/{learner}", "/api/learners/amara-okafor-dev", []),
    ("/api/learners/{learner}", "/api/learners/samir-k", []),
    ("/api/learners/{learner}", "/api/learners/nobody", []),
    ("/api/learners/{learner}/similar", "/api/learners/nkechi-dev/similar", []),
    ("/api/learners/{learner}/similar", "/api/learners/nkechi-dev/similar", [("limit", "2")]),
    ("/api/learners/{learner}/similar", "/api/learners/nobody/similar", []),
    ("/api/learners/{learner}/similar", "/api/learners/nkechi-dev/similar", [("limit", "0")]),
    ("/api/coverage", "/api/coverage", [("tech", "celery"), ("tech", "simplejwt"), ("tech", "k8s")]),
    ("/api/coverage", "/api/coverage", [("tech", "celery"), ("missing", "celery"), ("cohort", "2025-06"),
                                        ("sort", "celery"), ("order", "desc"), ("per_page", "2")]),
    ("/api/coverage", "/api/coverage", [("tech", "celery"), ("format", "csv")]),
    ("/api/coverage", "/api/coverage", []),
    ("/api/suggest", "/api/suggest", [("q", "c")]),
    ("/api/suggest", "/api/suggest", [("q", "nk"), ("limit", "3")]),
    ("/api/suggest", "/api/suggest", []),
    ("/api/technologies", "/api/technologies", []),
    ("/api/technologies", "/api/technologies", [("include", "learners")]),
    ("/api/technologies", "/api/technologies", [("include", "everything")]),
    ("/api/technologies/{name}", "/api/technologies/DRF", []),
    ("/api/technologies/{name}", "/api/technologies/no-such-technology", []),
    ("/api/solutions", "/api/solutions", [("q", "connection refused")]),
    ("/api/solutions", "/api/solutions", []),
    ("/api/changes", "/api/changes", [("since", "2020-01-01")]),
    ("/api/changes", "/api/changes", [("since", "2020-01-01T00:00:00+03:00"), ("per_page", "2")]),
    ("/api/changes", "/api/changes", [("since", "yesterday")]),
    ("/metrics", "/metrics", []),
    ("/healthz", "/healthz", []),
    ("/openapi.json", "/openapi.json", []),
]


def run_checker(*args):
    node = shutil.which("node")
    if not node:
        raise nx.HarnessError("node is missing: run scripts/setup.sh (installs Debian's nodejs and npm)")
    if not os.path.isdir(os.path.join(HERE, "node_modules", "@apidevtools", "swagger-parser")):
        raise nx.HarnessError(f"{HERE}/node_modules is missing: run scripts/setup.sh (npm ci in tests/e2e)")
    proc = subprocess.run([node, CHECKER, *args], cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    lines = proc.stdout.decode().strip().splitlines()
    report = json.loads(lines[-1]) if lines else {}
    return proc.returncode, report, proc.stderr.decode()


class OpenApiEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir("nexus-openapi-")
        cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
        repos = os.path.join(cls.tmp, "examples")
        subprocess.run(["bash", MAKE_EXAMPLES, repos], check=True, stdout=subprocess.DEVNULL, timeout=120)
        index = os.path.join(cls.tmp, "index")
        nx.index_ok(os.path.join(repos, "cohort.tsv"), os.path.join(cls.tmp, "cache"), index)
        cls.index = index
        cls.server = nx.Server(index, extra_args=nx.NO_RATE_LIMIT)
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)

    def test_document_is_valid_openapi_3_1_describing_every_route(self):
        code, report, stderr = run_checker(OPENAPI)
        self.assertEqual(code, 0, f"{report}\n{stderr}")
        self.assertEqual(report["openapi"], "3.1.0")
        self.assertEqual(set(report["paths"]), {template for template, _, _ in CALLS})

    def test_served_document_is_the_projects_file(self):
        resp = self.server.get("/openapi.json")
        self.assertEqual(resp.status, 200)
        with open(OPENAPI, encoding="utf-8") as f:
            self.assertEqual(resp.json, json.load(f))

    @staticmethod
    def capture(server, template, path, params=None, raw_query=None):
        resp = server.get(path, params, raw_query=raw_query)
        body = resp.json if resp.json is not None else resp.text
        return {"path": template, "url": server.url(path, params, raw_query), "status": resp.status,
                "content_type": resp.headers.get("content-type", ""), "body": body}

    def hardening_captures(self):
        """The answers every route may give whatever its arguments: a URL over 8 KiB (414), an invalid
        percent-encoding (400) and a client over the rate limit (429)."""
        captures = [self.capture(self.server, "/api/search", "/api/search", [("q", "celery " * 1300)]),
                    self.capture(self.server, "/api/changes", "/api/changes", [("since", "2020-01-01" + " " * 9000)]),
                    self.capture(self.server, "/healthz", "/healthz", raw_query="x=%zz"),
                    self.capture(self.server, "/metrics", "/metrics", raw_query="x=%zz")]
        with nx.Server(self.index, extra_args=["--rate-limit", "1", "--burst", "1"]) as limited:
            limited.get("/api/technologies")
            captures.append(self.capture(limited, "/api/technologies", "/api/technologies"))
            captures.append(self.capture(limited, "/metrics", "/metrics"))
            captures.append(self.capture(limited, "/api/changes", "/api/changes", [("since", "2020-01-01")]))
        return captures

    def test_every_answer_matches_the_documents_schema(self):
        captures = [self.capture(self.server, template, path, params) for template, path, params in CALLS]
        captures += self.hardening_captures()
        statuses = {c["status"] for c in captures}
        self.assertTrue({200, 400, 404, 414, 429} <= statuses, statuses)
        capture_file = os.path.join(self.tmp, "captures.json")
        with open(capture_file, "w", encoding="utf-8") as f:
            json.dump(captures, f)
        code, report, stderr = run_checker(OPENAPI, capture_file)
        self.assertEqual(report.get("checked"), len(captures), f"{report}\n{stderr}")
        self.assertEqual(code, 0, json.dumps(report.get("failures"), indent=1)[:4000] + stderr)

    def test_checker_rejects_a_broken_document_and_a_drifted_answer(self):
        with open(OPENAPI, encoding="utf-8") as f:
            doc = json.load(f)
        broken = json.loads(json.dumps(doc))
        broken["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
            "$ref": "#/components/schemas/NoSuchSchema"}
        broken_file = os.path.join(self.tmp, "broken.json")
        with open(broken_file, "w", encoding="utf-8") as f:
            json.dump(broken, f)
        code, report, _ = run_checker(broken_file)
        self.assertEqual(code, 2, report)
        drifted = dict(self.server.search("celery", facets="*"))
        drifted["learner_total"] = "three"
        capture_file = os.path.join(self.tmp, "drifted.json")
        with open(capture_file, "w", encoding="utf-8") as f:
            json.dump([{"path": "/api/search", "status": 200, "content_type": "application/json",
                        "body": drifted}], f)
        code, report, _ = run_checker(OPENAPI, capture_file)
        self.assertEqual(code, 1, report)


if __name__ == "__main__":
    unittest.main()
