/* The route table (see routes.h), in the manner of Redis's command table: adding a route is one entry
 * here, and dispatch, /metrics and the OpenAPI check cannot disagree about it. */
#include "routes.h"

#include <string.h>

#include "paths.h"
#include "response.h"

/* /api itself and any path under it that no entry above names: a JSON 404 rather than the page's. */
static enum MHD_Result answer_unknown_api(const nx_server_t *server, struct MHD_Connection *connection,
                                          const char *url)
{
    (void)server;
    (void)url;
    return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such API route");
}

#define GET_HEAD "GET, HEAD"
#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_ARGS ((const char *const[]){NULL})
#define MATCHING "matching_strategy", "drop_tokens_threshold"

/* Order matters only where patterns overlap: the first match wins, so .../similar precedes
 * /api/learners/{learner}, and the two subtrees (unknown API paths, then the page's files) come last. */
static const nx_route_t ROUTES[] = {
    {NX_PATH_SEARCH, NX_MATCH_EXACT, GET_HEAD, nx_route_search,
     ARGS("q", "tech", "kind", "learner", "cohort", "group", "facets", "page", "per_page", MATCHING), "search", true},
    {NX_PATH_LEARNERS, NX_MATCH_EXACT, GET_HEAD, nx_route_learners,
     ARGS("q", "tech", "cohort", "format", "page", "per_page", MATCHING), "learners", true},
    {NX_PATH_SIMILAR, NX_MATCH_PARAM, GET_HEAD, nx_route_similar, ARGS("limit"), "similar", true},
    {NX_PATH_PROFILE, NX_MATCH_PARAM, GET_HEAD, nx_route_profile, NO_ARGS, "profile", true},
    {NX_PATH_TECHNOLOGIES, NX_MATCH_EXACT, GET_HEAD, nx_route_technologies, ARGS("include"), "technologies", true},
    {NX_PATH_TECHNOLOGY, NX_MATCH_PARAM, GET_HEAD, nx_route_technology, NO_ARGS, "technology", true},
    {NX_PATH_SOLUTIONS, NX_MATCH_EXACT, GET_HEAD, nx_route_solutions,
     ARGS("q", "tech", "cohort", "page", "per_page", MATCHING), "solutions", true},
    {NX_PATH_CHANGES, NX_MATCH_EXACT, GET_HEAD, nx_route_changes, ARGS("since", "page", "per_page"), "changes", true},
    {NX_PATH_COVERAGE, NX_MATCH_EXACT, GET_HEAD, nx_route_coverage,
     ARGS("tech", "cohort", "missing", "sort", "order", "format", "page", "per_page"), "coverage", true},
    {NX_PATH_SUGGEST, NX_MATCH_EXACT, GET_HEAD, nx_route_suggest, ARGS("q", "limit"), "suggest", true},
    {NX_PATH_METRICS, NX_MATCH_EXACT, GET_HEAD, nx_route_metrics, NO_ARGS, "metrics", true},
    {NX_PATH_OPENAPI, NX_MATCH_EXACT, GET_HEAD, nx_route_openapi, NO_ARGS, "openapi", true},
    {NX_PATH_HEALTHZ, NX_MATCH_EXACT, GET_HEAD, nx_route_healthz, NO_ARGS, "healthz", true},
    {NX_PATH_API, NX_MATCH_SUBTREE, GET_HEAD, answer_unknown_api, NO_ARGS, "other", false},
    {NX_PATH_PAGE, NX_MATCH_SUBTREE, GET_HEAD, nx_route_static, NO_ARGS, "static", false},
};

/* The metrics keep NX_ROUTES counters, one per entry. */
_Static_assert(sizeof ROUTES / sizeof ROUTES[0] == NX_ROUTES, "NX_ROUTES must count the entries of ROUTES");

const nx_route_t *nx_route_at(size_t i)
{
    return i < NX_ROUTES ? &ROUTES[i] : NULL;
}

/* {name} in a pattern: the text before it must start the path, the text after it end the path. */
static bool param_matches(const char *pattern, const char *url, const char **param)
{
    const char *open = strchr(pattern, '{'), *close = open ? strchr(open, '}') : NULL;
    if (!close)
        return false;
    size_t prefix = (size_t)(open - pattern), suffix = strlen(close + 1), len = strlen(url);
    if (strncmp(url, pattern, prefix) != 0)
        return false;
    /* A suffix needs a non-empty name before it; a trailing {name} may be empty (its handler says 404). */
    if (suffix && (len <= prefix + suffix || strcmp(url + len - suffix, close + 1) != 0))
        return false;
    *param = url + prefix;
    return true;
}

static bool route_matches(const nx_route_t *route, const char *url, const char **param)
{
    size_t len = strlen(route->pattern);
    switch (route->match) {
    case NX_MATCH_EXACT:
        *param = NULL;
        return strcmp(url, route->pattern) == 0;
    case NX_MATCH_PARAM:
        return param_matches(route->pattern, url, param);
    case NX_MATCH_SUBTREE:
        *param = url;
        return strncmp(url, route->pattern, len) == 0 && (url[len] == '\0' || url[len] == '/');
    }
    return false;
}

size_t nx_route_find(const char *url, const char **param)
{
    for (size_t i = 0; i < NX_ROUTES; i++)
        if (route_matches(&ROUTES[i], url, param))
            return i;
    /* Unreachable while the last entry is the subtree of "": every path starts with '/'. */
    *param = url;
    return NX_ROUTES - 1;
}

bool nx_route_allows(const nx_route_t *route, const char *method)
{
    size_t len = strlen(method);
    for (const char *at = route->methods; *at;) {
        size_t item = strcspn(at, ",");
        if (item == len && strncmp(at, method, len) == 0)
            return true;
        at += item;
        at += strspn(at, ", ");
    }
    return false;
}

size_t nx_route_metrics_slot(const char *url, const char *method)
{
    const char *param = NULL;
    size_t i = nx_route_find(url, &param);
    if (nx_route_allows(&ROUTES[i], method))
        return i;
    /* Refused methods are counted beside unknown API paths, as "other". */
    for (i = 0; i < NX_ROUTES && ROUTES[i].handler != answer_unknown_api; i++)
        ;
    return i < NX_ROUTES ? i : NX_ROUTES - 1;
}
