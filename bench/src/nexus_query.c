/* nx-bench-query: in-process query latency of Nexus through the shim's C API (nx_index.h),
 * one sample line per search, for bench/report.py. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_index.h"
#include "query_set.h"

typedef struct options {
    const char *index, *queries, *phase, *classes;
    unsigned repeat, limit;
} options;

static int usage(void)
{
    fprintf(stderr, "usage: nx-bench-query --index DIR --queries FILE [--phase cold|warm] [--repeat N]\n"
                    "                      [--classes word,phrase,...] [--limit N]\n"
                    "cold: every query once on a fresh handle; warm: one untimed pass, then N timed passes.\n");
    return 2;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {{"index", 1, 0, 'i'},   {"queries", 1, 0, 'q'}, {"phase", 1, 0, 'p'},
                                          {"repeat", 1, 0, 'r'},  {"classes", 1, 0, 'c'}, {"limit", 1, 0, 'l'},
                                          {0, 0, 0, 0}};
    *o = (options){.phase = "warm", .repeat = 5, .limit = 10, .classes = ""};
    for (int c; (c = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        switch (c) {
        case 'i': o->index = optarg; break;
        case 'q': o->queries = optarg; break;
        case 'p': o->phase = optarg; break;
        case 'r': o->repeat = (unsigned)strtoul(optarg, NULL, 10); break;
        case 'c': o->classes = optarg; break;
        case 'l': o->limit = (unsigned)strtoul(optarg, NULL, 10); break;
        default: return -1;
        }
    }
    if (!o->index || !o->queries || optind != argc) return -1;
    if (strcmp(o->phase, "cold") != 0 && strcmp(o->phase, "warm") != 0) return -1;
    return 0;
}

#define MAX_TECHS 8

/* The tech= values of the query's HTTP parameters ("tech=redis&tech=celery"), pointing into `buf`. */
static size_t parse_techs(const char *http_extra, char *buf, size_t size, const char **techs)
{
    size_t n = 0;
    snprintf(buf, size, "%s", http_extra);
    for (char *save = NULL, *part = strtok_r(buf, "&", &save); part && n < MAX_TECHS;
         part = strtok_r(NULL, "&", &save))
        if (strncmp(part, "tech=", 5) == 0) techs[n++] = part + 5;
    return n;
}

/* One search as the server does it: top hits with snippets, every field read. The class decides
 * what else is asked: tech filters, learner facets over the whole match set, one hit per learner. */
static int search_once(nx_db_t *db, const options *o, const bench_query *q, FILE *out, int timed)
{
    char buf[256];
    const char *techs[MAX_TECHS];
    nx_search_request_t req = {.query = q->nexus_q, .limit = o->limit};
    req.n_techs = parse_techs(q->http_extra, buf, sizeof buf, techs);
    req.techs = techs;
    req.facets = strcmp(q->requires, "facets") == 0;
    req.group_by_learner = strcmp(q->requires, "group") == 0;
    nx_results_t *res = NULL;
    uint64_t start = bench_now_ns();
    nx_status_t st = nx_db_search(db, &req, &res);
    size_t hits = 0, bytes = 0;
    if (st == NX_OK) {
        hits = nx_results_count(res);
        for (size_t i = 0; i < hits; i++) {
            nx_hit_t hit;
            if (nx_results_hit(res, i, &hit) == NX_OK) bytes += strlen(hit.snippet) + strlen(hit.learner);
        }
    }
    double micros = (double)(bench_now_ns() - start) / 1e3;
    if (st != NX_OK) {
        fprintf(stderr, "nx-bench-query: %s (%s): %s\n", q->id, q->nexus_q, nx_db_error(db));
        return -1;
    }
    if (timed) bench_print_sample(out, "nexus", o->phase, q, micros, hits, nx_results_estimate(res));
    nx_results_free(res);
    return bytes > 0 || hits == 0 ? 0 : -1;
}

static int run_pass(nx_db_t *db, const options *o, const bench_query_set *set, int timed)
{
    for (size_t i = 0; i < set->count; i++) {
        if (!bench_class_selected(o->classes, set->items[i].klass)) continue;
        if (search_once(db, o, &set->items[i], stdout, timed) != 0) return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    if (parse_options(argc, argv, &o) != 0) return usage();
    bench_query_set set;
    if (bench_queries_load(o.queries, &set) != 0) return 1;
    nx_db_t *db = NULL;
    char *why = NULL;
    const char *paths[] = {o.index};
    nx_status_t st = nx_db_open(paths, 1, &db, &why);
    if (st != NX_OK) {
        fprintf(stderr, "nx-bench-query: cannot open %s: %s\n", o.index, why ? why : nx_status_str(st));
        free(why);
        bench_queries_free(&set);
        return 1;
    }
    int rc = 0;
    if (strcmp(o.phase, "cold") == 0) {
        rc = run_pass(db, &o, &set, 1);
    } else {
        rc = run_pass(db, &o, &set, 0);
        for (unsigned r = 0; r < o.repeat && rc == 0; r++) rc = run_pass(db, &o, &set, 1);
    }
    nx_db_close(db);
    bench_queries_free(&set);
    return rc == 0 ? 0 : 1;
}
