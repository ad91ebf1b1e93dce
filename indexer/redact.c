/* Credential-free urls (see redact.h): RFC 3986 authority = [userinfo "@"] host [":" port],
 * ending at the first '/', '?' or '#' after "://"; the userinfo is everything before its last '@'.
 * Over http(s) a lone user name may itself be a token (https://TOKEN@github.com/…), so all of it goes;
 * elsewhere (ssh://git@host) only a password after ':' is a secret. */
#include "redact.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void url_redact(nx_buf *out, const char *url)
{
    const char *scheme_end = strstr(url, "://");
    if (!scheme_end || strcspn(url, "/?#") < (size_t)(scheme_end - url)) {
        nx_buf_append_str(out, url);
        return;
    }
    const char *authority = scheme_end + 3;
    size_t authority_len = strcspn(authority, "/?#");
    const char *at = NULL;
    for (const char *p = authority; p < authority + authority_len; p++)
        if (*p == '@') at = p;
    if (!at) {
        nx_buf_append_str(out, url);
        return;
    }
    bool http = strncasecmp(url, "http", 4) == 0 && (scheme_end - url == 4 || scheme_end - url == 5);
    const char *colon = memchr(authority, ':', (size_t)(at - authority));
    if (!http && !colon) {
        nx_buf_append_str(out, url);
        return;
    }
    const char *keep_until = http ? authority : colon + 1;
    nx_buf_append(out, url, (size_t)(keep_until - url));
    nx_buf_append_str(out, "***");
    nx_buf_append_str(out, at);
}

char *url_redacted(const char *url)
{
    nx_buf out = {0};
    url_redact(&out, url);
    if (out.failed) {
        nx_buf_free(&out);
        return NULL;
    }
    return nx_buf_take(&out);
}
