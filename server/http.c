/* libmicrohttpd daemon for nexus-server (see http.h): socket setup, the refusals that come before any
 * route, and dispatch through the route table (routes.h). */
#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "request_checks.h"
#include "response.h"
#include "routes.h"

/* Per-connection buffer for the request and its headers. libmicrohttpd zeroes all of it after
 * every request, so its size is a per-request cost (callgrind: 128 KiB ~225k instructions a
 * request inside the library, 64 KiB ~126k); 64 KiB still holds request targets up to ~64 KB,
 * so even a 10,000-term query gets our JSON 414. */
#define NX_CONNECTION_MEMORY_BYTES (64u * 1024u)

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
    *result = nx_send_error_with(connection, MHD_HTTP_TOO_MANY_REQUESTS, message,
                                 MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    return true;
}

/* The refusals that come before any route (in this order, which the hardening tests pin down), then the
 * route the table finds for the path, called with the arguments its entry lists, parsed. */
static enum MHD_Result dispatch(const nx_server_t *server, struct MHD_Connection *connection,
                                const char *url, const char *method, nx_uri_verdict_t verdict)
{
    enum MHD_Result limited;
    if (over_rate_limit(server, connection, &limited))
        return limited;
    if (verdict == NX_URI_TOO_LONG)
        return nx_send_error(connection, MHD_HTTP_URI_TOO_LONG, nx_uri_verdict_message(verdict));
    if (verdict == NX_URI_BAD_ESCAPE)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, nx_uri_verdict_message(verdict));
    const char *param = NULL;
    const nx_route_t *route = nx_route_at(nx_route_find(url, &param));
    if (!nx_route_allows(route, method))
        return nx_send_error_with(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD are supported",
                                  MHD_HTTP_HEADER_ALLOW, route->methods);
    if (verdict == NX_URI_ENCODED_PATH)
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, nx_uri_verdict_message(verdict));
    nx_args_t args;
    char message[200];
    const char *problem =
        nx_args_parse(connection, route->args, route->n_args, server->taxonomy, &args, message, sizeof message);
    if (problem)
        return nx_send_error(connection, MHD_HTTP_BAD_REQUEST, problem);
    return route->handler(server, connection, param, &args);
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
    nx_metrics_observe(server->metrics, nx_route_metrics_slot(url, method), monotonic_seconds() - start);
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
