/* nexus-server command line (see options.h): getopt_long over argv, with
 * --listen validated here so a bad address is a usage error, not a runtime one. */
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "web_dir.h"

/* The program's name is written out rather than taken from argv[0]: the man page is made from this text
 * (help2man, man/CMakeLists.txt) by running the binary of the build tree. */
static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: nexus-server --index DIR [--index DIR ...] [options]\n"
            "\n"
            "Serves the Nexus search API and web page over HTTP.\n"
            "\n"
            "  --index DIR        index to search (repeat to search several as one);\n"
            "                     a database folder or a Xapian stub file. Required.\n"
            "  --listen HOST:PORT\n"
            "                     address to listen on (default %s:%d). HOST is an\n"
            "                     IPv4 literal or a bracketed IPv6 literal ([::1]:8080).\n"
            "                     PORT 0 picks a free port.\n"
            "  --web DIR          folder of static files for the page (default\n"
            "                     " NEXUS_WEB_FROM_BINDIR " from the folder of this\n"
            "                     program, so /usr/bin/nexus-server serves\n"
            "                     /usr/share/nexus/web from whatever folder it starts in)\n"
            "  --threads N        worker threads, each with its own index handle\n"
            "                     (default %d, at most %d)\n"
            "  --rate-limit N[/s]\n"
            "                     requests a second each client address may make on\n"
            "                     average; more get 429 with Retry-After (default %g,\n"
            "                     0 turns the limit off)\n"
            "  --burst B          requests a client may make in a row before the\n"
            "                     rate limit applies (default %u)\n"
            "  --timeout S        close connections idle or trickling for S seconds\n"
            "                     (default %u)\n"
            "  --max-connections N         open connections in all (default %u)\n"
            "  --max-connections-per-ip N  open connections from one address; more\n"
            "                     are closed at once (default %u)\n"
            "  --cache-mb N       keep up to N MiB of search answers, keyed by the\n"
            "                     request and the index revision (default %u; 0 turns\n"
            "                     the cache off; a union of several indexes is not cached)\n"
            "  --help             show this help and exit\n"
            "\n"
            "Once listening it prints one line to stdout:\n"
            "  nexus-server: listening on http://HOST:PORT/\n"
            "and runs until SIGINT or SIGTERM.\n"
            "\n"
            "Routes (GET and HEAD only; other methods get 405):\n"
            "  /api/search?q=QUERY&page=N&per_page=M   JSON search results\n"
            "      page from 1 (default 1), per_page 1..100 (default 10);\n"
            "      &facets=tech,kind,cohort (or *) adds learner facet counts\n"
            "      (the full API: /openapi.json)\n"
            "  /healthz                                {\"status\":\"ok\",\"documents\":N}\n"
            "  /  and  /FILE                           files of the web folder\n"
            "Unknown query parameters are ignored. Errors are JSON:\n"
            "  {\"error\":{\"status\":N,\"message\":\"...\"}}\n"
            "\n"
            "The index is reopened when it changes, so reindexing needs no restart.\n"
            "Exit status: 0 after a signal, 1 when the index or socket cannot be\n"
            "opened, 2 on a command line error.\n",
            NX_SERVER_DEFAULT_HOST, NX_SERVER_DEFAULT_PORT,
            NX_SERVER_DEFAULT_THREADS, NX_SERVER_MAX_THREADS, NX_SERVER_DEFAULT_RATE,
            NX_SERVER_DEFAULT_BURST, NX_SERVER_DEFAULT_TIMEOUT_S,
            NX_SERVER_DEFAULT_MAX_CONNECTIONS, NX_SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP, NX_SERVER_DEFAULT_CACHE_MB);
}

/* Strict decimal: digits only, no sign, no spaces, within [min, max]. */
static int parse_unsigned(const char *text, unsigned long min, unsigned long max,
                          unsigned long *out)
{
    if (!text[0] || strspn(text, "0123456789") != strlen(text))
        return -1;
    errno = 0;
    unsigned long value = strtoul(text, NULL, 10);
    if (errno || value < min || value > max)
        return -1;
    *out = value;
    return 0;
}

/* Splits "HOST:PORT" or "[V6]:PORT" and checks HOST is an IP literal. */
static int parse_listen(const char *text, nx_server_options_t *opts, FILE *err)
{
    const char *host = text;
    size_t host_len;
    const char *port;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close || close[1] != ':')
            goto bad;
        host = text + 1;
        host_len = (size_t)(close - host);
        port = close + 2;
    } else {
        const char *colon = strrchr(text, ':');
        if (!colon || memchr(text, ':', (size_t)(colon - text)))
            goto bad;
        host_len = (size_t)(colon - text);
        port = colon + 1;
    }
    if (host_len == 0 || host_len >= sizeof opts->host)
        goto bad;
    memcpy(opts->host, host, host_len);
    opts->host[host_len] = '\0';

    unsigned char addr[sizeof(struct in6_addr)];
    int is_v4 = inet_pton(AF_INET, opts->host, addr) == 1;
    int is_v6 = inet_pton(AF_INET6, opts->host, addr) == 1;
    if (!is_v4 && !is_v6) {
        fprintf(err, "nexus-server: --listen '%s': '%s' is not an IPv4 or IPv6 address\n",
                text, opts->host);
        return -1;
    }
    if (is_v6 && text[0] != '[')
        goto bad;
    unsigned long value;
    if (parse_unsigned(port, 0, 65535, &value)) {
        fprintf(err, "nexus-server: --listen '%s': port must be a number from 0 to 65535\n",
                text);
        return -1;
    }
    opts->port = (uint16_t)value;
    return 0;
bad:
    fprintf(err, "nexus-server: --listen '%s': expected HOST:PORT or [IPV6]:PORT\n", text);
    return -1;
}

static int add_index(nx_server_options_t *opts, const char *path, FILE *err)
{
    if (!path[0]) {
        fprintf(err, "nexus-server: --index needs a non-empty path\n");
        return -1;
    }
    const char **grown =
        realloc(opts->index_paths, (opts->n_index_paths + 1) * sizeof *opts->index_paths);
    if (!grown) {
        fprintf(err, "nexus-server: out of memory\n");
        return -1;
    }
    opts->index_paths = grown;
    opts->index_paths[opts->n_index_paths++] = path;
    return 0;
}

static void set_defaults(nx_server_options_t *opts)
{
    memset(opts, 0, sizeof *opts);
    strcpy(opts->host, NX_SERVER_DEFAULT_HOST);
    opts->port = NX_SERVER_DEFAULT_PORT;
    /* Without /proc the relative path is all there is; main.c warns when no page is found there. */
    opts->web_dir = nx_default_web_dir(opts->default_web_dir, sizeof opts->default_web_dir) == 0
                        ? opts->default_web_dir
                        : NEXUS_WEB_FROM_BINDIR;
    opts->threads = NX_SERVER_DEFAULT_THREADS;
    opts->rate_limit = NX_SERVER_DEFAULT_RATE;
    opts->burst = NX_SERVER_DEFAULT_BURST;
    opts->timeout_s = NX_SERVER_DEFAULT_TIMEOUT_S;
    opts->max_connections = NX_SERVER_DEFAULT_MAX_CONNECTIONS;
    opts->max_connections_per_ip = NX_SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP;
    opts->cache_mb = NX_SERVER_DEFAULT_CACHE_MB;
}

/* "N" or "N/s": whole requests a second, 0 for no limit. */
static int parse_rate(const char *text, double *out)
{
    char number[16];
    size_t len = strcspn(text, "/");
    if (len == 0 || len >= sizeof number || (text[len] && strcmp(text + len, "/s") != 0))
        return -1;
    memcpy(number, text, len);
    number[len] = '\0';
    unsigned long value;
    if (parse_unsigned(number, 0, 1000000, &value))
        return -1;
    *out = (double)value;
    return 0;
}

/* One of the limit options: a whole number within [min, max] into *out. */
static int parse_limit(const char *option, const char *text, unsigned long min,
                       unsigned long max, unsigned *out, FILE *err)
{
    unsigned long value;
    if (parse_unsigned(text, min, max, &value)) {
        fprintf(err, "nexus-server: %s '%s': expected a number from %lu to %lu\n", option, text,
                min, max);
        return -1;
    }
    *out = (unsigned)value;
    return 0;
}

nx_options_result_t nx_server_options_parse(int argc, char **argv, nx_server_options_t *opts,
                                            FILE *out, FILE *err)
{
    enum {
        OPT_INDEX = 256, OPT_LISTEN, OPT_WEB, OPT_THREADS, OPT_HELP, OPT_RATE, OPT_BURST,
        OPT_TIMEOUT, OPT_MAX_CONNECTIONS, OPT_MAX_PER_IP, OPT_CACHE_MB
    };
    static const struct option longopts[] = {
        {"index", required_argument, NULL, OPT_INDEX},
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"web", required_argument, NULL, OPT_WEB},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"help", no_argument, NULL, OPT_HELP},
        {"rate-limit", required_argument, NULL, OPT_RATE},
        {"burst", required_argument, NULL, OPT_BURST},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"max-connections-per-ip", required_argument, NULL, OPT_MAX_PER_IP},
        {"cache-mb", required_argument, NULL, OPT_CACHE_MB},
        {NULL, 0, NULL, 0},
    };
    const char *prog = argc > 0 ? argv[0] : "nexus-server";
    set_defaults(opts);
    opterr = 0;
    optind = 1;
    for (;;) {
        int c = getopt_long(argc, argv, ":h", longopts, NULL);
        if (c == -1)
            break;
        unsigned long value;
        switch (c) {
        case OPT_INDEX:
            if (add_index(opts, optarg, err))
                goto usage;
            break;
        case OPT_LISTEN:
            if (parse_listen(optarg, opts, err))
                goto usage;
            break;
        case OPT_WEB:
            if (!optarg[0]) {
                fprintf(err, "nexus-server: --web needs a non-empty path\n");
                goto usage;
            }
            opts->web_dir = optarg;
            break;
        case OPT_THREADS:
            if (parse_unsigned(optarg, 1, NX_SERVER_MAX_THREADS, &value)) {
                fprintf(err, "nexus-server: --threads '%s': expected a number from 1 to %d\n",
                        optarg, NX_SERVER_MAX_THREADS);
                goto usage;
            }
            opts->threads = (unsigned)value;
            break;
        case OPT_RATE:
            if (parse_rate(optarg, &opts->rate_limit)) {
                fprintf(err, "nexus-server: --rate-limit '%s': expected requests a second, "
                             "such as 20 or 20/s (0 for no limit)\n", optarg);
                goto usage;
            }
            break;
        case OPT_BURST:
            if (parse_limit("--burst", optarg, 1, 1000000, &opts->burst, err))
                goto usage;
            break;
        case OPT_TIMEOUT:
            if (parse_limit("--timeout", optarg, 1, 3600, &opts->timeout_s, err))
                goto usage;
            break;
        case OPT_MAX_CONNECTIONS:
            if (parse_limit("--max-connections", optarg, 1, 100000, &opts->max_connections, err))
                goto usage;
            break;
        case OPT_MAX_PER_IP:
            if (parse_limit("--max-connections-per-ip", optarg, 1, 100000,
                            &opts->max_connections_per_ip, err))
                goto usage;
            break;
        case OPT_CACHE_MB:
            if (parse_limit("--cache-mb", optarg, 0, NX_SERVER_MAX_CACHE_MB, &opts->cache_mb, err))
                goto usage;
            break;
        case 'h':
        case OPT_HELP:
            print_help(out);
            nx_server_options_free(opts);
            return NX_OPTIONS_HELP;
        case ':':
            fprintf(err, "nexus-server: option '%s' needs a value\n", argv[optind - 1]);
            goto usage;
        default:
            fprintf(err, "nexus-server: unknown option '%s'\n", argv[optind - 1]);
            goto usage;
        }
    }
    if (optind < argc) {
        fprintf(err, "nexus-server: unexpected argument '%s'\n", argv[optind]);
        goto usage;
    }
    if (opts->n_index_paths == 0) {
        fprintf(err, "nexus-server: at least one --index DIR is required\n");
        goto usage;
    }
    return NX_OPTIONS_RUN;
usage:
    fprintf(err, "Try '%s --help' for more information.\n", prog);
    nx_server_options_free(opts);
    return NX_OPTIONS_USAGE;
}

void nx_server_options_free(nx_server_options_t *opts)
{
    free(opts->index_paths);
    opts->index_paths = NULL;
    opts->n_index_paths = 0;
}
