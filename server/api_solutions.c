/* GET /api/solutions?q=…&tech=…&cohort=…&page=…&per_page=…: challenge/solution pairs ranked
 * for a problem, each with both parts highlighted and a link to where the learner wrote it. */
#include <stdio.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"

#define NX_SOLUTIONS_PER_PAGE_DEFAULT 10
#define NX_SOLUTIONS_PER_PAGE_MAX 100
#define NX_SOLUTIONS_PAGE_MAX 1000

typedef struct solutions_params {
    const char *query;
    nx_arg_values_t techs, cohorts;
    unsigned page, per_page;
    nx_matching_t matching;
    unsigned drop_threshold;
} solutions_params_t;

static const char *read_params(const nx_server_t *server, struct MHD_Connection *connection,
                               solutions_params_t *params, char *message, size_t message_size)
{
    memset(params, 0, sizeof *params);
    params->page = 1;
    params->per_page = NX_SOLUTIONS_PER_PAGE_DEFAULT;
    const char *problem = nx_arg_text(connection, "q", NX_QUERY_MAX_BYTES, &params->query, message, message_size);
    if (!problem && !params->query)
        problem = "missing query: describe the problem as ?q=...";
    if (!problem)
        problem = nx_arg_list(connection, "tech", &params->techs, message, message_size);
    if (!problem)
        problem = nx_resolve_techs(server->taxonomy, &params->techs, message, message_size);
    if (!problem)
        problem = nx_arg_list(connection, "cohort", &params->cohorts, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "page", NX_SOLUTIONS_PAGE_MAX, &params->page, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "per_page", NX_SOLUTIONS_PER_PAGE_MAX, &params->per_page, message,
                                 message_size);
    if (!problem)
        problem = nx_arg_matching(connection, &params->matching, &params->drop_threshold, message, message_size);
    return problem;
}

static json_t *solutions_json(const nx_results_t *results)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < nx_results_count(results); i++) {
        nx_hit_t hit;
        if (nx_results_hit(results, i, &hit) || json_array_append_new(list, nx_json_hit(&hit))) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *text_or_null(const char *text)
{
    return text && text[0] ? nx_json_text(text) : json_null();
}

static enum MHD_Result search_with(nx_db_t *db, const solutions_params_t *params, struct MHD_Connection *connection)
{
    nx_search_request_t request = {
        .query = params->query,
        .offset = (params->page - 1) * params->per_page,
        .limit = params->per_page,
        .techs = params->techs.items, .n_techs = params->techs.count,
        .cohorts = params->cohorts.items, .n_cohorts = params->cohorts.count,
        .challenges = 1,
        .snippet_len = 300,
        .matching = params->matching,
        .drop_threshold = params->drop_threshold,
    };
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status == NX_ERR_QUERY_SYNTAX)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
    if (status)
        return nx_api_index_failure(connection, status, nx_db_error(db), "searching solutions for", params->query);
    json_t *body = json_pack("{s:o,s:o,s:o,s:b,s:s,s:o,s:o,s:o,s:I,s:I,s:I,s:o}",
                             "query", nx_json_text(params->query),
                             "corrected_query", text_or_null(nx_results_corrected_query(results)),
                             "did_you_mean", text_or_null(nx_results_did_you_mean(results)),
                             "relaxed", nx_results_relaxed(results) ? 1 : 0,
                             "matching_strategy", NX_MATCHING_NAMES[params->matching],
                             "matched_terms", nx_json_id_list(nx_results_terms(results, NX_TERMS_MATCHED)),
                             "dropped_terms", nx_json_id_list(nx_results_terms(results, NX_TERMS_DROPPED)),
                             "ignored_terms", nx_json_id_list(nx_results_terms(results, NX_TERMS_IGNORED)),
                             "page", (json_int_t)params->page,
                             "per_page", (json_int_t)params->per_page,
                             "estimated_total", (json_int_t)nx_results_estimate(results),
                             "solutions", solutions_json(results));
    nx_results_free(results);
    return nx_send_json(connection, MHD_HTTP_OK, body);
}

enum MHD_Result nx_route_solutions(const nx_server_t *server, struct MHD_Connection *connection, const char *param)
{
    (void)param;
    solutions_params_t params;
    char message[160];
    const char *problem = read_params(server, connection, &params, message, sizeof message);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = search_with(db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
