/* GET /api/learners/{learner}: one learner's profile — repository, last commit, technologies
 * with evidence grouped by category, outline of headings, challenges with their solutions. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "links.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

/* The stored profile is the indexer's JSON (learner_profile.c): read with jansson, as any stored document,
 * and written again by the JSON writer with what only the server knows (links, the taxonomy's names). */

/* A value of the stored profile as it is: members in stored order. */
static void write_stored(nx_json_writer_t *w, json_t *value)
{
    const char *key;
    json_t *member;
    size_t i;
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        nx_jw_begin_object(w);
        json_object_foreach(value, key, member) {
            nx_jw_key(w, key);
            write_stored(w, member);
        }
        nx_jw_end_object(w);
        break;
    case JSON_ARRAY:
        nx_jw_begin_array(w);
        json_array_foreach(value, i, member) write_stored(w, member);
        nx_jw_end_array(w);
        break;
    case JSON_STRING:
        nx_jw_string_n(w, json_string_value(value), json_string_length(value));
        break;
    case JSON_INTEGER:
        nx_jw_integer(w, (int64_t)json_integer_value(value));
        break;
    case JSON_REAL:
        nx_jw_real(w, json_real_value(value));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        nx_jw_bool(w, json_is_true(value));
        break;
    case JSON_NULL:
        nx_jw_null(w);
        break;
    }
}

/* One stored item (a heading, a challenge, a piece of evidence) with "url" added last when it names a path
 * (or a file) in the repository: its GitHub link, or null. */
static void write_linked_item(nx_json_writer_t *w, json_t *item, const nx_learner_info_t *info)
{
    const char *path = json_string_value(json_object_get(item, "path"));
    if (!path)
        path = json_string_value(json_object_get(item, "file"));
    if (!json_is_object(item) || !path || json_object_get(item, "url")) {
        write_stored(w, item); /* a stored "url" would be overwritten in place: never written by the indexer */
        return;
    }
    const char *key;
    json_t *member;
    nx_jw_begin_object(w);
    json_object_foreach(item, key, member) {
        nx_jw_key(w, key);
        write_stored(w, member);
    }
    char *link = NULL;
    if (nx_github_blob_url(info->repo_url, info->commit, path, json_string_value(json_object_get(item, "anchor")),
                           &link))
        w->out.failed = true;
    nx_jw_key(w, "url");
    if (link)
        nx_jw_string(w, link);
    else
        nx_jw_null(w);
    free(link);
    nx_jw_end_object(w);
}

/* `items` (a stored array, or [] when it is not one), each linked. */
static void write_linked_items(nx_json_writer_t *w, json_t *items, const nx_learner_info_t *info)
{
    size_t i;
    json_t *item;
    nx_jw_begin_array(w);
    json_array_foreach(items, i, item) write_linked_item(w, item, info);
    nx_jw_end_array(w);
}

/* The taxonomy's technology of a stored entry; NULL for a technology this build no longer knows. */
static const nx_technology *technology_of(const nx_taxonomy *taxonomy, json_t *stored)
{
    const char *id = json_string_value(json_object_get(stored, "id"));
    long index = id ? nx_taxonomy_lookup(taxonomy, id) : -1;
    return index < 0 ? NULL : nx_taxonomy_get(taxonomy, (size_t)index);
}

/* The taxonomy's name for a technology, its state and weight, its evidence linked. */
static void write_technology(nx_json_writer_t *w, const nx_technology *tech, json_t *stored,
                             const nx_learner_info_t *info)
{
    nx_jw_begin_object(w);
    nx_jw_member_string(w, "id", tech->id);
    nx_jw_member_string(w, "name", tech->name);
    nx_jw_key(w, "covered");
    nx_jw_bool(w, json_is_true(json_object_get(stored, "covered")));
    nx_jw_key(w, "signalled");
    nx_jw_bool(w, json_is_true(json_object_get(stored, "signalled")));
    nx_jw_member_integer(w, "weight", (int64_t)json_integer_value(json_object_get(stored, "weight")));
    nx_jw_key(w, "evidence");
    write_linked_items(w, json_object_get(stored, "evidence"), info);
    nx_jw_end_object(w);
}

/* One category's technologies, covered ones before mere mentions; false when it has none (nothing written). */
static bool write_category(nx_json_writer_t *w, const nx_taxonomy *taxonomy, json_t *stored, const char *category,
                           const nx_learner_info_t *info)
{
    bool begun = false;
    for (int covered = 1; covered >= 0; covered--) {
        size_t i;
        json_t *item;
        json_array_foreach(stored, i, item) {
            const nx_technology *tech = technology_of(taxonomy, item);
            if (json_is_true(json_object_get(item, "covered")) != (covered == 1) || !tech ||
                strcmp(tech->category, category) != 0)
                continue;
            if (!begun) {
                nx_jw_begin_object(w);
                nx_jw_member_string(w, "category", category);
                nx_jw_key(w, "technologies");
                nx_jw_begin_array(w);
                begun = true;
            }
            write_technology(w, tech, item, info);
        }
    }
    if (begun) {
        nx_jw_end_array(w);
        nx_jw_end_object(w);
    }
    return begun;
}

/* [{"category": "framework", "technologies": [...]}, …] in the taxonomy's category order. */
static void write_technologies(nx_json_writer_t *w, const nx_taxonomy *taxonomy, json_t *stored,
                               const nx_learner_info_t *info)
{
    static const char *const categories[] = {NX_CATEGORIES};
    nx_jw_begin_array(w);
    for (size_t c = 0; c < sizeof categories / sizeof categories[0]; c++)
        write_category(w, taxonomy, stored, categories[c], info);
    nx_jw_end_array(w);
}

/* The covered technology ids of the learner document ("celery=3,redis=1" → ["celery", "redis"]). */
static void write_covered_ids(nx_json_writer_t *w, const char *techs)
{
    nx_jw_begin_array(w);
    for (const char *at = techs; *at;) {
        size_t len = strcspn(at, ",");
        size_t id_len = strcspn(at, "=");
        nx_jw_string_n(w, at, id_len < len ? id_len : len);
        at += len + (at[len] == ',');
    }
    nx_jw_end_array(w);
}

/* The answer, with what `db` says of its shards; NULL when the stored profile is unreadable or without
 * memory (answered as 500). */
static char *profile_text(const nx_taxonomy *taxonomy, const nx_learner_info_t *info, const nx_db_t *db)
{
    json_error_t error;
    json_t *stored = json_loads(info->profile_json, 0, &error);
    if (!json_is_object(stored)) {
        json_decref(stored);
        return NULL;
    }
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "learner", info->learner);
    nx_jw_member_string(&w, "cohort", info->cohort);
    nx_jw_member_string(&w, "repo_url", info->repo_url);
    nx_jw_member_string(&w, "commit", info->commit);
    nx_jw_key(&w, "commit_date");
    nx_write_iso8601(&w, info->commit_time);
    nx_jw_key(&w, "indexed_at");
    if (info->indexed_at > 0)
        nx_write_iso8601(&w, info->indexed_at);
    else
        nx_jw_null(&w);
    nx_jw_key(&w, "covered");
    write_covered_ids(&w, info->techs);
    nx_jw_key(&w, "technologies");
    write_technologies(&w, taxonomy, json_object_get(stored, "technologies"), info);
    nx_jw_key(&w, "outline");
    write_linked_items(&w, json_object_get(stored, "outline"), info);
    nx_jw_key(&w, "challenges");
    write_linked_items(&w, json_object_get(stored, "challenges"), info);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    json_decref(stored);
    return nx_jw_take(&w);
}

enum MHD_Result nx_route_profile(const nx_server_t *server, struct MHD_Connection *connection, const char *learner,
                                 const nx_args_t *args)
{
    (void)args;
    /* A learner name never has a '/': /api/learners/a/b names nobody. */
    if (!nx_param_path_name(learner) || strchr(learner, '/'))
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such learner");
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_learner_t *found = NULL;
    nx_status_t status = nx_db_learner(db, learner, &found);
    enum MHD_Result result;
    if (status == NX_ERR_NOT_FOUND || status == NX_ERR_INVALID_ARG) {
        result = nx_api_no_such_learner(connection, db);
    } else if (status) {
        result = nx_api_index_failure(connection, status, nx_db_error(db), "reading the profile of", learner);
    } else {
        nx_learner_info_t info;
        nx_learner_get(found, &info);
        result = nx_send_json_text(connection, MHD_HTTP_OK, profile_text(server->taxonomy, &info, db));
    }
    nx_learner_free(found);
    nx_db_pool_release(server->pool, db);
    return result;
}
