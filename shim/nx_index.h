/* Public C API of the Nexus index: the only door to the Xapian database.
 * The indexer writes sections through it, the server searches through it. */
#ifndef NX_INDEX_H
#define NX_INDEX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every entry point returns one of these. NX_OK is zero so `if (st)` reads as "failed". */
typedef enum nx_status {
    NX_OK = 0,
    NX_ERR_NOMEM,        /* an allocation failed */
    NX_ERR_INVALID_ARG,  /* NULL handle, empty required string, out-of-range number */
    NX_ERR_NOT_FOUND,    /* no such database, learner or document */
    NX_ERR_LOCKED,       /* another writer holds the database */
    NX_ERR_QUERY_SYNTAX, /* the query string does not parse; the message says where */
    NX_ERR_CORRUPT,      /* the database is damaged or of an unknown schema */
    NX_ERR_IO,           /* any other database or file error */
} nx_status_t;

/* Static text naming a status; never NULL, never freed. */
const char *nx_status_str(nx_status_t status);

/* ------------------------------------------------------------------ writing */

/* One Markdown section as the indexer extracted it. All strings are UTF-8,
 * NUL-terminated and borrowed for the duration of the call only. */
typedef struct nx_section {
    const char *learner;      /* required: the learner's name (GitHub login) */
    const char *cohort;       /* may be NULL or "" */
    const char *repo_url;     /* the cohort file's url for this learner */
    const char *path;         /* required: file path inside the repo, e.g. "docs/setup.md" */
    const char *heading_path; /* "H1 › H2 › H3"; "" for text before the first heading */
    const char *heading;      /* the section's own heading text; "" before the first heading */
    const char *anchor;       /* GitHub-style slug, unique within the file; "" before the first heading */
    const char *body;         /* plain text, Markdown syntax stripped, code kept */
    const char *commit;       /* 40-hex commit id the section was read from */
    int64_t commit_time;      /* commit date, seconds since the epoch (UTC) */
    unsigned ordinal;         /* position of the section in its file, from 0 */
} nx_section_t;

typedef struct nx_writer nx_writer_t;

/* Opens (creating if needed) the database at `path` for writing. Only one
 * writer may exist per database. On success *out is owned by the caller and
 * released with nx_writer_close(). On failure *out is NULL and, when
 * `error_out` is non-NULL, *error_out receives a message the caller frees with
 * free() (or NULL if there was no memory for one). */
nx_status_t nx_writer_open(const char *path, nx_writer_t **out, char **error_out);

/* Message of the last failed call on this writer; borrowed, valid until the
 * next call on the writer. "" when the last call succeeded. */
const char *nx_writer_error(const nx_writer_t *writer);

/* Starts replacing all documents of `learner`. Sections added until
 * nx_writer_end_learner() form the learner's new document set; on end, the
 * learner's documents not added again are deleted and everything is committed
 * at once, so readers see either the old set or the new one. */
nx_status_t nx_writer_begin_learner(nx_writer_t *writer, const char *learner);

/* Adds (or replaces, by its unique id learner+path+anchor/ordinal) one section.
 * Must be called between begin and end for section->learner. */
nx_status_t nx_writer_add_section(nx_writer_t *writer, const nx_section_t *section);

/* Deletes the learner's stale documents, records `commit` as the commit the
 * learner was indexed from, and commits. */
nx_status_t nx_writer_end_learner(nx_writer_t *writer, const char *commit);

/* Abandons the open learner transaction: the learner's previous documents stay. */
nx_status_t nx_writer_abort_learner(nx_writer_t *writer);

/* Commit id recorded by the last successful nx_writer_end_learner() for
 * `learner`. *commit_out is a malloc'd string the caller frees, or NULL when
 * the learner has never been indexed (status NX_OK in both cases). */
nx_status_t nx_writer_learner_commit(nx_writer_t *writer, const char *learner, char **commit_out);

/* Deletes every document of `learner` and its recorded commit, and commits. */
nx_status_t nx_writer_remove_learner(nx_writer_t *writer, const char *learner);

/* Number of documents in the database (for summaries and tests). */
nx_status_t nx_writer_doc_count(nx_writer_t *writer, uint64_t *count_out);

/* Commits nothing further, releases the lock and frees the writer. NULL is a no-op. */
void nx_writer_close(nx_writer_t *writer);

/* ------------------------------------------------------------------ reading */

/* A read handle is not thread-safe: use one per thread (they are cheap to
 * open) or serialise calls on it. */
typedef struct nx_db nx_db_t;

/* Opens read-only the union of `n_paths` databases: local database folders,
 * Xapian stub database files (which may list remote xapian-tcpsrv shards), or
 * a mix. Ownership and errors as for nx_writer_open(); release with nx_db_close(). */
nx_status_t nx_db_open(const char *const *paths, size_t n_paths, nx_db_t **out, char **error_out);

/* Message of the last failed call on this handle; borrowed, valid until the next call. */
const char *nx_db_error(const nx_db_t *db);

/* Brings the handle up to the latest committed revision of every shard.
 * Cheap when nothing changed; searches call it themselves, so callers only
 * need it to learn about changes eagerly. */
nx_status_t nx_db_refresh(nx_db_t *db);

/* Number of section documents in the database. */
nx_status_t nx_db_doc_count(nx_db_t *db, uint64_t *count_out);

typedef struct nx_search_request {
    const char *query;     /* user query: words, "phrases", AND/OR/NOT/-word, learner:, path:, heading: */
    unsigned offset;       /* hits to skip (page * per_page) */
    unsigned limit;        /* hits to return */
    unsigned snippet_len;  /* snippet length in bytes; 0 means the default (200) */
    const char *mark_open; /* highlight tags around matched terms; NULL means "<mark>" */
    const char *mark_close;/* NULL means "</mark>" */
} nx_search_request_t;

typedef struct nx_results nx_results_t;

/* One hit. Every string is borrowed from the results object and stays valid
 * until nx_results_free(). The snippet is HTML: text escaped, matches wrapped
 * in the request's mark tags. */
typedef struct nx_hit {
    const char *learner;
    const char *cohort;
    const char *repo_url;
    const char *path;
    const char *heading_path;
    const char *anchor;
    const char *commit;
    int64_t commit_time;
    double score;          /* Xapian weight: comparable within one result set only */
    unsigned percent;      /* 0..100 relative relevance */
    const char *snippet;
} nx_hit_t;

/* Runs a search. On NX_OK, *out is owned by the caller (nx_results_free()).
 * NX_ERR_QUERY_SYNTAX means the query does not parse; nx_db_error() says why. */
nx_status_t nx_db_search(nx_db_t *db, const nx_search_request_t *request, nx_results_t **out);

/* The query as Xapian understood it (Xapian::Query::get_description()). Borrowed. */
const char *nx_results_parsed_query(const nx_results_t *results);

/* True when no section matched every word, so the query was rerun matching
 * any of them (the way users expect a long problem description to behave). */
int nx_results_relaxed(const nx_results_t *results);

/* Estimated number of matching sections in the whole database. */
uint64_t nx_results_estimate(const nx_results_t *results);

/* Hits in this page, ranked best first. */
size_t nx_results_count(const nx_results_t *results);

/* Fills *hit with hit number `i` (0 <= i < nx_results_count()); pointers borrowed as above.
 * Returns NX_ERR_INVALID_ARG when i is out of range. */
nx_status_t nx_results_hit(const nx_results_t *results, size_t i, nx_hit_t *hit);

/* Frees the results and every string borrowed from them. NULL is a no-op. */
void nx_results_free(nx_results_t *results);

/* Closes the handle. Results obtained from it must be freed first. NULL is a no-op. */
void nx_db_close(nx_db_t *db);

#ifdef __cplusplus
}
#endif

#endif /* NX_INDEX_H */
