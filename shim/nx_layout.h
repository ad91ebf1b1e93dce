/* The index folder and its generations: how `--index INDEX` holds one or several shards, and how a
 * rebuilt index replaces the one being served in one atomic step. Adds to nx_index.h. */
#ifndef NX_LAYOUT_H
#define NX_LAYOUT_H

#include "nx_index.h"

#ifdef __cplusplus
extern "C" {
#endif

/* INDEX/XAPIANDB is a Xapian stub file naming the shards of the current generation, one line each
 * ("glass gen-K/shard-I", relative to INDEX), so nx_db_open() of INDEX opens them as one database.
 * A rebuild writes generation K+1 beside (INDEX/gen-K+1.build/shard-I, then compacted into
 * INDEX/gen-K+1/shard-I) and publishes it by renaming a new stub over the old one: readers see the
 * old generation or the new one, never a mix, and a run killed before the rename leaves the old one.
 * An index written before generations existed is one Xapian database in INDEX itself ("legacy").
 * Shard I of a generation holds the learners whose stable hash (nx_layout_shard_of) is I. */
typedef struct nx_layout {
    unsigned generation; /* current generation; 0 when there is none (empty folder, or legacy) */
    unsigned shards;     /* shards of the current index; 1 for legacy, 0 when there is no index */
    int legacy;          /* non-zero: INDEX itself is a Xapian database */
    unsigned words;      /* R of the generation's words database gen-K/words-R (its merged spelling and
                          * synonyms, named by the stub's last line); 0 when it has none (one shard) */
} nx_layout_t;

/* What INDEX holds now. A missing folder is an empty layout. Errors (an unreadable or malformed stub)
 * return NX_ERR_CORRUPT / NX_ERR_IO with *error_out set (free() it). */
nx_status_t nx_layout_read(const char *index_dir, nx_layout_t *out, char **error_out);

/* The folder of shard `shard` of `generation` (INDEX itself for a legacy layout when generation is 0);
 * with `building`, the folder the uncompacted build is written to. Returns malloc'd text (free() it),
 * or NULL when out of memory. */
char *nx_layout_shard_path(const char *index_dir, unsigned generation, unsigned shard, int building);

/* The shard of `shards` a learner belongs to: FNV-1a of the lowercased name, modulo `shards`. Stable
 * across runs, builds and machines. */
unsigned nx_layout_shard_of(const char *learner, unsigned shards);

/* Makes `generation` (its `shards` compacted shard folders must be complete and synced) the index
 * served from INDEX: with several shards, first writes their merged spelling and synonym tables into
 * gen-K/words-1; then writes and syncs a new stub naming the shards (and that words database), renames it
 * over INDEX/XAPIANDB, then removes a legacy database's files. Readers opening INDEX afterwards see the
 * new generation and its words together. */
nx_status_t nx_layout_publish(const char *index_dir, unsigned generation, unsigned shards, char **error_out);

/* After an update in place of a generation of several shards: merges their spelling and synonym tables
 * again into gen-K/words-(R+1), publishes a stub naming it by rename (readers move to it on their next
 * refresh, as to a new generation), and removes the words databases older than R (R itself stays for
 * readers that have not refreshed yet). Does nothing for one shard, whose own tables are the merged ones. */
nx_status_t nx_layout_refresh_words(const char *index_dir, char **error_out);

/* Removes the generation folders (and leftover builds) of INDEX other than `keep`: what a killed
 * rebuild left behind, or the generation a publish replaced. */
nx_status_t nx_layout_prune(const char *index_dir, unsigned keep, char **error_out);

/* Writes INDEX/gen-K/words: one database without documents holding the spelling and synonym tables of
 * the generation's `shards` shards merged (spelling frequencies summed), replacing any older one. A front
 * server over remote shards needs it: Xapian 1.4 reads neither table from xapian-tcpsrv. On NX_OK
 * *path_out is its absolute path (free() it). */
nx_status_t nx_layout_write_words(const char *index_dir, unsigned generation, unsigned shards, char **path_out,
                                  char **error_out);

/* ------------------------------------------------------------------ shards of an open index */

/* The shards `db` reads: the lines of an index folder's stub, or the shard lines of a remote stub
 * (`nexus-index --remote-stub`; its words database is not a shard), numbered from 0 in stub order. */
size_t nx_db_shard_count(const nx_db_t *db);

/* Non-zero when shard `shard` could not be reached at the handle's last read: that answer left out its
 * learners (a partial answer). The handle tries it again on a later read and answers in full once it is
 * back. A read that reaches no shard at all fails with NX_ERR_UNAVAILABLE instead. */
int nx_db_shard_missing(const nx_db_t *db, size_t shard);

/* How many times shard `shard` was found out of reach (a connect or a read that failed, a retry that
 * failed) by `db` and its siblings since they were opened. */
uint64_t nx_db_shard_failures(const nx_db_t *db, size_t shard);

/* ------------------------------------------------------------------ building a generation */

/* Opens a new, empty database at `path` (a build folder: anything there is replaced) for a build that
 * nobody reads before it is published: written without syncing (Xapian's DB_NO_SYNC; a build cut short
 * is thrown away, so it needs no crash safety) and committed only every few tens of thousands of
 * documents. Learners are written with nx_writer_begin_learner_at(). Ownership and errors as for
 * nx_writer_open(); finish with nx_writer_finish_build(), then nx_writer_close(). */
nx_status_t nx_writer_open_build(const char *path, nx_writer_t **out, char **error_out);

/* nx_writer_begin_learner() for a build: the learner's new documents get docids first_docid,
 * first_docid + 1, … in the order they are added (the caller numbers documents across all shards
 * in cohort order, so every shard count numbers them alike). */
nx_status_t nx_writer_begin_learner_at(nx_writer_t *writer, const char *learner, uint64_t first_docid);

/* Ends a build: commits, closes the build database, writes a compacted copy of it to `final_path`
 * (xapian-compact's work, docids kept), synced, and removes the build folder. The writer is closed
 * for writing afterwards: only nx_writer_close() may follow. */
nx_status_t nx_writer_finish_build(nx_writer_t *writer, const char *final_path);

/* The extraction rules a generation was built with (metadata nexus:index-rules): a run under other rules
 * rebuilds the index. *rules_out is NULL when none was recorded (an index from before generations),
 * else malloc'd (free() it). */
nx_status_t nx_writer_index_rules(nx_writer_t *writer, char **rules_out);

/* Records `rules` as the generation's extraction rules; committed with the build. */
nx_status_t nx_writer_set_index_rules(nx_writer_t *writer, const char *rules);

#ifdef __cplusplus
}
#endif

#endif /* NX_LAYOUT_H */
