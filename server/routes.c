/* The route table (see routes.h), in the manner of Redis's command table: adding a route is one entry
 * here, and dispatch, /metrics and the OpenAPI check cannot disagree about it. */
#include "routes.h"

#include <string.h>

#include "paths.h"
#include "response.h"
#include "suggest.h"

/* /api itself and any path under it that no entry above names: a JSON 404 rather than the page's. */
static enum MHD_Result answer_unknown_api(const nx_server_t *server, struct MHD_Connection *connection,
                                          const char *url, const nx_args_t *args)
{
    (void)server;
    (void)url;
    (void)args;
    return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "no such API route");
}

/* The arguments of each route, in the order they are judged (the first refusal is the 400's message). */
#define TEXT(name, bytes, required) {name, NX_ARG_TEXT, bytes, 0, 0, 0, NULL, 0, required}
#define INTEGER(name, max, dflt) {name, NX_ARG_INTEGER, max, dflt, 0, 0, NULL, 0, NULL}
#define LIST(name) {name, NX_ARG_LIST, 0, 0, 0, 0, NULL, 0, NULL}
#define TECHS(name, required) {name, NX_ARG_TECHS, 0, 0, 0, 0, NULL, 0, required}
#define CHOICE(name, choices) {name, NX_ARG_CHOICE, 0, 0, 0, 0, choices, sizeof choices / sizeof choices[0], NULL}
#define FLAG(name, word) {name, NX_ARG_FLAG, 0, 0, 0, 0, (const char *const[]){word}, 1, NULL}
#define PAGE(max) INTEGER("page", max, 1)
/* Plain-language matching (README, Query syntax): how many words may be dropped, and which first. */
#define MATCHING CHOICE("matching_strategy", NX_MATCHING_NAMES), INTEGER("drop_tokens_threshold", NX_DROP_THRESHOLD_MAX, 0)
#define FORMAT CHOICE("format", NX_FORMAT_NAMES)

static const nx_arg_spec_t SEARCH_ARGS[] = {
    TEXT("q", NX_QUERY_MAX_BYTES, "missing query: pass the words to search for as ?q=..."),
    /* Deep pages cost Xapian offset+limit ranked documents; nobody reads page 10001. */
    PAGE(10000),
    INTEGER("per_page", 100, 10),
    FLAG("group", "learner"),
    /* Counting facets visits every match, so they are opt-in: without them the search stops early. */
    {"facets", NX_ARG_CHOICES, 0, 0, 0, 0, NX_FACET_NAMES, sizeof NX_FACET_NAMES / sizeof NX_FACET_NAMES[0], NULL},
    MATCHING,
    TECHS("tech", NULL),
    LIST("kind"),
    LIST("learner"),
    LIST("cohort"),
};

static const nx_arg_spec_t LEARNERS_ARGS[] = {
    FORMAT,
    TEXT("q", NX_QUERY_MAX_BYTES, NULL),
    TECHS("tech", NULL),
    LIST("cohort"),
    PAGE(1000),
    /* A spreadsheet holds the whole list: every learner of a large cohort fits. */
    {"per_page", NX_ARG_INTEGER, 100, 20, 1000, 1000, NULL, 0, NULL},
    MATCHING,
};

static const nx_arg_spec_t SIMILAR_ARGS[] = {INTEGER("limit", 50, 10)};

static const nx_arg_spec_t TECHNOLOGIES_ARGS[] = {FLAG("include", "learners")};

static const nx_arg_spec_t SOLUTIONS_ARGS[] = {
    TEXT("q", NX_QUERY_MAX_BYTES, "missing query: describe the problem as ?q=..."),
    TECHS("tech", NULL),
    LIST("cohort"),
    PAGE(1000),
    INTEGER("per_page", 100, 10),
    MATCHING,
};

static const nx_arg_spec_t CHANGES_ARGS[] = {
    {"since", NX_ARG_DATE, 40, 0, 0, 0, NULL, 0,
     "since is required: an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z)"},
    PAGE(1000),
    INTEGER("per_page", 1000, 100),
};

static const nx_arg_spec_t COVERAGE_ARGS[] = {
    TECHS("tech", "name the columns: ?tech=name (repeatable, 1 to 20)"),
    LIST("cohort"),
    TECHS("missing", NULL),
    TEXT("sort", NX_ARG_VALUE_MAX_BYTES, NULL),
    FORMAT,
    CHOICE("order", NX_ORDER_NAMES),
    PAGE(10000),
    /* A spreadsheet holds a whole cohort; each row parses one profile, so a page stays bounded. */
    {"per_page", NX_ARG_INTEGER, 500, 100, 1000, 100, NULL, 0, NULL},
};

static const nx_arg_spec_t SUGGEST_ARGS[] = {
    TEXT("q", NX_ARG_VALUE_MAX_BYTES, "missing prefix: pass what was typed so far as ?q=..."),
    INTEGER("limit", NX_SUGGEST_LIMIT_MAX, NX_SUGGEST_LIMIT_DEFAULT),
};

#define GET_HEAD "GET, HEAD"
#define ARGS(spec) spec, sizeof spec / sizeof spec[0]
#define NO_ARGS NULL, 0

/* Order matters only where patterns overlap: the first match wins, so .../similar precedes
 * /api/learners/{learner}, and the two subtrees (unknown API paths, then the page's files) come last. */
static const nx_route_t ROUTES[] = {
    {NX_PATH_SEARCH, NX_MATCH_EXACT, GET_HEAD, nx_route_search, ARGS(SEARCH_ARGS), "search", true},
    {NX_PATH_LEARNERS, NX_MATCH_EXACT, GET_HEAD, nx_route_learners, ARGS(LEARNERS_ARGS), "learners", true},
    {NX_PATH_SIMILAR, NX_MATCH_PARAM, GET_HEAD, nx_route_similar, ARGS(SIMILAR_ARGS), "similar", true},
    {NX_PATH_PROFILE, NX_MATCH_PARAM, GET_HEAD, nx_route_profile, NO_ARGS, "profile", true},
    {NX_PATH_TECHNOLOGIES, NX_MATCH_EXACT, GET_HEAD, nx_route_technologies, ARGS(TECHNOLOGIES_ARGS), "technologies",
     true},
    {NX_PATH_TECHNOLOGY, NX_MATCH_PARAM, GET_HEAD, nx_route_technology, NO_ARGS, "technology", true},
    {NX_PATH_SOLUTIONS, NX_MATCH_EXACT, GET_HEAD, nx_route_solutions, ARGS(SOLUTIONS_ARGS), "solutions", true},
    {NX_PATH_CHANGES, NX_MATCH_EXACT, GET_HEAD, nx_route_changes, ARGS(CHANGES_ARGS), "changes", true},
    {NX_PATH_COVERAGE, NX_MATCH_EXACT, GET_HEAD, nx_route_coverage, ARGS(COVERAGE_ARGS), "coverage", true},
    {NX_PATH_SUGGEST, NX_MATCH_EXACT, GET_HEAD, nx_route_suggest, ARGS(SUGGEST_ARGS), "suggest", true},
    {NX_PATH_METRICS, NX_MATCH_EXACT, GET_HEAD, nx_route_metrics, NO_ARGS, "metrics", true},
    {NX_PATH_OPENAPI, NX_MATCH_EXACT, GET_HEAD, nx_route_openapi, NO_ARGS, "openapi", true},
    {NX_PATH_HEALTHZ, NX_MATCH_EXACT, GET_HEAD, nx_route_healthz, NO_ARGS, "healthz", true},
    {NX_PATH_API, NX_MATCH_SUBTREE, GET_HEAD, answer_unknown_api, NO_ARGS, "other", false},
    {NX_PATH_PAGE, NX_MATCH_SUBTREE, GET_HEAD, nx_route_static, NO_ARGS, "static", false},
};

_Static_assert(sizeof SEARCH_ARGS / sizeof SEARCH_ARGS[0] <= NX_ARGS_MAX, "NX_ARGS_MAX must hold every route's");

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
