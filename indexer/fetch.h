/* Fetching one learner's mirror inside a worker thread: its own libgit2 objects, a deadline
 * enforced by the watchdog, credentials on demand, and an outcome small enough to hand back. */
#ifndef NX_FETCH_H
#define NX_FETCH_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cohort.h"
#include "mirror.h"
#include "watchdog.h"

typedef struct fetch_outcome {
    bool ok;
    mirror_action action;            /* when ok */
    char head_hex[GIT_OID_HEXSZ + 1]; /* when ok */
    int64_t commit_time;             /* when ok */
    char *error;                     /* owned, malloc'd; NULL when ok. Never holds credentials */
    char *note;                      /* owned or NULL: e.g. why the mirror was re-cloned */
    double seconds;                  /* wall time of the fetch */
} fetch_outcome;

/* Brings the mirror of `entry` up to date, giving up after `timeout_s`
 * seconds (0: no limit) with "timed out", or once more than `max_fetch_bytes`
 * arrived (0: no limit). Fills *out; the caller releases it
 * with fetch_outcome_free(). Safe to call from several threads at once, each
 * with its own `guard`. */
void fetch_learner(const char *cache_dir, const cohort_entry *entry, unsigned timeout_s, size_t max_fetch_bytes,
                   fetch_guard *guard, fetch_outcome *out);

/* For a rebuild, in place of a fetch that failed: the commit `commit_hex` (the one the index served holds;
 * NULL or "" for the mirror's HEAD, which a failed fetch leaves where the last good one put it), read from
 * the learner's mirror as it is, as if just fetched. Returns 0, or -1 when the mirror cannot give it. */
int fetch_kept_commit(const char *cache_dir, const char *learner, const char *commit_hex, fetch_outcome *out);

void fetch_outcome_free(fetch_outcome *out);

#endif /* NX_FETCH_H */
