/* The route table: every path the server answers, with its methods, handler, arguments and metrics label,
 * in one array (routes.c) that dispatch, the metrics and the OpenAPI check all read. */
#ifndef NX_ROUTES_H
#define NX_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "request_params.h"

/* How a route's pattern meets a path. */
typedef enum nx_route_match {
    NX_MATCH_EXACT,   /* the path is the pattern */
    NX_MATCH_PARAM,   /* the pattern with its one {name} filled by any text (non-empty before a suffix) */
    NX_MATCH_SUBTREE, /* the pattern itself or anything under pattern/ */
} nx_route_match_t;

typedef struct nx_route {
    const char *pattern;        /* an OpenAPI path template: "/api/learners/{learner}/similar" */
    nx_route_match_t match;
    const char *methods;        /* as the Allow header of a 405 lists them */
    nx_route_handler_t handler;
    const nx_arg_spec_t *args;  /* the query arguments it reads (OpenAPI's "in: query"), in the order judged */
    size_t n_args;
    const char *label;          /* its route="" in /metrics; unique */
    bool documented;            /* described in server/openapi.json */
} nx_route_t;

/* Entries in the table; metrics keep one counter per entry. */
#define NX_ROUTES 15

/* Entry `i` (< NX_ROUTES), static. */
const nx_route_t *nx_route_at(size_t i);

/* The first entry whose pattern meets `url`, in table order (the table ends in a subtree of everything, so
 * there always is one); *param gets the handler's `param` (see api.h), borrowed from `url`. */
size_t nx_route_find(const char *url, const char **param);

/* True when `method` is among the entry's methods. */
bool nx_route_allows(const nx_route_t *route, const char *method);

/* The entry a request is counted under: its route's, or the unknown-path entry's when the method is refused. */
size_t nx_route_metrics_slot(const char *url, const char *method);

#endif /* NX_ROUTES_H */
