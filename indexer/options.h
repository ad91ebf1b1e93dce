/* The command line of nexus-index, turned into the one configuration struct the run reads.
 * Nothing else in the program holds settings. */
#ifndef NX_OPTIONS_H
#define NX_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#define INDEX_DEFAULT_MAX_FILE_BYTES ((size_t)1 << 20)
#define INDEX_DEFAULT_JOBS 4
#define INDEX_MAX_JOBS 64
#define INDEX_DEFAULT_TIMEOUT_S 300
/* Shards written in parallel, one writer thread each. 1: answers of several shards differ in Xapian 1.4 (see README, Performance). */
#define INDEX_DEFAULT_SHARDS 1
#define INDEX_MAX_SHARDS 16

/* Exit statuses, documented in --help. */
enum {
    INDEX_EXIT_OK = 0,
    INDEX_EXIT_FAILED = 1,      /* the run could not be done */
    INDEX_EXIT_USAGE = 2,
    INDEX_EXIT_LOCKED = 3,      /* another run holds the index */
    INDEX_EXIT_REPO_ERRORS = 4, /* --fail-on-errors and some repository failed */
};

/* Work one repository may cost (see README, "Security model"). */
#define INDEX_DEFAULT_MAX_SECTIONS_PER_FILE ((size_t)2000)
#define INDEX_DEFAULT_MAX_REPO_FILES ((size_t)1000)
#define INDEX_DEFAULT_MAX_REPO_BYTES ((size_t)32 << 20)
#define INDEX_DEFAULT_MAX_FETCH_BYTES ((size_t)512 << 20)

typedef struct index_config {
    const char *cohort_path;  /* borrowed from argv */
    const char *cache_dir;    /* borrowed from argv: bare mirrors, one per learner */
    const char *index_dir;    /* borrowed from argv: the index folder (nx_layout.h) */
    const char *url_template; /* borrowed from argv, or NULL for the cohort default */
    size_t max_file_bytes;    /* larger Markdown files are skipped */
    unsigned jobs;            /* fetch workers */
    unsigned shards;          /* index shards, one writer thread each */
    unsigned timeout_s;       /* per repository fetch; 0 = none */
    const char *report_path;  /* borrowed from argv, or NULL: where the JSON report goes */
    int fail_on_errors;       /* non-zero: any failed repository makes the exit status 4 */
    size_t max_sections_per_file; /* later headings of a file are folded into its last section */
    size_t max_repo_files;    /* Markdown files indexed per repository at most */
    size_t max_repo_bytes;    /* Markdown bytes indexed per repository at most */
    size_t max_fetch_bytes;   /* a clone or fetch receiving more is abandoned */
    const char *remote_stub;  /* borrowed from argv, or NULL: print a front server's stub for these shard hosts */
} index_config;

typedef enum options_result {
    OPTIONS_RUN,   /* *cfg is complete */
    OPTIONS_HELP,  /* --help was printed to `out`: exit 0 */
    OPTIONS_USAGE, /* a message and the usage were printed to `err`: exit 2 */
} options_result;

options_result options_parse(int argc, char **argv, index_config *cfg, FILE *out, FILE *err);

/* Creates the cache and index folders (and their parents) when missing.
 * Returns 0, or -1 after printing why to `err`. */
int options_make_dirs(const index_config *cfg, FILE *err);

#endif /* NX_OPTIONS_H */
