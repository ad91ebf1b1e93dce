/* libFuzzer target: the request path of nexus-server, run in-process on a small real index. Each input is a
 * request target sent over loopback to the real server (nx_server), so the code under test is production's:
 * libmicrohttpd's parsing and decoding, request_checks.c, every route's argument checks (request_params.c),
 * the shim's queries and the JSON answers. An input not starting with '/' is sent as /api/search?q=INPUT. */
#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "db_pool.h"
#include "http.h"
#include "nx_index.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "options.h"

/* Past any target the server answers with JSON; keeps one input's request bounded. */
#define FUZZ_TARGET_MAX_BYTES 65536
#define FUZZ_RESPONSE_MAX_BYTES (16u << 20)

/* The server lives for the whole fuzzing process (libFuzzer gives no context pointer). */
static struct {
    char dir[64];
    nx_server_options_t opts;
    nx_taxonomy *taxonomy;
    nx_db_pool_t *pool;
    nx_server_t server;
} fuzz = {.dir = "/tmp/nexus-fuzz-query-XXXXXX"};

static const nx_tech_ref_t DJANGO_CELERY[] = {{"django", 2, 1}, {"celery", 1, 1}, {"redis", 1, 0}};
static const nx_tech_ref_t DOCKER[] = {{"docker", 1, 1}, {"postgresql", 1, 1}};

static const struct {
    const char *learner, *path, *heading_path, *heading, *anchor, *body, *kind;
    const nx_tech_ref_t *techs;
    size_t n_techs;
} SECTIONS[] = {
    {"ana", "README.md", "Project", "Project", "project", "Django REST API with Celery workers and Redis.",
     "technologies", DJANGO_CELERY, 3},
    {"ana", "docs/setup.md", "Setup › Docker", "Docker", "docker", "docker compose up; postgres connection refused",
     "setup", DOCKER, 2},
    {"Kofi-Dev", "README.md", "Challenges", "Challenges", "challenges", "GraphQL schema, JWT auth, \"quoted\" text",
     "challenges", NULL, 0},
    {"ama", "notes/ä.md", "Überblick", "Überblick", "überblick", "Ünïcödé text, emoji 🚀 and <b>markup</b> & more",
     "overview", NULL, 0},
};

static const char PROFILE_JSON[] =
    "{\"technologies\": [{\"id\": \"django\", \"covered\": true, \"signalled\": false, \"weight\": 3,"
    " \"evidence\": [{\"path\": \"README.md\", \"anchor\": \"project\"}]}],"
    " \"outline\": [{\"path\": \"README.md\", \"heading\": \"Project\", \"anchor\": \"project\"}],"
    " \"challenges\": [{\"path\": \"README.md\", \"challenge\": \"worker hung\", \"solution\": \"timeout\"}]}";

static void write_learner(nx_writer_t *writer, const char *learner)
{
    const char *commit = "0123456789abcdef0123456789abcdef01234567";
    if (nx_writer_begin_learner(writer, learner))
        abort();
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        if (strcmp(SECTIONS[i].learner, learner) != 0)
            continue;
        nx_section_t s = {
            .learner = learner, .cohort = "2025", .repo_url = "https://github.com/x/alx-project-nexus",
            .path = SECTIONS[i].path, .heading_path = SECTIONS[i].heading_path, .heading = SECTIONS[i].heading,
            .anchor = SECTIONS[i].anchor, .body = SECTIONS[i].body, .commit = commit, .commit_time = 1700000000,
            .ordinal = (unsigned)i, .kind = SECTIONS[i].kind, .techs = SECTIONS[i].techs,
            .n_techs = SECTIONS[i].n_techs,
        };
        if (nx_writer_add_section(writer, &s))
            abort();
    }
    nx_challenge_t c = {
        .learner = learner, .cohort = "2025", .repo_url = "https://github.com/x/alx-project-nexus",
        .path = "README.md", .heading_path = "Challenges", .anchor = "challenges", .challenge = "The worker hung",
        .solution = "Set a visibility timeout on the Redis broker", .commit = commit, .commit_time = 1700000000,
        .techs = DJANGO_CELERY + 1, .n_techs = 2,
    };
    nx_learner_profile_t p = {
        .learner = learner, .cohort = "2025", .repo_url = "https://github.com/x/alx-project-nexus",
        .commit = commit, .commit_time = 1700000000, .techs = DJANGO_CELERY, .n_techs = 3,
        .profile_json = PROFILE_JSON,
    };
    if (nx_writer_add_challenge(writer, &c) || nx_writer_set_learner_profile(writer, &p) ||
        nx_writer_end_learner(writer, commit))
        abort();
}

static void build_index(void)
{
    nx_writer_t *writer = NULL;
    if (!mkdtemp(fuzz.dir) || nx_writer_open(fuzz.dir, &writer, NULL) != NX_OK)
        abort();
    write_learner(writer, "ana");
    write_learner(writer, "Kofi-Dev");
    write_learner(writer, "ama");
    if (nx_writer_add_synonym(writer, "k8s", "kubernetes") || nx_writer_add_synonym(writer, "postgres", "postgresql"))
        abort();
    nx_writer_close(writer);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void stop_server(void)
{
    nx_http_stop(&fuzz.server);
    nx_db_pool_close(fuzz.pool);
    nx_taxonomy_free(fuzz.taxonomy);
    nx_server_options_free(&fuzz.opts);
    nftw(fuzz.dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Starts the server as nexus-server's main() does, from a command line; rate limiting off, as the
 * fuzzer is one very busy client. */
static void start_server(void)
{
    static char *argv[] = {"fuzz_query", "--index", fuzz.dir, "--listen", "127.0.0.1:0", "--threads", "1",
                           "--rate-limit", "0", "--max-connections-per-ip", "256", "--web", NEXUS_WEB_DIR, NULL};
    char *error = NULL;
    if (nx_server_options_parse(sizeof argv / sizeof argv[0] - 1, argv, &fuzz.opts, stdout, stderr) !=
            NX_OPTIONS_RUN ||
        nx_taxonomy_load_default(&fuzz.taxonomy, &error) ||
        nx_db_pool_open(fuzz.opts.index_paths, fuzz.opts.n_index_paths, fuzz.opts.threads, &fuzz.pool, &error))
        abort();
    fuzz.server = (nx_server_t){.opts = &fuzz.opts, .pool = fuzz.pool, .taxonomy = fuzz.taxonomy};
    if (nx_http_start(&fuzz.server))
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    signal(SIGPIPE, SIG_IGN); /* as nexus-server: a peer hanging up is not fatal */
    build_index();
    start_server();
    atexit(stop_server);
    return 0;
}

/* "GET <target> HTTP/1.1" with the input as the target: bytes that would end the request line
 * (controls, space, DEL) are percent-encoded, so the decoded arguments can still hold any byte. */
static void build_request(nx_buf *request, const uint8_t *data, size_t size)
{
    nx_buf_append_str(request, "GET ");
    if (size == 0 || data[0] != '/')
        nx_buf_append_str(request, "/api/search?q=");
    for (size_t i = 0; i < size && i < FUZZ_TARGET_MAX_BYTES; i++) {
        char escaped[4];
        if (data[i] > 0x20 && data[i] != 0x7f) {
            nx_buf_append_char(request, (char)data[i]);
            continue;
        }
        snprintf(escaped, sizeof escaped, "%%%02X", data[i]);
        nx_buf_append_str(request, escaped);
    }
    nx_buf_append_str(request, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n");
}

/* Sends the request and reads the whole answer (the server closes the connection after it). */
static void exchange(const nx_buf *request, nx_buf *response)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(fuzz.server.bound_port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    /* Reset rather than TIME_WAIT on close: a fuzzing run opens hundreds of thousands of connections. */
    struct linger reset = {.l_onoff = 1, .l_linger = 0};
    struct timeval patience = {.tv_sec = 10};
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset) ||
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience))
        abort();
    while (connect(fd, (struct sockaddr *)&addr, sizeof addr))
        if (errno != EINTR)
            abort();
    /* libFuzzer's timeout alarm (SIGALRM) interrupts system calls now and then: EINTR means try again. */
    for (size_t sent = 0; sent < request->len;) {
        ssize_t n = send(fd, request->data + sent, request->len - sent, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* the server may answer (414, 400) and close before reading everything */
        sent += (size_t)n;
    }
    char chunk[65536];
    while (response->len < FUZZ_RESPONSE_MAX_BYTES) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        nx_buf_append(response, chunk, (size_t)n);
    }
    close(fd);
}

static void fail(const nx_buf *request, const nx_buf *response, const char *why)
{
    fprintf(stderr, "fuzz_query: %s\nrequest:\n%.2000s\nresponse:\n%.4000s\n", why,
            request->data ? request->data : "", response->data ? response->data : "");
    abort();
}

/* What any answer must be: a status below 500 (a 5xx from a healthy index is a bug), and JSON that
 * parses, as valid UTF-8, whenever the server says it is JSON; a JSON error repeats its status. */
static void check_response(const nx_buf *request, const nx_buf *response)
{
    unsigned status = 0;
    if (!response->data || sscanf(response->data, "HTTP/1.1 %3u ", &status) != 1)
        fail(request, response, "no HTTP answer");
    if (status >= 500)
        fail(request, response, "server error");
    const char *body = strstr(response->data, "\r\n\r\n");
    if (!body || !strcasestr(response->data, "\r\nContent-Type: application/json") ||
        strcasestr(response->data, "\r\nContent-Type: application/json") > body)
        return;
    body += 4;
    json_t *json = json_loadb(body, response->len - (size_t)(body - response->data), 0, NULL);
    if (!json)
        fail(request, response, "the JSON body does not parse");
    json_t *error = json_object_get(json, "error");
    if (status >= 400 && json_integer_value(json_object_get(error, "status")) != (json_int_t)status)
        fail(request, response, "the error body does not repeat the status");
    json_decref(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_buf request = {0}, response = {0};
    build_request(&request, data, size);
    if (!request.failed) {
        exchange(&request, &response);
        check_response(&request, &response);
    }
    nx_buf_free(&request);
    nx_buf_free(&response);
    return 0;
}
