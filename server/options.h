/* nexus-server command line: parses argv into one configuration struct.
 * The only configuration the server has; everything else is derived from it. */
#ifndef NX_SERVER_OPTIONS_H
#define NX_SERVER_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

#define NX_SERVER_DEFAULT_HOST "127.0.0.1"
#define NX_SERVER_DEFAULT_PORT 8080
#define NX_SERVER_DEFAULT_THREADS 2
#define NX_SERVER_MAX_THREADS 64
/* Limits on what one client may cost (see README, "Security model"). */
#define NX_SERVER_DEFAULT_RATE 20.0       /* requests a second per address */
#define NX_SERVER_DEFAULT_BURST 100u      /* requests in a row per address */
#define NX_SERVER_DEFAULT_TIMEOUT_S 10u   /* idle or slow connections are closed */
#define NX_SERVER_DEFAULT_MAX_CONNECTIONS 512u
#define NX_SERVER_DEFAULT_MAX_CONNECTIONS_PER_IP 32u
#define NX_SERVER_DEFAULT_CACHE_MB 8u          /* response cache; 0 turns it off */
#define NX_SERVER_MAX_CACHE_MB 4096u

typedef struct nx_server_options {
    /* Index paths borrowed from argv (valid for the life of the process);
     * the array itself is owned and freed by nx_server_options_free(). */
    const char **index_paths;
    size_t n_index_paths;
    char host[64];        /* IPv4 or IPv6 literal, without brackets */
    uint16_t port;        /* 0 = let the kernel pick a free port */
    const char *web_dir;  /* borrowed from argv, or default_web_dir */
    char default_web_dir[4096]; /* the page beside the installed program (web_dir.h) */
    unsigned threads;     /* worker threads = read handles in the pool */
    double rate_limit;    /* requests a second per client address; 0 = unlimited */
    unsigned burst;       /* bucket size of the rate limit */
    unsigned timeout_s;   /* a connection idle (or trickling) this long is closed */
    unsigned max_connections;        /* open connections in all */
    unsigned max_connections_per_ip; /* open connections from one address */
    unsigned cache_mb;    /* bound of the search response cache in MiB; 0 = no cache */
} nx_server_options_t;

typedef enum nx_options_result {
    NX_OPTIONS_RUN,   /* options parsed: start the server */
    NX_OPTIONS_HELP,  /* --help printed: exit 0 */
    NX_OPTIONS_USAGE, /* bad command line, message printed: exit 2 */
} nx_options_result_t;

/* Fills *opts from argv. Messages go to `err`, --help text to `out`. */
nx_options_result_t nx_server_options_parse(int argc, char **argv, nx_server_options_t *opts,
                                            FILE *out, FILE *err);

/* Releases what parse allocated. Safe on a zeroed struct. */
void nx_server_options_free(nx_server_options_t *opts);

#endif /* NX_SERVER_OPTIONS_H */
