/* GET /api/learners/{learner}: one learner's profile — repository, last commit, technologies
 * with evidence grouped by category, outline of headings, challenges with their solutions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "links.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

/* Adds "url" to every object of `items` that names a path (and anchor) in the repository. */
static int link_items(json_t *items, const nx_learner_info_t *info)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *path = json_string_value(json_object_get(item, "path"));
        if (!path)
            path = json_string_value(json_object_get(item, "file"));
        const char *anchor = json_string_value(json_object_get(item, "anchor"));
        if (!path)
            continue;
        char *link = NULL;
        if (nx_github_blob_url(info->repo_url, info->commit, path, anchor, &link))
            return -1;
        json_t *url = link ? json_string(link) : json_null();
        free(link);
        if (!url || json_object_set_new(item, "url", url))
            return -1;
    }
    return 0;
}

/* The taxonomy's name and category for each technology, its evidence linked. */
static json_t *technology_json(const nx_taxonomy *taxonomy, json_t *stored, const nx_learner_info_t *info,
                               const char **category)
{
    const char *id = json_string_value(json_object_get(stored, "id"));
    long index = id ? nx_taxonomy_lookup(taxonomy, id) : -1;
    if (index < 0)
        return NULL; /* a technology this build no longer knows */
    const nx_technology *tech = nx_taxonomy_get(taxonomy, (size_t)index);
    *category = tech->category;
    json_t *evidence = json_object_get(stored, "evidence");
    if (json_is_array(evidence) && link_items(evidence, info))
        return NULL;
    return json_pack("{s:s,s:s,s:b,s:b,s:I,s:o}", "id", tech->id, "name", tech->name, "covered",
                     json_is_true(json_object_get(stored, "covered")), "signalled",
                     json_is_true(json_object_get(stored, "signalled")), "weight",
                     json_integer_value(json_object_get(stored, "weight")), "evidence",
                     json_is_array(evidence) ? json_incref(evidence) : json_array());
}

/* [{"category": "framework", "technologies": [...]}, …] in the taxonomy's category order,
 * covered technologies before mere mentions. */
static json_t *technologies_by_category(const nx_taxonomy *taxonomy, json_t *stored, const nx_learner_info_t *info)
{
    static const char *const categories[] = {NX_CATEGORIES};
    json_t *groups = json_array();
    for (size_t c = 0; groups && c < sizeof categories / sizeof categories[0]; c++) {
        json_t *members = json_array();
        for (int covered = 1; members && covered >= 0; covered--) {
            size_t i;
            json_t *item;
            json_array_foreach(stored, i, item) {
                if (json_is_true(json_object_get(item, "covered")) != (covered == 1))
                    continue;
                const char *category = NULL;
                json_t *tech = technology_json(taxonomy, item, info, &category);
                if (tech && strcmp(category, categories[c]) == 0)
                    json_array_append(members, tech);
                json_decref(tech);
            }
        }
        if (members && json_array_size(members) == 0) {
            json_decref(members);
            continue;
        }
        if (json_array_append_new(groups, json_pack("{s:s,s:o}", "category", categories[c], "technologies",
                                                    members))) {
            json_decref(groups);
            return NULL;
        }
    }
    return groups;
}

/* The covered technology ids of the learner document ("celery=3,redis=1" → ["celery", "redis"]). */
static json_t *covered_ids(const char *techs)
{
    json_t *ids = json_array();
    const char *at = techs;
    while (ids && *at) {
        size_t len = strcspn(at, ",");
        size_t id_len = strcspn(at, "=");
        if (json_array_append_new(ids, json_stringn(at, id_len < len ? id_len : len))) {
            json_decref(ids);
            return NULL;
        }
        at += len + (at[len] == ',');
    }
    return ids;
}

static json_t *profile_json(const nx_taxonomy *taxonomy, const nx_learner_info_t *info)
{
    json_error_t error;
    json_t *stored = json_loads(info->profile_json, 0, &error);
    if (!json_is_object(stored)) {
        json_decref(stored);
        return NULL;
    }
    json_t *outline = json_object_get(stored, "outline");
    json_t *challenges = json_object_get(stored, "challenges");
    if ((json_is_array(outline) && link_items(outline, info)) ||
        (json_is_array(challenges) && link_items(challenges, info))) {
        json_decref(stored);
        return NULL;
    }
    json_t *techs = json_object_get(stored, "technologies");
    json_t *no_techs = json_array();
    json_t *body = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
                             "learner", nx_json_text(info->learner),
                             "cohort", nx_json_text(info->cohort),
                             "repo_url", nx_json_text(info->repo_url),
                             "commit", nx_json_text(info->commit),
                             "commit_date", nx_json_iso8601(info->commit_time),
                             "indexed_at", info->indexed_at > 0 ? nx_json_iso8601(info->indexed_at) : json_null(),
                             "covered", covered_ids(info->techs),
                             "technologies", technologies_by_category(taxonomy, json_is_array(techs) ? techs
                                                                                                     : no_techs,
                                                                      info),
                             "outline", json_is_array(outline) ? json_incref(outline) : json_array(),
                             "challenges", json_is_array(challenges) ? json_incref(challenges) : json_array());
    json_decref(no_techs);
    json_decref(stored);
    return body;
}

enum MHD_Result nx_route_profile(const nx_server_t *server, struct MHD_Connection *connection, const char *learner)
{
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
        json_t *body = profile_json(server->taxonomy, &info);
        nx_shards_add(body, db);
        result = nx_send_json(connection, MHD_HTTP_OK, body);
    }
    nx_learner_free(found);
    nx_db_pool_release(server->pool, db);
    return result;
}
