/* libmicrohttpd daemon for nexus-server (see http.h): socket setup, method
 * and route dispatch, and the JSON response helpers shared by the routes. */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "nx_text.h"

/* Slow or idle clients are cut off so they cannot hold a worker for long. */
#define NX_HTTP_CONNECTION_TIMEOUT_S 10u
#define NX_HTTP_CONNECTION_LIMIT 512u

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

enum MHD_Result nx_http_send_json(struct MHD_Connection *connection, unsigned status,
                                  json_t *body)
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
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
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
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
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
    bool encoded_path; /* the raw path had %2e, %2f, %5c or %00 in it */
    bool started;      /* the handler has seen the headers once already */
} request_phase_t;

static const request_phase_t PHASE_NEW = {false, false};
static const request_phase_t PHASE_NEW_ENCODED = {true, false};
static const request_phase_t PHASE_STARTED = {false, true};
static const request_phase_t PHASE_STARTED_ENCODED = {true, true};

/* libmicrohttpd decodes the path before the handler sees it, so "%2e%2e"
 * and "%2f" are indistinguishable from "..", "/" afterwards and "%00" cuts
 * the path short. This hook sees the raw request target first; no legitimate
 * path of ours needs those escapes, so such requests are refused outright. */
static void *inspect_raw_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void)cls;
    (void)connection;
    static const char *const refused[] = {"%2e", "%2f", "%5c", "%00"};
    size_t path_len = strcspn(uri, "?#");
    for (size_t at = 0; at + 3 <= path_len; at++) {
        if (uri[at] != '%')
            continue;
        for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
            if (strncasecmp(uri + at, refused[i], 3) == 0)
                return (void *)&PHASE_NEW_ENCODED;
    }
    return (void *)&PHASE_NEW;
}

static enum MHD_Result dispatch(const nx_server_t *server, struct MHD_Connection *connection,
                                const char *url, const char *method, bool encoded_path)
{
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return nx_http_send_error(connection, MHD_HTTP_METHOD_NOT_ALLOWED,
                                  "only GET and HEAD are supported");
    if (encoded_path)
        return nx_http_send_error(connection, MHD_HTTP_NOT_FOUND, "not found");
    if (strcmp(url, "/api/search") == 0)
        return nx_route_search(server, connection);
    if (strcmp(url, "/api/learners") == 0)
        return nx_route_learners(server, connection);
    if (strncmp(url, "/api/learners/", 14) == 0)
        return nx_route_profile(server, connection, url + 14);
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
    const request_phase_t *phase = *request_state ? *request_state : &PHASE_NEW;
    /* Answering on the first call (headers only) would make MHD close the
     * connection, as it cannot know whether a body follows; wait for the
     * next call so keep-alive works. */
    if (!phase->started) {
        *request_state =
            (void *)(phase->encoded_path ? &PHASE_STARTED_ENCODED : &PHASE_STARTED);
        return MHD_YES;
    }
    /* None of our routes takes a body: read and drop any that was sent. */
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    const nx_server_t *server = cls;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    enum MHD_Result result = dispatch(server, connection, url, method, phase->encoded_path);
    clock_gettime(CLOCK_MONOTONIC, &end);
    nx_metrics_observe(server->metrics, nx_metrics_route(url, method),
                       (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
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
    server->daemon = MHD_start_daemon(
        flags, opts->port, NULL, NULL, handle_request, server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opts->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, NX_HTTP_CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, NX_HTTP_CONNECTION_LIMIT,
        /* main() ignores SIGPIPE, which lets MHD use sendfile() for files. */
        MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1u,
        MHD_OPTION_URI_LOG_CALLBACK, inspect_raw_uri, NULL,
        MHD_OPTION_END);
    if (!server->daemon) {
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
}
