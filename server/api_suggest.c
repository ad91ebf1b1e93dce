/* GET /api/suggest?q=PREFIX&limit=N: what one can ask that starts with what was typed — technology
 * names and aliases, learner names, frequent heading phrases (suggest.h builds the answer). */
#include <stdio.h>
#include <stdlib.h>

#include "api_common.h"
#include "api.h"
#include "response.h"
#include "server.h"
#include "suggest.h"

enum MHD_Result nx_route_suggest(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args)
{
    (void)param;
    const char *prefix = nx_args_text(args, "q");
    unsigned limit = nx_args_number(args, "limit");
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    char *body = NULL;
    nx_status_t status = nx_suggest_answer(db, server->taxonomy, prefix, limit, &body);
    enum MHD_Result result =
        status ? nx_api_index_failure(connection, status, nx_db_error(db), "suggesting for", prefix)
               : nx_send_json_text(connection, MHD_HTTP_OK, body);
    nx_db_pool_release(server->pool, db);
    return result;
}
