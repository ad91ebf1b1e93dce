/* The run report (see report.h), built with jansson: one object per repository in cohort order,
 * totals, and UTC times both as ISO 8601 text and as epoch seconds. */
#include "report.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nx_text.h"

const char *report_status_name(repo_status status)
{
    switch (status) {
    case REPO_INDEXED: return "indexed";
    case REPO_UNCHANGED: return "unchanged";
    case REPO_FAILED: return "failed";
    }
    return "unknown";
}

size_t report_count(const run_report *r, repo_status status)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) n += r->repos[i].status == status;
    return n;
}

size_t report_sections(const run_report *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++) n += r->repos[i].sections;
    return n;
}

static json_t *iso_time(double seconds)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    if (!gmtime_r(&t, &tm) || !strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm)) return json_null();
    return json_string(text);
}

static json_t *text_or_null(const char *text)
{
    if (!text || !text[0]) return json_null();
    if (nx_utf8_valid(text, strlen(text))) return json_string(text);
    nx_buf fixed = {0};
    nx_utf8_sanitize(&fixed, text, strlen(text));
    json_t *value = fixed.failed ? json_null() : json_string(fixed.data ? fixed.data : "");
    nx_buf_free(&fixed);
    return value;
}

static json_t *round_seconds(double seconds)
{
    return json_real((double)(int64_t)(seconds * 1000.0 + 0.5) / 1000.0);
}

static json_t *repo_json(const repo_record *repo)
{
    return json_pack("{s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:o,s:o}",
                     "learner", text_or_null(repo->learner),
                     "url", text_or_null(repo->url),
                     "status", report_status_name(repo->status),
                     "action", repo->action ? json_string(repo->action) : json_null(),
                     "commit", text_or_null(repo->commit),
                     "commit_date", repo->commit[0] ? iso_time((double)repo->commit_time) : json_null(),
                     "previous_commit", text_or_null(repo->previous_commit),
                     "sections", (json_int_t)repo->sections,
                     "duration_seconds", round_seconds(repo->fetch_seconds + repo->index_seconds),
                     "fetch_seconds", round_seconds(repo->fetch_seconds),
                     "error", text_or_null(repo->error),
                     "note", text_or_null(repo->note),
                     "skipped", text_or_null(repo->skipped));
}

static json_t *totals_json(const run_report *r)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}",
                     "repos", (json_int_t)r->count,
                     "indexed", (json_int_t)report_count(r, REPO_INDEXED),
                     "unchanged", (json_int_t)report_count(r, REPO_UNCHANGED),
                     "failed", (json_int_t)report_count(r, REPO_FAILED),
                     "removed", (json_int_t)r->n_removed,
                     "sections", (json_int_t)report_sections(r));
}

static json_t *removed_json(const run_report *r)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < r->n_removed; i++) json_array_append_new(list, text_or_null(r->removed[i]));
    return list;
}

static json_t *report_json(const run_report *r)
{
    json_t *repos = json_array();
    for (size_t i = 0; repos && i < r->count; i++) json_array_append_new(repos, repo_json(&r->repos[i]));
    return json_pack("{s:i,s:o,s:o,s:I,s:I,s:o,s:I,s:s,s:i,s:o,s:o,s:o}",
                     "format", REPORT_FORMAT_VERSION,
                     "started_at", iso_time(r->started_at),
                     "ended_at", iso_time(r->ended_at),
                     "started_at_unix", (json_int_t)r->started_at,
                     "ended_at_unix", (json_int_t)r->ended_at,
                     "duration_seconds", round_seconds(r->ended_at - r->started_at),
                     "jobs", (json_int_t)r->jobs,
                     "rules", r->rules ? r->rules : "",
                     "exit_code", r->exit_code,
                     "totals", totals_json(r),
                     "removed", removed_json(r),
                     "repos", repos);
}

int report_write_file(const run_report *r, const char *path, FILE *err)
{
    json_t *doc = report_json(r);
    nx_buf tmp = {0};
    nx_buf_append_str(&tmp, path);
    nx_buf_append_str(&tmp, ".tmp");
    int rc = -1;
    if (!doc || tmp.failed) {
        fprintf(err, "nexus-index: out of memory writing the report\n");
        goto done;
    }
    if (json_dump_file(doc, tmp.data, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10)) != 0) {
        fprintf(err, "nexus-index: cannot write the report %s: %s\n", tmp.data, strerror(errno));
        unlink(tmp.data);
        goto done;
    }
    if (rename(tmp.data, path) != 0) {
        fprintf(err, "nexus-index: cannot write the report %s: %s\n", path, strerror(errno));
        unlink(tmp.data);
        goto done;
    }
    rc = 0;
done:
    json_decref(doc);
    nx_buf_free(&tmp);
    return rc;
}

char *report_summary_json(const run_report *r)
{
    json_t *doc = json_pack("{s:o,s:o,s:I,s:I,s:o,s:i,s:s,s:o}",
                            "started_at", iso_time(r->started_at),
                            "ended_at", iso_time(r->ended_at),
                            "started_at_unix", (json_int_t)r->started_at,
                            "ended_at_unix", (json_int_t)r->ended_at,
                            "duration_seconds", round_seconds(r->ended_at - r->started_at),
                            "exit_code", r->exit_code,
                            "rules", r->rules ? r->rules : "",
                            "totals", totals_json(r));
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(doc);
    return text;
}

void report_free(run_report *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->repos[i].url);
        free(r->repos[i].error);
        free(r->repos[i].note);
        free(r->repos[i].skipped);
    }
    free(r->repos);
    for (size_t i = 0; i < r->n_removed; i++) free(r->removed[i]);
    free(r->removed);
    *r = (run_report){0};
}
