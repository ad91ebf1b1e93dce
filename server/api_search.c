/* GET /api/search?q=…&tech=…&kind=…&learner=…&cohort=…&group=learner&facets=…&page=…&per_page=…:
 * sections matching the query under facet filters, with learner facet counts when asked for. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "paths.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

/* The facets= names (bit i of the mask is NX_FACET_NAMES[i]), in the order facet_distribution lists them. */
#define NX_FACETS (sizeof NX_FACET_NAMES / sizeof NX_FACET_NAMES[0])

typedef struct search_params {
    const char *query; /* borrowed from the connection, NUL-free valid UTF-8 */
    unsigned page;
    unsigned per_page;
    bool group_by_learner;
    unsigned facets; /* bit i: count NX_FACET_NAMES[i]; 0: no counting at all */
    nx_arg_values_t techs, kinds, learners, cohorts;
    nx_matching_t matching;
    unsigned drop_threshold; /* 0: the shim's default */
} search_params_t;

/* The arguments the route table's spec parsed, as the search needs them. */
static void take_params(const nx_args_t *args, search_params_t *params)
{
    *params = (search_params_t){
        .query = nx_args_text(args, "q"),
        .page = nx_args_number(args, "page"),
        .per_page = nx_args_number(args, "per_page"),
        .group_by_learner = nx_args_number(args, "group") != 0,
        .facets = nx_args_number(args, "facets"),
        .techs = *nx_args_list(args, "tech"),
        .kinds = *nx_args_list(args, "kind"),
        .learners = *nx_args_list(args, "learner"),
        .cohorts = *nx_args_list(args, "cohort"),
        .matching = (nx_matching_t)nx_args_number(args, "matching_strategy"),
        .drop_threshold = nx_args_number(args, "drop_tokens_threshold"),
    };
}

/* {"celery": 3, …} in the order the shim ranks them (most learners first). */
static void write_facet(nx_json_writer_t *w, const nx_results_t *results, const char *facet)
{
    nx_jw_begin_object(w);
    size_t n = nx_results_facet_count(results, facet);
    for (size_t i = 0; i < n; i++) {
        const char *value = NULL;
        uint64_t learners = 0;
        if (nx_results_facet(results, facet, i, &value, &learners)) {
            w->out.failed = true;
            break;
        }
        nx_jw_key(w, value);
        nx_jw_integer(w, (int64_t)learners);
    }
    nx_jw_end_object(w);
}

/* learner_total and facet_distribution (the asked facets only) come from the pass over every match
 * that only facets= pays for. */
static void write_facets(nx_json_writer_t *w, const search_params_t *params, const nx_results_t *results)
{
    if (!params->facets)
        return;
    nx_jw_member_integer(w, "learner_total", (int64_t)nx_results_learner_total(results));
    nx_jw_key(w, "facet_distribution");
    nx_jw_begin_object(w);
    for (size_t i = 0; i < NX_FACETS; i++) {
        if (params->facets & (1u << i)) {
            nx_jw_key(w, NX_FACET_NAMES[i]);
            write_facet(w, results, NX_FACET_NAMES[i]);
        }
    }
    nx_jw_end_object(w);
}

static void write_hits(nx_json_writer_t *w, const search_params_t *params, const nx_results_t *results)
{
    nx_jw_begin_array(w);
    size_t count = nx_results_count(results);
    for (size_t i = 0; i < count; i++) {
        nx_hit_t hit;
        if (nx_results_hit(results, i, &hit)) {
            w->out.failed = true;
            break;
        }
        nx_jw_begin_object(w);
        nx_write_hit_members(w, &hit);
        if (params->group_by_learner) {
            nx_jw_member_integer(w, "learner_matches", (int64_t)hit.learner_matches);
        }
        nx_jw_end_object(w);
    }
    nx_jw_end_array(w);
}

static void write_filters(nx_json_writer_t *w, const search_params_t *params)
{
    nx_jw_key(w, "filters");
    nx_jw_begin_object(w);
    nx_write_values(w, "tech", &params->techs);
    nx_write_values(w, "kind", &params->kinds);
    nx_write_values(w, "learner", &params->learners);
    nx_write_values(w, "cohort", &params->cohorts);
    nx_jw_end_object(w);
}

/* What the words of a plain-language query did: which every hit has, which some lack, which were
 * function words. */
static void write_terms(nx_json_writer_t *w, const search_params_t *params, const nx_results_t *results)
{
    static const char *const KEYS[] = {"matched_terms", "dropped_terms", "ignored_terms"};
    static const nx_term_role_t ROLES[] = {NX_TERMS_MATCHED, NX_TERMS_DROPPED, NX_TERMS_IGNORED};
    nx_jw_member_string(w, "matching_strategy", NX_MATCHING_NAMES[params->matching]);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        nx_jw_key(w, KEYS[i]);
        nx_write_id_list(w, nx_results_terms(results, ROLES[i]));
    }
}

/* The response body for one page of results (written straight as text: this is the hot route);
 * NULL without memory. */
static char *results_text(const search_params_t *params, const nx_results_t *results, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "query", params->query);
    nx_jw_member_string(&w, "parsed_query", nx_results_parsed_query(results));
    nx_jw_key(&w, "relaxed");
    nx_jw_bool(&w, nx_results_relaxed(results));
    nx_jw_key(&w, "corrected_query");
    nx_jw_string_or_null(&w, nx_results_corrected_query(results));
    nx_jw_key(&w, "did_you_mean");
    nx_jw_string_or_null(&w, nx_results_did_you_mean(results));
    write_terms(&w, params, results);
    write_filters(&w, params);
    nx_jw_key(&w, "group");
    if (params->group_by_learner)
        nx_jw_string(&w, "learner");
    else
        nx_jw_null(&w);
    nx_jw_member_integer(&w, "page", params->page);
    nx_jw_member_integer(&w, "per_page", params->per_page);
    nx_jw_member_integer(&w, "estimated_total", (int64_t)nx_results_estimate(results));
    write_facets(&w, params, results);
    nx_shards_write(&w, db);
    nx_jw_key(&w, "hits");
    write_hits(&w, params, results);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

/* The generation answers may be cached under: the handle's index revision. False when there is no
 * cache or no single revision (a union of shards): then nothing is cached. */
static bool cache_generation(const nx_server_t *server, nx_db_t *db, uint64_t *generation)
{
    return server->cache && nx_db_generation(db, generation) == NX_OK;
}

/* Runs the search on a borrowed handle and queues the answer, from the cache when it holds one for
 * the same parsed arguments at the index's current revision. The handle's error text is only valid
 * while we hold it, so the response is built here. */
static enum MHD_Result search_with(const nx_server_t *server, nx_db_t *db, const search_params_t *params,
                                   const nx_args_t *args, struct MHD_Connection *connection)
{
    uint64_t generation = 0;
    char *key = cache_generation(server, db, &generation) ? nx_args_key(args, NX_PATH_SEARCH) : NULL;
    char *cached = nx_response_cache_get(server->cache, key, generation);
    if (cached) {
        free(key);
        return nx_send_json_text(connection, MHD_HTTP_OK, cached);
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
        .matching = params->matching,
        .drop_threshold = params->drop_threshold,
    };
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status) {
        free(key);
        if (status == NX_ERR_QUERY_SYNTAX)
            return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
        return nx_api_index_failure(connection, status, nx_db_error(db), "search for", params->query);
    }
    char *text = results_text(params, results, db);
    nx_results_free(results);
    /* Filed under the revision read before searching: the search saw that one or a newer one,
     * so whoever finds it at that revision gets an answer at least that fresh. */
    if (text)
        nx_response_cache_put(server->cache, key, generation, text);
    free(key);
    return nx_send_json_text(connection, MHD_HTTP_OK, text);
}

enum MHD_Result nx_route_search(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                const nx_args_t *args)
{
    (void)param;
    search_params_t params;
    take_params(args, &params);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = search_with(server, db, &params, args, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
