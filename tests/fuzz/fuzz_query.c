/* libFuzzer target: query handling as nexus-server does it, on arbitrary request targets:
 * raw-URL checks, libmicrohttpd's unescaping, UTF-8 and length checks, then the shim's search on a small real index. */
#include <ftw.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_index.h"
#include "nx_text.h"
#include "request_checks.h"

/* As api_search.c: longer queries are refused before they reach the shim. */
#define FUZZ_QUERY_MAX_BYTES 1024

/* The index lives for the whole fuzzing process (libFuzzer gives no context pointer). */
static nx_db_t *fuzz_db;
static char fuzz_dir[] = "/tmp/nexus-fuzz-query-XXXXXX";

static const struct {
    const char *learner, *path, *heading_path, *heading, *anchor, *body;
} SECTIONS[] = {
    {"ana", "README.md", "Project", "Project", "project", "Django REST API with Celery workers and Redis."},
    {"ana", "docs/setup.md", "Setup › Docker", "Docker", "docker", "docker compose up; postgres connection refused"},
    {"Kofi-Dev", "README.md", "Challenges", "Challenges", "challenges", "GraphQL schema, JWT auth, \"quoted\" text"},
    {"ama", "notes/ä.md", "Überblick", "Überblick", "überblick", "Ünïcödé text, emoji 🚀 and <b>markup</b> & more"},
};

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void remove_index(void)
{
    nx_db_close(fuzz_db);
    nftw(fuzz_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void build_index(void)
{
    nx_writer_t *writer = NULL;
    if (!mkdtemp(fuzz_dir) || nx_writer_open(fuzz_dir, &writer, NULL) != NX_OK)
        abort();
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        nx_section_t s = {
            .learner = SECTIONS[i].learner, .cohort = "2025", .repo_url = "https://github.com/x/y",
            .path = SECTIONS[i].path, .heading_path = SECTIONS[i].heading_path,
            .heading = SECTIONS[i].heading, .anchor = SECTIONS[i].anchor, .body = SECTIONS[i].body,
            .commit = "0123456789abcdef0123456789abcdef01234567", .commit_time = 1700000000, .ordinal = 0,
        };
        if (nx_writer_begin_learner(writer, s.learner) || nx_writer_add_section(writer, &s) ||
            nx_writer_end_learner(writer, s.commit))
            abort();
    }
    nx_writer_close(writer);
    const char *paths[] = {fuzz_dir};
    if (nx_db_open(paths, 1, &fuzz_db, NULL) != NX_OK)
        abort();
    atexit(remove_index);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    build_index();
    return 0;
}

static bool only_spaces(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n\f\v", text[i]))
            return false;
    return true;
}

/* The value of q= in the query string, decoded the way libmicrohttpd decodes arguments. */
static char *query_argument(char *target, size_t *len)
{
    char *args = strchr(target, '?');
    for (char *arg = args ? strtok(args + 1, "&") : NULL; arg; arg = strtok(NULL, "&")) {
        if (strncmp(arg, "q=", 2) != 0)
            continue;
        for (char *p = arg; *p; p++)
            if (*p == '+')
                *p = ' ';
        *len = MHD_http_unescape(arg + 2);
        return arg + 2;
    }
    return NULL;
}

static void search(const char *query)
{
    nx_search_request_t request = {.query = query, .offset = 0, .limit = 10};
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(fuzz_db, &request, &results);
    if (status == NX_ERR_QUERY_SYNTAX || status == NX_ERR_INVALID_ARG)
        return;
    if (status != NX_OK)
        abort(); /* the server would answer 500: a bug */
    for (size_t i = 0; i < nx_results_count(results); i++) {
        nx_hit_t hit;
        if (nx_results_hit(results, i, &hit) || !hit.snippet || !nx_utf8_valid(hit.path, strlen(hit.path)))
            abort();
    }
    if (!nx_results_parsed_query(results))
        abort();
    nx_results_free(results);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *target = malloc(size + 1);
    if (!target)
        return 0;
    memcpy(target, data, size);
    target[size] = '\0'; /* MHD hands us the target as a C string */
    size_t len = 0;
    const char *query = NULL;
    if (nx_check_raw_uri(target) == NX_URI_OK)
        query = query_argument(target, &len);
    if (query && !only_spaces(query, len) && nx_utf8_valid(query, len) && len <= FUZZ_QUERY_MAX_BYTES)
        search(query);
    free(target);
    return 0;
}
