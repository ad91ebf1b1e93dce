/* Bare mirrors of learners' repositories in the cache folder, kept up to date with libgit2.
 * One mirror per learner at <cache>/<learner>.git; its HEAD follows the remote's default branch. */
#ifndef NX_MIRROR_H
#define NX_MIRROR_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_text.h"

typedef enum mirror_action {
    MIRROR_CLONED,  /* the mirror did not exist: created and fetched in full */
    MIRROR_FETCHED, /* the existing mirror was fetched (with prune) */
    MIRROR_RECLONED, /* the existing mirror was broken: cloned afresh, then swapped in */
} mirror_action;

/* How to reach the remote. Everything borrowed for the call. */
typedef struct mirror_options {
    const git_remote_callbacks *callbacks; /* NULL for none; only transfer_progress, sideband_progress and
                                            * credentials are used, each called with callbacks->payload */
    const char *recorded_url;              /* written to the mirror's config instead of the url
                                            * (the url without credentials); NULL: the url */
    size_t max_fetch_bytes;                /* a clone or fetch receiving more is abandoned; 0: no limit */
} mirror_options;

typedef struct mirror_result {
    git_repository *repo; /* owned by the caller: git_repository_free() */
    mirror_action action;
    git_oid head;           /* the commit HEAD points at */
    char head_hex[GIT_OID_HEXSZ + 1];
    int64_t commit_time;    /* committer time of that commit, seconds since the epoch */
    char reclone_reason[256]; /* MIRROR_RECLONED: what was wrong with the old mirror */
} mirror_result;

/* Clones or fetches the mirror of `learner` from `url` (https:// or a local
 * path) into `cache_dir`. A first clone is made in "<learner>.git.partial" and
 * renamed into place when complete. Lock files left in the mirror by a killed run are
 * removed first (the caller holds the run lock, so no one else uses the cache).
 * A mirror that cannot be read (corrupt objects, refs or config) is cloned
 * afresh beside it (".partial") and swapped in only when that clone succeeds; a mirror
 * that cannot be fetched for a network reason is left as it was. Returns 0
 * and fills *out, or -1 and appends a message (with libgit2's reason) to
 * `error`; then out->repo is NULL. git_libgit2_init() must have been called. */
int mirror_update(const char *cache_dir, const char *learner, const char *url, const mirror_options *opts,
                  mirror_result *out, nx_buf *error);

/* mirror_update() without callbacks: a clone or fetch that receives more than
 * `max_fetch_bytes` bytes (0: no limit) is abandoned with a message saying so. */
int mirror_update_limited(const char *cache_dir, const char *learner, const char *url, size_t max_fetch_bytes,
                          mirror_result *out, nx_buf *error);

#endif /* NX_MIRROR_H */
