/* What a run did, repository by repository: kept while the run goes, then written as the JSON
 * report cron reads (--report FILE) and summarised into the index for the server's /metrics. */
#ifndef NX_REPORT_H
#define NX_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define REPORT_FORMAT_VERSION 1

typedef enum repo_status {
    REPO_INDEXED,   /* new commit (or new extraction rules): documents replaced */
    REPO_UNCHANGED, /* fetched; the index already held this commit with these rules */
    REPO_FAILED,    /* not fetched or not indexed; the learner's last good documents stay */
} repo_status;

typedef struct repo_record {
    const char *learner;      /* borrowed from the cohort */
    char *url;                /* owned: the cohort's url without credentials */
    repo_status status;
    const char *action;       /* static: "cloned", "fetched", "recloned"; NULL when the fetch failed */
    char commit[41];          /* HEAD after the fetch ("" when it failed) */
    int64_t commit_time;
    char previous_commit[41]; /* what the index held before ("" for a new learner) */
    size_t sections;          /* written (REPO_INDEXED) */
    double fetch_seconds, index_seconds;
    char *error;              /* owned or NULL; never holds credentials */
    char *note;               /* owned or NULL: something worth knowing that is not a failure */
    char *skipped;            /* owned or NULL (REPO_INDEXED): what the repository's limits left out,
                               * "1 file over --max-file-bytes 1048576 skipped (docs/huge.md); …" */
} repo_record;

typedef struct run_report {
    double started_at, ended_at; /* seconds since the epoch (UTC), with fractions */
    unsigned jobs;
    const char *rules;           /* borrowed: the extraction-rules version of this run */
    repo_record *repos;          /* owned, cohort order */
    size_t count;
    char **removed;              /* owned: learners dropped from the cohort whose documents were deleted */
    size_t n_removed;
    int exit_code;
} run_report;

/* Counts of repos with `status`, and sections written. */
size_t report_count(const run_report *r, repo_status status);
size_t report_sections(const run_report *r);

const char *report_status_name(repo_status status);

/* Writes the full report to `path` atomically (a temporary file renamed over it).
 * Returns 0, or -1 after printing why to `err`. */
int report_write_file(const run_report *r, const char *path, FILE *err);

/* The compact summary stored in the index: times, counts by status, removed,
 * sections, exit code. A malloc'd JSON text (caller frees), or NULL. */
char *report_summary_json(const run_report *r);

void report_free(run_report *r);

#endif /* NX_REPORT_H */
