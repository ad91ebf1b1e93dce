/* Raw request-target checks (see request_checks.h). libmicrohttpd leaves bad
 * escapes such as "%zz" in place and decodes "%2e%2e" to "..", so both are judged here first. */
#include "request_checks.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool is_hex(char c)
{
    return isxdigit((unsigned char)c) != 0;
}

/* Escapes no path of ours needs, that only serve to sneak "..", "/", "\" or
 * a NUL past a path check. */
static bool is_disguising_escape(const char *at)
{
    static const char *const refused[] = {"%2e", "%2f", "%5c", "%00"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strncasecmp(at, refused[i], 3) == 0)
            return true;
    return false;
}

nx_uri_verdict_t nx_check_raw_uri(const char *uri)
{
    size_t len = strnlen(uri, NX_MAX_URI_BYTES + 1);
    if (len > NX_MAX_URI_BYTES)
        return NX_URI_TOO_LONG;
    size_t path_len = strcspn(uri, "?#");
    nx_uri_verdict_t verdict = NX_URI_OK;
    for (size_t at = 0; at < len; at++) {
        if (uri[at] != '%')
            continue;
        if (at + 2 >= len || !is_hex(uri[at + 1]) || !is_hex(uri[at + 2]))
            return NX_URI_BAD_ESCAPE;
        if (at < path_len && is_disguising_escape(uri + at))
            verdict = NX_URI_ENCODED_PATH;
    }
    return verdict;
}

const char *nx_uri_verdict_message(nx_uri_verdict_t verdict)
{
    switch (verdict) {
    case NX_URI_OK:
        return "ok";
    case NX_URI_TOO_LONG:
        return "the URL is too long";
    case NX_URI_BAD_ESCAPE:
        return "the URL has an invalid percent-encoding ('%' must be followed by two hex digits)";
    case NX_URI_ENCODED_PATH:
        return "not found";
    }
    return "bad request";
}
