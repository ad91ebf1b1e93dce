/* nx-bench-fts5-build: the SQLite FTS5 peer's index, built from exactly the sections Nexus indexes
 * (same cohort file, same HEAD trees via indexer/repo_files.c, same md4c splitter via indexer/sections.c). */
#include <git2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "nx_text.h"
#include "query_set.h"
#include "repo_files.h"
#include "sections.h"

#define MAX_FILE_BYTES (1024u * 1024u)

static const char *const SCHEMA =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    /* learner is indexed so a learner filter is an FTS5 column filter, not a scan of the match set. */
    "CREATE VIRTUAL TABLE sec USING fts5(learner, cohort UNINDEXED, path, heading, body,"
    " tokenize = 'porter unicode61');";

typedef struct build_job {
    sqlite3_stmt *insert;
    const cohort_entry *entry;
    size_t sections, bytes;
} build_job;

static void report_problem(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "nx-bench-fts5-build: %s\n", message);
}

static int insert_section(build_job *job, const char *path, const md_section *s)
{
    sqlite3_stmt *st = job->insert;
    sqlite3_bind_text(st, 1, job->entry->learner, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, job->entry->cohort, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->heading_path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->body, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* repo_files_each() callback: one Markdown file into rows, as nexus-index does into documents. */
static int add_file(void *ctx, const char *raw_path, const char *content, size_t len)
{
    build_job *job = ctx;
    nx_buf path = {0};
    nx_utf8_sanitize(&path, raw_path, strlen(raw_path));
    md_sections secs = {0};
    int rc = -1;
    if (path.failed || md_sections_split(content, len, NULL, &secs) != 0) goto done;
    for (size_t i = 0; i < secs.count; i++)
        if (insert_section(job, path.data, &secs.items[i]) != 0) goto done;
    job->sections += secs.count;
    job->bytes += len;
    rc = 0;
done:
    md_sections_free(&secs);
    nx_buf_free(&path);
    return rc;
}

/* One learner in one transaction, like nexus-index's per-learner commit. */
static int add_learner(sqlite3 *db, build_job *job)
{
    git_repository *repo = NULL;
    git_oid head;
    nx_buf error = {0};
    int rc = -1;
    if (git_repository_open_bare(&repo, job->entry->url) != 0 || git_reference_name_to_id(&head, repo, "HEAD") != 0) {
        fprintf(stderr, "nx-bench-fts5-build: %s: %s\n", job->entry->learner, git_error_last()->message);
        goto done;
    }
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (repo_files_each(repo, &head, MAX_FILE_BYTES, add_file, job, NULL, &error) != 0) {
        fprintf(stderr, "nx-bench-fts5-build: %s: %s\n", job->entry->learner, error.data ? error.data : sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto done;
    }
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
done:
    nx_buf_free(&error);
    git_repository_free(repo);
    return rc;
}

static sqlite3 *create_db(const char *path, sqlite3_stmt **insert)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO sec VALUES (?1, ?2, ?3, ?4, ?5)", -1, insert, NULL) != SQLITE_OK) {
        fprintf(stderr, "nx-bench-fts5-build: %s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: nx-bench-fts5-build COHORT.tsv NEW.sqlite\n");
        return 2;
    }
    cohort learners;
    if (cohort_load(argv[1], NULL, &learners, report_problem, NULL) != 0) return 1;
    git_libgit2_init();
    sqlite3_stmt *insert = NULL;
    sqlite3 *db = create_db(argv[2], &insert);
    int rc = db ? 0 : 1;
    size_t sections = 0, bytes = 0, failed = 0;
    uint64_t start = bench_now_ns();
    for (size_t i = 0; db && i < learners.count; i++) {
        build_job job = {.insert = insert, .entry = &learners.entries[i]};
        if (add_learner(db, &job) != 0) failed++;
        sections += job.sections;
        bytes += job.bytes;
    }
    if (db) {
        sqlite3_finalize(insert);
        sqlite3_close(db);
        printf("nx-bench-fts5-build: %zu learners (%zu failed), %zu sections, %zu Markdown bytes; %.2f s\n",
               learners.count, failed, sections, bytes, (double)(bench_now_ns() - start) / 1e9);
    }
    if (failed == learners.count) rc = 1;
    git_libgit2_shutdown();
    cohort_free(&learners);
    return rc;
}
