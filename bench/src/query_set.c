/* Reading the expanded query set and printing samples: the format bench/queries.py writes and
 * bench/report.py reads. */
#include "query_set.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { COLUMNS = 7 };

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *grown = realloc(text, cap);
            if (!grown) goto fail;
            text = grown;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    if (ferror(f) || !text) goto fail;
    text[len] = '\0';
    fclose(f);
    return text;
fail:
    free(text);
    fclose(f);
    return NULL;
}

static char *dash_is_empty(char *field)
{
    return strcmp(field, "-") == 0 ? field + 1 : field;
}

/* Splits `line` in place into COLUMNS fields; returns 0 when all are present. */
static int split_line(char *line, char *fields[COLUMNS])
{
    for (int i = 0; i < COLUMNS; i++) {
        if (!line) return -1;
        fields[i] = line;
        char *tab = strchr(line, '\t');
        if (tab) *tab = '\0';
        line = tab ? tab + 1 : NULL;
    }
    return 0;
}

static int add_line(bench_query_set *set, char *line, size_t *cap)
{
    char *f[COLUMNS];
    if (split_line(line, f) != 0) return -1;
    if (set->count == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        bench_query *grown = realloc(set->items, *cap * sizeof *grown);
        if (!grown) return -1;
        set->items = grown;
    }
    set->items[set->count++] = (bench_query){
        .id = f[0], .klass = f[1], .nexus_q = dash_is_empty(f[2]), .http_extra = dash_is_empty(f[3]),
        .fts5_match = dash_is_empty(f[4]), .fts5_learner = dash_is_empty(f[5]), .requires = dash_is_empty(f[6])};
    return 0;
}

int bench_queries_load(const char *path, bench_query_set *out)
{
    *out = (bench_query_set){0};
    out->text = read_all(path);
    if (!out->text) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    size_t cap = 0;
    unsigned lineno = 0;
    for (char *line = out->text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        lineno++;
        if (line[0] == '#' || line[0] == '\0') continue;
        if (add_line(out, line, &cap) != 0) {
            fprintf(stderr, "%s:%u: expected %d tab-separated columns\n", path, lineno, COLUMNS);
            bench_queries_free(out);
            return -1;
        }
    }
    return 0;
}

void bench_queries_free(bench_query_set *set)
{
    free(set->items);
    free(set->text);
    *set = (bench_query_set){0};
}

int bench_class_selected(const char *classes, const char *klass)
{
    if (!classes || !classes[0]) return 1;
    size_t n = strlen(klass);
    for (const char *p = classes; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, klass, n) == 0) return 1;
        p += len + (end ? 1 : 0);
    }
    return 0;
}

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_print_sample(FILE *out, const char *engine, const char *phase, const bench_query *q, double micros,
                        size_t hits, uint64_t matches)
{
    fprintf(out, "%s\t%s\t%s\t%s\t%.1f\t%zu\t%llu\n", engine, phase, q->id, q->klass, micros, hits,
            (unsigned long long)matches);
}
