# Incremental equals fresh: a random sequence of nightly runs over a small cohort (new commits, deleted and
# renamed files, force-pushes, learners added and removed, a learner's rules and the index's rules bumped, a
# failed fetch) and, after each run, the updated index compared with a fresh build of the same state: every
# document (data, values, terms with wdf and positions), metadata, synonyms and spelling (tests/tools/
# nx_index_dump.cc). The sequence is seeded; NEXUS_INCREMENTAL_SEED replays another one.
import os
import random
import shutil
import subprocess
import tempfile
import unittest

import nexus_harness as nx

RUNS = 32
WORDS = ("celery redis docker postgres django react jwt nginx queue worker cache deploy token login pagination "
         "serializer migration compose kubernetes graphql webhook cors tailwind vite pytest coverage").split()


def section_text(rng):
    heading = " ".join(rng.sample(WORDS, 2)).title()
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
    return f"\n## {heading}\n\n{body}.\n"


def markdown(rng, title):
    return f"# {title}\n" + "".join(section_text(rng) for _ in range(rng.randint(1, 5)))


class Cohort:
    """The learners' repositories as the test changes them, and the cohort file naming them."""

    def __init__(self, root, rng):
        self.root, self.rng = root, rng
        self.repos = {}      # learner -> bare repository
        self.files = {}      # learner -> {path: text} at HEAD
        self.listed = []     # learners in the cohort file, in order
        self.broken = set()  # learners whose repository is unreachable for the next run only

    def add(self, learner):
        files = {"README.md": markdown(self.rng, learner), f"docs/{self.rng.choice(WORDS)}.md": markdown(self.rng, "Notes")}
        self.repos[learner] = nx.make_bare_repo(self.root, learner, files)
        self.files[learner] = dict(files)
        self.listed.append(learner)

    def write(self, path):
        nx.write_cohort(path, [(name, self.repos[name]) for name in self.listed])

    def unreachable(self, unreachable):
        """Moves the broken learners' repositories away (True) or back (False): their fetch fails meanwhile."""
        for name in self.broken:
            away = self.repos[name] + ".away"
            os.rename(*((self.repos[name], away) if unreachable else (away, self.repos[name])))

    def commit(self, learner, files=None, deletions=()):
        nx.commit_to(self.repos[learner], files or {}, deletions, message="nightly change")
        self.files[learner].update(files or {})
        for path in deletions:
            del self.files[learner][path]

    def force_push(self, learner):
        files = {"README.md": markdown(self.rng, learner + " again")}
        work = tempfile.mkdtemp(dir=self.root)
        nx.git(["init", "-q", work])
        for rel, text in files.items():
            with open(os.path.join(work, rel), "w", encoding="utf-8") as f:
                f.write(text)
        nx.git(["add", "-A"], cwd=work)
        nx.git(["commit", "-q", "-m", "rewritten"], cwd=work)
        nx.git(["push", "-q", "--force", self.repos[learner], "HEAD:refs/heads/main"], cwd=work)
        shutil.rmtree(work)
        self.files[learner] = files


class IncrementalEqualsFresh(unittest.TestCase):
    def setUp(self):
        self.tmp = nx.make_temp_dir()
        self.addCleanup(nx.remove_temp_dir, self.tmp)
        self.seed = int(os.environ.get("NEXUS_INCREMENTAL_SEED", "15"))
        self.rng = random.Random(self.seed)
        self.cohort = Cohort(os.path.join(self.tmp, "repos"), self.rng)
        os.makedirs(self.cohort.root)
        for i in range(4):
            self.cohort.add(f"learner{i}")
        self.next_learner = 4
        self.cohort_file = os.path.join(self.tmp, "cohort.tsv")
        self.cache = os.path.join(self.tmp, "cache")
        self.index = os.path.join(self.tmp, "index")

    def dump(self, index):
        proc = subprocess.run([nx.binary("nx-index-dump"), index], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode(errors="replace"))
        return proc.stdout.decode("utf-8", errors="replace").splitlines()

    def shard_of(self, learner):
        with open(os.path.join(self.index, "XAPIANDB"), encoding="utf-8") as f:
            shards = [line.split()[1] for line in f if line.strip()]
        return os.path.join(self.index, shards[0])  # one shard in this test

    def change(self):
        """Applies one random change; returns its description."""
        c, rng = self.cohort, self.rng
        learner = rng.choice(c.listed)
        kind = rng.choice(["commit", "commit", "delete", "rename", "force-push", "add", "remove", "learner-rules",
                           "index-rules", "fail", "nothing"])
        if kind == "commit":
            c.commit(learner, {rng.choice(["README.md", f"docs/{rng.choice(WORDS)}.md"]): markdown(rng, "Changed")})
        elif kind == "delete" and len(c.files[learner]) > 1:
            c.commit(learner, deletions=[rng.choice(sorted(p for p in c.files[learner] if p != "README.md") or
                                                    sorted(c.files[learner]))])
        elif kind == "rename" and len(c.files[learner]) > 1:
            old = rng.choice(sorted(p for p in c.files[learner] if p != "README.md"))
            c.commit(learner, {f"guide/{rng.choice(WORDS)}-{rng.randint(0, 99)}.md": c.files[learner][old]}, [old])
        elif kind == "force-push":
            c.force_push(learner)
        elif kind == "add":
            c.add(f"learner{self.next_learner}")
            self.next_learner += 1
        elif kind == "remove" and len(c.listed) > 2:
            c.listed.remove(learner)
        elif kind == "learner-rules" and os.path.exists(os.path.join(self.index, "XAPIANDB")):
            subprocess.run(["xapian-metadata", "set", self.shard_of(learner), f"nexus:rules:{learner}", "0.old"],
                           check=True, timeout=60)
        elif kind == "index-rules" and os.path.exists(os.path.join(self.index, "XAPIANDB")):
            subprocess.run(["xapian-metadata", "set", self.shard_of(learner), "nexus:index-rules", "0.old"],
                           check=True, timeout=60)
        elif kind == "fail":
            c.broken.add(learner)
        else:
            kind = "nothing"
        return f"{kind} {learner}"

    def test_every_run_leaves_the_index_a_fresh_build_would_make(self):
        history = []
        for run in range(RUNS):
            history.append(self.change() if run else "first run")
            self.cohort.write(self.cohort_file)
            self.cohort.unreachable(True)
            nx.run_indexer(self.cohort_file, self.cache, self.index)
            # A fresh build of the same state: the same mirrors (so a failed fetch fails alike), a new index.
            fresh_cache = os.path.join(self.tmp, f"fresh-cache-{run}")
            fresh = os.path.join(self.tmp, f"fresh-{run}")
            shutil.copytree(self.cache, fresh_cache, symlinks=True)
            nx.run_indexer(self.cohort_file, fresh_cache, fresh)
            updated, built = self.dump(self.index), self.dump(fresh)
            if updated != built:
                diff = [f"- {line}" for line in updated if line not in set(built)][:10] + \
                       [f"+ {line}" for line in built if line not in set(updated)][:10]
                self.fail(f"seed {self.seed}, run {run} after: {'; '.join(history)}\n"
                          "updated index (-) against a fresh build (+):\n" + "\n".join(diff))
            shutil.rmtree(fresh_cache)
            shutil.rmtree(fresh)
            self.cohort.unreachable(False)
            self.cohort.broken.clear()
        self.assertGreaterEqual(len({h.split()[0] for h in history}), 8, f"too few kinds of change: {history}")


if __name__ == "__main__":
    unittest.main()
