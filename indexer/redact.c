/* Credential-free urls (see redact.h): RFC 3986 authority = [userinfo "@"] host [":" port],
 * ending at the first '/', '?' or '#' after "://"; the userinfo is everything before its last '@'. */
#include "redact.h"

#include <stdlib.h>
#include <string.h>

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
    nx_buf_append(out, url, (size_t)(authority - url));
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
