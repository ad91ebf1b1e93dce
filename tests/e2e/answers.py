# Everything a user can see of an index, asked over HTTP: used to check that two indexes built differently
# (one shard or several, incremental or fresh, before or after a storage change) answer exactly alike.
"""answers.collect(server) -> {request: answer}: a broad, fixed set of requests and their JSON answers.

The set covers what a user sees: ranked hits (order, scores, snippets) of words, phrases, boolean and
field queries, plain-language questions and misspellings; facet counts and learner totals; grouping;
learner ranking; every profile; the technology table with its learners; solutions; changes.
`indexed_at` (the clock time a learner's documents were written) is the one field left out: it differs
between two builds of the same data by construction.

Run as a script (python3 answers.py INDEX OUT.json) it serves INDEX and writes its snapshot.
"""

import json
import os
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))

# Beside the bench's and the judged queries: the syntax, misspellings, a thesaurus phrase, a quoted phrase.
EXTRA_QUERIES = ["\"docker compose\"", "\"rest api\"", "docker AND NOT kubernetes", "redis OR celery",
                 "heading:setup", "path:readme", "djnago celary", "tailwnd", "gunicron", "k8s", "DRF",
                 "look good on phones", "logged in", "postgres connection refused", "cors", "-docker react",
                 "ci/cd pipeline", "authorization", "zzzznotaword"]


def _bench_queries():
    queries = []
    with open(os.path.join(SOURCE, "bench", "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            q = line.rstrip("\n").split("\t")[2]
            if "{learner}" not in q:
                queries.append(q)
    return queries


def _judged_queries():
    folder = os.path.join(SOURCE, "tests", "data", "judgments")
    queries = []
    for name in sorted(os.listdir(folder)):
        if not name.startswith(("questions_", "topics")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if not line.startswith("#") and len(cols) >= 2 and cols[1] not in queries:
                    queries.append(cols[1])
    return queries


def queries():
    """The query texts asked of every query route, without duplicates, in a fixed order."""
    seen, out = set(), []
    for q in _bench_queries() + _judged_queries() + EXTRA_QUERIES:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def _strip_clock(value):
    """The answer without `indexed_at` anywhere in it."""
    if isinstance(value, dict):
        return {k: _strip_clock(v) for k, v in value.items() if k != "indexed_at"}
    if isinstance(value, list):
        return [_strip_clock(v) for v in value]
    return value


def _requests(server):
    """(path, params) of every request of the snapshot."""
    reqs = []
    for q in queries():
        reqs.append(("/api/search", [("q", q), ("facets", "*"), ("per_page", "20")]))
        reqs.append(("/api/search", [("q", q), ("group", "learner"), ("page", "2"), ("per_page", "5")]))
        reqs.append(("/api/learners", [("q", q), ("per_page", "50")]))
        reqs.append(("/api/solutions", [("q", q)]))
    for techs in (["celery"], ["celery", "redis"], ["docker"], ["django", "postgresql"]):
        reqs.append(("/api/learners", [("tech", t) for t in techs] + [("per_page", "100")]))
        reqs.append(("/api/search", [("q", "setup")] + [("tech", t) for t in techs] + [("facets", "*")]))
    reqs.append(("/api/technologies", [("include", "learners")]))
    reqs.append(("/api/technologies/celery", []))
    reqs.append(("/api/changes", [("since", "2000-01-01"), ("per_page", "1000")]))
    tech = server.get("/api/technologies", [("include", "learners")]).json or {}
    for learner in sorted((tech.get("learner_cohorts") or {}).keys()):
        reqs.append((f"/api/learners/{urllib.parse.quote(learner)}", []))
    return reqs


def collect(server):
    """{"PATH?QUERY": [status, answer]} for every request of the snapshot (see the module comment)."""
    out = {}
    for path, params in _requests(server):
        resp = server.get(path, params)
        key = path + ("?" + urllib.parse.urlencode(params) if params else "")
        out[key] = [resp.status, _strip_clock(resp.json if resp.json is not None else resp.text)]
    return out


def differences(left, right, limit=5):
    """Human-readable descriptions of the first `limit` requests answered differently."""
    diffs = []
    for key in sorted(set(left) | set(right)):
        if left.get(key) != right.get(key):
            a = json.dumps(left.get(key), sort_keys=True)[:1500]
            b = json.dumps(right.get(key), sort_keys=True)[:1500]
            diffs.append(f"{key}\n  one:   {a}\n  other: {b}")
            if len(diffs) >= limit:
                break
    return diffs


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    from nexus_harness import Server  # noqa: E402  (only the script form starts a server)
    if len(sys.argv) != 3:
        sys.exit("usage: answers.py INDEX OUT.json")
    with Server(sys.argv[1], extra_args=("--rate-limit", "0", "--cache-mb", "0")) as srv:
        snapshot = collect(srv)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(snapshot, f, sort_keys=True, indent=0)
    print(f"{len(snapshot)} answers written to {sys.argv[2]}")
