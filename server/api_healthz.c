/* GET /healthz: tells a load balancer or a test whether the index can be read,
 * and how many sections it holds. */
#include <stdio.h>

#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

enum MHD_Result nx_route_healthz(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args)
{
    (void)args;
    (void)param;
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    uint64_t documents = 0;
    /* Refresh first so the count follows a reindex, as searches do. */
    nx_status_t status = nx_db_refresh(db);
    if (!status)
        status = nx_db_doc_count(db, &documents);
    if (status)
        fprintf(stderr, "nexus-server: healthz: cannot read the index: %s: %s\n",
                nx_status_str(status), nx_db_error(db));
    json_t *shards = status ? NULL : nx_shards_health(db);
    json_t *body = status ? NULL : json_pack("{s:s,s:I,s:o*}", "status", "ok", "documents", (json_int_t)documents,
                                             "shards", shards);
    nx_shards_add(body, db); /* read while the handle is ours: it says what the count above left out */
    nx_db_pool_release(server->pool, db);
    if (status)
        return nx_send_error(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                                  "the index cannot be read");
    return nx_send_json(connection, MHD_HTTP_OK, body);
}
