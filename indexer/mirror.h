/* Bare mirrors of learners' repositories in the cache folder, kept up to date with libgit2.
 * One mirror per learner at <cache>/<learner>.git; its HEAD follows the remote's default branch. */
#ifndef NX_MIRROR_H
#define NX_MIRROR_H

#include <git2.h>
#include <stdint.h>

#include "nx_text.h"

typedef enum mirror_action {
    MIRROR_CLONED,  /* the mirror did not exist: created and fetched in full */
    MIRROR_FETCHED, /* the existing mirror was fetched (with prune) */
} mirror_action;

typedef struct mirror_result {
    git_repository *repo; /* owned by the caller: git_repository_free() */
    mirror_action action;
    git_oid head;           /* the commit HEAD points at */
    char head_hex[GIT_OID_HEXSZ + 1];
    int64_t commit_time;    /* committer time of that commit, seconds since the epoch */
} mirror_result;

/* Clones or fetches the mirror of `learner` from `url` (https:// or a local
 * path) into `cache_dir`. Returns 0 and fills *out, or -1 and appends a
 * message (with libgit2's reason) to `error`; then out->repo is NULL.
 * git_libgit2_init() must have been called. */
int mirror_update(const char *cache_dir, const char *learner, const char *url, mirror_result *out,
                  nx_buf *error);

/* As mirror_update(), but a clone or fetch that receives more than
 * `max_fetch_bytes` bytes (0: no limit) is abandoned with a message saying so. */
int mirror_update_limited(const char *cache_dir, const char *learner, const char *url, size_t max_fetch_bytes,
                          mirror_result *out, nx_buf *error);

#endif /* NX_MIRROR_H */
