/* Writing the stub of a front server over remote shards (remote_stub.h). Addresses are checked here,
 * before anything is written: a wrong stub would make a front server search the wrong shards. */
#include "remote_stub.h"

#include <stdlib.h>
#include <string.h>

#include "nx_layout.h"

#define REMOTE_MAX_ADDRESSES 64
#define REMOTE_HOST_MAX 255
#define HOST_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:"

typedef struct remote_address {
    char host[REMOTE_HOST_MAX + 1];
    unsigned port;
} remote_address;

/* "HOST:PORT" (an IPv6 address in brackets: "[::1]:33001") of length `len` into `out`; -1 if malformed. */
static int parse_address(const char *text, size_t len, remote_address *out)
{
    const char *colon = NULL;
    for (size_t i = len; i > 0; i--) {
        if (text[i - 1] == ':') {
            colon = text + i - 1;
            break;
        }
    }
    if (!colon || colon == text) return -1;
    const char *host = text;
    size_t host_len = (size_t)(colon - text);
    if (host[0] == '[' && host_len >= 2 && host[host_len - 1] == ']') {
        host++;
        host_len -= 2;
    }
    /* A name or an address only: anything else (a newline above all) would write another stub line. */
    if (host_len == 0 || host_len > REMOTE_HOST_MAX || strspn(host, HOST_CHARS) < host_len) return -1;
    unsigned long port = 0;
    for (const char *p = colon + 1; p < text + len; p++) {
        if (*p < '0' || *p > '9' || port > 65535) return -1;
        port = port * 10 + (unsigned long)(*p - '0');
    }
    if (port == 0 || port > 65535) return -1;
    memcpy(out->host, host, host_len);
    out->host[host_len] = '\0';
    out->port = (unsigned)port;
    return 0;
}

/* Splits the comma-separated list; returns how many, or -1 after saying which one is malformed. */
static int parse_addresses(const char *list, remote_address *out, FILE *err)
{
    int n = 0;
    const char *start = list;
    for (;;) {
        const char *comma = strchr(start, ',');
        const size_t len = comma ? (size_t)(comma - start) : strlen(start);
        if (n == REMOTE_MAX_ADDRESSES || parse_address(start, len, &out[n]) != 0) {
            fprintf(err, "nexus-index: --remote-stub: '%.*s' is not HOST:PORT (at most %d, comma-separated)\n",
                    (int)(len > 100 ? 100 : len), start, REMOTE_MAX_ADDRESSES);
            return -1;
        }
        n++;
        if (!comma) return n;
        start = comma + 1;
    }
}

int remote_stub_print(const char *index_dir, const char *addresses, FILE *out, FILE *err)
{
    remote_address list[REMOTE_MAX_ADDRESSES];
    const int n = parse_addresses(addresses, list, err);
    if (n < 0) return 2;
    nx_layout_t layout;
    char *why = NULL;
    if (nx_layout_read(index_dir, &layout, &why) != NX_OK || layout.shards == 0 || layout.legacy) {
        fprintf(err, "nexus-index: --remote-stub: %s: %s\n", index_dir,
                why ? why : "no index written by nexus-index --shards N here (INDEX/XAPIANDB)");
        free(why);
        return 1;
    }
    if ((unsigned)n != layout.shards) {
        fprintf(err, "nexus-index: --remote-stub: %d address%s given, but %s has %u shards: give one HOST:PORT per "
                     "shard, the K-th serving gen-%u/shard-K\n",
                n, n == 1 ? "" : "es", index_dir, layout.shards, layout.generation);
        return 2;
    }
    char *words = NULL;
    if (nx_layout_write_words(index_dir, layout.generation, layout.shards, &words, &why) != NX_OK) {
        fprintf(err, "nexus-index: --remote-stub: %s\n", why ? why : "cannot write the words database");
        free(why);
        return 1;
    }
    for (int i = 0; i < n; i++)
        fprintf(out, "remote tcp %s %u\n", list[i].host, list[i].port);
    fprintf(out, "glass %s\n", words);
    free(words);
    return fflush(out) == 0 ? 0 : 1;
}
