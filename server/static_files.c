/* Serves the web page's files from the --web folder. Only plain names of known
 * types are served; anything that could climb out of the folder is a 404. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "response.h"
#include "server.h"

#define NX_STATIC_PATH_MAX 512

typedef struct content_type {
    const char *extension;
    const char *mime;
} content_type_t;

static const content_type_t content_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml; charset=utf-8"},
    {".png", "image/png"},
    {".json", "application/json; charset=utf-8"},
    {".ico", "image/x-icon"},
};

static const char *mime_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
        if (strcmp(dot, content_types[i].extension) == 0)
            return content_types[i].mime;
    return NULL;
}

/* libmicrohttpd has already percent-decoded `url`, so "%2e%2e" arrives as
 * ".." and is caught here. Every segment must be a non-empty name of
 * printable ASCII without backslashes that does not start with a dot (which
 * refuses ".", ".." and hidden files alike). */
static bool safe_path(const char *url)
{
    size_t len = strlen(url);
    if (url[0] != '/' || len > NX_STATIC_PATH_MAX)
        return false;
    const char *segment = url + 1;
    for (const char *p = url + 1;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '/' || c == '\0') {
            if (p == segment || segment[0] == '.')
                return false;
            if (c == '\0')
                return true;
            segment = p + 1;
            continue;
        }
        if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '%')
            return false;
    }
}

/* Opens web_dir/relative as a regular file; -1 when absent or not a file. */
static int open_regular_file(const char *web_dir, const char *relative, struct stat *st)
{
    char full[NX_STATIC_PATH_MAX + 4096];
    int n = snprintf(full, sizeof full, "%s/%s", web_dir, relative);
    if (n < 0 || (size_t)n >= sizeof full)
        return -1;
    int fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static void add_static_headers(struct MHD_Response *response, const char *mime)
{
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, mime);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    /* Revalidate every time: the page is small and changes with deploys. */
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    /* Scripts and styles only from our own files: no inline script, no
     * eval, no plugins, no framing, so learner text that slipped through as
     * HTML still could not run. Sent with every file, not just the page, so
     * a file opened directly gets the same policy. */
    MHD_add_response_header(response, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; object-src 'none'; "
                            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
}

enum MHD_Result nx_route_static(const nx_server_t *server, struct MHD_Connection *connection, const char *url,
                                const nx_args_t *args)
{
    (void)args;
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    const char *mime = safe_path(path) ? mime_type(path) : NULL;
    struct stat st;
    int fd = mime ? open_regular_file(server->opts->web_dir, path + 1, &st) : -1;
    if (fd < 0)
        return nx_send_error(connection, MHD_HTTP_NOT_FOUND, "not found");
    /* The response owns fd from here and closes it when done. */
    struct MHD_Response *response = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!response) {
        close(fd);
        return nx_send_error(connection, MHD_HTTP_INTERNAL_SERVER_ERROR,
                                  "cannot send the file");
    }
    add_static_headers(response, mime);
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}
