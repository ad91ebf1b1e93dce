#!/usr/bin/env python3
# ripgrep as the mentor's tool without Nexus: for each query with an rg pattern, list the Markdown files that
# match in the checked-out repos and count the learners; wall time of the whole rg process per query.
"""rg_latency.py CHECKOUT_ROOT QUERIES --phase cold|warm [--repeat N] [--layout flat|corpus]
layout flat: CHECKOUT_ROOT/<learner>/...; corpus: CHECKOUT_ROOT/<learner>/files/... (../shared/corpus/repos)"""
import argparse
import os
import subprocess
import sys
import time


def load_queries(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            cols = line.rstrip('\n').split('\t')
            ident, klass, mode, pattern, learner = cols[0], cols[1], cols[7], cols[8], cols[9]
            if mode in ('word', 'fixed'):
                rows.append((ident, klass, mode, pattern, '' if learner == '-' else learner))
    return rows


def rg_command(root, layout, mode, pattern, learner):
    cmd = ['rg', '--files-with-matches', '--ignore-case', '--no-messages', '--iglob', '*.md', '--iglob', '*.markdown']
    cmd += ['--word-regexp'] if mode == 'word' else ['--fixed-strings']
    cmd += ['-e', pattern]
    target = os.path.join(root, learner) if learner else root
    if layout == 'corpus' and learner:
        target = os.path.join(target, 'files')
    return cmd + [target]


def run_one(root, layout, row):
    ident, klass, mode, pattern, learner = row
    start = time.perf_counter_ns()
    res = subprocess.run(rg_command(root, layout, mode, pattern, learner), stdout=subprocess.PIPE, check=False)
    micros = (time.perf_counter_ns() - start) / 1e3
    if res.returncode not in (0, 1):
        sys.exit(f'rg_latency: {ident}: rg exited with {res.returncode}')
    files = [line for line in res.stdout.decode('utf-8', 'replace').split('\n') if line]
    learners = {os.path.relpath(f, root).split(os.sep)[0] for f in files}
    return micros, len(files), len(learners)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('root')
    p.add_argument('queries')
    p.add_argument('--phase', choices=('cold', 'warm'), default='warm')
    p.add_argument('--repeat', type=int, default=3)
    p.add_argument('--layout', choices=('flat', 'corpus'), default='flat')
    a = p.parse_args()
    rows = load_queries(a.queries)
    passes = 1 if a.phase == 'cold' else a.repeat
    if a.phase == 'warm':
        for row in rows:
            run_one(a.root, a.layout, row)
    for _ in range(passes):
        for row in rows:
            micros, files, learners = run_one(a.root, a.layout, row)
            sys.stdout.write(f'ripgrep\t{a.phase}\t{row[0]}\t{row[1]}\t{micros:.1f}\t{files}\t{learners}\n')


if __name__ == '__main__':
    main()
