/* GET /api/technologies: the coverage table (every technology of the taxonomy, its category and
 * how many learners cover it); GET /api/technologies/{id or alias}: one technology with its learners. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "http.h"

#define NX_TECH_LEARNERS_MAX 1000

static json_t *aliases_json(const nx_technology *tech)
{
    json_t *list = json_array();
    for (size_t a = 1; list && a < tech->alias_count; a++) { /* alias 0 is the name itself */
        if (json_array_append_new(list, nx_json_text(tech->aliases[a].text))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *table_json(const nx_server_t *server, nx_db_t *db, nx_status_t *status)
{
    uint64_t learners = 0;
    *status = nx_db_learner_count(db, &learners);
    json_t *rows = json_array();
    for (size_t t = 0; !*status && rows && t < nx_taxonomy_count(server->taxonomy); t++) {
        const nx_technology *tech = nx_taxonomy_get(server->taxonomy, t);
        uint64_t covering = 0;
        *status = nx_db_tech_learners(db, tech->id, &covering);
        json_t *row = json_pack("{s:s,s:s,s:s,s:I}", "id", tech->id, "name", tech->name, "category",
                                tech->category, "learners", (json_int_t)covering);
        if (json_array_append_new(rows, row)) {
            json_decref(rows);
            rows = NULL;
        }
    }
    if (*status) {
        json_decref(rows);
        return NULL;
    }
    return json_pack("{s:I,s:o}", "learner_total", (json_int_t)learners, "technologies", rows);
}

enum MHD_Result nx_route_technologies(const nx_server_t *server, struct MHD_Connection *connection)
{
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    nx_status_t status = NX_OK;
    json_t *body = table_json(server, db, &status);
    enum MHD_Result result = status ? nx_api_index_failure(connection, status, nx_db_error(db),
                                                           "counting learners per", "technology")
                                    : nx_http_send_json(connection, MHD_HTTP_OK, body);
    nx_db_pool_release(server->pool, db);
    return result;
}

/* The learners covering the technology, best coverage first, with one evidence link each. */
static json_t *learners_json(const nx_learner_results_t *results)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < nx_learner_results_count(results); i++) {
        nx_ranked_learner_t learner;
        nx_hit_t best;
        if (nx_learner_results_get(results, i, &learner))
            continue;
        bool has_evidence = learner.n_evidence > 0 && nx_learner_results_evidence(results, i, 0, &best) == NX_OK;
        json_t *item = json_pack("{s:o,s:o,s:o,s:f,s:o}", "learner", nx_json_text(learner.learner), "cohort",
                                 nx_json_text(learner.cohort), "repo_url", nx_json_text(learner.repo_url), "score",
                                 learner.score, "evidence", has_evidence ? nx_json_hit(&best) : json_null());
        if (json_array_append_new(list, item)) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

enum MHD_Result nx_route_technology(const nx_server_t *server, struct MHD_Connection *connection, const char *name)
{
    long index = nx_param_path_name(name) ? nx_taxonomy_lookup(server->taxonomy, name) : -1;
    if (index < 0)
        return nx_http_send_error(connection, MHD_HTTP_NOT_FOUND, "no such technology: GET /api/technologies lists them");
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
        json_t *body = json_pack("{s:s,s:s,s:s,s:o,s:I,s:o}", "id", tech->id, "name", tech->name, "category",
                                 tech->category, "aliases", aliases_json(tech), "learner_count",
                                 (json_int_t)nx_learner_results_total(results), "learners", learners_json(results));
        result = nx_http_send_json(connection, MHD_HTTP_OK, body);
    }
    nx_learner_results_free(results);
    nx_db_pool_release(server->pool, db);
    return result;
}
