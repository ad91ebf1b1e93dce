/* Keeps one bare mirror per learner in the cache: clone the first time, fetch with prune afterwards.
 * Nothing is ever checked out; the indexer reads the HEAD commit's tree straight from the object store. */
#include "mirror.h"

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Mirror every ref, so a branch renamed or deleted upstream is renamed or deleted here too. */
static const char MIRROR_REFSPEC[] = "+refs/*:refs/*";

/* Appends "<what>: <libgit2's reason>" to `error`. */
static int git_failure(nx_buf *error, const char *what)
{
    const git_error *e = git_error_last();
    nx_buf_append_str(error, what);
    if (e && e->message && e->message[0]) {
        nx_buf_append_str(error, ": ");
        nx_buf_append_str(error, e->message);
    }
    git_error_clear();
    return -1;
}

/* Removes the folder of a mirror whose first fetch failed, so a wrong url
 * leaves nothing behind. Only ever called on a "<learner>.git.partial" folder
 * of a first clone: this run's, or one a killed run left. */
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Records the url as the mirror's origin, so the mirror stays a plain git
 * mirror a person can fetch by hand. Plain config keys: libgit2 1.5's named
 * remote calls (create, lookup) leak regex match data (fixed upstream in #6382). */
static int record_origin(git_repository *repo, const char *url, nx_buf *error)
{
    git_config *config = NULL;
    git_buf current = {0};
    int rc = git_repository_config(&config, repo);
    bool same = rc == 0 && git_config_get_string_buf(&current, config, "remote.origin.url") == 0 &&
                strcmp(current.ptr, url) == 0;
    if (rc == 0 && !same) rc = git_config_set_string(config, "remote.origin.url", url);
    if (rc == 0 && !same) rc = git_config_set_string(config, "remote.origin.fetch", MIRROR_REFSPEC);
    git_buf_dispose(&current);
    git_config_free(config);
    return rc < 0 ? git_failure(error, "cannot record the mirror's url") : 0;
}

/* The remote fetched from: in memory, made from the cohort's url on every run,
 * so a url changed in the cohort file takes effect at once. */
static int open_remote(git_repository *repo, const char *url, git_remote **remote, nx_buf *error)
{
    git_remote_create_options opts;
    git_remote_create_options_init(&opts, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    opts.repository = repo;
    opts.fetchspec = MIRROR_REFSPEC;
    opts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
    if (git_remote_create_with_opts(remote, url, &opts) < 0) return git_failure(error, "bad url");
    return 0;
}

/* Points HEAD at the remote's default branch, so a repository whose owner
 * switched from master to main is read from main. When the remote does not
 * say, or names a branch we did not get, the current HEAD stays. */
static void follow_default_branch(git_repository *repo, git_remote *remote)
{
    git_buf branch = {0};
    git_oid unused;
    if (git_remote_default_branch(&branch, remote) == 0 &&
        git_reference_name_to_id(&unused, repo, branch.ptr) == 0)
        git_repository_set_head(repo, branch.ptr);
    git_buf_dispose(&branch);
    /* A new mirror's HEAD names libgit2's default branch, which the remote may not have. */
    static const char *const usual[] = {"refs/heads/main", "refs/heads/master"};
    for (size_t i = 0; i < 2 && git_reference_name_to_id(&unused, repo, "HEAD") != 0; i++)
        if (git_reference_name_to_id(&unused, repo, usual[i]) == 0) git_repository_set_head(repo, usual[i]);
    git_error_clear();
}

/* Stops a transfer that grows past its limit (a fetch has no size limit of its own). */
typedef struct transfer_limit {
    size_t max_bytes; /* 0: none */
    bool exceeded;
} transfer_limit;

static int check_transfer(const git_indexer_progress *progress, void *payload)
{
    transfer_limit *limit = payload;
    if (limit->max_bytes && progress->received_bytes > limit->max_bytes) {
        limit->exceeded = true;
        return -1;
    }
    return 0;
}

/* Brings the mirror at `path` up to date. A first fetch goes through the same
 * steps on a freshly initialised repository: git_clone() would not let HEAD
 * follow the remote's default branch under a mirror refspec. */
static int fetch_mirror(const char *path, const char *url, bool create, size_t max_fetch_bytes,
                        git_repository **repo, nx_buf *error)
{
    transfer_limit limit = {.max_bytes = max_fetch_bytes};
    git_remote *remote = NULL;
    if (create ? git_repository_init(repo, path, 1) < 0 : git_repository_open_bare(repo, path) < 0)
        return git_failure(error, create ? "cannot create the mirror" : "cannot open the mirror");
    if (record_origin(*repo, url, error) < 0 || open_remote(*repo, url, &remote, error) < 0) goto fail;
    git_fetch_options opts;
    git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
    opts.prune = GIT_FETCH_PRUNE;
    opts.callbacks.transfer_progress = check_transfer;
    opts.callbacks.payload = &limit;
    if (git_remote_fetch(remote, NULL, &opts, create ? "nexus-index: clone" : "nexus-index: fetch") < 0) {
        if (limit.exceeded) {
            char why[160];
            snprintf(why, sizeof why, "%s abandoned: the repository sends more than %zu bytes (--max-fetch-bytes)",
                     create ? "clone" : "fetch", max_fetch_bytes);
            git_error_clear();
            nx_buf_append_str(error, why);
        } else {
            git_failure(error, create ? "clone failed" : "fetch failed");
        }
        goto fail;
    }
    follow_default_branch(*repo, remote);
    git_remote_free(remote);
    return 0;
fail:
    git_remote_free(remote);
    git_repository_free(*repo);
    *repo = NULL;
    return -1;
}

static int read_head(mirror_result *out, nx_buf *error)
{
    int rc = git_reference_name_to_id(&out->head, out->repo, "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
        git_error_clear();
        nx_buf_append_str(error, "empty repository");
        return -1;
    }
    if (rc < 0) return git_failure(error, "cannot resolve HEAD");
    git_commit *commit = NULL;
    if (git_commit_lookup(&commit, out->repo, &out->head) < 0)
        return git_failure(error, "HEAD is not a commit");
    out->commit_time = (int64_t)git_commit_time(commit);
    git_commit_free(commit);
    git_oid_tostr(out->head_hex, sizeof out->head_hex, &out->head);
    return 0;
}

/* A first clone is made in "<path>.partial" and renamed into place once it
 * succeeded, so a run killed halfway (kill -9, power loss) never leaves a
 * half-made mirror that later runs would trip over. */
static int clone_mirror(const char *path, const char *url, size_t max_fetch_bytes, mirror_result *out,
                        nx_buf *error)
{
    nx_buf partial = {0};
    nx_buf_append_str(&partial, path);
    nx_buf_append_str(&partial, ".partial");
    if (partial.failed) {
        nx_buf_append_str(error, "out of memory");
        return -1;
    }
    remove_tree(partial.data); /* left by a run that was killed */
    int rc = fetch_mirror(partial.data, url, true, max_fetch_bytes, &out->repo, error);
    if (rc == 0) rc = read_head(out, error);
    git_repository_free(out->repo);
    out->repo = NULL;
    if (rc == 0 && rename(partial.data, path) != 0) {
        nx_buf_append_str(error, "cannot move the new mirror into place: ");
        nx_buf_append_str(error, strerror(errno));
        rc = -1;
    }
    if (rc != 0) remove_tree(partial.data);
    if (rc == 0 && git_repository_open_bare(&out->repo, path) < 0) rc = git_failure(error, "cannot open the mirror");
    nx_buf_free(&partial);
    return rc;
}

int mirror_update(const char *cache_dir, const char *learner, const char *url, mirror_result *out,
                  nx_buf *error)
{
    return mirror_update_limited(cache_dir, learner, url, 0, out, error);
}

int mirror_update_limited(const char *cache_dir, const char *learner, const char *url, size_t max_fetch_bytes,
                          mirror_result *out, nx_buf *error)
{
    *out = (mirror_result){0};
    struct stat st;
    /* libgit2 calls a missing local path an "unsupported URL protocol": say what is wrong. */
    if (url[0] == '/' && stat(url, &st) != 0) {
        nx_buf_append_str(error, "no repository at ");
        nx_buf_append_str(error, url);
        nx_buf_append_str(error, ": ");
        nx_buf_append_str(error, strerror(errno));
        return -1;
    }
    nx_buf path = {0};
    nx_buf_append_str(&path, cache_dir);
    nx_buf_append_char(&path, '/');
    nx_buf_append_str(&path, learner);
    nx_buf_append_str(&path, ".git");
    if (path.failed) {
        nx_buf_append_str(error, "out of memory");
        return -1;
    }
    bool create = stat(path.data, &st) != 0 && errno == ENOENT;
    out->action = create ? MIRROR_CLONED : MIRROR_FETCHED;
    int rc = create ? clone_mirror(path.data, url, max_fetch_bytes, out, error)
                    : fetch_mirror(path.data, url, false, max_fetch_bytes, &out->repo, error);
    if (rc == 0 && !create) rc = read_head(out, error);
    if (rc != 0) {
        git_repository_free(out->repo);
        out->repo = NULL;
    }
    nx_buf_free(&path);
    return rc;
}
