/* The expanded query set the bench tools share (written by bench/queries.py for one dataset),
 * and the sample lines every tool prints, so one report script can read them all. */
#ifndef NX_BENCH_QUERY_SET_H
#define NX_BENCH_QUERY_SET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line of the expanded file; "-" in the file becomes "" here. All strings owned by the set. */
typedef struct bench_query {
    char *id;           /* stable name, e.g. "word-07" */
    char *klass;        /* word, phrase, boolean, filtered, facets, grouped */
    char *nexus_q;      /* the q= string for Nexus */
    char *http_extra;   /* extra URL parameters for the HTTP API ("" for none) */
    char *fts5_match;   /* the FTS5 MATCH expression */
    char *fts5_learner; /* learner filter for FTS5 ("" for none) */
    char *requires;     /* API feature the query needs (facets, group, tech), "" for none */
} bench_query;

typedef struct bench_query_set {
    bench_query *items; /* owned */
    size_t count;
    char *text;         /* owned: the file's text, which the items' strings point into */
} bench_query_set;

/* Reads `path` (tab-separated: id class nexus_q http_extra fts5_match fts5_learner requires [more ignored];
 * '#' lines skipped). Returns 0, or -1 after printing "path:line: why" to stderr. */
int bench_queries_load(const char *path, bench_query_set *out);
void bench_queries_free(bench_query_set *set);

/* True when `klass` is in the comma-separated list `classes` (NULL or "" accepts every class). */
int bench_class_selected(const char *classes, const char *klass);

/* Monotonic clock in nanoseconds. */
uint64_t bench_now_ns(void);

/* Prints one sample: engine phase id class microseconds hits matches (tab-separated). */
void bench_print_sample(FILE *out, const char *engine, const char *phase, const bench_query *q, double micros,
                        size_t hits, uint64_t matches);

#endif /* NX_BENCH_QUERY_SET_H */
