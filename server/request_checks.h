/* Checks on the raw request target, before libmicrohttpd decodes it: length,
 * percent-encoding, and escapes that would disguise a path. Pure functions, fuzzed. */
#ifndef NX_REQUEST_CHECKS_H
#define NX_REQUEST_CHECKS_H

#include <stddef.h>

/* Longest request target (path and query string) we answer; longer ones get
 * 414. Far above what the page sends (queries are at most 1024 bytes). */
#define NX_MAX_URI_BYTES 8192

typedef enum nx_uri_verdict {
    NX_URI_OK = 0,
    NX_URI_TOO_LONG,     /* more than NX_MAX_URI_BYTES: 414 */
    NX_URI_BAD_ESCAPE,   /* a '%' not followed by two hex digits: 400 */
    NX_URI_ENCODED_PATH, /* %2e, %2f, %5c or %00 in the path: 404, no route needs them */
} nx_uri_verdict_t;

/* Judges the request target `uri` exactly as the client sent it (NUL-terminated). */
nx_uri_verdict_t nx_check_raw_uri(const char *uri);

/* A short message for a verdict other than NX_URI_OK, for the JSON error body. */
const char *nx_uri_verdict_message(nx_uri_verdict_t verdict);

#endif /* NX_REQUEST_CHECKS_H */
