/* GET /healthz: tells a load balancer or a test whether the index can be read,
 * and how many sections it holds. */
#include <stdio.h>

#include "api.h"
#include "response.h"
#include "server.h"
#include "shard_state.h"

/* {"status": "ok", "documents": N, "shards": [{"shard": 0, "up": true}, …], "partial": …, "missing_shards": […]}:
 * each shard's state, then what the count left out. */
static char *health_text(const nx_db_t *db, uint64_t documents)
{
    nx_json_writer_t w = {0};
    nx_jw_begin_object(&w);
    nx_jw_member_string(&w, "status", "ok");
    nx_jw_member_integer(&w, "documents", (int64_t)documents);
    nx_jw_key(&w, "shards");
    nx_shards_write_health(&w, db);
    nx_shards_write(&w, db);
    nx_jw_end_object(&w);
    return nx_jw_take(&w);
}

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
    char *body = status ? NULL : health_text(db, documents); /* while the handle is ours: it knows the shards */
    nx_db_pool_release(server->pool, db);
    if (status)
        return nx_send_error(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "the index cannot be read");
    return nx_send_json_text(connection, MHD_HTTP_OK, body);
}
