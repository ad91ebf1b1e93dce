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

#define NX_COVERAGE_PER_PAGE_DEFAULT 100
#define NX_COVERAGE_PER_PAGE_MAX 500
/* A spreadsheet holds a whole cohort; each row parses one profile, so a page stays bounded. */
#define NX_COVERAGE_CSV_MAX 1000
#define NX_COVERAGE_PAGE_MAX 10000

static const char *const ORDERS[] = {"asc", "desc"};

/* Position of the resolved technology id `id` among the columns, or -1. */
static int column_of(const nx_coverage_params_t *params, const char *id)
{
    for (size_t c = 0; c < params->techs.count; c++)
        if (strcmp(params->techs.items[c], id) == 0)
            return (int)c;
    return -1;
}

/* sort= is "learner" (the default) or one of the columns, by id, name or alias. */
static const char *read_sort(const nx_server_t *server, struct MHD_Connection *connection,
                             nx_coverage_params_t *params, char *message, size_t message_size)
{
    const char *sort = NULL;
    const char *problem = nx_arg_text(connection, "sort", NX_ARG_VALUE_MAX_BYTES, &sort, message, message_size);
    params->sort_column = -1;
    if (problem || !sort || strcmp(sort, "learner") == 0)
        return problem;
    long index = nx_taxonomy_lookup(server->taxonomy, sort);
    params->sort_column = index < 0 ? -1 : column_of(params, nx_taxonomy_get(server->taxonomy, (size_t)index)->id);
    return params->sort_column < 0 ? "sort must be 'learner' or one of the tech= columns" : NULL;
}

/* missing= names columns (resolved like tech=): "who has not covered X yet". */
static const char *read_missing(const nx_server_t *server, struct MHD_Connection *connection,
                                nx_coverage_params_t *params, char *message, size_t message_size)
{
    const char *problem = nx_arg_list(connection, "missing", &params->missing, message, message_size);
    if (!problem)
        problem = nx_resolve_techs(server->taxonomy, &params->missing, message, message_size);
    for (size_t i = 0; !problem && i < params->missing.count; i++)
        if (column_of(params, params->missing.items[i]) < 0)
            problem = "missing must name one of the tech= columns";
    return problem;
}

static const char *read_paging(struct MHD_Connection *connection, nx_coverage_params_t *params, char *message,
                               size_t message_size)
{
    size_t order = 0;
    const char *problem = nx_arg_csv(connection, &params->csv, message, message_size);
    if (!problem)
        problem = nx_arg_choice(connection, "order", ORDERS, 2, &order, message, message_size);
    params->descending = order == 1;
    params->page = 1;
    params->per_page = NX_COVERAGE_PER_PAGE_DEFAULT;
    if (!problem)
        problem = nx_arg_integer(connection, "page", NX_COVERAGE_PAGE_MAX, &params->page, message, message_size);
    if (!problem)
        problem = nx_arg_integer(connection, "per_page", params->csv ? NX_COVERAGE_CSV_MAX : NX_COVERAGE_PER_PAGE_MAX,
                                 &params->per_page, message, message_size);
    return problem;
}

static const char *read_params(const nx_server_t *server, struct MHD_Connection *connection,
                               nx_coverage_params_t *params, char *message, size_t message_size)
{
    memset(params, 0, sizeof *params);
    const char *problem = nx_arg_list(connection, "tech", &params->techs, message, message_size);
    if (!problem)
        problem = nx_resolve_techs(server->taxonomy, &params->techs, message, message_size);
    if (!problem && params->techs.count == 0)
        problem = "name the columns: ?tech=name (repeatable, 1 to 20)";
    if (!problem)
        problem = nx_arg_list(connection, "cohort", &params->cohorts, message, message_size);
    if (!problem)
        problem = read_missing(server, connection, params, message, message_size);
    if (!problem)
        problem = read_sort(server, connection, params, message, message_size);
    if (!problem)
        problem = read_paging(connection, params, message, message_size);
    return problem;
}

enum MHD_Result nx_route_coverage(const nx_server_t *server, struct MHD_Connection *connection, const char *param)
{
    (void)param;
    nx_coverage_params_t params;
    char message[200];
    const char *problem = read_params(server, connection, &params, message, sizeof message);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    char *body = NULL;
    nx_status_t status = nx_coverage_answer(db, server->taxonomy, &params, &body);
    enum MHD_Result result;
    if (status)
        result = nx_api_index_failure(connection, status, nx_db_error(db), "building the coverage matrix of",
                                      params.techs.items[0]);
    else if (params.csv)
        result = nx_send_text(connection, MHD_HTTP_OK, "text/csv; charset=utf-8", body, "coverage.csv");
    else
        result = nx_send_json_text(connection, MHD_HTTP_OK, body);
    nx_db_pool_release(server->pool, db);
    return result;
}
