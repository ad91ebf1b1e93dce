/* GET /api/technologies: the coverage table (every technology of the taxonomy, its category and
 * how many learners cover it), with ?include=learners also which learners; GET /api/technologies/{id or
 * alias}: one technology with its learners. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

#define NX_TECH_LEARNERS_MAX 1000

/* id, name and category: how every row and the single technology begin. */
static void write_identity(nx_json_writer_t *w, const nx_technology *tech)
{
    nx_jw_member_string(w, "id", tech->id);
    nx_jw_member_string(w, "name", tech->name);
    nx_jw_member_string(w, "category", tech->category);
}

/* The plain table; NULL with *status set when the index could not be read, or without memory. */
static char *table_text(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    uint64_t learners = 0;
    *status = nx_db_learner_count(db, &learners);
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_integer(&w, "learner_total", (int64_t)learners);
    nx_jw_key(&w, "technologies");
    nx_jw_begin_array(&w);
    for (size_t t = 0; !*status && t < nx_taxonomy_count(server->taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(server->taxonomy, t);
        uint64_t covering = 0;
        *status = nx_db_tech_learners(db, tech->id, &covering);
        nx_jw_begin_object(&w);
        write_identity(&w, tech);
        nx_jw_member_integer(&w, "learners", (int64_t)covering);
        nx_jw_end_object(&w);
    }
    nx_jw_end_array(&w);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    if (*status) {
        nx_jw_free(&w);
        return NULL;
    }
    return nx_jw_take(&w);
}

/* Appends `name` to the list of each technology in `techs` ("celery=3,redis=1", as the learner
 * document stores them) that `by_tech` (taxonomy id → JSON array) knows. -1 without memory. */
static int add_to_technologies(json_t *by_tech, const char *techs, json_t *name)
{
    for (const char *at = techs; *at;) {
        size_t len = strcspn(at, ",");
        size_t id_len = strcspn(at, "=,");
        json_t *list = json_object_getn(by_tech, at, id_len);
        if (list && json_array_append(list, name))
            return -1;
        at += len + (at[len] == ',');
    }
    return 0;
}

/* Taxonomy id → [] for every technology, filled from one read of every learner document, so the
 * counts, the lists and learner_total all come from the same snapshot of the index. */
static json_t *learners_by_technology(const nx_taxonomy *taxonomy, const nx_learner_list_t *list, json_t *cohorts)
{
    json_t *by_tech = json_object();
    for (size_t t = 0; by_tech && t < nx_taxonomy_count(taxonomy); t++) {
        if (json_object_set_new(by_tech, nx_taxonomy_get(taxonomy, t)->id, json_array())) {
            json_decref(by_tech);
            return NULL;
        }
    }
    for (size_t i = 0; by_tech && i < nx_learner_list_count(list); i++) {
        nx_learner_info_t info;
        if (nx_learner_list_get(list, i, &info))
            continue;
        json_t *name = nx_json_text(info.learner); /* repaired UTF-8: also usable as an object key */
        bool failed = !name || json_object_set_new(cohorts, json_string_value(name), nx_json_text(info.cohort)) ||
                      add_to_technologies(by_tech, info.techs, name);
        json_decref(name);
        if (failed) {
            json_decref(by_tech);
            return NULL;
        }
    }
    return by_tech;
}

static json_t *rows_with_learners(const nx_taxonomy *taxonomy, json_t *by_tech)
{
    json_t *rows = json_array();
    for (size_t t = 0; rows && t < nx_taxonomy_count(taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        json_t *ids = json_object_get(by_tech, tech->id);
        json_t *row = json_pack("{s:s,s:s,s:s,s:I,s:O}", "id", tech->id, "name", tech->name, "category",
                                tech->category, "learners", (json_int_t)json_array_size(ids), "learner_ids", ids);
        if (json_array_append_new(rows, row)) {
            json_decref(rows);
            rows = NULL;
        }
    }
    return rows;
}

/* The table with each technology's learner_ids and every learner's cohort: what a client needs to
 * work out co-occurrence and "what else do these learners cover" in one request. */
static json_t *table_with_learners_json(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    nx_learner_list_t *list = NULL;
    *status = nx_db_learner_list(db, &list);
    if (*status)
        return NULL;
    json_t *cohorts = json_object();
    json_t *by_tech = cohorts ? learners_by_technology(server->taxonomy, list, cohorts) : NULL;
    json_t *rows = by_tech ? rows_with_learners(server->taxonomy, by_tech) : NULL;
    json_t *body = rows ? json_pack("{s:I,s:o,s:O}", "learner_total", (json_int_t)nx_learner_list_count(list),
                                    "technologies", rows, "learner_cohorts", cohorts)
                        : NULL;
    json_decref(by_tech);
    json_decref(cohorts);
    nx_learner_list_free(list);
    nx_shards_add(body, db);
    return body; /* NULL without memory: answered as 500 */
}


/* include=learners keeps its jansson tree: the tree is also the map that gathers each technology's
 * learners and every learner's cohort (deduplicated by name) from one pass over the learner list. */
static char *table_with_learners_text(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    json_t *body = table_with_learners_json(server, db, status);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    return text;
}

enum MHD_Result nx_route_technologies(const nx_server_t *server, struct MHD_Connection *connection, const char *param)
{
    (void)param;
    bool with_learners = false;
    char message[160];
    const char *problem = nx_arg_flag(connection, "include", "learners", &with_learners, message, sizeof message);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_status_t status = NX_OK;
    char *text = with_learners ? table_with_learners_text(server, db, &status) : table_text(server, db, &status);
    enum MHD_Result result = status ? nx_api_index_failure(connection, status, nx_db_error(db),
                                                           with_learners ? "listing the learners of every"
                                                                         : "counting learners per",
                                                           "technology")
                                    : nx_send_json_text(connection, MHD_HTTP_OK, text);
    if (status)
        free(text);
    nx_db_pool_release(server->pool, db);
    return result;
}

/* The learners covering the technology, best coverage first, with one evidence link each. */
static void write_learners(nx_json_writer_t *w, const nx_learner_results_t *results)
{
    nx_jw_key(w, "learners");
    nx_jw_begin_array(w);
    for (size_t i = 0; i < nx_learner_results_count(results); i++) {
        nx_ranked_learner_t learner;
        nx_hit_t best;
        if (nx_learner_results_get(results, i, &learner))
            continue;
        bool has_evidence = learner.n_evidence > 0 && nx_learner_results_evidence(results, i, 0, &best) == NX_OK;
        nx_jw_begin_object(w);
        nx_jw_member_string(w, "learner", learner.learner);
        nx_jw_member_string(w, "cohort", learner.cohort);
        nx_jw_member_string(w, "repo_url", learner.repo_url);
        nx_jw_key(w, "score");
        nx_jw_real(w, learner.score);
        nx_jw_key(w, "evidence");
        if (has_evidence)
            nx_write_hit(w, &best);
        else
            nx_jw_null(w);
        nx_jw_end_object(w);
    }
    nx_jw_end_array(w);
}

/* One technology with its aliases (alias 0 is the name itself) and its learners. */
static char *technology_text(const nx_technology *tech, const nx_learner_results_t *results, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    write_identity(&w, tech);
    nx_jw_key(&w, "aliases");
    nx_jw_begin_array(&w);
    for (size_t a = 1; a < tech->alias_count; a++)
        nx_jw_string(&w, tech->aliases[a].text);
    nx_jw_end_array(&w);
    nx_jw_member_integer(&w, "learner_count", (int64_t)nx_learner_results_total(results));
    write_learners(&w, results);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

enum MHD_Result nx_route_technology(const nx_server_t *server, struct MHD_Connection *connection, const char *name)
{
    long index = nx_param_path_name(name) ? nx_taxonomy_lookup(server->taxonomy, name) : -1;
    if (index < 0)
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such technology: GET /api/technologies lists them");
    const nx_technology *tech = nx_taxonomy_get(server->taxonomy, (size_t)index);
    const char *techs[] = {tech->id};
    nx_learner_request_t request = {.techs = techs, .n_techs = 1, .highlight = tech->name,
                                    .limit = NX_TECH_LEARNERS_MAX, .evidence = 1};
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_learner_results_t *results = NULL;
    nx_status_t status = nx_db_rank_learners(db, &request, &results);
    enum MHD_Result result;
    if (status) {
        result = nx_api_index_failure(connection, status, nx_db_error(db), "listing the learners of", tech->id);
    } else {
        result = nx_send_json_text(connection, MHD_HTTP_OK, technology_text(tech, results, db));
    }
    nx_learner_results_free(results);
    nx_db_pool_release(server->pool, db);
    return result;
}
