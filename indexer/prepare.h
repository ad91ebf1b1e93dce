/* One learner's documents read from its mirror and analysed (sections, challenge pairs, the learner
 * profile), held in memory so that a worker thread can prepare them while the writer writes another. */
#ifndef NX_PREPARE_H
#define NX_PREPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cohort.h"
#include "fetch.h"
#include "nx_index.h"
#include "nx_prebuilt.h"
#include "nx_taxonomy.h"
#include "nx_text.h"
#include "options.h"

typedef struct pending_doc pending_doc; /* private: one built section or challenge document */
typedef struct kept_item kept_item;     /* private: something the documents point into */

/* Zero-initialise. Owns everything it holds until prepared_learner_free(). */
typedef struct prepared_learner {
    bool ok;                /* false: `error` says why, nothing is to be written */
    cohort_entry entry;     /* borrowed strings: the cohort's learner and cohort, the url shown */
    char head_hex[41];
    int64_t commit_time;
    pending_doc *docs;      /* owned; in the order they are written */
    size_t n_docs, cap_docs;
    kept_item *kept;        /* owned; freed with the learner */
    size_t n_kept, cap_kept;
    size_t sections;        /* section documents among docs */
    nx_tech_ref_t *profile_refs; /* owned: the learner document's technologies */
    size_t n_profile_refs;
    char *profile_json;     /* owned */
    char *tech_states;      /* owned: nx_learner_profile_t.tech_states */
    nx_buf notes;           /* "; …" for whatever the repository budget left out */
    nx_buf error;
    double seconds;         /* wall time of the preparation */
} prepared_learner;

/* Opens the mirror the fetch left in cfg->cache_dir and prepares the documents of `f`'s HEAD, built
 * into index documents with `builder`. `entry` (borrowed until prepared_learner_free) names the learner
 * and the url the documents show. Safe to call from several threads at once, each with its own
 * `builder` and `out`. */
void prepared_learner_build(const index_config *cfg, const nx_taxonomy *taxonomy, nx_builder_t *builder,
                            const cohort_entry *entry, const fetch_outcome *f, prepared_learner *out);

/* Replaces the learner's documents in the index with the prepared ones, in one transaction that
 * records the commit and `rules`. In a build (nx_writer_open_build) `first_docid` numbers them
 * (prepared_learner_documents() of them, from it); elsewhere it is 0. Returns 0, or -1 with the reason
 * appended to `error` (the learner's previous documents are then kept). */
int prepared_learner_write(const prepared_learner *p, nx_writer_t *writer, const char *rules, uint64_t first_docid,
                           nx_buf *error);

/* How many documents prepared_learner_write() writes: sections, challenges and the learner document. */
size_t prepared_learner_documents(const prepared_learner *p);

void prepared_learner_free(prepared_learner *p);

#endif /* NX_PREPARE_H */
