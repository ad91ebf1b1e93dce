/* GET /api/suggest?q=PREFIX&limit=N: what one can ask that starts with what was typed — technology
 * names and aliases, learner names, frequent heading phrases (suggest.h builds the answer). */
#include <stdio.h>
#include <stdlib.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "suggest.h"

enum MHD_Result nx_route_suggest(const nx_server_t *server, struct MHD_Connection *connection, const char *param)
{
    (void)param;
    const char *prefix = NULL;
    unsigned limit = NX_SUGGEST_LIMIT_DEFAULT;
    char message[160];
    const char *problem = nx_arg_text(connection, "q", NX_ARG_VALUE_MAX_BYTES, &prefix, message, sizeof message);
    if (!problem && !prefix)
        problem = "missing prefix: pass what was typed so far as ?q=...";
    if (!problem)
        problem = nx_arg_integer(connection, "limit", NX_SUGGEST_LIMIT_MAX, &limit, message, sizeof message);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    char *body = NULL;
    nx_status_t status = nx_suggest_answer(db, server->taxonomy, prefix, limit, &body);
    enum MHD_Result result =
        status ? nx_api_index_failure(connection, status, nx_db_error(db), "suggesting for", prefix)
               : nx_send_json_text(connection, MHD_HTTP_OK, body);
    nx_db_pool_release(server->pool, db);
    return result;
}
