/* GitHub blob links (see links.h). Repository urls come from the cohort file,
 * so they are parsed strictly: anything unexpected means "no link", never a bad one. */
#include "links.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "nx_text.h"

/* Length of the prefix of `s` made of bytes that satisfy `ok`. */
static size_t span(const char *s, bool (*ok)(unsigned char))
{
    size_t n = 0;
    while (s[n] && ok((unsigned char)s[n]))
        n++;
    return n;
}

static bool is_owner_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-';
}

static bool is_repo_char(unsigned char c)
{
    return is_owner_char(c) || c == '.' || c == '_';
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool is_unreserved(unsigned char c)
{
    return is_owner_char(c) || c == '.' || c == '_' || c == '~';
}

/* Skips "https://github.com/" (scheme and host case-insensitive, "www." and
 * plain http allowed); returns the rest or NULL when the prefix is missing. */
static const char *after_github_host(const char *url)
{
    static const char *const prefixes[] = {"https://github.com/", "https://www.github.com/",
                                           "http://github.com/", "http://www.github.com/"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t len = strlen(prefixes[i]);
        if (strncasecmp(url, prefixes[i], len) == 0)
            return url + len;
    }
    return NULL;
}

/* Finds owner and repo in `rest` ("owner/repo", "owner/repo.git", "owner/repo/").
 * Returns false when anything else follows. */
static bool split_owner_repo(const char *rest, const char **owner, size_t *owner_len,
                             const char **repo, size_t *repo_len)
{
    *owner = rest;
    *owner_len = span(rest, is_owner_char);
    if (*owner_len == 0 || rest[*owner_len] != '/')
        return false;
    *repo = rest + *owner_len + 1;
    *repo_len = span(*repo, is_repo_char);
    const char *tail = *repo + *repo_len;
    if (*tail == '/')
        tail++;
    if (*tail)
        return false;
    if (*repo_len > 4 && strncasecmp(*repo + *repo_len - 4, ".git", 4) == 0)
        *repo_len -= 4;
    return *repo_len > 0 && !(*repo_len == 1 && **repo == '.') &&
           !(*repo_len == 2 && memcmp(*repo, "..", 2) == 0);
}

static void append_encoded(nx_buf *out, const char *text, bool keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (is_unreserved(*p) || (keep_slash && *p == '/')) {
            nx_buf_append_char(out, (char)*p);
            continue;
        }
        char escaped[3] = {'%', hex[*p >> 4], hex[*p & 15]};
        nx_buf_append(out, escaped, sizeof escaped);
    }
}

nx_status_t nx_github_blob_url(const char *repo_url, const char *commit, const char *path,
                               const char *anchor, char **url_out)
{
    *url_out = NULL;
    if (!repo_url || !commit || !path || !path[0])
        return NX_OK;
    const char *rest = after_github_host(repo_url);
    const char *owner, *repo;
    size_t owner_len, repo_len;
    if (!rest || !split_owner_repo(rest, &owner, &owner_len, &repo, &repo_len))
        return NX_OK;
    size_t commit_len = span(commit, is_hex);
    if (commit_len < 7 || commit[commit_len])
        return NX_OK;

    nx_buf url = {0};
    nx_buf_append_str(&url, "https://github.com/");
    nx_buf_append(&url, owner, owner_len);
    nx_buf_append_char(&url, '/');
    nx_buf_append(&url, repo, repo_len);
    nx_buf_append_str(&url, "/blob/");
    nx_buf_append_str(&url, commit);
    nx_buf_append_char(&url, '/');
    append_encoded(&url, path[0] == '/' ? path + 1 : path, true);
    if (anchor && anchor[0]) {
        nx_buf_append_char(&url, '#');
        append_encoded(&url, anchor, false);
    }
    if (url.failed) {
        nx_buf_free(&url);
        return NX_ERR_NOMEM;
    }
    *url_out = nx_buf_take(&url);
    return *url_out ? NX_OK : NX_ERR_NOMEM;
}
