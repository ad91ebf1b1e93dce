#!/usr/bin/env python3
# Expands bench/queries.tsv for one dataset (learner placeholders, ids) and probes which query classes the
# running server supports, so classes that need issue 3's API switch on by themselves once it exists.
"""queries.py expand TEMPLATE COHORT OUT     write the dataset's query file (columns the C tools read first)
queries.py probe BASE_URL                    print the server's capabilities (facets, group, tech), one a line"""
import json
import sys
import urllib.error
import urllib.request

CLASSES = ('word', 'phrase', 'boolean', 'filtered', 'facets', 'grouped')


def read_template(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            if len(cols) != 7 or cols[0] not in CLASSES:
                sys.exit(f'{path}:{lineno}: expected 7 columns starting with one of {", ".join(CLASSES)}')
            rows.append(cols)
    return rows


def cohort_learners(path):
    with open(path, encoding='utf-8') as f:
        rows = [line.split('\t')[0] for line in f if line.strip() and not line.startswith(('#', 'learner\t'))]
    if not rows:
        sys.exit(f'{path}: no learners')
    return rows


def expand(template, cohort, out):
    """Output columns: id class nexus_q http_extra fts5 fts5_learner requires rg_mode rg rg_learner."""
    learners = cohort_learners(cohort)
    counters, lines, picks = {}, [], 0
    for klass, requires, nexus_q, http_extra, fts5, rg_mode, rg in read_template(template):
        counters[klass] = counters.get(klass, 0) + 1
        learner = '-'
        if '{learner}' in nexus_q:
            # Spread over the cohort so filters hit different parts of the index.
            learner = learners[(picks * 7919) % len(learners)]
            picks += 1
            nexus_q = nexus_q.replace('{learner}', learner)
        fts5_learner = learner if fts5 != '-' else '-'
        ident = f'{klass}-{counters[klass]:02d}'
        lines.append('\t'.join((ident, klass, nexus_q, http_extra, fts5, fts5_learner, requires, rg_mode, rg,
                                learner)) + '\n')
    with open(out, 'w', encoding='utf-8') as f:
        f.write('# id\tclass\tnexus_q\thttp_extra\tfts5\tfts5_learner\trequires\trg_mode\trg\trg_learner\n')
        f.writelines(lines)


def resolve(doc, node):
    """A parameter as written, or the one its "$ref": "#/components/..." points at."""
    ref = node.get('$ref', '')
    if not ref.startswith('#/'):
        return node
    node = doc
    for part in ref[2:].split('/'):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def probe(base):
    """Capabilities documented by /openapi.json; none when the server has no such document yet."""
    try:
        with urllib.request.urlopen(base.rstrip('/') + '/openapi.json', timeout=5) as r:
            doc = json.load(r)
    except (urllib.error.URLError, ValueError):
        return []
    search = doc.get('paths', {}).get('/api/search', {}).get('get', {})
    params = {resolve(doc, p).get('name') for p in search.get('parameters', []) if isinstance(p, dict)}
    caps = []
    if 'facets' in json.dumps(search) or 'facets' in json.dumps(doc.get('components', {})):
        caps.append('facets')
    if 'group' in params:
        caps.append('group')
    if 'tech' in params:
        caps.append('tech')
    return caps


def main(argv):
    if len(argv) == 5 and argv[1] == 'expand':
        expand(argv[2], argv[3], argv[4])
    elif len(argv) == 3 and argv[1] == 'probe':
        print('\n'.join(probe(argv[2])))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
