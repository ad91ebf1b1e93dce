/* nx-bench-fts5-query: the SQLite FTS5 peer answering the query set (bm25 top hits with snippets; learner
 * counts with GROUP BY for the facet class; one row per learner for the grouped class), one sample per search. */
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_set.h"

/* Heading matches weigh 3x, as in the Nexus schema (HEADING_WDF); the learner column only serves filters. */
#define RANK "bm25(sec, 0, 0, 1, 3, 1)"

static const char *const TOP_SQL =
    "SELECT learner, path, heading, snippet(sec, -1, '<mark>', '</mark>', '…', 24) FROM sec"
    " WHERE sec MATCH ?1 ORDER BY " RANK " LIMIT ?3";
/* Learner-level facet: distinct learners over the whole match set. */
static const char *const FACET_SQL =
    "SELECT learner, count(*) FROM sec WHERE sec MATCH ?1 GROUP BY learner";
/* One row per learner, best section first (materialised: bm25() is not allowed inside an aggregate). */
static const char *const GROUP_SQL =
    "WITH m AS MATERIALIZED (SELECT learner, " RANK " AS r FROM sec WHERE sec MATCH ?1)"
    " SELECT learner, min(r) AS best, count(*) FROM m GROUP BY learner ORDER BY best LIMIT ?3";

typedef struct options {
    const char *db, *queries, *phase, *classes;
    unsigned repeat, limit;
} options;

typedef struct statements {
    sqlite3_stmt *top, *facet, *group;
} statements;

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {{"db", 1, 0, 'd'},     {"queries", 1, 0, 'q'}, {"phase", 1, 0, 'p'},
                                          {"repeat", 1, 0, 'r'}, {"classes", 1, 0, 'c'}, {"limit", 1, 0, 'l'},
                                          {0, 0, 0, 0}};
    *o = (options){.phase = "warm", .repeat = 5, .limit = 10, .classes = ""};
    for (int c; (c = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'q': o->queries = optarg; break;
        case 'p': o->phase = optarg; break;
        case 'r': o->repeat = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'c': o->classes = optarg; break;
        case 'l': o->limit = (unsigned)strtoul(optarg, NULL, 10); break;
        default: return -1;
        }
    }
    if (!o->db || !o->queries || optind != argc) return -1;
    return strcmp(o->phase, "cold") == 0 || strcmp(o->phase, "warm") == 0 ? 0 : -1;
}

/* The MATCH expression; a learner filter becomes the FTS5 idiom, a column filter on the learner column.
 * Returns a sqlite3_malloc'd string the caller frees with sqlite3_free(). */
static char *match_expression(const bench_query *q)
{
    if (!q->fts5_learner[0]) return sqlite3_mprintf("%s", q->fts5_match);
    /* %w doubles the double quotes inside the name. */
    return sqlite3_mprintf("learner : \"%w\" AND (%s)", q->fts5_learner, q->fts5_match);
}

/* Runs one prepared statement to the end; counts rows and touches every column as a client would. */
static int run_statement(sqlite3_stmt *st, const bench_query *q, unsigned limit, size_t *rows, uint64_t *sum)
{
    char *match = match_expression(q);
    if (!match) return -1;
    sqlite3_bind_text(st, 1, match, -1, sqlite3_free);
    if (sqlite3_bind_parameter_count(st) >= 3) sqlite3_bind_int(st, 3, (int)limit);
    int rc;
    *rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        (*rows)++;
        for (int c = 0; c < sqlite3_column_count(st); c++) *sum += (uint64_t)sqlite3_column_bytes(st, c);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The class decides the work: facets = top hits + learner counts; grouped = best section per learner. */
static int search_once(sqlite3 *db, const statements *s, const options *o, const bench_query *q, int timed)
{
    size_t hits = 0, learners = 0;
    uint64_t sum = 0;
    uint64_t start = bench_now_ns();
    int rc;
    if (strcmp(q->klass, "grouped") == 0) {
        rc = run_statement(s->group, q, o->limit, &hits, &sum);
    } else {
        rc = run_statement(s->top, q, o->limit, &hits, &sum);
        if (rc == 0 && strcmp(q->klass, "facets") == 0) rc = run_statement(s->facet, q, o->limit, &learners, &sum);
    }
    double micros = (double)(bench_now_ns() - start) / 1e3;
    if (rc != 0) {
        fprintf(stderr, "nx-bench-fts5-query: %s (%s): %s\n", q->id, q->fts5_match, sqlite3_errmsg(db));
        return -1;
    }
    if (timed) bench_print_sample(stdout, "fts5", o->phase, q, micros, hits, learners);
    return 0;
}

static int run_pass(sqlite3 *db, const statements *s, const options *o, const bench_query_set *set, int timed)
{
    for (size_t i = 0; i < set->count; i++) {
        const bench_query *q = &set->items[i];
        if (!q->fts5_match[0] || !bench_class_selected(o->classes, q->klass)) continue;
        if (search_once(db, s, o, q, timed) != 0) return -1;
    }
    return 0;
}

static int prepare(sqlite3 *db, statements *s)
{
    return sqlite3_prepare_v2(db, TOP_SQL, -1, &s->top, NULL) == SQLITE_OK &&
                   sqlite3_prepare_v2(db, FACET_SQL, -1, &s->facet, NULL) == SQLITE_OK &&
                   sqlite3_prepare_v2(db, GROUP_SQL, -1, &s->group, NULL) == SQLITE_OK
               ? 0
               : -1;
}

int main(int argc, char **argv)
{
    options o;
    if (parse_options(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: nx-bench-fts5-query --db FILE --queries FILE [--phase cold|warm] [--repeat N]"
                        " [--classes LIST] [--limit N]\n");
        return 2;
    }
    bench_query_set set;
    if (bench_queries_load(o.queries, &set) != 0) return 1;
    sqlite3 *db = NULL;
    statements s = {0};
    int rc = 1;
    if (sqlite3_open_v2(o.db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK || prepare(db, &s) != 0) {
        fprintf(stderr, "nx-bench-fts5-query: %s: %s\n", o.db, sqlite3_errmsg(db));
        goto done;
    }
    if (strcmp(o.phase, "cold") == 0) {
        rc = run_pass(db, &s, &o, &set, 1);
    } else {
        rc = run_pass(db, &s, &o, &set, 0);
        for (unsigned r = 0; r < o.repeat && rc == 0; r++) rc = run_pass(db, &s, &o, &set, 1);
    }
    rc = rc == 0 ? 0 : 1;
done:
    sqlite3_finalize(s.top);
    sqlite3_finalize(s.facet);
    sqlite3_finalize(s.group);
    sqlite3_close(db);
    bench_queries_free(&set);
    return rc;
}
