#!/usr/bin/env python3
# The search quality suite: Nexus's learner ranking and technology attribution on ../shared/corpus, measured
# against judgments made by reading (tests/data/judgments, tests/data/labels), beside SQLite FTS5 bm25.
"""Measures Nexus on the shared corpus, as ../shared/JUDGING.md ("Measures") defines it.

    python3 tests/quality/quality.py [--verbose] [--json FILE] [--no-fts5] [--work DIR]
    bash scripts/quality.sh [same options]      # builds Nexus and the FTS5 peer first

Builds the corpus repositories with ../shared/corpus/make-repos.sh, indexes them with the real nexus-index,
starts the real nexus-server and asks `GET /api/learners?q=QUERY&per_page=10` every judged query, and
`GET /api/learners/{learner}` (its `covered` list) for every labelled learner. The peer is SQLite FTS5 over exactly
the sections Nexus indexes (built by bench's nx-bench-fts5-build), queried with an OR of the query's words, best
section per learner, top 10 learners.

Measures (per query kind: topic, question, all):
- nDCG@10, gain 2^grade - 1, the ideal ranking made from every judged grade of the query;
- MRR: 1 / rank of the first relevant (grade >= 1) learner in the top 10, 0 when none is;
- recall@10: relevant learners in the top 10 / min(10, relevant learners).
Technology precision and recall count learner-technology pairs over the labelled learners.
Python standard library only; tests/quality/test_quality.py holds the floors ctest enforces.
"""

import argparse
import collections
import glob
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import nexus_harness as nx  # noqa: E402

MAKE_REPOS = os.path.join(nx.CORPUS, "make-repos.sh")
JUDGMENTS = os.path.join(nx.SOURCE, "tests", "data", "judgments")
LABELS = os.path.join(nx.SOURCE, "tests", "data", "labels")
FTS5_BUILD = os.environ.get("NEXUS_FTS5_BUILD") or os.path.join(nx.SOURCE, "build", "bench", "bin",
                                                                "nx-bench-fts5-build")
KINDS = ("topic", "question")
TOP = 10
# learner_ranking.tsv predates JUDGING.md's 0-2 scale (its 3 = a section or a challenge, 2 = a described use in
# the learner's project, 1 = a list item or badge): both 3 and 2 are JUDGING.md's "substantive" 2; 1 and 0 stay.
LEGACY_GRADES = {"3": 2, "2": 2, "1": 1, "0": 0}
LEGACY_FILE = "learner_ranking.tsv"
# Not a ranking: the exact set of learners covering Celery and Redis (test_corpus_learners_e2e.py reads it).
NOT_RANKINGS = {"celery_redis.tsv"}
# The FTS5 peer's ranking, as bench/src/fts5_query.c ranks: columns learner, cohort, path, heading, body, the
# heading weighing 3x as in Nexus's schema; lower bm25 is better. Learner names and cohorts are not searched.
FTS5_SQL = ("WITH m AS MATERIALIZED (SELECT learner, bm25(sec, 0, 0, 1, 3, 1) AS r FROM sec WHERE sec MATCH ?1)"
            " SELECT learner, min(r) AS best FROM m GROUP BY learner ORDER BY best, learner LIMIT ?2")
WORD_RE = re.compile(r"\w+", re.UNICODE)


class QualityError(Exception):
    """The inputs or the programs are not in a state to measure; the message says why."""


# ------------------------------------------------------------------ inputs

def _data_rows(path):
    """(line number, columns) of every data line: '#' comments and blank lines are skipped."""
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                yield number, line.split("\t")


def load_judgments(folder=JUDGMENTS):
    """Reads every ranking judgment file of `folder`. Returns (judged, notes): judged maps (kind, query) to
    {learner: grade 0-2}; notes lists what looked odd (duplicates, conflicting grades)."""
    judged = collections.defaultdict(dict)
    where = {}
    notes = []
    for path in sorted(glob.glob(os.path.join(folder, "*.tsv"))):
        name = os.path.basename(path)
        if name in NOT_RANKINGS:
            continue
        for number, cols in _data_rows(path):
            if name == LEGACY_FILE and len(cols) == 3 and cols[2] in LEGACY_GRADES:
                kind, query, learner, grade = "topic", cols[0], cols[1], LEGACY_GRADES[cols[2]]
            elif len(cols) == 4 and cols[0] in KINDS and cols[3] in ("0", "1", "2"):
                kind, query, learner, grade = cols[0], cols[1], cols[2], int(cols[3])
            else:
                raise QualityError(f"{path}:{number}: expected kind<TAB>query<TAB>learner<TAB>grade "
                                   f"(kind topic or question, grade 0-2), got {cols!r}")
            key = (kind, query.strip())
            grades = judged[key]
            if learner in grades:
                first = where[key + (learner,)]
                if grades[learner] != grade:
                    notes.append(f"{name}:{number}: {query!r} grades {learner} {grade}, {first} said "
                                 f"{grades[learner]}; the higher grade is kept")
                else:
                    notes.append(f"{name}:{number}: {query!r} judges {learner} again ({first})")
                grade = max(grade, grades[learner])
            else:
                where[key + (learner,)] = f"{name}:{number}"
            grades[learner] = grade
    queries_by_text = collections.defaultdict(list)
    for kind, query in judged:
        queries_by_text[query.lower()].append(kind)
    for query, kinds in queries_by_text.items():
        if len(kinds) > 1:
            notes.append(f"{query!r} is judged both as {' and as '.join(sorted(kinds))}")
    return dict(judged), notes


def load_labels(folder=LABELS):
    """{learner: set of taxonomy ids} from learner_technologies_*.tsv ('-' = none)."""
    labels = {}
    for path in sorted(glob.glob(os.path.join(folder, "learner_technologies_*.tsv"))):
        for number, cols in _data_rows(path):
            if len(cols) != 2:
                raise QualityError(f"{path}:{number}: expected learner<TAB>ids, got {cols!r}")
            learner, ids = cols
            if learner in labels:
                raise QualityError(f"{path}:{number}: {learner} is labelled twice")
            labels[learner] = set() if ids.strip() == "-" else {t.strip() for t in ids.split(",") if t.strip()}
    return labels


# ------------------------------------------------------------------ measures

def ndcg_at_10(ranked, grades):
    dcg = sum((2 ** grades.get(learner, 0) - 1) / math.log2(i + 2) for i, learner in enumerate(ranked[:TOP]))
    ideal = sorted(grades.values(), reverse=True)[:TOP]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked, grades):
    for i, learner in enumerate(ranked[:TOP]):
        if grades.get(learner, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def relevant_count(grades):
    return sum(1 for g in grades.values() if g >= 1)


def recall_at_10(ranked, grades):
    relevant = relevant_count(grades)
    if not relevant:
        return 0.0
    found = sum(1 for learner in ranked[:TOP] if grades.get(learner, 0) >= 1)
    return found / min(TOP, relevant)


def score_query(ranked, grades):
    return {"ndcg10": ndcg_at_10(ranked, grades), "mrr": reciprocal_rank(ranked, grades),
            "recall10": recall_at_10(ranked, grades)}


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# ------------------------------------------------------------------ engines

def fts5_match(query):
    """The peer's MATCH expression: every word of the query quoted, OR'd, over path, heading and body."""
    words = WORD_RE.findall(query.lower())
    if not words:
        return None
    return "{path heading body} : (" + " OR ".join('"%s"' % w for w in words) + ")"


class Fts5Peer:
    def __init__(self, db_path):
        self.conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            self.conn.execute("SELECT bm25(sec) FROM sec WHERE sec MATCH 'a' LIMIT 1").fetchall()
        except sqlite3.Error as e:
            raise QualityError(f"{db_path}: FTS5 bm25() is not usable from Python's sqlite3 "
                               f"(SQLite {sqlite3.sqlite_version}): {e}")

    def rank(self, query):
        match = fts5_match(query)
        if match is None:
            return []
        return [row[0] for row in self.conn.execute(FTS5_SQL, (match, TOP))]

    def close(self):
        self.conn.close()


def nexus_rank(server, query):
    """(ranked learners of the first page, total learners) of GET /api/learners?q=QUERY&per_page=10."""
    resp = server.get("/api/learners", {"q": query, "per_page": TOP})
    if resp.status != 200 or not isinstance(resp.json, dict):
        raise QualityError(f"GET /api/learners q={query!r}: expected 200 JSON, got {resp.status}: {resp.text[:300]}")
    return [entry["learner"] for entry in resp.json["learners"]], resp.json["total"]


def nexus_covered(server, learner):
    """The technology ids Nexus claims the learner covers (the profile's `covered`); None for an unknown learner."""
    resp = server.get("/api/learners/" + learner)
    if resp.status == 404:
        return None
    if resp.status != 200 or not isinstance(resp.json, dict) or "covered" not in resp.json:
        raise QualityError(f"GET /api/learners/{learner}: expected 200 JSON with 'covered', got {resp.status}: "
                           f"{resp.text[:300]}")
    return set(resp.json["covered"])


def taxonomy_ids(server):
    resp = server.get("/api/technologies")
    return {row["id"] for row in resp.json["technologies"]} if resp.status == 200 else set()


# ------------------------------------------------------------------ the corpus, indexed and served

class Corpus:
    """Context manager: the corpus as bare repositories, indexed by nexus-index and served by nexus-server,
    plus (with fts5=True) the FTS5 peer's database of the same sections. `work` keeps the folder (reused:
    the repositories are made once, the index is brought up to date incrementally)."""

    def __init__(self, work=None, fts5=True, log=print):
        self.work = work
        self.fts5 = fts5
        self.log = log
        self.server = None
        self.peer = None
        self.learners = set()
        self._tmp = None

    def __enter__(self):
        if not os.path.isfile(MAKE_REPOS):
            raise QualityError(f"no corpus at {MAKE_REPOS}")
        root = self.work or nx.make_temp_dir("nexus-quality-")
        if not self.work:
            self._tmp = root
        os.makedirs(root, exist_ok=True)
        try:
            self._prepare(root)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _prepare(self, root):
        repos = os.path.join(root, "repos")
        cohort = os.path.join(repos, "cohort.tsv")
        start = time.monotonic()
        if not os.path.isfile(cohort):
            subprocess.run(["bash", MAKE_REPOS, repos], check=True, stdout=subprocess.DEVNULL, timeout=600)
        self.learners = {cols[0] for _, cols in _data_rows(cohort) if cols[0] != "learner"}
        index = os.path.join(root, "index")
        run = nx.index_ok(cohort, os.path.join(root, "cache"), index)
        self.log(f"corpus: {len(self.learners)} learners indexed in {time.monotonic() - start:.1f} s "
                 f"({run.stdout.strip()})")
        if self.fts5:
            self.peer = Fts5Peer(self._build_fts5(cohort, os.path.join(root, "fts5.sqlite")))
        self.server = nx.Server(index, extra_args=nx.NO_RATE_LIMIT)
        self.server.__enter__()

    def _build_fts5(self, cohort, db):
        if not os.access(FTS5_BUILD, os.X_OK):
            raise QualityError(f"{FTS5_BUILD} is missing: `bash scripts/quality.sh` builds it "
                               f"(or pass --no-fts5 to measure Nexus alone)")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        proc = subprocess.run([FTS5_BUILD, cohort, db], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=600)
        if proc.returncode != 0:
            raise QualityError(f"{FTS5_BUILD} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        self.log(f"fts5 peer: {proc.stdout.strip()}")
        return db

    def __exit__(self, *exc):
        if self.server:
            self.server.__exit__(None, None, None)
            self.server = None
        if self.peer:
            self.peer.close()
            self.peer = None
        if self._tmp:
            nx.remove_temp_dir(self._tmp)
            self._tmp = None
        return False


# ------------------------------------------------------------------ measuring

def measure_ranking(corpus, judged):
    """Per query: kind, Nexus's ranked page, total and figures, the peer's figures, and the shortfall flag."""
    queries = []
    for (kind, query), grades in sorted(judged.items()):
        ranked, total = nexus_rank(corpus.server, query)
        relevant = relevant_count(grades)
        entry = {"kind": kind, "query": query, "judged": len(grades), "relevant": relevant,
                 "grade2": sum(1 for g in grades.values() if g == 2), "total": total,
                 "short": total < min(TOP, relevant), "nexus": score_query(ranked, grades), "nexus_top": ranked}
        if corpus.peer:
            peer_ranked = corpus.peer.rank(query)
            entry["fts5"] = score_query(peer_ranked, grades)
            entry["fts5_top"] = peer_ranked
        queries.append(entry)
    return queries


def summarise(queries):
    """Mean figures per kind ('all' too) for each engine measured."""
    summary = {}
    for kind in KINDS + ("all",):
        rows = [q for q in queries if kind == "all" or q["kind"] == kind]
        summary[kind] = {"queries": len(rows), "short": sum(1 for q in rows if q["short"])}
        for engine in ("nexus", "fts5"):
            if rows and engine in rows[0]:
                summary[kind][engine] = {m: mean(q[engine][m] for q in rows) for m in ("ndcg10", "mrr", "recall10")}
    return summary


def measure_technologies(corpus, labels):
    """Learner-technology pairs: right (claimed and labelled), wrong (claimed only), missed (labelled only)."""
    right, wrong, missed = [], [], []
    unknown = []
    for learner in sorted(labels):
        claimed = nexus_covered(corpus.server, learner)
        if claimed is None:
            unknown.append(learner)
            claimed = set()
        right += [(learner, t) for t in sorted(claimed & labels[learner])]
        wrong += [(learner, t) for t in sorted(claimed - labels[learner])]
        missed += [(learner, t) for t in sorted(labels[learner] - claimed)]
    claims = len(right) + len(wrong)
    pairs = len(right) + len(missed)
    return {"learners": len(labels), "right": len(right), "wrong": len(wrong), "missed": len(missed),
            "precision": len(right) / claims if claims else 0.0, "recall": len(right) / pairs if pairs else 0.0,
            "wrong_pairs": wrong, "missed_pairs": missed, "unknown_learners": unknown}


def judgment_notes(judged, labels, corpus, notes):
    """What looks odd in the judged sets against the corpus and the taxonomy."""
    notes = list(notes)
    taxonomy = taxonomy_ids(corpus.server)
    for (kind, query), grades in sorted(judged.items()):
        absent = sorted(set(grades) - corpus.learners)
        if absent:
            notes.append(f"{kind} {query!r}: judged learners not in the corpus: {', '.join(absent)}")
        relevant = relevant_count(grades)
        grade2 = sum(1 for g in grades.values() if g == 2)
        if relevant < 6 or grade2 < 3:
            notes.append(f"{kind} {query!r}: {relevant} relevant, {grade2} of grade 2 "
                         f"(JUDGING.md asks at least 6 and 3)")
    absent = sorted(set(labels) - corpus.learners)
    if absent:
        notes.append(f"labelled learners not in the corpus: {', '.join(absent)}")
    if taxonomy:
        outside = collections.Counter(t for ids in labels.values() for t in ids if t not in taxonomy)
        for tech, count in sorted(outside.items()):
            notes.append(f"label {tech!r} ({count} learners) is not a taxonomy id: Nexus can never claim it")
    return notes


def measure(corpus):
    """Every figure of the suite, as one JSON-ready dict."""
    judged, notes = load_judgments()
    labels = load_labels()
    queries = measure_ranking(corpus, judged)
    return {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "engines": ["nexus"] +
            (["fts5"] if corpus.peer else []), "summary": summarise(queries),
            "technologies": measure_technologies(corpus, labels), "queries": queries,
            "notes": judgment_notes(judged, labels, corpus, notes)}


# ------------------------------------------------------------------ report

def _fig(summary, engine, measure_name):
    figures = summary.get(engine)
    return f"{figures[measure_name]:.3f}" if figures else "  -  "


def format_report(results, verbose=False):
    lines = []
    summary = results["summary"]
    lines.append("Learner ranking, GET /api/learners?q=… (Nexus) beside SQLite FTS5 bm25, OR of the words "
                 "(best section per learner)")
    lines.append(f"{'kind':<9} {'queries':>7}   {'nDCG@10':^15}   {'MRR':^15}   {'recall@10':^15}   short")
    lines.append(f"{'':<9} {'':>7}   {'nexus':>7} {'fts5':>7}   {'nexus':>7} {'fts5':>7}   {'nexus':>7} {'fts5':>7}")
    for kind in KINDS + ("all",):
        s = summary[kind]
        lines.append(f"{kind:<9} {s['queries']:>7}   {_fig(s, 'nexus', 'ndcg10'):>7} {_fig(s, 'fts5', 'ndcg10'):>7}"
                     f"   {_fig(s, 'nexus', 'mrr'):>7} {_fig(s, 'fts5', 'mrr'):>7}"
                     f"   {_fig(s, 'nexus', 'recall10'):>7} {_fig(s, 'fts5', 'recall10'):>7}   {s['short']:>5}")
    lines.append("short: queries where Nexus's total is under min(10, relevant learners)")
    t = results["technologies"]
    lines.append("")
    lines.append(f"Technology attribution (profile `covered`) over {t['learners']} labelled learners: "
                 f"precision {t['precision']:.3f}, recall {t['recall']:.3f} "
                 f"({t['right']} right, {t['wrong']} wrong, {t['missed']} missed)")
    for title, pairs in (("wrong", t["wrong_pairs"]), ("missed", t["missed_pairs"])):
        by_tech = collections.Counter(tech for _, tech in pairs)
        if by_tech:
            lines.append(f"  most {title}: " + ", ".join(f"{tech} {n}" for tech, n in by_tech.most_common(8)))
    if t["unknown_learners"]:
        lines.append(f"  labelled learners Nexus does not know: {', '.join(t['unknown_learners'])}")
    for kind in KINDS:
        rows = sorted((q for q in results["queries"] if q["kind"] == kind), key=lambda q: q["nexus"]["ndcg10"])
        lines.append("")
        lines.append(f"Worst {kind} queries for Nexus (nDCG@10, MRR, recall@10, total learners / relevant)")
        for q in rows[:5]:
            lines.append(_query_line(q))
    shorts = [q for q in results["queries"] if q["short"] and q["kind"] == "question"]
    lines.append("")
    lines.append("Questions returning fewer than min(10, relevant) learners: " +
                 (", ".join(f"{q['query']!r} ({q['total']} of {q['relevant']})" for q in shorts) or "none"))
    if verbose:
        lines.append("")
        lines.append("Per query (Nexus | FTS5)")
        for q in sorted(results["queries"], key=lambda q: (q["kind"], q["query"])):
            lines.append(f"{q['kind']:<8} " + _query_line(q, peer=True))
            lines.append(f"{'':<10}nexus: {', '.join(q['nexus_top'])}")
        t = results["technologies"]
        lines.append("")
        lines.append("Wrong claims: " + ", ".join(f"{l}:{tech}" for l, tech in t["wrong_pairs"]))
        lines.append("Missed labels: " + ", ".join(f"{l}:{tech}" for l, tech in t["missed_pairs"]))
    if results["notes"]:
        lines.append("")
        lines.append("Notes on the judged sets")
        lines += [f"  {note}" for note in results["notes"]]
    return "\n".join(lines)


def _query_line(q, peer=False):
    n = q["nexus"]
    text = (f"  {n['ndcg10']:.3f} {n['mrr']:.3f} {n['recall10']:.3f}  {q['total']:>3}/{q['relevant']:<3}"
            f"{' SHORT' if q['short'] else '      '}")
    if peer and "fts5" in q:
        f = q["fts5"]
        text += f" | {f['ndcg10']:.3f} {f['mrr']:.3f} {f['recall10']:.3f}"
    return text + f"  {q['query']}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE as JSON")
    parser.add_argument("--verbose", action="store_true", help="print per-query figures and every wrong/missed pair")
    parser.add_argument("--no-fts5", action="store_true", help="measure Nexus alone (no FTS5 peer)")
    parser.add_argument("--work", metavar="DIR", help="keep repositories, index and FTS5 database in DIR (reused)")
    args = parser.parse_args(argv)
    try:
        with Corpus(work=args.work, fts5=not args.no_fts5, log=lambda m: print(m, file=sys.stderr)) as corpus:
            results = measure(corpus)
    except (QualityError, nx.HarnessError) as e:
        print(f"quality: {e}", file=sys.stderr)
        return 1
    print(format_report(results, args.verbose))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
