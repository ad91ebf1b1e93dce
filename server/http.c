/* libmicrohttpd daemon for nexus-server (see http.h): socket setup, method
 * and route dispatch, and the JSON response helpers shared by the routes. */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "nx_text.h"
#include "request_checks.h"

/* Per-connection buffer for the request and its headers. libmicrohttpd zeroes all of it after
 * every request, so its size is a per-request cost (callgrind: 128 KiB ~225k instructions a
 * request inside the library, 64 KiB ~126k); 64 KiB still holds request targets up to ~64 KB,
 * so even a 10,000-term query gets our JSON 414. */
#define NX_CONNECTION_MEMORY_BYTES (64u * 1024u)

json_t *nx_json_text(const char *text)
{
    if (!text)
        return json_string("");
    size_t len = strlen(text);
    if (nx_utf8_valid(text, len))
        return json_stringn(text, len);
    nx_buf repaired = {0};
    nx_utf8_sanitize(&repaired, text, len);
    json_t *value = repaired.failed ? NULL : json_stringn(repaired.data ? repaired.data : "",
                                                          repaired.len);
    nx_buf_free(&repaired);
    return value;
}

static enum MHD_Result send_out_of_memory(struct MHD_Connection *connection)
{
    static const char body[] = "{\"error\":{\"status\":500,\"message\":\"out of memory\"}}";
    struct MHD_Response *response = MHD_create_response_from_buffer(
        sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json; charset=utf-8");
    enum MHD_Result result =
        MHD_queue_response(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, response);
    MHD_destroy_response(response);
    return result;
}

void nx_http_add_data_headers(struct MHD_Response *response)
{
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    /* Data is never a document: nothing in it may run or be framed. */
    MHD_add_response_header(response, "Content-Security-Policy",
                            "default-src 'none'; frame-ancestors 'none'");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
}

/* Queues `body` (owned) with the API headers plus one optional extra header. */
static enum MHD_Result send_json_with(struct MHD_Connection *connection, unsigned status,
                                      json_t *body, const char *extra_name,
                                      const char *extra_value)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text)
        return send_out_of_memory(connection);
    struct MHD_Response *response =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(text);
        return send_out_of_memory(connection);
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json; charset=utf-8");
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    nx_http_add_data_headers(response);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (extra_name)
        MHD_add_response_header(response, extra_name, extra_value);
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

enum MHD_Result nx_http_send_json(struct MHD_Connection *connection, unsigned status,
                                  json_t *body)
{
    return send_json_with(connection, status, body, NULL, NULL);
}

enum MHD_Result nx_http_send_text(struct MHD_Connection *connection, unsigned status, const char *content_type,
                                  char *body, const char *filename)
{
    if (!body)
        return send_out_of_memory(connection);
    struct MHD_Response *response =
        MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free(body);
        return send_out_of_memory(connection);
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    nx_http_add_data_headers(response);
    if (filename) {
        char disposition[160];
        snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
        MHD_add_response_header(response, "Content-Disposition", disposition);
    }
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

enum MHD_Result nx_http_send_error(struct MHD_Connection *connection, unsigned status,
                                   const char *message)
{
    json_t *body = json_pack("{s:{s:I,s:o}}", "error", "status", (json_int_t)status, "message",
                             nx_json_text(message));
    return nx_http_send_json(connection, status, body);
}

/* What the handler remembers between its calls for one request. The request
 * pointer MHD keeps for us points at one of these constants, so nothing is
 * allocated per request. */
typedef struct request_phase {
    nx_uri_verdict_t verdict; /* of the raw request target, from inspect_raw_uri() */
    bool started;             /* the handler has seen the headers once already */
} request_phase_t;

#define NX_VERDICTS (NX_URI_ENCODED_PATH + 1)
static const request_phase_t PHASES[NX_VERDICTS][2] = {
    {{NX_URI_OK, false}, {NX_URI_OK, true}},
    {{NX_URI_TOO_LONG, false}, {NX_URI_TOO_LONG, true}},
    {{NX_URI_BAD_ESCAPE, false}, {NX_URI_BAD_ESCAPE, true}},
    {{NX_URI_ENCODED_PATH, false}, {NX_URI_ENCODED_PATH, true}},
};

/* libmicrohttpd decodes the path before the handler sees it, so "%2e%2e"
 * and "%2f" are indistinguishable from "..", "/" afterwards, "%00" cuts the
 * path short and "%zz" passes through. This hook sees the raw request target
 * first (see request_checks.h). */
static void *inspect_raw_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void)cls;
    (void)connection;
    return (void *)&PHASES[nx_check_raw_uri(uri)][0];
}

static double monotonic_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* When the client's bucket is empty, queues a 429 with Retry-After into
 * *result and returns true; otherwise returns false and queues nothing. */
static bool over_rate_limit(const nx_server_t *server, struct MHD_Connection *connection,
                            enum MHD_Result *result)
{
    if (!server->limiter)
        return false;
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    unsigned retry_after = 1;
    if (nx_rate_limiter_take(server->limiter, info ? info->client_addr : NULL,
                             monotonic_seconds(), &retry_after))
        return false;
    char message[96], seconds[16];
    snprintf(message, sizeof message, "too many requests: try again in %u s", retry_after);
    snprintf(seconds, sizeof seconds, "%u", retry_after);
    json_t *body = json_pack("{s:{s:i,s:s}}", "error", "status", MHD_HTTP_TOO_MANY_REQUESTS,
                             "message", message);
    *result = send_json_with(connection, MHD_HTTP_TOO_MANY_REQUESTS, body,
                             MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    return true;
}

bool nx_http_is_similar_path(const char *url)
{
    static const char prefix[] = "/api/learners/", suffix[] = "/similar";
    size_t len = strlen(url);
    return strncmp(url, prefix, sizeof prefix - 1) == 0 && len > sizeof prefix - 1 + sizeof suffix - 1 &&
           strcmp(url + len - (sizeof suffix - 1), suffix) == 0;
}

static enum MHD_Result dispatch(const nx_server_t *server, struct MHD_Connection *connection,
                                const char *url, const char *method, nx_uri_verdict_t verdict)
{
    enum MHD_Result limited;
    if (over_rate_limit(server, connection, &limited))
        return limited;
    if (verdict == NX_URI_TOO_LONG)
        return nx_http_send_error(connection, MHD_HTTP_URI_TOO_LONG, nx_uri_verdict_message(verdict));
    if (verdict == NX_URI_BAD_ESCAPE)
        return nx_http_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_uri_verdict_message(verdict));
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return nx_http_send_error(connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  "only GET and HEAD are supported");
    if (verdict == NX_URI_ENCODED_PATH)
        return nx_http_send_error(connection, MHD_HTTP_NOT_FOUND, nx_uri_verdict_message(verdict));
    if (strcmp(url, "/api/search") == 0)
        return nx_route_search(server, connection);
    if (strcmp(url, "/api/learners") == 0)
        return nx_route_learners(server, connection);
    if (nx_http_is_similar_path(url))
        return nx_route_similar(server, connection, url + 14);
    if (strncmp(url, "/api/learners/", 14) == 0)
        return nx_route_profile(server, connection, url + 14);
    if (strcmp(url, "/api/coverage") == 0)
        return nx_route_coverage(server, connection);
    if (strcmp(url, "/api/suggest") == 0)
        return nx_route_suggest(server, connection);
    if (strcmp(url, "/api/technologies") == 0)
        return nx_route_technologies(server, connection);
    if (strncmp(url, "/api/technologies/", 18) == 0)
        return nx_route_technology(server, connection, url + 18);
    if (strcmp(url, "/api/solutions") == 0)
        return nx_route_solutions(server, connection);
    if (strcmp(url, "/api/changes") == 0)
        return nx_route_changes(server, connection);
    if (strcmp(url, "/metrics") == 0)
        return nx_route_metrics(server, connection);
    if (strcmp(url, "/openapi.json") == 0)
        return nx_route_openapi(server, connection);
    if (strcmp(url, "/healthz") == 0)
        return nx_route_healthz(server, connection);
    if (strcmp(url, "/api") == 0 || strncmp(url, "/api/", 5) == 0)
        return nx_http_send_error(connection, MHD_HTTP_NOT_FOUND, "no such API route");
    return nx_route_static(server, connection, url);
}

static enum MHD_Result handle_request(void *cls, struct MHD_Connection *connection,
                                      const char *url, const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **request_state)
{
    (void)version;
    (void)upload_data;
    const request_phase_t *phase = *request_state ? *request_state : &PHASES[NX_URI_OK][0];
    /* Answering on the first call (headers only) would make MHD close the
     * connection, as it cannot know whether a body follows; wait for the
     * next call so keep-alive works. */
    if (!phase->started) {
        *request_state = (void *)&PHASES[phase->verdict][1];
        return MHD_YES;
    }
    /* None of our routes takes a body: read and drop any that was sent. */
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    const nx_server_t *server = cls;
    nx_conn_guard_request_received(server->guard, connection);
    double start = monotonic_seconds();
    enum MHD_Result result = dispatch(server, connection, url, method, phase->verdict);
    nx_metrics_observe(server->metrics, nx_metrics_route(url, method), monotonic_seconds() - start);
    return result;
}

/* Fills `addr` from the already validated --listen host and port. */
static socklen_t listen_address(const nx_server_options_t *opts,
                                struct sockaddr_storage *addr, int *is_v6)
{
    memset(addr, 0, sizeof *addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)addr;
    if (inet_pton(AF_INET, opts->host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(opts->port);
        *is_v6 = 0;
        return sizeof *v4;
    }
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)addr;
    if (inet_pton(AF_INET6, opts->host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(opts->port);
        *is_v6 = 1;
        return sizeof *v6;
    }
    return 0;
}

int nx_http_start(nx_server_t *server)
{
    const nx_server_options_t *opts = server->opts;
    struct sockaddr_storage addr;
    int is_v6 = 0;
    if (!listen_address(opts, &addr, &is_v6)) {
        fprintf(stderr, "nexus-server: '%s' is not an IP address\n", opts->host);
        return -1;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (is_v6)
        flags |= MHD_USE_IPv6;
    /* MHD_OPTION_LISTENING_ADDRESS_REUSE is deliberately left out: without
     * it MHD sets SO_REUSEADDR (restarts bind at once); true would add
     * SO_REUSEPORT and let a second server silently share our port, false
     * would drop SO_REUSEADDR.
     * The thread pool has as many workers as the db pool has handles, so a
     * worker never waits long for a handle. */
    server->guard = nx_conn_guard_start(opts->timeout_s);
    if (!server->guard) {
        fprintf(stderr, "nexus-server: cannot start the connection watchdog\n");
        return -1;
    }
    server->daemon = MHD_start_daemon(
        flags, opts->port, NULL, NULL, handle_request, server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opts->threads,
        /* Slow or idle clients (slowloris) are cut off after the timeout, and
         * no address may hold more than its share of the connections. */
        MHD_OPTION_CONNECTION_TIMEOUT, opts->timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, opts->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, opts->max_connections_per_ip,
        /* Room for request lines well past NX_MAX_URI_BYTES, so that an
         * over-long URL gets our JSON 414 rather than the library's HTML one
         * (past ~64 KiB, libmicrohttpd still answers 414 itself). */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)NX_CONNECTION_MEMORY_BYTES,
        /* main() ignores SIGPIPE, which lets MHD use sendfile() for files. */
        MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1u,
        MHD_OPTION_URI_LOG_CALLBACK, inspect_raw_uri, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, nx_conn_guard_on_connection, server->guard,
        MHD_OPTION_NOTIFY_COMPLETED, nx_conn_guard_on_completed, server->guard,
        MHD_OPTION_END);
    if (!server->daemon) {
        nx_conn_guard_stop(server->guard);
        server->guard = NULL;
        fprintf(stderr, "nexus-server: cannot listen on %s%s%s:%u (address in use or not "
                        "available?)\n",
                is_v6 ? "[" : "", opts->host, is_v6 ? "]" : "", (unsigned)opts->port);
        return -1;
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    server->bound_port = info ? info->port : opts->port;
    return 0;
}

void nx_http_stop(nx_server_t *server)
{
    if (!server->daemon)
        return;
    MHD_stop_daemon(server->daemon);
    server->daemon = NULL;
    nx_conn_guard_stop(server->guard);
    server->guard = NULL;
}
