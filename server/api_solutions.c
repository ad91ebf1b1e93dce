/* GET /api/solutions?q=…&tech=…&cohort=…&page=…&per_page=…: challenge/solution pairs ranked
 * for a problem, each with both parts highlighted and a link to where the learner wrote it; written by the JSON
 * writer, each solution by the one hit writer (nx_write_hit_members). */
#include <stdio.h>
#include <string.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

typedef struct solutions_params {
    const char *query;
    nx_arg_values_t techs, cohorts;
    unsigned page, per_page;
    nx_matching_t matching;
    unsigned drop_threshold;
} solutions_params_t;

/* The arguments the route table's spec parsed, as the search for pairs needs them. */
static void take_params(const nx_args_t *args, solutions_params_t *params)
{
    *params = (solutions_params_t){
        .query = nx_args_text(args, "q"),
        .techs = *nx_args_list(args, "tech"),
        .cohorts = *nx_args_list(args, "cohort"),
        .page = nx_args_number(args, "page"),
        .per_page = nx_args_number(args, "per_page"),
        .matching = (nx_matching_t)nx_args_number(args, "matching_strategy"),
        .drop_threshold = nx_args_number(args, "drop_tokens_threshold"),
    };
}

static void write_solutions(nx_json_writer_t *w, const nx_results_t *results)
{
    nx_jw_key(w, "solutions");
    nx_jw_begin_array(w);
    for (size_t i = 0; i < nx_results_count(results); i++) {
        nx_hit_t hit;
        if (nx_results_hit(results, i, &hit)) {
            w->out.failed = true; /* answered as 500, as a failed read always was */
            break;
        }
        nx_write_hit(w, &hit);
    }
    nx_jw_end_array(w);
}

static void write_terms(nx_json_writer_t *w, const nx_results_t *results)
{
    static const char *const KEYS[] = {"matched_terms", "dropped_terms", "ignored_terms"};
    static const nx_term_role_t ROLES[] = {NX_TERMS_MATCHED, NX_TERMS_DROPPED, NX_TERMS_IGNORED};
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        nx_jw_key(w, KEYS[i]);
        nx_write_id_list(w, nx_results_terms(results, ROLES[i]));
    }
}

/* The answer for one page of solutions; NULL without memory (or when a hit could not be read). */
static char *solutions_text(const solutions_params_t *params, const nx_results_t *results, const nx_db_t *db)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "query", params->query);
    nx_jw_key(&w, "corrected_query");
    nx_jw_string_or_null(&w, nx_results_corrected_query(results));
    nx_jw_key(&w, "did_you_mean");
    nx_jw_string_or_null(&w, nx_results_did_you_mean(results));
    nx_jw_key(&w, "relaxed");
    nx_jw_bool(&w, nx_results_relaxed(results));
    nx_jw_member_string(&w, "matching_strategy", NX_MATCHING_NAMES[params->matching]);
    write_terms(&w, results);
    nx_jw_member_integer(&w, "page", params->page);
    nx_jw_member_integer(&w, "per_page", params->per_page);
    nx_jw_member_integer(&w, "estimated_total", (int64_t)nx_results_estimate(results));
    write_solutions(&w, results);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
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
    char *text = solutions_text(params, results, db);
    nx_results_free(results);
    return nx_send_json_text(connection, MHD_HTTP_OK, text);
}

enum MHD_Result nx_route_solutions(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                   const nx_args_t *args)
{
    (void)param;
    solutions_params_t params;
    take_params(args, &params);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = search_with(db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
