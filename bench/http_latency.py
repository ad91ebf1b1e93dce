#!/usr/bin/env python3
# Query latency over HTTP: one keep-alive connection, the dataset's query set, one sample line per request
# (same columns as the C tools). Also times a static URL (nginx) through the same client as the floor.
"""http_latency.py BASE_URL QUERIES --phase cold|warm [--repeat N] [--caps facets,group,tech] [--engine NAME]
http_latency.py --static URL --count N [--engine nginx]"""
import argparse
import http.client
import json
import sys
import time
import urllib.parse


def connect(base):
    parts = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)


def get(conn, path):
    """(microseconds, status, body) of one GET on the kept-alive connection."""
    start = time.perf_counter_ns()
    conn.request('GET', path)
    resp = conn.getresponse()
    body = resp.read()
    return (time.perf_counter_ns() - start) / 1e3, resp.status, body


def load_queries(path, caps):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            ident, klass, q, extra, _, _, requires = line.rstrip('\n').split('\t')[:7]
            if requires != '-' and requires not in caps:
                continue
            rows.append((ident, klass, q, '' if extra == '-' else extra))
    return rows


def search_path(q, extra):
    path = '/api/search?' + urllib.parse.urlencode({'q': q, 'per_page': 10})
    return path + ('&' + extra if extra else '')


def run_pass(conn, rows, engine, phase, timed, out):
    for ident, klass, q, extra in rows:
        micros, status, body = get(conn, search_path(q, extra))
        if status != 200:
            sys.exit(f'http_latency: {ident} ({q}): HTTP {status}: {body[:200]!r}')
        if timed:
            doc = json.loads(body)
            out.write(f'{engine}\t{phase}\t{ident}\t{klass}\t{micros:.1f}\t{len(doc.get("hits", []))}\t'
                      f'{doc.get("estimated_total", 0)}\n')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('base', nargs='?')
    p.add_argument('queries', nargs='?')
    p.add_argument('--phase', choices=('cold', 'warm'), default='warm')
    p.add_argument('--repeat', type=int, default=5)
    p.add_argument('--caps', default='')
    p.add_argument('--engine', default='nexus-http')
    p.add_argument('--static')
    p.add_argument('--count', type=int, default=500)
    a = p.parse_args()
    out = sys.stdout
    if a.static:
        conn = connect(a.static)
        path = urllib.parse.urlsplit(a.static).path
        for i in range(a.count + 50):
            micros, status, body = get(conn, path)
            if status != 200:
                sys.exit(f'http_latency: {a.static}: HTTP {status}')
            if i >= 50:
                out.write(f'{a.engine}\twarm\tstatic\tstatic\t{micros:.1f}\t0\t{len(body)}\n')
        return
    if not a.base or not a.queries:
        p.error('BASE_URL and QUERIES are required')
    rows = load_queries(a.queries, set(filter(None, a.caps.split(','))))
    conn = connect(a.base)
    if a.phase == 'cold':
        run_pass(conn, rows, a.engine, 'cold', True, out)
        return
    run_pass(conn, rows, a.engine, 'warm', False, out)
    for _ in range(a.repeat):
        run_pass(conn, rows, a.engine, 'warm', True, out)


if __name__ == '__main__':
    main()
