/* The index a run writes (see index_target.h): reading the folder's layout, deciding between an update
 * and a rebuild, opening one writer per shard, and publishing a rebuild once it is complete. */
#include "index_target.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nx_layout.h"
#include "pool.h"

/* Opens an existing database for writing. A Xapian lock still held just after a killed run (its
 * lock-holder process exits a moment later) is waited out briefly: the run lock already guarantees no
 * other run is writing. Returns the status; `why` is malloc'd or NULL. */
static nx_status_t open_live(const char *path, nx_writer_t **out, char **why)
{
    for (int attempt = 0;; attempt++) {
        nx_status_t st = nx_writer_open(path, out, why);
        if (st != NX_ERR_LOCKED || attempt >= 50) return st;
        free(*why);
        *why = NULL;
        nanosleep(&(struct timespec){.tv_nsec = 200 * 1000000L}, NULL);
    }
}

static void close_all(nx_writer_t **writers, unsigned n)
{
    for (unsigned i = 0; writers && i < n; i++) nx_writer_close(writers[i]);
    free(writers);
}

/* Opens the shards served. Returns NX_OK, or the first failure's status with its message in `why`. */
static nx_status_t open_served(const char *index_dir, const nx_layout_t *layout, nx_writer_t ***out, char **why)
{
    nx_writer_t **writers = calloc(layout->shards, sizeof *writers);
    if (!writers) return NX_ERR_NOMEM;
    nx_status_t st = NX_OK;
    for (unsigned i = 0; st == NX_OK && i < layout->shards; i++) {
        char *path = nx_layout_shard_path(index_dir, layout->generation, i, 0);
        st = path ? open_live(path, &writers[i], why) : NX_ERR_NOMEM;
        free(path);
    }
    if (st != NX_OK) {
        close_all(writers, layout->shards);
        return st;
    }
    *out = writers;
    return NX_OK;
}

/* True when the served index was built under `rules` (recorded in shard 0). */
static bool built_under(nx_writer_t *shard0, const char *rules)
{
    char *recorded = NULL;
    bool same = nx_writer_index_rules(shard0, &recorded) == NX_OK && recorded && strcmp(recorded, rules) == 0;
    free(recorded);
    return same;
}

/* Opens the build writers of generation t->generation, each stamped with `rules`. */
static int open_builds(index_target *t, const char *index_dir, const char *rules, FILE *err)
{
    t->writers = calloc(t->shards, sizeof *t->writers);
    if (!t->writers) return -1;
    for (unsigned i = 0; i < t->shards; i++) {
        char *path = nx_layout_shard_path(index_dir, t->generation, i, 1);
        char *why = NULL;
        nx_status_t st = path ? nx_writer_open_build(path, &t->writers[i], &why) : NX_ERR_NOMEM;
        if (st == NX_OK) st = nx_writer_set_index_rules(t->writers[i], rules);
        if (st != NX_OK)
            fprintf(err, "nexus-index: cannot create the new index %s: %s\n", path ? path : index_dir,
                    why ? why : nx_status_str(st));
        free(path);
        free(why);
        if (st != NX_OK) return -1;
    }
    return 0;
}

/* Decides update or rebuild from what is served; opens the served shards when they can be read. */
static int decide(index_target *t, const char *index_dir, const nx_layout_t *layout, unsigned shards, const char *rules,
                  FILE *err)
{
    nx_writer_t **served = NULL;
    char *why = NULL;
    nx_status_t st = layout->shards ? open_served(index_dir, layout, &served, &why) : NX_ERR_NOT_FOUND;
    if (st != NX_OK && st != NX_ERR_NOT_FOUND && st != NX_ERR_CORRUPT) {
        fprintf(err, "nexus-index: cannot open the index %s: %s\n", index_dir, why ? why : nx_status_str(st));
        free(why);
        return -1;
    }
    free(why);
    t->shards = shards;
    if (st == NX_OK && !layout->legacy && layout->shards == shards && built_under(served[0], rules)) {
        t->writers = served;
        t->generation = layout->generation;
        t->words_missing = shards > 1 && layout->words == 0; /* published before words databases existed */
        return 0;
    }
    t->rebuild = true;
    t->why = st == NX_ERR_NOT_FOUND ? "no index yet"
             : st == NX_ERR_CORRUPT ? "the index has another schema"
             : layout->legacy       ? "the index predates generations"
             : layout->shards != shards ? "the shard count changed"
                                        : "the extraction rules changed";
    t->old = served; /* NULL when unreadable: nothing is known of the old index then */
    t->old_shards = served ? layout->shards : 0;
    t->generation = layout->generation + 1;
    return 0;
}

int index_target_open(index_target *t, const char *index_dir, unsigned shards, const char *rules, FILE *err)
{
    *t = (index_target){0};
    nx_layout_t layout;
    char *why = NULL;
    if (nx_layout_read(index_dir, &layout, &why) != NX_OK) {
        fprintf(err, "nexus-index: cannot read the index folder %s: %s\n", index_dir, why ? why : "unknown error");
        free(why);
        return -1;
    }
    if (decide(t, index_dir, &layout, shards, rules, err) != 0) return -1;
    if (!t->rebuild) return 0;
    /* What a killed rebuild left behind goes first. */
    if (nx_layout_prune(index_dir, layout.generation, &why) != NX_OK) {
        fprintf(err, "nexus-index: cannot clear an abandoned rebuild in %s: %s\n", index_dir, why ? why : "?");
        free(why);
        return -1;
    }
    return open_builds(t, index_dir, rules, err);
}

nx_writer_t *index_target_writer(const index_target *t, const char *learner)
{
    return t->writers[nx_layout_shard_of(learner, t->shards)];
}

nx_writer_t *index_target_holder(const index_target *t, const char *learner)
{
    if (!t->rebuild) return index_target_writer(t, learner);
    return t->old ? t->old[nx_layout_shard_of(learner, t->old_shards)] : NULL;
}

typedef struct finish_job {
    index_target *t;
    const char *index_dir;
    nx_status_t *status; /* one per shard */
} finish_job;

static void finish_shard(void *ctx, size_t worker, size_t shard)
{
    (void)worker;
    finish_job *job = ctx;
    char *path = nx_layout_shard_path(job->index_dir, job->t->generation, (unsigned)shard, 0);
    job->status[shard] = path ? nx_writer_finish_build(job->t->writers[shard], path) : NX_ERR_NOMEM;
    free(path);
}

static void finished_shard(void *ctx, size_t shard)
{
    (void)ctx;
    (void)shard;
}

/* Compacts every shard of the rebuild into its final folder, one thread per shard. */
static int finish_builds(index_target *t, const char *index_dir, FILE *err)
{
    nx_status_t *status = calloc(t->shards, sizeof *status);
    finish_job job = {.t = t, .index_dir = index_dir, .status = status};
    int rc = status && pool_run(t->shards, t->shards, finish_shard, finished_shard, &job) == 0 ? 0 : -1;
    for (unsigned i = 0; rc == 0 && i < t->shards; i++) {
        if (status[i] == NX_OK) continue;
        fprintf(err, "nexus-index: cannot complete the new index (shard %u): %s\n", i,
                nx_writer_error(t->writers[i]));
        rc = -1;
    }
    free(status);
    return rc;
}

/* After an update that changed some shard: their merged spelling and synonyms follow (nx_layout.h). */
static int refresh_words(const index_target *t, const char *index_dir, FILE *err)
{
    if (t->shards <= 1) return 0;
    char *why = NULL;
    if (nx_layout_refresh_words(index_dir, &why) == NX_OK) return 0;
    fprintf(err, "nexus-index: cannot update the merged spelling and synonyms of %s: %s\n", index_dir,
            why ? why : "?");
    free(why);
    return -1;
}

int index_target_finish(index_target *t, const char *index_dir, bool publish, bool changed, FILE *err)
{
    if (!t->rebuild) return changed || t->words_missing ? refresh_words(t, index_dir, err) : 0;
    char *why = NULL;
    if (publish && finish_builds(t, index_dir, err) == 0) {
        close_all(t->old, t->old_shards); /* the old generation's files may go once they are closed */
        t->old = NULL;
        if (nx_layout_publish(index_dir, t->generation, t->shards, &why) == NX_OK &&
            nx_layout_prune(index_dir, t->generation, &why) == NX_OK)
            return 0;
        fprintf(err, "nexus-index: cannot publish the new index in %s: %s\n", index_dir, why ? why : "?");
        free(why);
        return -1;
    }
    if (publish) return -1;
    /* Not published: the build is abandoned; the next run clears it. */
    return 0;
}

void index_target_close(index_target *t)
{
    close_all(t->writers, t->shards);
    close_all(t->old, t->old_shards);
    *t = (index_target){0};
}
