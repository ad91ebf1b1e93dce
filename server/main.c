/* nexus-server: parses the command line, loads the taxonomy, opens the index pool, serves HTTP
 * until SIGINT or SIGTERM, then shuts down cleanly. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_pool.h"
#include "http.h"
#include "options.h"
#include "rate_limit.h"
#include "response_cache.h"

/* Blocks the stop signals in every thread (MHD's workers inherit the mask)
 * so that main can wait for them synchronously with sigwait(). */
static void block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
    /* A client hanging up mid-response must not kill the server. */
    signal(SIGPIPE, SIG_IGN);
}

/* A missing page is not fatal (the API still works) but is worth a word. */
static void check_web_dir(const char *web_dir)
{
    char index_html[4096];
    snprintf(index_html, sizeof index_html, "%s/index.html", web_dir);
    if (access(index_html, R_OK) != 0)
        fprintf(stderr, "nexus-server: warning: %s is not readable; / will answer 404\n",
                index_html);
}

static void announce(const nx_server_t *server)
{
    const char *host = server->opts->host;
    int is_v6 = strchr(host, ':') != NULL;
    printf("nexus-server: listening on http://%s%s%s:%u/\n", is_v6 ? "[" : "", host,
           is_v6 ? "]" : "", (unsigned)server->bound_port);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    nx_server_options_t opts;
    switch (nx_server_options_parse(argc, argv, &opts, stdout, stderr)) {
    case NX_OPTIONS_HELP:
        return 0;
    case NX_OPTIONS_USAGE:
        return 2;
    case NX_OPTIONS_RUN:
        break;
    }
    int exit_code = 1;
    nx_db_pool_t *pool = NULL;
    nx_taxonomy *taxonomy = NULL;
    nx_rate_limiter_t *limiter = NULL;
    nx_response_cache_t *cache = NULL;
    char *error = NULL;
    if (nx_taxonomy_load_default(&taxonomy, &error)) {
        fprintf(stderr, "nexus-server: the built-in technology taxonomy is broken: %s\n",
                error ? error : "out of memory");
        free(error);
        goto done;
    }
    if (nx_db_pool_open(opts.index_paths, opts.n_index_paths, opts.threads, &pool, &error)) {
        fprintf(stderr, "nexus-server: %s\n", error ? error : "cannot open the index: out of memory");
        free(error);
        goto done;
    }
    check_web_dir(opts.web_dir);
    sigset_t stop_signals;
    block_stop_signals(&stop_signals);
    if (opts.rate_limit > 0 && !(limiter = nx_rate_limiter_new(opts.rate_limit, opts.burst))) {
        fprintf(stderr, "nexus-server: out of memory\n");
        goto done;
    }
    if (opts.cache_mb > 0 && !(cache = nx_response_cache_new((size_t)opts.cache_mb << 20))) {
        fprintf(stderr, "nexus-server: out of memory\n");
        goto done;
    }
    nx_metrics_t metrics;
    nx_metrics_init(&metrics);
    nx_server_t server = {.opts = &opts,
                          .pool = pool,
                          .taxonomy = taxonomy,
                          .limiter = limiter,
                          .cache = cache,
                          .metrics = &metrics};
    if (nx_http_start(&server))
        goto done;
    announce(&server);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    fprintf(stderr, "nexus-server: %s received, shutting down\n", strsignal(signal_number));
    nx_http_stop(&server);
    exit_code = 0;
done:
    nx_response_cache_free(cache);
    nx_rate_limiter_free(limiter);
    nx_db_pool_close(pool);
    nx_taxonomy_free(taxonomy);
    nx_server_options_free(&opts);
    return exit_code;
}
