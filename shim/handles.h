/* Private: the bodies of the opaque handles declared in nx_index.h.
 * Only the shim's C++ files include this; C sees pointers only. */
#ifndef NX_SHIM_HANDLES_H
#define NX_SHIM_HANDLES_H

#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "nx_index.h"

struct nx_writer {
    Xapian::WritableDatabase db;
    Xapian::TermGenerator generator;
    std::string path;                        /* for error context */
    std::string error;                       /* last error; "" after a success */
    bool in_learner = false;                 /* between begin_learner and end/abort */
    std::string learner;                     /* the learner being replaced */
    std::unordered_set<Xapian::docid> added; /* documents (re)written in this learner transaction */
};

struct nx_db {
    Xapian::Database db;
    std::string error;
};

/* A hit with its own copies of every string, so results outlive nothing but themselves. */
struct nx_stored_hit {
    std::string learner, cohort, repo_url, path, heading_path, anchor, commit, snippet;
    int64_t commit_time = 0;
    double score = 0;
    unsigned percent = 0;
};

struct nx_results {
    std::string parsed_query;
    bool relaxed = false;
    uint64_t estimate = 0;
    std::vector<nx_stored_hit> hits;
};

#endif
