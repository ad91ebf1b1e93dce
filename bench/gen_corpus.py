#!/usr/bin/env python3
# Generates a synthetic scale cohort from the real corpus: N invented learners whose repos are real READMEs
# shuffled, mixed and mutated, written as bare git repos (git fast-import) plus cohort.tsv and optional checkouts.
"""Synthetic scale corpus for the benchmarks.

Every synthetic learner starts from one real learner of ../shared/corpus (the template): same files, same tree
of placeholder paths, same README sizes, so the cost per learner stays the real one. Each Markdown file is split
at its ATX headings; sections after the first are shuffled, about a quarter are swapped for sections of other
learners, and a few words per section are replaced by words drawn from the whole corpus, so term statistics do
not simply repeat. The template owner's name becomes the new learner's name.

Output (OUT):
  repos/<learner>.git   bare repository, one commit on main (written by one `git fast-import` per repo)
  cohort.tsv            learner<TAB>absolute path of the repo<TAB>cohort
  checkout/<learner>/   the text files as a mentor would have them after `git clone` (with --checkout)
  stats.json            learners, Markdown files and bytes (what nexus-index reads), generation time

The output depends only on --seed and --learners, not on --jobs.
"""
import argparse
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time

MARKDOWN_SUFFIXES = ('.md', '.markdown')
HEADING = re.compile(r'^ {0,3}#{1,6}(\s|$)')
FENCE = re.compile(r'^ {0,3}(```|~~~)')
WORD = re.compile(r'\b[A-Za-z]{4,}\b')
SWAP_SHARE = 0.25      # sections replaced by another learner's section
WORD_MUTATION = 0.03   # share of words replaced by a random corpus word
NAME_PARTS_A = ('amani', 'bola', 'chidi', 'dalia', 'eze', 'femi', 'gugu', 'hana', 'ife', 'jabu', 'kemi', 'lulu',
                'musa', 'nia', 'obi', 'pili', 'rudo', 'sade', 'tumi', 'uche', 'vusi', 'wanj', 'xola', 'yaw', 'zuri')
NAME_PARTS_B = ('dev', 'codes', 'tech', 'eng', 'builds', 'hub', 'io', 'lab', 'py', 'stack', 'ops', 'web')


def split_sections(text):
    """ATX-heading sections of a Markdown text (fenced code is never split); the preamble is the first item."""
    sections, current, in_fence = [], [], False
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and HEADING.match(line) and current:
            sections.append(''.join(current))
            current = []
        current.append(line)
    if current:
        sections.append(''.join(current))
    return sections


def load_corpus(corpus):
    """Templates (one per real learner) and the global pools of sections and words."""
    repos = os.path.join(corpus, 'repos')
    templates, pool, words = [], [], set()
    for owner in sorted(os.listdir(repos)):
        root = os.path.join(repos, owner)
        meta = dict(line.rstrip('\n').split('\t', 1) for line in open(os.path.join(root, 'meta.tsv'), encoding='utf-8')
                    if '\t' in line)
        files = {}
        files_root = os.path.join(root, 'files')
        for folder, _, names in os.walk(files_root):
            for name in names:
                full = os.path.join(folder, name)
                with open(full, 'rb') as f:
                    files[os.path.relpath(full, files_root)] = f.read()
        with open(os.path.join(root, 'paths.txt'), encoding='utf-8', errors='surrogateescape') as f:
            paths = sorted({p for p in f.read().split('\n') if p} - set(files))
        for path, data in files.items():
            if path.lower().endswith(MARKDOWN_SUFFIXES):
                text = data.decode('utf-8', 'replace')
                pool.extend(split_sections(text)[1:])
                words.update(WORD.findall(text))
        templates.append({'owner': owner, 'branch': meta.get('default_branch') or 'main', 'files': files,
                          'placeholders': paths})
    return templates, pool, sorted(words)


def learner_name(i):
    a = NAME_PARTS_A[i % len(NAME_PARTS_A)]
    b = NAME_PARTS_B[(i // len(NAME_PARTS_A)) % len(NAME_PARTS_B)]
    return f'{a}-{b}-{i:05d}'


def mutate_words(text, rng, words):
    def swap(m):
        return rng.choice(words) if rng.random() < WORD_MUTATION else m.group(0)
    return WORD.sub(swap, text)


def mutate_markdown(text, rng, pool, words, owner, name):
    sections = split_sections(text)
    head, rest = sections[:1], sections[1:]
    rng.shuffle(rest)
    rest = [rng.choice(pool) if rng.random() < SWAP_SHARE else s for s in rest]
    body = ''.join(head + [s if s.endswith('\n') else s + '\n' for s in rest])
    body = re.sub(re.escape(owner), name, body, flags=re.IGNORECASE)
    return mutate_words(body, rng, words)


def fast_import_path(path):
    """A path as a fast-import C-style quoted string (handles spaces, quotes, newlines)."""
    raw = path.encode('utf-8', 'surrogateescape')
    out = bytearray(b'"')
    for byte in raw:
        if byte in (0x22, 0x5c):
            out += b'\\' + bytes([byte])
        elif byte == 0x0a:
            out += b'\\n'
        else:
            out.append(byte)
    return bytes(out + b'"')


def build_stream(files, placeholders, name, branch, when):
    """The fast-import stream of a one-commit repository: blobs by mark, then the commit naming them."""
    chunks, entries = [b'blob\nmark :1\ndata 0\n\n'], []
    for mark, (path, data) in enumerate(sorted(files.items()), start=2):
        chunks.append(b'blob\nmark :%d\ndata %d\n' % (mark, len(data)) + data + b'\n')
        entries.append(b'M 100644 :%d %s\n' % (mark, fast_import_path(path)))
    entries.extend(b'M 100644 :1 %s\n' % fast_import_path(p) for p in placeholders)
    ident = f'{name} <{name}@users.noreply.example> {when} +0000'.encode()
    message = f'Synthetic snapshot of {name}\n'.encode()
    chunks.append(b'commit refs/heads/%s\nauthor %s\ncommitter %s\ndata %d\n%s' %
                  (branch.encode(), ident, ident, len(message), message))
    chunks.extend(entries)
    chunks.append(b'\ndone\n')
    return b''.join(chunks)


def write_repo(bare, stream, branch):
    subprocess.run(['git', 'init', '-q', '--bare', '--template=', '--initial-branch', branch, bare], check=True)
    subprocess.run(['git', '-c', 'fastimport.unpackLimit=1', '--git-dir', bare, 'fast-import', '--quiet', '--done'], input=stream, check=True)


def write_checkout(root, files):
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'wb') as f:
            f.write(data)


CTX = {}


def init_worker(templates, pool, words, args):
    CTX.update(templates=templates, pool=pool, words=words, args=args)


def make_learner(i):
    """Builds learner i; returns (cohort line, markdown files, markdown bytes)."""
    templates, pool, words, args = CTX['templates'], CTX['pool'], CTX['words'], CTX['args']
    rng = random.Random(f'{args.seed}:{i}')
    template = rng.choice(templates)
    name = learner_name(i)
    files, md_files, md_bytes = {}, 0, 0
    for path, data in template['files'].items():
        if path.lower().endswith(MARKDOWN_SUFFIXES):
            data = mutate_markdown(data.decode('utf-8', 'replace'), rng, pool, words, template['owner'],
                                   name).encode('utf-8')
            md_files += 1
            md_bytes += len(data)
        files[path] = data
    when = 1735689600 + rng.randrange(0, 300 * 86400)
    bare = os.path.join(args.out, 'repos', name + '.git')
    write_repo(bare, build_stream(files, template['placeholders'], name, template['branch'], when),
               template['branch'])
    if args.checkout:
        write_checkout(os.path.join(args.out, 'checkout', name), files)
    cohort = f'2026-{1 + i % 12:02d}'
    return f'{name}\t{os.path.abspath(bare)}\t{cohort}\n', md_files, md_bytes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--corpus', required=True, help='the real corpus folder (../shared/corpus)')
    parser.add_argument('--learners', type=int, required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--seed', default='7')
    parser.add_argument('--checkout', action='store_true', help='also write checked-out text files for grep tools')
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.learners < 1:
        parser.error('--learners must be at least 1')
    if os.path.exists(args.out) and os.listdir(args.out):
        parser.error(f'{args.out} exists and is not empty: remove it first')
    args.out = os.path.abspath(args.out)
    os.makedirs(os.path.join(args.out, 'repos'), exist_ok=True)

    start = time.monotonic()
    templates, pool, words = load_corpus(args.corpus)
    with multiprocessing.Pool(args.jobs, init_worker, (templates, pool, words, args)) as workers:
        rows = workers.map(make_learner, range(args.learners), chunksize=16)
    with open(os.path.join(args.out, 'cohort.tsv'), 'w', encoding='utf-8') as f:
        f.write('learner\turl\tcohort\n')
        f.writelines(row for row, _, _ in rows)
    stats = {'learners': args.learners, 'markdown_files': sum(r[1] for r in rows),
             'markdown_bytes': sum(r[2] for r in rows), 'seed': args.seed,
             'templates': len(templates), 'generate_seconds': round(time.monotonic() - start, 2)}
    with open(os.path.join(args.out, 'stats.json'), 'w', encoding='utf-8') as f:
        json.dump(stats, f, indent=1)
    print(f"gen_corpus: {stats['learners']} learners, {stats['markdown_files']} Markdown files, "
          f"{stats['markdown_bytes'] / 1e6:.1f} MB in {args.out}, {stats['generate_seconds']} s")
    return 0


if __name__ == '__main__':
    sys.exit(main())
