/* The server context every route reads: options, the index pool, the taxonomy, the limiter, the cache and
 * the metrics. A header of its own so that the routes need not include the dispatcher (http.h). */
#ifndef NX_SERVER_H
#define NX_SERVER_H

#include <microhttpd.h>
#include <stdint.h>

#include "conn_guard.h"
#include "db_pool.h"
#include "metrics.h"
#include "nx_taxonomy.h"
#include "options.h"
#include "rate_limit.h"
#include "response_cache.h"

/* Everything a request needs, passed to libmicrohttpd as the handler closure.
 * Immutable while the daemon runs; the pool does its own locking and the
 * metrics are atomic counters. */
typedef struct nx_server {
    const nx_server_options_t *opts; /* borrowed */
    nx_db_pool_t *pool;              /* borrowed */
    const nx_taxonomy *taxonomy;     /* borrowed; the technologies tech= names resolve against */
    nx_rate_limiter_t *limiter;      /* borrowed; NULL when --rate-limit is 0 */
    nx_response_cache_t *cache;      /* borrowed; NULL when --cache-mb is 0 */
    struct MHD_Daemon *daemon;       /* owned; set by nx_http_start() */
    nx_conn_guard_t *guard;          /* owned; set by nx_http_start() */
    uint16_t bound_port;             /* the real port once started */
    nx_metrics_t *metrics;           /* borrowed; counted by every request */
} nx_server_t;

#endif /* NX_SERVER_H */
