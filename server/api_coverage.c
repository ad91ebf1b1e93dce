/* GET /api/coverage?tech=A&tech=B…&cohort=…&missing=A&sort=…&order=…&page=…&per_page=…&format=csv:
 * every learner against the chosen technologies (coverage.h builds the answer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_common.h"
#include "coverage.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

/* Position of the resolved technology id `id` among the columns, or -1. */
static int column_of(const nx_coverage_params_t *params, const char *id)
{
    for (size_t c = 0; c < params->techs.count; c++)
        if (strcmp(params->techs.items[c], id) == 0)
            return (int)c;
    return -1;
}

/* sort= is "learner" (the default) or one of the columns, by id, name or alias. */
static const char *check_sort(const nx_taxonomy *taxonomy, const char *sort, nx_coverage_params_t *params)
{
    params->sort_column = -1;
    if (!sort || strcmp(sort, "learner") == 0)
        return NULL;
    long index = nx_taxonomy_lookup(taxonomy, sort);
    params->sort_column = index < 0 ? -1 : column_of(params, nx_taxonomy_get(taxonomy, (size_t)index)->id);
    return params->sort_column < 0 ? "sort must be 'learner' or one of the tech= columns" : NULL;
}

/* The arguments the route table's spec parsed, as the matrix needs them; missing= and sort= must name
 * columns ("who has not covered X yet"), which only this route can judge. */
static const char *take_params(const nx_taxonomy *taxonomy, const nx_args_t *args, nx_coverage_params_t *params)
{
    memset(params, 0, sizeof *params);
    params->techs = *nx_args_list(args, "tech");
    params->cohorts = *nx_args_list(args, "cohort");
    params->missing = *nx_args_list(args, "missing");
    params->csv = args->csv;
    params->descending = nx_args_number(args, "order") == 1;
    params->page = nx_args_number(args, "page");
    params->per_page = nx_args_number(args, "per_page");
    for (size_t i = 0; i < params->missing.count; i++)
        if (column_of(params, params->missing.items[i]) < 0)
            return "missing must name one of the tech= columns";
    return check_sort(taxonomy, nx_args_text(args, "sort"), params);
}

enum MHD_Result nx_route_coverage(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                  const nx_args_t *args)
{
    (void)param;
    nx_coverage_params_t params;
    const char *problem = take_params(server->taxonomy, args, &params);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    char *body = NULL;
    nx_status_t status = nx_coverage_answer(db, server->taxonomy, &params, &body);
    enum MHD_Result result;
    if (status)
        result = nx_api_index_failure(connection, status, nx_db_error(db), "building the coverage matrix of",
                                      params.techs.items[0]);
    else if (params.csv) {
        char missing[NX_MISSING_SHARDS_MAX];
        nx_shards_missing_list(db, missing, sizeof missing);
        result = nx_send_csv(connection, body, "coverage.csv", missing);
    }
    else
        result = nx_send_json_text(connection, MHD_HTTP_OK, body);
    nx_db_pool_release(server->pool, db);
    return result;
}
