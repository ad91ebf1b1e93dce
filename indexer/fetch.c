/* One learner's fetch (see fetch.h). The callbacks are where a deadline turns into an abort:
 * libgit2 stops the transfer when a callback returns non-zero. */
#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "credentials.h"
#include "nx_text.h"
#include "redact.h"

typedef struct fetch_call {
    fetch_guard *guard;
    credential_state credentials;
} fetch_call;

static int on_transfer(const git_indexer_progress *stats, void *payload)
{
    (void)stats;
    fetch_call *call = payload;
    return fetch_guard_expired(call->guard) ? -1 : 0;
}

static int on_sideband(const char *text, int len, void *payload)
{
    (void)text, (void)len;
    fetch_call *call = payload;
    return fetch_guard_expired(call->guard) ? -1 : 0;
}

static int on_credentials(git_credential **out, const char *url, const char *username_from_url,
                          unsigned int allowed_types, void *payload)
{
    fetch_call *call = payload;
    if (fetch_guard_expired(call->guard)) return -1;
    return credentials_acquire(out, url, username_from_url, allowed_types, &call->credentials);
}

static double elapsed_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* libgit2 messages may quote the url it was given: keep credentials out of them. */
static char *safe_message(const char *message, const char *url, const char *shown_url)
{
    nx_buf out = {0};
    const char *found = url[0] ? strstr(message, url) : NULL;
    if (found && strcmp(url, shown_url) != 0) {
        nx_buf_append(&out, message, (size_t)(found - message));
        nx_buf_append_str(&out, shown_url);
        nx_buf_append_str(&out, found + strlen(url));
    } else {
        url_redact(&out, message); /* a message that is itself a url */
    }
    return out.failed ? NULL : nx_buf_take(&out);
}

static char *failure_text(const nx_buf *error, fetch_call *call, unsigned timeout_s, const char *url,
                          const char *shown_url)
{
    nx_buf text = {0};
    if (fetch_guard_expired(call->guard)) {
        char head[64];
        snprintf(head, sizeof head, "timed out after %u s", timeout_s);
        nx_buf_append_str(&text, head);
        nx_buf_append_str(&text, " (");
    }
    const char *auth = credentials_describe(&call->credentials);
    if (auth[0]) {
        nx_buf_append_str(&text, auth);
        nx_buf_append_str(&text, ": ");
    }
    nx_buf_append_str(&text, error->data && error->data[0] ? error->data : "fetch failed");
    if (fetch_guard_expired(call->guard)) nx_buf_append_char(&text, ')');
    char *safe = text.failed ? NULL : safe_message(text.data, url, shown_url);
    nx_buf_free(&text);
    return safe ? safe : strdup("fetch failed (out of memory describing why)");
}

void fetch_learner(const char *cache_dir, const cohort_entry *entry, unsigned timeout_s, size_t max_fetch_bytes,
                   fetch_guard *guard, fetch_outcome *out)
{
    *out = (fetch_outcome){0};
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    fetch_call call = {.guard = guard};
    git_remote_callbacks callbacks;
    git_remote_init_callbacks(&callbacks, GIT_REMOTE_CALLBACKS_VERSION);
    callbacks.transfer_progress = on_transfer;
    callbacks.sideband_progress = on_sideband;
    callbacks.credentials = on_credentials;
    callbacks.payload = &call;
    char *shown_url = url_redacted(entry->url);
    mirror_options opts = {.callbacks = &callbacks, .recorded_url = shown_url, .max_fetch_bytes = max_fetch_bytes};
    nx_buf error = {0};
    mirror_result m;
    fetch_guard_arm(guard, timeout_s);
    int rc = shown_url ? mirror_update(cache_dir, entry->learner, entry->url, &opts, &m, &error) : -1;
    fetch_guard_disarm(guard);
    if (rc == 0) {
        out->ok = true;
        out->action = m.action;
        memcpy(out->head_hex, m.head_hex, sizeof out->head_hex);
        out->commit_time = m.commit_time;
        if (m.action == MIRROR_RECLONED) out->note = safe_message(m.reclone_reason, entry->url, shown_url);
        git_repository_free(m.repo);
    } else {
        out->error = failure_text(&error, &call, timeout_s, entry->url, shown_url ? shown_url : "");
    }
    nx_buf_free(&error);
    free(shown_url);
    out->seconds = elapsed_since(&start);
}

void fetch_outcome_free(fetch_outcome *out)
{
    free(out->error);
    free(out->note);
    *out = (fetch_outcome){0};
}

int fetch_kept_commit(const char *cache_dir, const char *learner, const char *commit_hex, fetch_outcome *out)
{
    *out = (fetch_outcome){.action = MIRROR_FETCHED};
    nx_buf path = {0};
    nx_buf_append_str(&path, cache_dir);
    nx_buf_append_char(&path, '/');
    nx_buf_append_str(&path, learner);
    nx_buf_append_str(&path, ".git");
    git_repository *repo = NULL;
    git_object *commit = NULL;
    int rc = -1;
    if (!path.failed && git_repository_open_bare(&repo, path.data) == 0 &&
        git_revparse_single(&commit, repo, commit_hex && commit_hex[0] ? commit_hex : "HEAD") == 0 &&
        git_object_type(commit) == GIT_OBJECT_COMMIT) {
        git_oid_tostr(out->head_hex, sizeof out->head_hex, git_object_id(commit));
        out->commit_time = (int64_t)git_commit_time((const git_commit *)commit);
        out->ok = true;
        rc = 0;
    }
    git_object_free(commit);
    git_repository_free(repo);
    nx_buf_free(&path);
    return rc;
}
