/* The handlers the route table (routes.c) points at, one per route, each defined in its own file
 * (api_*.c, metrics.c, static_files.c). Only routes.c calls them. */
#ifndef NX_API_H
#define NX_API_H

#include <microhttpd.h>

#include "request_params.h"

/* The context is only passed through here (server.h has it); declared, not included, so that the metrics
 * can size their counters by the route table without an include cycle. C11 allows the repeated typedef. */
typedef struct nx_server nx_server_t;

/* Every handler answers one request. `param` is the decoded text that filled the route's one {name} in its
 * path ("ana" of /api/learners/ana; for /api/learners/{learner}/similar, "ana/similar": the handler judges
 * it), the whole path for a subtree route, NULL for a route without one. Borrowed from libmicrohttpd
 * until the response is queued. `args` are the query arguments, parsed from the route's spec in the
 * route table before the handler is called (a refused one was answered 400 already); handlers never
 * read the query string themselves. */
typedef enum MHD_Result (*nx_route_handler_t)(const nx_server_t *server, struct MHD_Connection *connection,
                                              const char *param, const nx_args_t *args);

enum MHD_Result nx_route_search(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                const nx_args_t *args);
enum MHD_Result nx_route_learners(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                  const nx_args_t *args);
enum MHD_Result nx_route_profile(const nx_server_t *server, struct MHD_Connection *connection, const char *learner,
                                 const nx_args_t *args);
enum MHD_Result nx_route_similar(const nx_server_t *server, struct MHD_Connection *connection, const char *rest,
                                 const nx_args_t *args);
enum MHD_Result nx_route_technologies(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                      const nx_args_t *args);
enum MHD_Result nx_route_technology(const nx_server_t *server, struct MHD_Connection *connection, const char *name,
                                    const nx_args_t *args);
enum MHD_Result nx_route_coverage(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                  const nx_args_t *args);
enum MHD_Result nx_route_suggest(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args);
enum MHD_Result nx_route_solutions(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                   const nx_args_t *args);
enum MHD_Result nx_route_changes(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args);
enum MHD_Result nx_route_metrics(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args);
enum MHD_Result nx_route_healthz(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args);
enum MHD_Result nx_route_openapi(const nx_server_t *server, struct MHD_Connection *connection, const char *param,
                                 const nx_args_t *args);
enum MHD_Result nx_route_static(const nx_server_t *server, struct MHD_Connection *connection, const char *url,
                                const nx_args_t *args);

#endif /* NX_API_H */
