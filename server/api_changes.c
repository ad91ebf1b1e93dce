/* GET /api/changes?since=DATE: learners whose documentation changed since a date — the commit
 * their documents were last indexed from is dated then or later — newest first, with when it was indexed. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api_common.h"
#include "api.h"
#include "paths.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

#define NX_CHANGES_PER_PAGE_DEFAULT 100u
#define NX_CHANGES_PER_PAGE_MAX 1000u
#define NX_CHANGES_PAGE_MAX 1000u
#define NX_DATE_MAX_BYTES 40

/* ISO 8601 date or date-time, the forms people type: 2025-01-31, 2025-01-31T10:00,
 * 2025-01-31T10:00:00, each optionally with Z or an offset (+03:00). No zone means UTC.
 * Returns 0 and the seconds since the epoch, or -1. */
static int parse_date(const char *text, int64_t *out)
{
    static const char *const formats[] = {
        "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M", "%Y-%m-%d",
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *end = strptime(text, formats[i], &tm);
        if (!end || *end) continue;
        long offset = tm.tm_gmtoff; /* set by %z, 0 otherwise */
        int day = tm.tm_mday, month = tm.tm_mon;
        time_t t = timegm(&tm);
        /* timegm normalises 2025-02-30 into March: refuse dates that do not exist. */
        if (t == (time_t)-1 || tm.tm_mday != day || tm.tm_mon != month) return -1;
        *out = (int64_t)t - offset;
        return 0;
    }
    return -1;
}

typedef struct changes_params {
    const char *since_text;
    int64_t since;
    unsigned page, per_page;
} changes_params_t;

static const char *read_params(struct MHD_Connection *connection, changes_params_t *p, char *message, size_t size)
{
    *p = (changes_params_t){.page = 1, .per_page = NX_CHANGES_PER_PAGE_DEFAULT};
    const char *problem = nx_arg_text(connection, "since", NX_DATE_MAX_BYTES, &p->since_text, message, size);
    if (!problem && !p->since_text)
        problem = "since is required: an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z)";
    if (!problem && parse_date(p->since_text, &p->since) != 0)
        problem = "since must be an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z, "
                  "2025-01-31T13:00:00+03:00)";
    if (!problem) problem = nx_arg_integer(connection, "page", NX_CHANGES_PAGE_MAX, &p->page, message, size);
    if (!problem)
        problem = nx_arg_integer(connection, "per_page", NX_CHANGES_PER_PAGE_MAX, &p->per_page, message, size);
    return problem;
}

static void write_change(nx_json_writer_t *w, const nx_change_t *c)
{
    char profile[160];
    snprintf(profile, sizeof profile, NX_PATH_PROFILE_FORMAT, c->learner);
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "learner", c->learner);
    nx_jw_member_string(w, "cohort", c->cohort);
    nx_jw_member_string(w, "repo_url", c->repo_url);
    nx_jw_member_string(w, "commit", c->commit);
    nx_jw_key(w, "commit_date");
    nx_write_iso8601(w, c->commit_time);
    nx_jw_key(w, "indexed_at");
    if (c->indexed_at > 0)
        nx_write_iso8601(w, c->indexed_at);
    else
        nx_jw_null(w);
    nx_jw_member_string(w, "profile", profile);
    nx_jw_end_object(w);
}

/* The answer; NULL without memory or when a change could not be read (answered as 500). */
static char *changes_text(const changes_params_t *p, const nx_changes_t *changes, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_key(&w, "since");
    nx_write_iso8601(&w, p->since);
    nx_jw_member_integer(&w, "total", (int64_t)nx_changes_total(changes));
    nx_jw_member_integer(&w, "page", p->page);
    nx_jw_member_integer(&w, "per_page", p->per_page);
    nx_jw_key(&w, "learners");
    nx_jw_begin_array(&w);
    for (size_t i = 0; i < nx_changes_count(changes); i++) {
        nx_change_t c;
        if (nx_changes_get(changes, i, &c) != NX_OK)
            w.out.failed = true;
        else
            write_change(&w, &c);
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

enum MHD_Result nx_route_changes(const nx_server_t *server, struct MHD_Connection *connection, const char *param)
{
    (void)param;
    char message[200];
    changes_params_t p;
    const char *problem = read_params(connection, &p, message, sizeof message);
    if (problem) return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_changes_t *changes = NULL;
    nx_status_t status = nx_db_changes(db, p.since, (p.page - 1) * p.per_page, p.per_page, &changes);
    enum MHD_Result result =
        status ? nx_api_index_failure(connection, status, nx_db_error(db), "listing changes since", p.since_text)
               : nx_send_json_text(connection, MHD_HTTP_OK, changes_text(&p, changes, db));
    nx_changes_free(changes);
    nx_db_pool_release(server->pool, db);
    return result;
}
