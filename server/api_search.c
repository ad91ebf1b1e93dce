/* GET /api/search?q=…&tech=…&kind=…&learner=…&cohort=…&group=learner&facets=…&page=…&per_page=…:
 * sections matching the query under facet filters, with learner facet counts when asked for. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "http.h"

#define NX_PER_PAGE_DEFAULT 10
#define NX_PER_PAGE_MAX 100
/* Deep pages cost Xapian offset+limit ranked documents; nobody reads page 10001. */
#define NX_PAGE_MAX 10000

/* The facets= names, in the order facet_distribution lists them (bit i of the mask is FACETS[i]).
 * Counting them visits every match, so they are opt-in: without them the search stops early. */
static const char *const FACETS[] = {"tech", "kind", "cohort"};
#define NX_FACETS (sizeof FACETS / sizeof FACETS[0])

typedef struct search_params {
    const char *query; /* borrowed from the connection, NUL-free valid UTF-8 */
    unsigned page;
    unsigned per_page;
    bool group_by_learner;
    unsigned facets; /* bit i: count FACETS[i]; 0: no counting at all */
    nx_arg_values_t techs, kinds, learners, cohorts;
} search_params_t;

static const char *read_filters(const nx_server_t *server, struct MHD_Connection *connection,
                                search_params_t *params, char *message, size_t message_size)
{
    const char *problem = nx_arg_list(connection, "tech", &params->techs, message, message_size);
    if (!problem)
        problem = nx_resolve_techs(server->taxonomy, &params->techs, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "kind", &params->kinds, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "learner", &params->learners, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "cohort", &params->cohorts, message, message_size);
    return problem;
}

/* Fills *params or returns the message explaining the 400. */
static const char *read_params(const nx_server_t *server, struct MHD_Connection *connection,
                               search_params_t *params, char *message, size_t message_size)
{
    memset(params, 0, sizeof *params);
    const char *problem = nx_arg_text(connection, "q", NX_QUERY_MAX_BYTES, &params->query, message, message_size);
    if (problem)
        return problem;
    if (!params->query)
        return "missing query: pass the words to search for as ?q=...";
    params->page = 1;
    params->per_page = NX_PER_PAGE_DEFAULT;
    problem = nx_arg_integer(connection, "page", NX_PAGE_MAX, &params->page, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "per_page", NX_PER_PAGE_MAX, &params->per_page, message, message_size);
    if (problem)
        return problem;
    const char *group = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "group");
    if (group && *group && strcmp(group, "learner") != 0)
        return "group must be 'learner' (or left out)";
    params->group_by_learner = group && strcmp(group, "learner") == 0;
    problem = nx_arg_choices(connection, "facets", FACETS, NX_FACETS, &params->facets, message, message_size);
    if (problem)
        return problem;
    return read_filters(server, connection, params, message, message_size);
}

/* {"celery": 3, …} in the order the shim ranks them (most learners first). */
static json_t *facet_json(const nx_results_t *results, const char *facet)
{
    json_t *counts = json_object();
    size_t n = nx_results_facet_count(results, facet);
    for (size_t i = 0; counts && i < n; i++) {
        const char *value = NULL;
        uint64_t learners = 0;
        if (nx_results_facet(results, facet, i, &value, &learners) ||
            json_object_set_new(counts, value, json_integer((json_int_t)learners))) {
            json_decref(counts);
            return NULL;
        }
    }
    return counts;
}

static json_t *text_or_null(const char *text)
{
    return text && text[0] ? nx_json_text(text) : json_null();
}

static json_t *hits_json(const search_params_t *params, const nx_results_t *results)
{
    json_t *hits = json_array();
    size_t count = nx_results_count(results);
    for (size_t i = 0; hits && i < count; i++) {
        nx_hit_t hit;
        json_t *item = nx_results_hit(results, i, &hit) ? NULL : nx_json_hit(&hit);
        if (item && params->group_by_learner)
            json_object_set_new(item, "learner_matches", json_integer((json_int_t)hit.learner_matches));
        if (json_array_append_new(hits, item)) {
            json_decref(hits);
            return NULL;
        }
    }
    return hits;
}

/* {"tech": {…}, "kind": {…}} with the asked facets only. */
static json_t *facet_distribution_json(const search_params_t *params, const nx_results_t *results)
{
    json_t *distribution = json_object();
    for (size_t i = 0; distribution && i < NX_FACETS; i++) {
        if (!(params->facets & (1u << i)))
            continue;
        if (json_object_set_new(distribution, FACETS[i], facet_json(results, FACETS[i]))) {
            json_decref(distribution);
            return NULL;
        }
    }
    return distribution;
}

/* learner_total and facet_distribution come from the pass over every match that only facets= pays for. */
static json_t *add_facets(json_t *body, const search_params_t *params, const nx_results_t *results)
{
    if (!body || !params->facets)
        return body;
    json_t *distribution = facet_distribution_json(params, results);
    if (json_object_set_new(body, "learner_total", json_integer((json_int_t)nx_results_learner_total(results))) ||
        json_object_set_new(body, "facet_distribution", distribution)) {
        json_decref(body);
        return NULL;
    }
    return body;
}

/* The response body for one page of results; NULL without memory. */
static json_t *results_json(const search_params_t *params, const nx_results_t *results)
{
    json_t *body = json_pack("{s:o,s:o,s:b,s:o,s:o,s:{s:o,s:o,s:o,s:o},s:o,s:I,s:I,s:I}",
                             "query", nx_json_text(params->query),
                             "parsed_query", nx_json_text(nx_results_parsed_query(results)),
                             "relaxed", nx_results_relaxed(results) ? 1 : 0,
                             "corrected_query", text_or_null(nx_results_corrected_query(results)),
                             "did_you_mean", text_or_null(nx_results_did_you_mean(results)),
                             "filters",
                             "tech", nx_json_values(&params->techs),
                             "kind", nx_json_values(&params->kinds),
                             "learner", nx_json_values(&params->learners),
                             "cohort", nx_json_values(&params->cohorts),
                             "group", params->group_by_learner ? json_string("learner") : json_null(),
                             "page", (json_int_t)params->page,
                             "per_page", (json_int_t)params->per_page,
                             "estimated_total", (json_int_t)nx_results_estimate(results));
    body = add_facets(body, params, results);
    if (body && json_object_set_new(body, "hits", hits_json(params, results))) {
        json_decref(body);
        return NULL;
    }
    return body;
}

/* The generation answers may be cached under: the handle's index revision. False when there is no
 * cache or no single revision (a union of shards): then nothing is cached. */
static bool cache_generation(const nx_server_t *server, nx_db_t *db, uint64_t *generation)
{
    return server->cache && nx_db_generation(db, generation) == NX_OK;
}

/* Runs the search on a borrowed handle and queues the answer, from the cache when it holds one for
 * this exact request at the index's current revision. The handle's error text is only valid while
 * we hold it, so the response is built here. */
static enum MHD_Result search_with(const nx_server_t *server, nx_db_t *db, const search_params_t *params,
                                   struct MHD_Connection *connection)
{
    uint64_t generation = 0;
    char *key = cache_generation(server, db, &generation) ? nx_response_cache_key(connection, "/api/search") : NULL;
    char *cached = nx_response_cache_get(server->cache, key, generation);
    if (cached) {
        free(key);
        return nx_http_send_text(connection, MHD_HTTP_OK, "application/json; charset=utf-8", cached, NULL);
    }
    nx_search_request_t request = {
        .query = params->query,
        .offset = (params->page - 1) * params->per_page,
        .limit = params->per_page,
        .techs = params->techs.items, .n_techs = params->techs.count,
        .kinds = params->kinds.items, .n_kinds = params->kinds.count,
        .learners = params->learners.items, .n_learners = params->learners.count,
        .cohorts = params->cohorts.items, .n_cohorts = params->cohorts.count,
        .group_by_learner = params->group_by_learner,
        .facets = params->facets != 0,
    };
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status) {
        free(key);
        if (status == NX_ERR_QUERY_SYNTAX)
            return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
        return nx_api_index_failure(connection, status, nx_db_error(db), "search for", params->query);
    }
    json_t *body = results_json(params, results);
    nx_results_free(results);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    /* Filed under the revision read before searching: the search saw that one or a newer one,
     * so whoever finds it at that revision gets an answer at least that fresh. */
    if (text)
        nx_response_cache_put(server->cache, key, generation, text);
    free(key);
    return nx_http_send_text(connection, MHD_HTTP_OK, "application/json; charset=utf-8", text, NULL);
}

enum MHD_Result nx_route_search(const nx_server_t *server, struct MHD_Connection *connection)
{
    search_params_t params;
    char message[160];
    const char *problem = read_params(server, connection, &params, message, sizeof message);
    if (problem)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = search_with(server, db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
