/* The HTTP side of nexus-server: the libmicrohttpd daemon, request dispatch
 * to the routes, and the JSON response helpers the routes share. */
#ifndef NX_HTTP_H
#define NX_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
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

/* Starts listening on opts->host:opts->port with opts->threads workers.
 * Returns 0, or -1 after printing why to stderr. */
int nx_http_start(nx_server_t *server);

/* Stops accepting, finishes the requests in flight and frees the daemon. */
void nx_http_stop(nx_server_t *server);

/* Queues `body` as a JSON response with the API headers (no caching,
 * nosniff). Takes ownership of `body` (which may be NULL: answered as 500). */
enum MHD_Result nx_http_send_json(struct MHD_Connection *connection, unsigned status,
                                  json_t *body);

/* Queues `body` (malloc'd text, owned from here; NULL is answered as 500)
 * with `content_type`; with `filename`, the browser is told to save it. */
enum MHD_Result nx_http_send_text(struct MHD_Connection *connection, unsigned status, const char *content_type,
                                  char *body, const char *filename);

/* Adds the headers every data answer (JSON, CSV, the OpenAPI document) carries: nosniff, and a
 * Content-Security-Policy and Referrer-Policy that let nothing in it run, be framed or leak the URL. */
void nx_http_add_data_headers(struct MHD_Response *response);

/* Queues {"error": {"status": status, "message": message}}. */
enum MHD_Result nx_http_send_error(struct MHD_Connection *connection, unsigned status,
                                   const char *message);

/* A JSON string from text that should be UTF-8 but comes from outside:
 * invalid sequences are repaired rather than dropping the whole value.
 * NULL becomes "". Returns a new reference, or NULL without memory. */
json_t *nx_json_text(const char *text);

/* True for /api/learners/{learner}/similar (any {learner}: the route judges it); dispatch and the
 * metrics label both ask here, so they cannot disagree. */
bool nx_http_is_similar_path(const char *url);

/* The routes, each answering one request; defined in their own files. */
enum MHD_Result nx_route_search(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_healthz(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_learners(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_profile(const nx_server_t *server, struct MHD_Connection *connection,
                                 const char *learner);
enum MHD_Result nx_route_technologies(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_technology(const nx_server_t *server, struct MHD_Connection *connection,
                                    const char *name);
enum MHD_Result nx_route_solutions(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_openapi(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_changes(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_metrics(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_similar(const nx_server_t *server, struct MHD_Connection *connection,
                                 const char *rest); /* rest: "{learner}/similar" */
enum MHD_Result nx_route_coverage(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_suggest(const nx_server_t *server, struct MHD_Connection *connection);
enum MHD_Result nx_route_static(const nx_server_t *server, struct MHD_Connection *connection,
                                const char *url);

#endif /* NX_HTTP_H */
