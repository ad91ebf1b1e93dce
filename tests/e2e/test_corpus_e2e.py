# End-to-end run over the real learner corpus: every repository is rebuilt
# with make-repos.sh, indexed, and searched; hits are checked against the files.
import os
import re
import subprocess
import sys
import time
import unittest

import nexus_harness as nx

MAKE_REPOS = os.path.join(nx.CORPUS, "make-repos.sh")
MARKDOWN = (".md", ".markdown")
MAX_PAGES = 30
PER_PAGE = 100
MIN_SUCCESS = 0.95
MIN_RECALL = 0.9

QUERIES = {
    "celery rabbitmq": ["celery", "rabbitmq"],
    '"select_related"': ["select_related"],
    "graphql": ["graphql"],
}


def corpus_file(learner, path):
    return os.path.join(nx.CORPUS, "repos", learner, "files", path)


def learner_markdown(learner):
    """Lower-cased text of every Markdown file the corpus holds for `learner`."""
    root = os.path.join(nx.CORPUS, "repos", learner, "files")
    texts = []
    for folder, _, names in os.walk(root):
        for name in names:
            if name.lower().endswith(MARKDOWN):
                with open(os.path.join(folder, name), "rb") as f:
                    texts.append(f.read().decode("utf-8", errors="replace").lower())
    return "\n".join(texts)


def mentions(text, word):
    return re.search(r"(?<![a-z0-9_])" + re.escape(word) + r"(?![a-z0-9_])", text) is not None


@unittest.skipUnless(os.path.isfile(MAKE_REPOS), f"no corpus at {MAKE_REPOS}")
class CorpusEndToEnd(unittest.TestCase):
    """All corpus learners indexed once and searched through one server."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir("nexus-corpus-")
        cls.addClassCleanup(nx.remove_temp_dir, cls.tmp)
        out = os.path.join(cls.tmp, "repos")
        start = time.monotonic()
        proc = subprocess.run(["bash", MAKE_REPOS, out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=300)
        if proc.returncode != 0:
            raise nx.HarnessError(f"make-repos.sh failed ({proc.returncode}):\n{proc.stderr.decode()}")
        cls.cohort = os.path.join(out, "cohort.tsv")
        with open(cls.cohort, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
        cls.learners = [r[0] for r in rows[1:]]  # first line is the header
        cls.indexed = nx.index_ok(cls.cohort, os.path.join(cls.tmp, "cache"), os.path.join(cls.tmp, "index"))
        print(f"\ncorpus: {len(cls.learners)} repos built and indexed in {time.monotonic() - start:.1f} s: "
              f"{cls.indexed.stdout.strip()}", file=sys.stderr)
        cls.server = nx.Server(os.path.join(cls.tmp, "index"), extra_args=nx.NO_RATE_LIMIT)
        cls.server.__enter__()
        cls.addClassCleanup(cls.server.__exit__, None, None, None)
        cls.markdown = {}

    def markdown_of(self, learner):
        if learner not in self.markdown:
            self.markdown[learner] = learner_markdown(learner)
        return self.markdown[learner]

    def all_hits(self, q):
        hits = []
        for page in range(1, MAX_PAGES + 1):
            result = self.server.search(q, page=page, per_page=PER_PAGE)
            if page == 1:
                self.assertFalse(result["relaxed"], f"q={q!r}: no section matched every word")
            batch = nx.hits_of(result)
            hits += batch
            if len(batch) < PER_PAGE:
                break
        return hits

    def test_every_learner_is_cloned_and_indexed(self):
        s = self.indexed.summary
        self.assertEqual(s["repos"], len(self.learners), self.indexed.describe())
        self.assertEqual(s["cloned"] + s["failed"], s["repos"], self.indexed.describe())
        if s["failed"]:
            print(f"\n{s['failed']} corpus repos failed:\n{self.indexed.stderr}", file=sys.stderr)
        self.assertGreaterEqual(s["cloned"], MIN_SUCCESS * s["repos"], self.indexed.describe())
        self.assertGreater(s["sections"], 1000)

    def test_healthz_counts_the_sections_written(self):
        status, _, body = self.server.get("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(body["documents"], self.indexed.summary["sections"])

    def test_every_hit_comes_from_a_file_that_contains_the_query_words(self):
        for q, words in QUERIES.items():
            with self.subTest(q=q):
                hits = self.all_hits(q)
                self.assertTrue(hits, f"q={q!r} found nothing")
                for hit in hits:
                    path = corpus_file(hit["learner"], hit["path"])
                    self.assertTrue(os.path.isfile(path), f"hit names a file the corpus lacks: {path}")
                    with open(path, "rb") as f:
                        text = f.read().decode("utf-8", errors="replace").lower()
                    for word in words:
                        self.assertIn(word, text, f"q={q!r}: {hit['learner']}/{hit['path']} "
                                                  f"#{hit['anchor']} does not contain {word!r}")

    def test_hit_snippets_mark_the_query_words_unless_only_the_heading_matched(self):
        for q, words in QUERIES.items():
            with self.subTest(q=q):
                hits = self.all_hits(q)
                self.assertTrue(hits)
                for hit in hits:
                    if any(w in hit["heading_path"].lower() for w in words):
                        continue
                    self.assertRegex(hit["snippet"], r"<mark>[^<]+</mark>",
                                     f"q={q!r}: {hit['learner']}/{hit['path']}#{hit['anchor']}")
                self.assertTrue(any("<mark>" in h["snippet"] for h in hits))

    def test_learners_whose_markdown_mentions_a_word_are_found(self):
        for q, words in QUERIES.items():
            with self.subTest(q=q):
                found = {h["learner"] for h in self.all_hits(q)}
                expected = {l for l in self.learners
                            if all(mentions(self.markdown_of(l), w) for w in words)}
                # Learner level: the words may sit in different sections, which the
                # AND query rightly does not match, so only single words are held to recall.
                self.assertLessEqual(found, {l for l in self.learners
                                             if all(w in self.markdown_of(l) for w in words)})
                if len(words) == 1:
                    missed = sorted(expected - found)
                    recall = 1 - len(missed) / max(1, len(expected))
                    self.assertGreaterEqual(recall, MIN_RECALL, f"q={q!r} missed {missed}")


if __name__ == "__main__":
    unittest.main()
