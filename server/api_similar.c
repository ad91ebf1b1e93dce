/* GET /api/learners/{learner}/similar?limit=N: learners whose own writing and covered technologies
 * resemble this learner's, each with the reason (shared technologies, shared topic words). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "paths.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

#define NX_SIMILAR_SUFFIX "/similar"

/* [{"id": "django", "name": "Django"}, …] from "django,…", in that order. */
static void write_techs(nx_json_writer_t *w, const nx_taxonomy *taxonomy, const char *ids)
{
    nx_jw_begin_array(w);
    for (const char *at = ids; *at;) {
        size_t len = strcspn(at, ",");
        char id[NX_ARG_VALUE_MAX_BYTES + 1];
        snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : sizeof id - 1), at);
        long index = nx_taxonomy_lookup(taxonomy, id);
        nx_jw_begin_object(w);
        nx_jw_member_string(w, "id", id);
        nx_jw_member_string(w, "name", index >= 0 ? nx_taxonomy_get(taxonomy, (size_t)index)->name : id);
        nx_jw_end_object(w);
        at += len + (at[len] == ',');
    }
    nx_jw_end_array(w);
}

static void write_similar(nx_json_writer_t *w, const nx_taxonomy *taxonomy, const nx_similar_learner_t *s)
{
    char profile[160];
    snprintf(profile, sizeof profile, NX_PATH_PROFILE_FORMAT, s->learner);
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "learner", s->learner);
    nx_jw_member_string(w, "cohort", s->cohort);
    nx_jw_member_string(w, "repo_url", s->repo_url);
    nx_jw_member_string(w, "profile", profile);
    nx_jw_key(w, "score");
    nx_jw_real(w, s->score);
    nx_jw_key(w, "text_score");
    nx_jw_real(w, s->text_score);
    nx_jw_key(w, "tech_score");
    nx_jw_real(w, s->tech_score);
    nx_jw_key(w, "shared_technologies");
    write_techs(w, taxonomy, s->shared_techs);
    nx_jw_key(w, "shared_topics");
    nx_write_id_list(w, s->shared_topics);
    nx_jw_end_object(w);
}

static char *similar_json(const nx_taxonomy *taxonomy, const char *learner, const nx_similar_t *similar,
                          const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "learner", learner);
    nx_jw_key(&w, "topics");
    nx_write_id_list(&w, nx_similar_topics(similar));
    nx_jw_key(&w, "similar");
    nx_jw_begin_array(&w);
    for (size_t i = 0; i < nx_similar_count(similar); i++) {
        nx_similar_learner_t s;
        if (nx_similar_get(similar, i, &s) == NX_OK)
            write_similar(&w, taxonomy, &s);
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

/* `rest` is the path after /api/learners/, ending in /similar: the learner's name before it, into `name`
 * (of `size` bytes). False when no name fits there (an empty one, a '/' in it, too long). */
static bool learner_of(const char *rest, char *name, size_t size)
{
    size_t len = strlen(rest) - strlen(NX_SIMILAR_SUFFIX);
    if (len == 0 || len >= size || memchr(rest, '/', len))
        return false;
    memcpy(name, rest, len);
    name[len] = '\0';
    return nx_param_path_name(name);
}

enum MHD_Result nx_route_similar(const nx_server_t *server, struct MHD_Connection *connection, const char *rest,
                                 const nx_args_t *args)
{
    char learner[NX_ARG_VALUE_MAX_BYTES + 1];
    if (!learner_of(rest, learner, sizeof learner))
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such learner");
    unsigned limit = nx_args_number(args, "limit");
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_similar_t *similar = NULL;
    nx_status_t status = nx_db_similar_learners(db, learner, limit, &similar);
    enum MHD_Result result;
    if (status == NX_ERR_NOT_FOUND || status == NX_ERR_INVALID_ARG)
        result = nx_api_no_such_learner(connection, db);
    else if (status)
        result = nx_api_index_failure(connection, status, nx_db_error(db), "finding learners similar to", learner);
    else
        result = nx_send_json_text(connection, MHD_HTTP_OK, similar_json(server->taxonomy, learner, similar, db));
    nx_similar_free(similar);
    nx_db_pool_release(server->pool, db);
    return result;
}
