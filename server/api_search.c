/* GET /api/search?q=…&page=…&per_page=…: validates the query string, runs the
 * search on a borrowed read handle and answers with the hits as JSON. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "links.h"
#include "nx_text.h"

#define NX_QUERY_MAX_BYTES 1024
#define NX_PER_PAGE_DEFAULT 10
#define NX_PER_PAGE_MAX 100
/* Deep pages cost Xapian offset+limit ranked documents; nobody reads page 10001. */
#define NX_PAGE_MAX 10000

typedef struct search_params {
    const char *query; /* borrowed from the connection, NUL-free valid UTF-8 */
    unsigned page;
    unsigned per_page;
} search_params_t;

/* Reads an optional positive integer argument. Returns NULL when it is
 * absent (leaving *out alone) or valid, else the problem for the 400 body. */
static const char *integer_argument(struct MHD_Connection *connection, const char *name,
                                    unsigned max, unsigned *out, char *message,
                                    size_t message_size)
{
    const char *text = NULL;
    size_t len = 0;
    if (MHD_lookup_connection_value_n(connection, MHD_GET_ARGUMENT_KIND, name, strlen(name),
                                      &text, &len) != MHD_YES || !text)
        return NULL;
    bool digits_only = len > 0 && len <= 9 && strspn(text, "0123456789") == len;
    unsigned long value = digits_only ? strtoul(text, NULL, 10) : 0;
    if (!digits_only || value < 1 || value > max) {
        snprintf(message, message_size, "%s must be an integer from 1 to %u", name, max);
        return message;
    }
    *out = (unsigned)value;
    return NULL;
}

static bool only_spaces(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n\f\v", text[i]))
            return false;
    return true;
}

/* Fills *params or returns the message explaining the 400. */
static const char *read_params(struct MHD_Connection *connection, search_params_t *params,
                               char *message, size_t message_size)
{
    const char *query = NULL;
    size_t len = 0;
    if (MHD_lookup_connection_value_n(connection, MHD_GET_ARGUMENT_KIND, "q", 1, &query,
                                      &len) != MHD_YES ||
        !query || only_spaces(query, len))
        return "missing query: pass the words to search for as ?q=...";
    if (!nx_utf8_valid(query, len))
        return "the query is not valid UTF-8 text";
    if (len > NX_QUERY_MAX_BYTES) {
        snprintf(message, message_size, "the query is longer than %d bytes", NX_QUERY_MAX_BYTES);
        return message;
    }
    params->query = query;
    params->page = 1;
    params->per_page = NX_PER_PAGE_DEFAULT;
    const char *problem =
        integer_argument(connection, "page", NX_PAGE_MAX, &params->page, message, message_size);
    if (problem)
        return problem;
    return integer_argument(connection, "per_page", NX_PER_PAGE_MAX, &params->per_page, message,
                            message_size);
}

/* ISO 8601 UTC ("2025-08-10T19:46:02Z") or JSON null when out of range. */
static json_t *iso8601(int64_t seconds)
{
    time_t t = (time_t)seconds;
    struct tm tm;
    char text[32];
    if ((int64_t)t != seconds || !gmtime_r(&t, &tm) ||
        !strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return json_null();
    return json_string(text);
}

static json_t *hit_json(const nx_hit_t *hit)
{
    char *url = NULL;
    if (nx_github_blob_url(hit->repo_url, hit->commit, hit->path, hit->anchor, &url))
        return NULL;
    json_t *url_value = url ? json_string(url) : json_null();
    free(url);
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o}",
                     "learner", nx_json_text(hit->learner),
                     "cohort", nx_json_text(hit->cohort),
                     "repo_url", nx_json_text(hit->repo_url),
                     "path", nx_json_text(hit->path),
                     "heading_path", nx_json_text(hit->heading_path),
                     "anchor", nx_json_text(hit->anchor),
                     "commit", nx_json_text(hit->commit),
                     "commit_date", iso8601(hit->commit_time),
                     "score", hit->score,
                     "snippet", nx_json_text(hit->snippet),
                     "url", url_value);
}

/* The response body for one page of results; NULL without memory. */
static json_t *results_json(const search_params_t *params, const nx_results_t *results)
{
    json_t *hits = json_array();
    if (!hits)
        return NULL;
    size_t count = nx_results_count(results);
    for (size_t i = 0; i < count; i++) {
        nx_hit_t hit;
        if (nx_results_hit(results, i, &hit) || json_array_append_new(hits, hit_json(&hit))) {
            json_decref(hits);
            return NULL;
        }
    }
    return json_pack("{s:o,s:o,s:b,s:I,s:I,s:I,s:o}",
                     "query", nx_json_text(params->query),
                     "parsed_query", nx_json_text(nx_results_parsed_query(results)),
                     "relaxed", nx_results_relaxed(results) ? 1 : 0,
                     "page", (json_int_t)params->page,
                     "per_page", (json_int_t)params->per_page,
                     "estimated_total", (json_int_t)nx_results_estimate(results),
                     "hits", hits);
}

/* Runs the search on a borrowed handle and queues the answer. The handle's
 * error text is only valid while we hold it, so the response is built here. */
static enum MHD_Result search_with(nx_db_t *db, const search_params_t *params,
                                   struct MHD_Connection *connection)
{
    nx_search_request_t request = {
        .query = params->query,
        .offset = (params->page - 1) * params->per_page,
        .limit = params->per_page,
    };
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status == NX_ERR_QUERY_SYNTAX)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_db_error(db));
    if (status) {
        /* JSON-quote the client's text so it cannot forge log lines. */
        json_t *quoted_query = json_string(params->query);
        char *quoted = quoted_query ? json_dumps(quoted_query, JSON_ENCODE_ANY) : NULL;
        fprintf(stderr, "nexus-server: search for %s failed: %s: %s\n", quoted ? quoted : "?",
                nx_status_str(status), nx_db_error(db));
        free(quoted);
        json_decref(quoted_query);
        char message[128];
        snprintf(message, sizeof message, "search failed: %s", nx_status_str(status));
        return nx_http_send_error(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, message);
    }
    json_t *body = results_json(params, results);
    nx_results_free(results);
    return nx_http_send_json(connection, MHD_HTTP_OK, body);
}

enum MHD_Result nx_route_search(const nx_server_t *server, struct MHD_Connection *connection)
{
    search_params_t params;
    char message[128];
    const char *problem = read_params(connection, &params, message, sizeof message);
    if (problem)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    nx_db_t *db = nx_db_pool_acquire(server->pool);
    enum MHD_Result result = search_with(db, &params, connection);
    nx_db_pool_release(server->pool, db);
    return result;
}
