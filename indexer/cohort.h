/* The cohort file: which learners to index and where their repositories are.
 * Format: `learner<TAB>url[<TAB>cohort]` lines, `#` comments, blank lines and an optional header line. */
#ifndef NX_COHORT_H
#define NX_COHORT_H

#include <stddef.h>

#define COHORT_DEFAULT_URL_TEMPLATE "https://github.com/{learner}/alx-project-nexus"

typedef struct cohort_entry {
    char *learner; /* owned by the cohort */
    char *url;     /* owned; from the line, or the template with {learner} replaced */
    char *cohort;  /* owned; "" when the line has no third column */
    unsigned line; /* 1-based line number in the file */
} cohort_entry;

typedef struct cohort {
    cohort_entry *entries; /* owned; in file order */
    size_t count;
} cohort;

/* Called once per problem with a message such as
 * "cohort.tsv:12: duplicate learner 'ana' (first on line 4)". */
typedef void (*cohort_report_fn)(void *ctx, const char *message);

/* Parses text[0..len). `source_name` prefixes messages; `url_template` (NULL
 * means COHORT_DEFAULT_URL_TEMPLATE) builds the url of lines that give none.
 * Malformed lines are reported and skipped. Returns 0 and fills *out (free
 * with cohort_free()) or, on a fatal problem (duplicate learner, no memory),
 * reports it, leaves *out empty and returns -1. */
int cohort_parse(const char *text, size_t len, const char *source_name, const char *url_template,
                 cohort *out, cohort_report_fn report, void *report_ctx);

/* Reads and parses the file at `path`; -1 also when it cannot be read. */
int cohort_load(const char *path, const char *url_template, cohort *out, cohort_report_fn report,
                void *report_ctx);

void cohort_free(cohort *c);

#endif /* NX_COHORT_H */
