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

typedef struct changes_params {
    const char *since_text;
    int64_t since;
    unsigned page, per_page;
} changes_params_t;

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

enum MHD_Result nx_route_changes(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args)
{
    (void)param;
    const nx_arg_value_t *since = nx_args_get(args, "since");
    changes_params_t p = {.since_text = since->text, .since = since->seconds, .page = nx_args_number(args, "page"),
                          .per_page = nx_args_number(args, "per_page")};
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
