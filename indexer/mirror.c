/* Keeps one bare mirror per learner in the cache: clone the first time, fetch with prune afterwards.
 * Nothing is ever checked out; the indexer reads the HEAD commit's tree straight from the object store. */
#include "mirror.h"

#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Removes a "<learner>.git.partial" or ".broken" folder: a first clone or
 * re-clone that failed (so a wrong url leaves nothing behind), one a killed
 * run left, or a broken mirror once its replacement is in place. */
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
    /* Both keys under one lock: the config file is written once, not once per key. */
    git_transaction *tx = NULL;
    if (rc == 0 && !same) rc = git_config_lock(&tx, config);
    if (rc == 0 && !same) rc = git_config_set_string(config, "remote.origin.url", url);
    if (rc == 0 && !same) rc = git_config_set_string(config, "remote.origin.fetch", MIRROR_REFSPEC);
    if (rc == 0 && tx) rc = git_transaction_commit(tx);
    git_transaction_free(tx);
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

/* What a transfer runs under: the byte limit (a fetch has no size limit of
 * its own) in front of the caller's callbacks, which keep their payload. */
typedef struct transfer_guard {
    size_t max_bytes; /* 0: none */
    bool exceeded;
    const git_remote_callbacks *inner; /* NULL: none */
} transfer_guard;

static int guard_transfer(const git_indexer_progress *progress, void *payload)
{
    transfer_guard *guard = payload;
    if (guard->max_bytes && progress->received_bytes > guard->max_bytes) {
        guard->exceeded = true;
        return -1;
    }
    const git_remote_callbacks *inner = guard->inner;
    return inner && inner->transfer_progress ? inner->transfer_progress(progress, inner->payload) : 0;
}

static int guard_sideband(const char *text, int len, void *payload)
{
    const git_remote_callbacks *inner = ((transfer_guard *)payload)->inner;
    return inner->sideband_progress(text, len, inner->payload);
}

static int guard_credentials(git_credential **out, const char *url, const char *username_from_url,
                             unsigned int allowed_types, void *payload)
{
    const git_remote_callbacks *inner = ((transfer_guard *)payload)->inner;
    return inner->credentials(out, url, username_from_url, allowed_types, inner->payload);
}

static void guarded_callbacks(transfer_guard *guard, git_remote_callbacks *callbacks)
{
    git_remote_init_callbacks(callbacks, GIT_REMOTE_CALLBACKS_VERSION);
    callbacks->payload = guard;
    callbacks->transfer_progress = guard_transfer;
    if (guard->inner && guard->inner->sideband_progress) callbacks->sideband_progress = guard_sideband;
    if (guard->inner && guard->inner->credentials) callbacks->credentials = guard_credentials;
}

/* True when libgit2's last error says the mirror itself is unreadable, as
 * opposed to the remote being unreachable or refusing us. */
static bool error_is_local(void)
{
    const git_error *e = git_error_last();
    if (!e) return false;
    switch (e->klass) {
    case GIT_ERROR_ODB:
    case GIT_ERROR_OBJECT:
    case GIT_ERROR_REFERENCE:
    case GIT_ERROR_REPOSITORY:
    case GIT_ERROR_INDEXER:
    case GIT_ERROR_ZLIB:
    case GIT_ERROR_FILESYSTEM:
    case GIT_ERROR_CONFIG: return true;
    default: return false;
    }
}

/* An existing mirror whose HEAD names a commit it cannot read is broken
 * before any fetch: fetching into it could only fail, and libgit2 1.5 leaks
 * the references its revparse resolves on that path. A mirror with no HEAD
 * commit yet (an empty remote) is not broken. */
static int check_head(git_repository *repo, nx_buf *error)
{
    git_oid head;
    int rc = git_reference_name_to_id(&head, repo, "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
        git_error_clear();
        return 0;
    }
    if (rc < 0) return git_failure(error, "cannot resolve HEAD");
    git_commit *commit = NULL;
    if (git_commit_lookup(&commit, repo, &head) < 0) return git_failure(error, "cannot read the HEAD commit");
    git_commit_free(commit);
    return 0;
}

/* The files a new bare mirror starts with, as git_repository_init() makes them for a bare repository, less
 * what a mirror never uses (hooks, info/exclude, description, objects/info) and without its probes of the
 * file system and per-key rewrites of the config: a first run makes 144 mirrors or more at once, and every
 * file or folder created costs (issue 15: init was 10% of the real corpus's first run, nearly all of it the
 * kernel creating ~19 inodes per mirror; now 8). libgit2 opens it as any bare repository. */
static int create_mirror_files(const char *path)
{
    static const char *const folders[] = {"", "/objects", "/objects/pack", "/refs", "/refs/heads", "/refs/tags"};
    static const struct {
        const char *name, *text;
    } files[] = {
        {"/HEAD", "ref: refs/heads/master\n"}, /* libgit2's own first HEAD; follow_default_branch() moves it */
        {"/config", "[core]\n\tbare = true\n\trepositoryformatversion = 0\n\tfilemode = true\n"},
    };
    char name[4096];
    for (size_t i = 0; i < sizeof folders / sizeof *folders; i++) {
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, folders[i]) >= sizeof name) return -1;
        if (mkdir(name, 0777) != 0) return -1;
    }
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if ((size_t)snprintf(name, sizeof name, "%s%s", path, files[i].name) >= sizeof name) return -1;
        FILE *f = fopen(name, "wx");
        if (!f) return -1;
        bool written = fputs(files[i].text, f) >= 0;
        if (fclose(f) != 0 || !written) return -1;
    }
    return 0;
}

/* Brings the mirror at `path` up to date. A first fetch goes through the same
 * steps on a freshly initialised repository: git_clone() would not let HEAD
 * follow the remote's default branch under a mirror refspec. *broken tells
 * whether a failure lies in the mirror rather than the remote. */
static int fetch_mirror(const char *path, const char *url, const mirror_options *mo, bool create,
                        git_repository **repo, bool *broken, nx_buf *error)
{
    git_remote *remote = NULL;
    *broken = false;
    if (create && create_mirror_files(path) != 0) {
        nx_buf_append_str(error, "cannot create the mirror: ");
        nx_buf_append_str(error, strerror(errno));
        return -1;
    }
    if (git_repository_open_bare(repo, path) < 0) {
        *broken = !create;
        return git_failure(error, create ? "cannot create the mirror" : "cannot open the mirror");
    }
    const char *recorded = mo && mo->recorded_url ? mo->recorded_url : url;
    if ((!create && check_head(*repo, error) < 0) || record_origin(*repo, recorded, error) < 0) {
        *broken = true;
        goto fail;
    }
    if (open_remote(*repo, url, &remote, error) < 0) goto fail;
    git_fetch_options opts;
    git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
    opts.prune = GIT_FETCH_PRUNE;
    opts.update_fetchhead = 0; /* FETCH_HEAD would record the url, credentials included */
    transfer_guard guard = {.max_bytes = mo ? mo->max_fetch_bytes : 0, .inner = mo ? mo->callbacks : NULL};
    guarded_callbacks(&guard, &opts.callbacks);
    if (git_remote_fetch(remote, NULL, &opts, create ? "nexus-index: clone" : "nexus-index: fetch") < 0) {
        if (guard.exceeded) {
            char why[160];
            snprintf(why, sizeof why, "%s abandoned: the repository sends more than %zu bytes (--max-fetch-bytes)",
                     create ? "clone" : "fetch", guard.max_bytes);
            git_error_clear();
            nx_buf_append_str(error, why);
        } else {
            *broken = !create && error_is_local();
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

/* *broken: HEAD names a commit the mirror cannot read (an empty remote is not broken). */
static int read_head(mirror_result *out, bool *broken, nx_buf *error)
{
    *broken = false;
    int rc = git_reference_name_to_id(&out->head, out->repo, "HEAD");
    if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
        git_error_clear();
        nx_buf_append_str(error, "empty repository");
        return -1;
    }
    *broken = true;
    if (rc < 0) return git_failure(error, "cannot resolve HEAD");
    git_commit *commit = NULL;
    if (git_commit_lookup(&commit, out->repo, &out->head) < 0)
        return git_failure(error, "cannot read the HEAD commit");
    *broken = false;
    out->commit_time = (int64_t)git_commit_time(commit);
    git_commit_free(commit);
    git_oid_tostr(out->head_hex, sizeof out->head_hex, &out->head);
    return 0;
}

/* nftw() callback: a lock file in the mirror can only be a killed run's leftover. */
static int remove_lock_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    size_t len = strlen(path);
    if (type == FTW_F && len > 5 && strcmp(path + len - 5, ".lock") == 0) remove(path);
    return 0;
}

static int update_at(const char *path, const char *url, const mirror_options *opts, bool create,
                     mirror_result *out, bool *broken, nx_buf *error)
{
    if (!create) nftw(path, remove_lock_file, 16, FTW_PHYS);
    int rc = fetch_mirror(path, url, opts, create, &out->repo, broken, error);
    if (rc == 0) rc = read_head(out, broken, error);
    if (rc != 0) {
        git_repository_free(out->repo);
        out->repo = NULL;
    }
    return rc;
}

static void clear_error(nx_buf *error)
{
    error->len = 0;
    if (error->data) error->data[0] = '\0';
}

/* "<path><suffix>", or NULL without memory (then `error` says so). */
static char *path_with(const char *path, const char *suffix, nx_buf *error)
{
    nx_buf out = {0};
    nx_buf_append_str(&out, path);
    nx_buf_append_str(&out, suffix);
    if (!out.failed) return nx_buf_take(&out);
    nx_buf_free(&out);
    nx_buf_append_str(error, "out of memory");
    return NULL;
}

/* Clones into "<path>.partial" (removing one a killed run left) and closes
 * it; the caller moves it into place. On failure nothing is left behind. */
static int clone_partial(const char *partial, const char *url, const mirror_options *opts, mirror_result *out,
                         nx_buf *error)
{
    bool broken = false;
    remove_tree(partial);
    int rc = update_at(partial, url, opts, true, out, &broken, error);
    git_repository_free(out->repo);
    out->repo = NULL;
    if (rc != 0) remove_tree(partial);
    return rc;
}

/* A first clone is made in "<path>.partial" and renamed into place once it
 * succeeded, so a run killed halfway (kill -9, power loss) never leaves a
 * half-made mirror that later runs would trip over. */
static int clone_mirror(const char *path, const char *url, const mirror_options *opts, mirror_result *out,
                        nx_buf *error)
{
    char *partial = path_with(path, ".partial", error);
    int rc = partial ? clone_partial(partial, url, opts, out, error) : -1;
    if (rc == 0 && rename(partial, path) != 0) {
        nx_buf_append_str(error, "cannot move the new mirror into place: ");
        nx_buf_append_str(error, strerror(errno));
        remove_tree(partial);
        rc = -1;
    }
    if (rc == 0 && git_repository_open_bare(&out->repo, path) < 0) rc = git_failure(error, "cannot open the mirror");
    free(partial);
    return rc;
}

/* Clones into "<path>.partial" as a first clone does, then swaps it in for
 * the broken mirror, which stays untouched until the new one is complete. */
static int reclone(const char *path, const char *url, const mirror_options *opts, mirror_result *out,
                   nx_buf *error)
{
    char *partial = path_with(path, ".partial", error);
    char *aside = partial ? path_with(path, ".broken", error) : NULL;
    int rc = -1;
    if (!aside) goto done;
    remove_tree(aside);
    if (clone_partial(partial, url, opts, out, error) != 0) goto done;
    if (rename(path, aside) != 0 || rename(partial, path) != 0 || git_repository_open_bare(&out->repo, path) < 0) {
        nx_buf_append_str(error, "cannot swap in the re-cloned mirror: ");
        nx_buf_append_str(error, strerror(errno));
        goto done;
    }
    remove_tree(aside);
    rc = 0;
done:
    free(partial);
    free(aside);
    return rc;
}

int mirror_update(const char *cache_dir, const char *learner, const char *url, const mirror_options *opts,
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
    bool broken = false;
    out->action = create ? MIRROR_CLONED : MIRROR_FETCHED;
    int rc = create ? clone_mirror(path.data, url, opts, out, error)
                    : update_at(path.data, url, opts, false, out, &broken, error);
    if (rc != 0 && broken) {
        snprintf(out->reclone_reason, sizeof out->reclone_reason, "%s", error->data ? error->data : "");
        clear_error(error);
        rc = reclone(path.data, url, opts, out, error);
        if (rc == 0) {
            out->action = MIRROR_RECLONED;
            rc = read_head(out, &broken, error);
        } else {
            nx_buf_append_str(error, " (while re-cloning a broken mirror: ");
            nx_buf_append_str(error, out->reclone_reason);
            nx_buf_append_str(error, ")");
        }
        if (rc != 0) {
            git_repository_free(out->repo);
            out->repo = NULL;
        }
    }
    nx_buf_free(&path);
    return rc;
}

int mirror_update_limited(const char *cache_dir, const char *learner, const char *url, size_t max_fetch_bytes,
                          mirror_result *out, nx_buf *error)
{
    mirror_options opts = {.max_fetch_bytes = max_fetch_bytes};
    return mirror_update(cache_dir, learner, url, &opts, out, error);
}
