/* Which index a run writes: the shards being served, updated in place learner by learner, or a new
 * generation built beside them and published in one step once complete (see shim/nx_layout.h). */
#ifndef NX_INDEX_TARGET_H
#define NX_INDEX_TARGET_H

#include <stdbool.h>
#include <stdio.h>

#include "nx_index.h"

/* Zero-initialise; index_target_close() releases everything. */
typedef struct index_target {
    nx_writer_t **writers; /* owned, one per shard written */
    unsigned shards;
    bool rebuild;          /* writers build generation `generation` beside the index served */
    unsigned generation;   /* the generation written (a rebuild) or served (an update) */
    nx_writer_t **old;     /* owned, rebuild only: the served shards, read for what they hold; entries may be NULL */
    unsigned old_shards;
    const char *why;       /* static text: why a rebuild ("no index yet", …), NULL for an update */
    bool words_missing;    /* an update of several shards published without their merged words database */
} index_target;

/* Opens the index folder for this run: an update of the shards served when they have this schema,
 * `shards` shards and were built under `rules`, else a rebuild of `shards` shards beside them. Returns
 * 0, or -1 after printing why to `err` (nothing is changed then). */
int index_target_open(index_target *t, const char *index_dir, unsigned shards, const char *rules, FILE *err);

/* The writer of the shard `learner` belongs to. */
nx_writer_t *index_target_writer(const index_target *t, const char *learner);

/* Where what the index holds for `learner` (commit, rules) is read: its shard of the index served, or
 * NULL when a rebuild cannot read the old index (no index, another schema). */
nx_writer_t *index_target_holder(const index_target *t, const char *learner);

/* Ends the run's writing. A rebuild with `publish` is compacted (one thread per shard), published in
 * place of the index served (with its merged spelling and synonyms), and the old generation removed;
 * without `publish` it is thrown away and the old index stays. An update of several shards that
 * `changed` any of them (or whose index has no merged words database yet) publishes their spelling and
 * synonym tables merged again, whatever `publish` says (what the shards hold is served already).
 * Returns 0, or -1 after printing why to `err` (the old index, or the old merged tables, are then still
 * served). */
int index_target_finish(index_target *t, const char *index_dir, bool publish, bool changed, FILE *err);

void index_target_close(index_target *t);

#endif /* NX_INDEX_TARGET_H */
