/* nx-bench-mentor: in-process latency of the mentor tools as the server answers them (suggest.h,
 * coverage.h: the shim call and the JSON written), without HTTP: suggestions for prefixes as people
 * type them, coverage pages of 100 learners x 10 technologies, and similar learners. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "nx_index.h"
#include "nx_taxonomy.h"
#include "query_set.h"
#include "suggest.h"

#define COLUMNS 10
#define MAX_SAMPLES 4096

/* What people type on their way to a question: one to five letters of a technology, a heading or a name. */
static const char *const PREFIXES[] = {
    "d", "dj", "dja", "djan", "r", "re", "rea", "reac", "do", "doc", "dock", "c", "ce", "cel", "p", "po",
    "pos", "g", "ge", "get", "in", "ins", "s", "se", "set", "k", "ku", "k8", "a", "ap", "api", "au", "aut",
    "t", "te", "tes", "f", "fe", "fea", "m", "mo", "mon", "n", "ne", "nex", "ch", "cha", "chal",
};
#define N_PREFIXES (sizeof PREFIXES / sizeof PREFIXES[0])

typedef struct options {
    const char *index;
    unsigned repeat;
} options;

typedef struct samples {
    double micros[MAX_SAMPLES];
    size_t count;
} samples;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Prints "name p50 p95 max n" in milliseconds. */
static void report(const char *name, samples *s)
{
    qsort(s->micros, s->count, sizeof s->micros[0], cmp_double);
    if (!s->count)
        return;
    printf("%-34s p50 %8.3f ms  p95 %8.3f ms  max %8.3f ms  (%zu samples)\n", name, s->micros[s->count / 2] / 1e3,
           s->micros[(s->count * 95) / 100] / 1e3, s->micros[s->count - 1] / 1e3, s->count);
}

static void add(samples *s, uint64_t start)
{
    if (s->count < MAX_SAMPLES)
        s->micros[s->count++] = (double)(bench_now_ns() - start) / 1e3;
}

static int suggest_pass(nx_db_t *db, const nx_taxonomy *taxonomy, samples *s)
{
    for (size_t i = 0; i < N_PREFIXES; i++) {
        char *body = NULL;
        uint64_t start = bench_now_ns();
        nx_status_t st = nx_suggest_answer(db, taxonomy, PREFIXES[i], NX_SUGGEST_LIMIT_DEFAULT, &body);
        if (s)
            add(s, start);
        free(body);
        if (st) {
            fprintf(stderr, "nx-bench-mentor: suggest '%s': %s\n", PREFIXES[i], nx_db_error(db));
            return -1;
        }
    }
    return 0;
}

typedef struct tech_count {
    const char *id;
    uint64_t learners;
} tech_count;

static int most_learners_first(const void *a, const void *b)
{
    const tech_count *x = a, *y = b;
    return x->learners != y->learners ? (x->learners < y->learners ? 1 : -1) : strcmp(x->id, y->id);
}

/* The ten technologies most learners cover: the columns a mentor of this cohort would pick. */
static size_t top_columns(nx_db_t *db, const nx_taxonomy *taxonomy, const char **ids)
{
    size_t n = nx_taxonomy_count(taxonomy);
    tech_count *all = calloc(n, sizeof *all);
    for (size_t t = 0; all && t < n; t++) {
        all[t].id = nx_taxonomy_get(taxonomy, t)->id;
        if (nx_db_tech_learners(db, all[t].id, &all[t].learners) != NX_OK)
            n = 0;
    }
    if (all)
        qsort(all, n, sizeof *all, most_learners_first);
    size_t kept = all && n > COLUMNS ? COLUMNS : (all ? n : 0);
    for (size_t i = 0; i < kept; i++)
        ids[i] = all[i].id;
    free(all);
    return kept;
}

static const char *const VARIANTS[] = {"coverage page 1 by name", "coverage page 50 by name",
                                       "coverage page 1 by column 1", "coverage page 1 missing column 5"};
#define N_VARIANTS 4

/* Page 1 by name, a deep page, sorted by a column, and "who has not covered the fifth column yet";
 * s: all samples; by_variant: each variant's (both NULL: untimed). */
static int coverage_pass(nx_db_t *db, const nx_taxonomy *taxonomy, const char **ids, size_t n, samples *s,
                         samples *by_variant)
{
    for (int variant = 0; variant < N_VARIANTS; variant++) {
        nx_coverage_params_t p = {.sort_column = variant == 2 ? 0 : -1, .page = variant == 1 ? 50 : 1,
                                  .per_page = 100};
        for (size_t i = 0; i < n; i++)
            p.techs.items[p.techs.count++] = ids[i];
        if (variant == 3)
            p.missing.items[p.missing.count++] = ids[4];
        char *body = NULL;
        uint64_t start = bench_now_ns();
        nx_status_t st = nx_coverage_answer(db, taxonomy, &p, &body);
        if (s) {
            by_variant[variant].micros[by_variant[variant].count++] = (double)(bench_now_ns() - start) / 1e3;
            add(s, start);
        }
        free(body);
        if (st) {
            fprintf(stderr, "nx-bench-mentor: coverage: %s\n", nx_db_error(db));
            return -1;
        }
    }
    return 0;
}

/* Similar learners of every 97th learner document (a spread over the cohort). */
static int similar_pass(nx_db_t *db, samples *s)
{
    nx_learner_list_t *list = NULL;
    if (nx_db_learner_list(db, &list) != NX_OK)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nx_learner_list_count(list) && i < 97 * 20; i += 97) {
        nx_learner_info_t info;
        nx_learner_list_get(list, i, &info);
        nx_similar_t *similar = NULL;
        uint64_t start = bench_now_ns();
        rc = nx_db_similar_learners(db, info.learner, 10, &similar) == NX_OK ? 0 : -1;
        add(s, start);
        nx_similar_free(similar);
    }
    nx_learner_list_free(list);
    return rc;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {{"index", 1, 0, 'i'}, {"repeat", 1, 0, 'r'}, {0, 0, 0, 0}};
    *o = (options){.repeat = 20};
    for (int c; (c = getopt_long(argc, argv, "", longs, NULL)) != -1;) {
        if (c == 'i')
            o->index = optarg;
        else if (c == 'r')
            o->repeat = (unsigned)strtoul(optarg, NULL, 10);
        else
            return -1;
    }
    return o->index && optind == argc && o->repeat > 0 ? 0 : -1;
}

static int run(nx_db_t *db, const nx_taxonomy *taxonomy, unsigned repeat)
{
    static samples first, suggest, coverage, similar, by_variant[N_VARIANTS];
    const char *ids[COLUMNS];
    size_t n = top_columns(db, taxonomy, ids);
    /* The first call reads what is read once per index revision (the facet columns, the heading
     * phrases): reported apart, as "first call". */
    uint64_t start = bench_now_ns();
    char *body = NULL;
    if (n == 0 || nx_suggest_answer(db, taxonomy, "a", 8, &body) != NX_OK)
        return -1;
    free(body);
    add(&first, start);
    if (suggest_pass(db, taxonomy, NULL) || coverage_pass(db, taxonomy, ids, n, NULL, NULL))
        return -1;
    if (repeat > MAX_SAMPLES / N_PREFIXES)
        repeat = MAX_SAMPLES / N_PREFIXES;
    for (unsigned r = 0; r < repeat; r++)
        if (suggest_pass(db, taxonomy, &suggest) || coverage_pass(db, taxonomy, ids, n, &coverage, by_variant))
            return -1;
    if (similar_pass(db, &similar))
        return -1;
    printf("coverage columns:");
    for (size_t i = 0; i < n; i++)
        printf(" %s", ids[i]);
    printf("\n");
    report("first call (per-revision tables)", &first);
    report("suggest (prefixes of 1-4 letters)", &suggest);
    report("coverage page 100 x 10 techs", &coverage);
    for (size_t v = 0; v < N_VARIANTS; v++)
        report(VARIANTS[v], &by_variant[v]);
    report("similar learners (top 10)", &similar);
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    if (parse_options(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: nx-bench-mentor --index DIR [--repeat N]\n");
        return 2;
    }
    nx_taxonomy *taxonomy = NULL;
    char *why = NULL;
    if (nx_taxonomy_load_default(&taxonomy, &why) != 0) {
        fprintf(stderr, "nx-bench-mentor: taxonomy: %s\n", why ? why : "?");
        free(why);
        return 1;
    }
    nx_db_t *db = NULL;
    const char *paths[] = {o.index};
    nx_status_t st = nx_db_open(paths, 1, &db, &why);
    if (st != NX_OK) {
        fprintf(stderr, "nx-bench-mentor: cannot open %s: %s\n", o.index, why ? why : nx_status_str(st));
        free(why);
        nx_taxonomy_free(taxonomy);
        return 1;
    }
    int rc = run(db, taxonomy, o.repeat);
    nx_db_close(db);
    nx_taxonomy_free(taxonomy);
    return rc == 0 ? 0 : 1;
}
