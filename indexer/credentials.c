/* Credentials (see credentials.h). The helper runs as `git credential fill` with prompts disabled,
 * its answer parsed from the key=value lines git documents in git-credential(1). */
#include "credentials.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nx_text.h"

#define HELPER_REPLY_MAX 8192

extern char **environ;

enum { SOURCE_NONE, SOURCE_ENV, SOURCE_HELPER };

/* The helper's question: protocol, host and path of `url` (no userinfo). */
static void helper_question(nx_buf *q, const char *url)
{
    const char *scheme_end = strstr(url, "://");
    if (!scheme_end) return;
    const char *host = scheme_end + 3;
    size_t authority = strcspn(host, "/");
    const char *at = memchr(host, '@', authority);
    if (at) {
        authority -= (size_t)(at + 1 - host);
        host = at + 1;
    }
    nx_buf_append_str(q, "protocol=");
    nx_buf_append(q, url, (size_t)(scheme_end - url));
    nx_buf_append_str(q, "\nhost=");
    nx_buf_append(q, host, authority);
    if (host[authority] == '/') {
        nx_buf_append_str(q, "\npath=");
        nx_buf_append_str(q, host + authority + 1);
    }
    nx_buf_append_str(q, "\n\n");
}

/* environ plus GIT_TERMINAL_PROMPT=0, so git never waits on a terminal at 3 a.m. */
static char **helper_environment(void)
{
    size_t n = 0;
    while (environ[n]) n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "GIT_TERMINAL_PROMPT=", 20) != 0) env[k++] = environ[i];
    env[k++] = "GIT_TERMINAL_PROMPT=0";
    return env;
}

static int exchange(int to_child, int from_child, const nx_buf *question, nx_buf *reply)
{
    ssize_t w = write(to_child, question->data, question->len);
    close(to_child);
    if (w != (ssize_t)question->len) return -1;
    char chunk[1024];
    for (;;) {
        ssize_t n = read(from_child, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (reply->len + (size_t)n > HELPER_REPLY_MAX) return -1;
        nx_buf_append(reply, chunk, (size_t)n);
    }
    return reply->failed ? -1 : 0;
}

/* Runs `git credential fill`; its stdout goes to `reply`. */
static int run_helper(const nx_buf *question, nx_buf *reply)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0) return -1;
    if (pipe2(out, O_CLOEXEC) != 0) {
        close(in[0]), close(in[1]);
        return -1;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = {"git", "credential", "fill", NULL};
    char **env = helper_environment();
    pid_t pid = 0;
    int rc = env ? posix_spawnp(&pid, "git", &actions, NULL, argv, env) : -1;
    posix_spawn_file_actions_destroy(&actions);
    free(env);
    close(in[0]), close(out[1]);
    if (rc == 0) rc = exchange(in[1], out[0], question, reply);
    else close(in[1]);
    close(out[0]);
    int status = 0;
    if (pid > 0) {
        pid_t waited;
        while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {}
        if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) rc = -1;
    }
    return rc;
}

/* The value of "key=" in the helper's reply, copied into `out` (NUL-terminated). */
static int reply_value(const nx_buf *reply, const char *key, nx_buf *out)
{
    size_t key_len = strlen(key);
    for (const char *line = reply->data; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > key_len && strncmp(line, key, key_len) == 0 && line[key_len] == '=') {
            nx_buf_append(out, line + key_len + 1, len - key_len - 1);
            return out->failed ? -1 : 0;
        }
        line = end ? end + 1 : NULL;
    }
    return -1;
}

static void wipe(nx_buf *b)
{
    if (b->data) memset(b->data, 0, b->cap);
    nx_buf_free(b);
}

static int from_helper(git_credential **out, const char *url)
{
    nx_buf question = {0}, reply = {0}, user = {0}, password = {0};
    int rc = GIT_PASSTHROUGH;
    helper_question(&question, url);
    if (!question.failed && question.len && run_helper(&question, &reply) == 0 &&
        reply_value(&reply, "username", &user) == 0 && reply_value(&reply, "password", &password) == 0)
        rc = git_credential_userpass_plaintext_new(out, user.data, password.data) == 0 ? 0 : -1;
    nx_buf_free(&question);
    wipe(&reply);
    wipe(&user);
    wipe(&password);
    return rc;
}

int credentials_acquire(git_credential **out, const char *url, const char *username_from_url,
                        unsigned int allowed_types, credential_state *state)
{
    /* A second call means the first answer was refused: give up rather than loop. */
    if (state->attempts++ > 0 || !(allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) return GIT_PASSTHROUGH;
    const char *token = getenv("NEXUS_GIT_TOKEN");
    if (token && token[0]) {
        const char *user = getenv("NEXUS_GIT_USER");
        if (!user || !user[0]) user = username_from_url && username_from_url[0] ? username_from_url : "x-access-token";
        state->source = SOURCE_ENV;
        return git_credential_userpass_plaintext_new(out, user, token) == 0 ? 0 : -1;
    }
    state->source = SOURCE_HELPER;
    return from_helper(out, url);
}

const char *credentials_describe(const credential_state *state)
{
    switch (state->source) {
    case SOURCE_ENV: return "the credentials from NEXUS_GIT_TOKEN were refused";
    case SOURCE_HELPER: return "the server asks for credentials (none from NEXUS_GIT_TOKEN or git's credential helper were accepted)";
    default: return "";
    }
}
