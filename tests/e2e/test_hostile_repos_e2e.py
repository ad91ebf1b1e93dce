# Hostile and broken repositories in one cohort: each gets a clear report line,
# the rest of the cohort is indexed, and the run stays bounded in time and memory.
import json
import os
import re
import subprocess
import threading
import time
import unittest

import hostile_repos as hr
import nexus_harness as nx

# Bounds for a whole run over the hostile cohort; a healthy run takes seconds.
MAX_RUN_SECONDS = 120
MAX_RSS_MIB = 1024

GOOD_README = ("# Good\n\nThe heron fishes at dawn. " + "x" * 5000 + " The egret follows.\n\n"
               "## Second\n\nMore about herons.\n")


def run_measured(args, timeout=MAX_RUN_SECONDS * 3):
    """Runs the indexer; returns (IndexerRun, seconds, peak RSS in MiB of that process alone)."""
    started = time.monotonic()
    proc = subprocess.Popen([nx.binary("nexus-index")] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = {}
    readers = [threading.Thread(target=lambda k, f: out.__setitem__(k, f.read()), args=(k, f))
               for k, f in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    for r in readers:
        r.join()
    proc.stdout.close()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    run = nx.IndexerRun([nx.binary("nexus-index")] + args, proc.returncode, out["out"].decode(errors="replace"),
                        out["err"].decode(errors="replace"))
    return run, time.monotonic() - started, usage.ru_maxrss / 1024


def report_line(run, learner):
    lines = [l for l in run.stderr.splitlines() if l.startswith(f"nexus-index: {learner}: ")]
    return lines[0] if len(lines) == 1 else None


class HostileReposEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = nx.make_temp_dir()
        repos = os.path.join(cls.tmp, "repos")
        os.makedirs(repos)
        cls.canary = os.path.join(cls.tmp, "pwned")
        good = nx.make_bare_repo(repos, "good", {"README.md": GOOD_README, "docs/more.md": "# More\n\nPlovers.\n",
                                                 "docs/extra.md": "# Extra\n\nLapwings.\n"})
        cls.good = good
        cls.learners = {
            "huge": hr.huge_blob(repos),
            "binary": hr.binary_readme(repos),
            "oneline": hr.one_line(repos),
            "nested": hr.deep_nesting(repos),
            "headings": hr.many_headings(repos),
            "badbytes": hr.bad_bytes(repos),
            "symlink": hr.outside_symlink(repos),
            "submodule": hr.with_submodule(repos),
            "empty": hr.empty(repos),
            "nohead": hr.dangling_head(repos),
            "corrupt": hr.corrupt_pack(repos),
            "good": good,
        }
        cls.refused = {
            "viafile": "file://" + good,
            "viassh": "ssh://git@example.invalid/x/alx-project-nexus.git",
            "viascp": "git@example.invalid:x/alx-project-nexus.git",
            "viaoption": f"--upload-pack=touch {cls.canary}",
            "viaext": f"ext::sh -c touch% {cls.canary}",
            "viahttp": "http://example.invalid/x.git",
        }
        rows = list(cls.learners.items()) + list(cls.refused.items())
        cls.cohort = nx.write_cohort(os.path.join(cls.tmp, "cohort.tsv"), rows)

    @classmethod
    def tearDownClass(cls):
        nx.remove_temp_dir(cls.tmp)

    def index(self, name, *extra):
        cache, index = (os.path.join(self.tmp, name + suffix) for suffix in ("-cache", "-index"))
        run, seconds, rss = run_measured(["--cohort", self.cohort, "--cache", cache, "--index", index] + list(extra))
        self.assertEqual(run.returncode, 0, run.describe())
        self.assertIsNotNone(run.summary, run.describe())
        self.assertLess(seconds, MAX_RUN_SECONDS, run.describe())
        self.assertLess(rss, MAX_RSS_MIB, f"peak RSS {rss:.0f} MiB\n" + run.describe())
        print(f"\n{name}: {seconds:.1f} s, peak RSS {rss:.0f} MiB")
        return run, index

    def assertReport(self, run, learner, pattern):
        line = report_line(run, learner)
        self.assertIsNotNone(line, f"no single report line for {learner}\n{run.stderr}")
        self.assertRegex(line, pattern)

    def hits(self, server, q):
        return [(h["learner"], h["path"]) for h in nx.exact_hits_of(server.search(q, per_page=100))]

    def test_default_limits_skip_what_is_hostile_and_index_the_rest(self):
        run, index = self.index("default")
        s = run.summary
        self.assertEqual((s["repos"], s["cloned"], s["failed"]), (12, 10, 2), run.describe())
        self.assertReport(run, "huge", r"cloned \w{7}, 1 sections; 1 file over --max-file-bytes 1048576 "
                                       r"skipped \(docs/huge\.md\)$")
        self.assertReport(run, "binary", r"cloned \w{7}, 1 sections; 1 file skipped as binary \(README\.md\)$")
        self.assertReport(run, "oneline", r"0 sections; 1 file over --max-file-bytes 1048576 skipped \(README\.md\)")
        self.assertReport(run, "headings", r"over --max-file-bytes")
        self.assertReport(run, "badbytes", r"2 sections; 1 file skipped as binary \(early\.md\)$")
        self.assertReport(run, "symlink", r"cloned \w{7}, 1 sections$")
        self.assertReport(run, "submodule", r"cloned \w{7}, 1 sections$")
        self.assertReport(run, "nested", r"cloned \w{7}, 1 sections$")
        self.assertReport(run, "nohead", r"cloned \w{7}, 1 sections$")
        self.assertReport(run, "empty", r"empty: empty repository$")
        self.assertReport(run, "corrupt", r"corrupt: clone failed: .+")
        self.assertReport(run, "good", r"cloned \w{7}, 4 sections$")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "default-cache", "corrupt.git")),
                         "a failed clone left its mirror behind")

        with nx.Server(index) as server:
            self.assertEqual(self.hits(server, "heron egret"), [("good", "README.md")])
            self.assertEqual(self.hits(server, "kingfisher"), [("huge", "README.md")])
            self.assertEqual(self.hits(server, "sandpiper"), [])
            self.assertEqual(self.hits(server, "pelican"), [("binary", "notes.md")])
            self.assertEqual(self.hits(server, "guillemot"), [("badbytes", "README.md")])
            self.assertEqual(self.hits(server, "skua"), [("badbytes", "late.md")])
            self.assertEqual(self.hits(server, "tern"), [])
            self.assertEqual(self.hits(server, "dipper"), [("symlink", "real.md")])
            self.assertEqual(self.hits(server, "root OR passwd OR hostname"), [])
            self.assertEqual(self.hits(server, "wren"), [("submodule", "README.md")])
            self.assertEqual(self.hits(server, "avocet"), [("nohead", "README.md")])
            self.assertEqual(self.hits(server, "albatross"), [("nested", "README.md")])

    def test_cohort_urls_with_other_schemes_or_options_are_refused_per_line(self):
        run, _ = self.index("refused")
        first_refused = len(self.learners) + 1
        for offset, (learner, url) in enumerate(self.refused.items()):
            with self.subTest(learner=learner):
                self.assertRegex(run.stderr, rf"cohort\.tsv:{first_refused + offset}: url .+; line skipped")
                self.assertIsNone(report_line(run, learner))
        self.assertFalse(os.path.exists(self.canary), "a cohort url ran a command")
        self.assertEqual(run.summary["repos"], len(self.learners))

    def test_generous_limits_still_bound_huge_lines_deep_nesting_and_many_headings(self):
        run, index = self.index("generous", "--max-file-bytes", str(16 << 20))
        self.assertReport(run, "oneline", r"cloned \w{7}, 1 sections$")
        self.assertReport(run, "headings", r"2000 sections; 1 file cut at --max-sections-per-file 2000 "
                                           r"\(README\.md\)$")
        self.assertReport(run, "huge", r"over --max-file-bytes 16777216 skipped \(docs/huge\.md\)")
        with nx.Server(index) as server:
            self.assertEqual(self.hits(server, "cormorant"), [("oneline", "README.md")])
            for word in ("albatross", "petrel", "puffin", "gannet", "fulmar"):
                self.assertEqual(self.hits(server, word), [("nested", "README.md")], word)
            # Headings past the cap are folded into the last section's text, not lost.
            self.assertEqual(len(self.hits(server, "shearwater")), 100)
            self.assertEqual(self.hits(server, '"shearwater 99999"'), [("headings", "README.md")])

    def test_per_repository_budgets_stop_at_the_limit_and_say_so(self):
        run, index = self.index("budget", "--max-repo-files", "2", "--max-sections-per-file", "1")
        self.assertReport(run, "good", r"cloned \w{7}, 2 sections; 1 file cut at --max-sections-per-file 1 "
                                       r"\(README\.md\); stopped after 2 files, \d+ bytes \(--max-repo-files 2, ")
        with nx.Server(index) as server:
            self.assertEqual(self.hits(server, "herons"), [("good", "README.md")])
            self.assertEqual(self.hits(server, "lapwings"), [("good", "docs/extra.md")])
            self.assertEqual(self.hits(server, "plovers"), [])

        run, _ = self.index("bytes", "--max-repo-bytes", "1000")
        self.assertReport(run, "good", r"0 sections; stopped after 0 files, 0 bytes \(.*--max-repo-bytes 1000\)$")

    def test_manifests_are_read_only_within_the_file_and_repository_byte_limits(self):
        """package.json and requirements*.txt are read for the technologies they list, each within
        --max-file-bytes and all of them within --max-repo-bytes; past that a file signals by its name."""
        tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, tmp)
        os.makedirs(os.path.join(tmp, "repos"))
        manifest = json.dumps({"dependencies": {"next": "14.2.0"}, "description": "padding " * 400})
        repo = nx.make_bare_repo(os.path.join(tmp, "repos"), "shop",
                                 {"README.md": "# Shop\n\nA web shop.\n", "web/package.json": manifest})
        cohort = nx.write_cohort(os.path.join(tmp, "cohort.tsv"), [("shop", repo)])

        def signalled(name, *limits):
            index = os.path.join(tmp, name + "-index")
            nx.index_ok(cohort, os.path.join(tmp, name + "-cache"), index, limits)
            with nx.Server(index) as server:
                profile = server.get("/api/learners/shop").json
            return {t["id"] for group in profile["technologies"] for t in group["technologies"] if t["signalled"]}

        self.assertEqual(signalled("roomy"), {"nodejs", "nextjs"})
        self.assertEqual(signalled("file-cap", "--max-file-bytes", "1000"), {"nodejs"})
        self.assertEqual(signalled("repo-cap", "--max-repo-bytes", "1000"), {"nodejs"})

    def test_a_repository_sending_more_than_the_fetch_limit_is_abandoned(self):
        run, _ = self.index("fetchcap", "--max-fetch-bytes", "200000")
        self.assertReport(run, "huge", r"clone abandoned: the repository sends more than 200000 bytes "
                                       r"\(--max-fetch-bytes\)$")
        self.assertReport(run, "good", r"cloned \w{7}, 4 sections$")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "fetchcap-cache", "huge.git")))

    def test_limits_are_documented_in_help(self):
        help_text = nx.run_indexer_args(["--help"]).stdout
        for option in ("--max-file-bytes", "--max-sections-per-file", "--max-repo-files", "--max-repo-bytes",
                       "--max-fetch-bytes", "https://", "file://"):
            self.assertIn(option, help_text)
        bad = nx.run_indexer_args(["--cohort", self.cohort, "--cache", "c", "--index", "i",
                                   "--max-repo-files", "-3"])
        self.assertEqual(bad.returncode, 2)
        self.assertIn("limits need a positive whole number", bad.stderr)


if __name__ == "__main__":
    unittest.main()
