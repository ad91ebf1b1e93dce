/* Private: the bodies of the opaque handles declared in nx_index.h.
 * Only the shim's C++ files include this; C sees pointers only. */
#ifndef NX_SHIM_HANDLES_H
#define NX_SHIM_HANDLES_H

#include <chrono>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "hit_cache.h"
#include "stem_cache.h"
#include "posting_cache.h"
#include "nx_index.h"
#include "shards.h"

struct nx_writer {
    Xapian::WritableDatabase db;
    Xapian::TermGenerator generator;
    std::string path;                        /* for error context */
    std::string error;                       /* last error; "" after a success */
    bool in_learner = false;                 /* between begin_learner and end/abort */
    std::string learner;                     /* the learner being replaced */
    std::unordered_set<Xapian::docid> added; /* documents (re)written in this learner transaction */
    std::unordered_map<std::string, Xapian::termcount> spelling; /* this transaction's spelling, not yet added */
    unsigned commit_interval_ms = 0;         /* 0: every learner transaction is committed */
    std::chrono::steady_clock::time_point last_commit = std::chrono::steady_clock::now();
    /* A build (nx_writer_open_build): a new database nobody reads until it is published. */
    bool building = false;
    Xapian::docid next_docid = 0;                          /* the next new document's docid */
    std::unordered_map<std::string, Xapian::docid> ids;   /* id term -> docid, this learner's */
    size_t unflushed = 0;                                  /* documents written since the last commit */
    /* The spelling of every learner the build has ended, added once per word when it finishes: the same
     * words recur in most learners, and each add_spelling() updates the word and its fragments. */
    std::unordered_map<std::string, Xapian::termcount> build_spelling;
    uint64_t learners_written = 0;                         /* learner transactions ended (nexus:written:) */
};

namespace nx_shim {
/* How many times each part of an index (by its place in the handle's specs) was found out of reach, shared
 * by a handle and its siblings so /metrics counts every server thread's tries. */
class PartFailures {
  public:
    void add(size_t part)
    {
        std::lock_guard<std::mutex> hold(lock_);
        if (counts_.size() <= part)
            counts_.resize(part + 1);
        counts_[part]++;
    }
    uint64_t get(size_t part) const
    {
        std::lock_guard<std::mutex> hold(lock_);
        return part < counts_.size() ? counts_[part] : 0;
    }

  private:
    mutable std::mutex lock_;
    std::vector<uint64_t> counts_;
};

class FacetColumns;
class ColumnShare;
class HeadingPhrases;
}

struct nx_db {
    Xapian::Database db;
    /* Where spelling suggestions and synonyms come from: the words database alone when the index has one
     * (the merged tables of its shards), else `db`. Never reopened: a words database is written once and
     * replaced by another named in a new stub. */
    Xapian::Database words;
    std::string error;
    std::vector<std::string> paths;             /* as opened, for nx_db_open_sibling() */
    std::vector<nx_shim::PartSpec> specs;       /* what the paths name: shards, remote or local, and words */
    std::vector<Xapian::Database> parts;        /* those of them `db` unites, each opened alone */
    std::vector<unsigned> missing;              /* indexes in `specs` of remote shards out of reach */
    /* When a missing shard is tried again: not on every request, since a host that is down costs each
     * try its connect timeout. */
    std::chrono::steady_clock::time_point retry_at;
    static constexpr std::chrono::seconds RECONNECT_INTERVAL{1};
    std::string stubs;                          /* identities of the paths' stubs when opened (layout.h) */
    std::string versions; /* identities of the shards' version files at the last reopen; empty: reopen */
    std::shared_ptr<nx_shim::ColumnShare> share; /* with the siblings of this handle */
    std::shared_ptr<nx_shim::PartFailures> failures = std::make_shared<nx_shim::PartFailures>(); /* likewise */
    /* The facet columns of the revision `db` shows, read on the first faceted search; dropped
     * whenever the handle moves to another revision (refresh). */
    std::shared_ptr<const nx_shim::FacetColumns> columns;
    /* The frequent heading phrases of that revision (suggestions), read on first need, dropped likewise;
     * per handle, not shared: each server thread reads them once per revision. */
    std::shared_ptr<const nx_shim::HeadingPhrases> phrases;
    /* The hit sources of documents of that revision shown lately, cleared likewise; per handle. */
    nx_shim::HitCache hits;
    /* Stems of the words of shown texts (the highlighter's); kept across revisions: a stem is the word's. */
    nx_shim::StemCache stems;
    /* The posting bitmaps of frequent terms of that revision, for match sets; cleared likewise; per handle. */
    nx_shim::PostingCache postings;
    /* nx_db_word_tech_sections() of that revision, by "words TAB tech id", cleared likewise; per handle. */
    std::map<std::string, std::pair<uint64_t, uint64_t>> word_uses;

    /* Opens every part of `specs` afresh into `db`; remote shards out of reach are left out and listed
     * in `missing`. Throws Xapian::NetworkError when no shard answers. */
    void open_parts();
    /* Tries the missing shards again once RECONNECT_INTERVAL has passed since the last try. */
    void reconnect_if_due();
    /* Follows the newest commit (Database::reopen), or a newly published generation of an index folder;
     * what was read from the old revision is forgotten.
     * Every reopen of a read handle goes through here (directly or through at_newest_revision). */
    void refresh();
    /* Whether some shard is behind xapian-tcpsrv: there, matches are counted by the shards' own matcher,
     * never from posting lists (match_set.h). */
    bool remote() const
    {
        for (const nx_shim::PartSpec &spec : specs) {
            if (spec.port != 0)
                return true;
        }
        return false;
    }
    /* Drops what was read from the revision `db` showed (columns, phrases, hit sources, posting bitmaps): it
     * moved. */
    void forget_revision();
    /* A number naming the revision `db` shows: its generation and every shard's revision. False when a
     * shard (remote) cannot say its revision. */
    bool revision_key(uint64_t &key) const;
    /* The facet columns of the revision `db` shows, read on first need (or shared by a sibling). */
    const nx_shim::FacetColumns &facet_columns();
    /* The heading phrases of the revision `db` shows, read on first need. */
    const nx_shim::HeadingPhrases &heading_phrases();

    /* Runs `read` against the revision `db` shows; when a shard goes away mid-read, again (three more
     * times at most) over the shards that still answer. */
    template <typename Read> auto tolerant(Read read) -> decltype(read())
    {
        for (int attempt = 0;; attempt++) {
            try {
                return read();
            } catch (const Xapian::NetworkError &) {
                if (attempt >= 3)
                    throw;
                open_parts();
            }
        }
    }

    /* Runs `read` against the newest revision, and again (three more times at most) when a writer's
     * commit recycles blocks it was reading (Xapian::DatabaseModifiedError). Every read that follows
     * new commits goes through here, so none moves the handle without dropping its old columns. */
    template <typename Read> auto at_newest_revision(Read read) -> decltype(read())
    {
        for (int attempt = 0;; attempt++) {
            try {
                refresh();
                return read();
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt >= 3)
                    throw;
            } catch (const Xapian::NetworkError &) {
                /* A shard went away mid-read: read again from those that still answer (a partial answer,
                 * `missing` says which are left out). */
                if (attempt >= 3)
                    throw;
                open_parts();
            }
        }
    }
};

/* A hit with its own copies of every string, so results outlive nothing but themselves. */
struct nx_stored_hit {
    std::string learner, cohort, repo_url, path, heading_path, anchor, commit, snippet;
    std::string type, kind, origin, heading, techs, covered, challenge, solution;
    int64_t commit_time = 0;
    double score = 0;
    unsigned percent = 0;
    uint64_t learner_matches = 0;
};

/* One facet value and the number of distinct learners whose matches carry it. */
struct nx_facet_value {
    std::string value;
    uint64_t learners = 0;
};

struct nx_results {
    std::string parsed_query;
    std::string corrected_query; /* searched instead of the query */
    std::string did_you_mean;    /* suggested, not searched */
    bool relaxed = false;
    uint64_t estimate = 0;
    uint64_t learner_total = 0;
    std::vector<nx_stored_hit> hits;
    std::map<std::string, std::vector<nx_facet_value>> facets; /* "tech", "kind", "cohort" */
    std::string terms[3]; /* by nx_term_role_t: matched, dropped, ignored words, comma-separated */
};

struct nx_stored_learner {
    std::string learner, cohort, repo_url, commit, techs;
    int64_t commit_time = 0;
    double score = 0;
    uint64_t matches = 0;
    std::vector<nx_stored_hit> evidence;
    std::string matched_terms, missing_terms; /* plain-language queries: words the learner has, lacks */
};

struct nx_learner_results {
    std::string parsed_query;
    std::string corrected_query;
    uint64_t total = 0;
    std::vector<nx_stored_learner> learners;
    std::string terms[3]; /* as in nx_results */
};

struct nx_learner {
    std::string learner, cohort, repo_url, commit, techs, profile_json;
    int64_t commit_time = 0;
    int64_t indexed_at = 0;
};

namespace nx_shim {
/* The values of one learner document (learner_list.cc); the profile JSON, its document data, is left
 * unread: it is up to a few hundred kilobytes and most callers do not need it. */
nx_learner stored_learner(const Xapian::Document &doc);
} // namespace nx_shim

struct nx_stored_change {
    std::string learner, cohort, repo_url, commit;
    int64_t commit_time = 0;
    int64_t indexed_at = 0;
};

struct nx_changes {
    uint64_t total = 0;
    std::vector<nx_stored_change> entries;
};

/* nx_db_learner_list(): every learner document without its profile JSON (left ""). */
struct nx_learner_list {
    std::vector<nx_learner> learners;
};

#endif
