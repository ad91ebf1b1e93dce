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
    NX_ERR_UNAVAILABLE,  /* no shard of the index could be reached (remote shards: all hosts down) */
} nx_status_t;

/* Static text naming a status; never NULL, never freed. */
const char *nx_status_str(nx_status_t status);

/* ------------------------------------------------------------------ writing */

/* One technology a document mentions. `id` is the taxonomy's stable slug
 * (lowercase letters, digits, '-', '.', '+', '#'). Borrowed for the call only. */
typedef struct nx_tech_ref {
    const char *id;
    unsigned count;  /* occurrences (1 when unknown); sections and challenges: informational (every
                      * mention weighs alike); learner documents: the evidence weight */
    int covered;     /* non-zero: the text covers it (a described use); zero: a mere mention (badge, list) */
} nx_tech_ref_t;

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
    /* Schema v2 (appended; zero-initialised callers get the defaults): */
    const char *kind;               /* section kind id ("challenges", "setup", …); NULL or "" means "other" */
    const char *origin;             /* whose writing the file is ("own", "template", "generated", "brief");
                                     * NULL or "" means "own" */
    const nx_tech_ref_t *techs;     /* technologies the section mentions; borrowed like the strings */
    size_t n_techs;
    /* Appended (issue 11): non-zero when the section shows code, a code block other than a file tree
     * (analysis_facts_shows_code); ranking reads it as a described use. */
    int shows_code;
} nx_section_t;

/* A challenge with its solution, found in one section; indexed as its own document.
 * Strings borrowed for the call only. */
typedef struct nx_challenge {
    const char *learner;      /* required, the learner being indexed */
    const char *cohort;
    const char *repo_url;
    const char *path;         /* required: the file of the section holding the pair */
    const char *heading_path; /* of that section */
    const char *anchor;       /* of that section ("" before the first heading) */
    unsigned section_ordinal; /* of that section in its file */
    unsigned pair;            /* position of the pair in its section, from 0 */
    const char *challenge;    /* required: the problem, plain text */
    const char *solution;     /* how it was solved, plain text; may be "" */
    const char *commit;
    int64_t commit_time;
    const char *origin;       /* as in nx_section_t */
    const nx_tech_ref_t *techs;
    size_t n_techs;
} nx_challenge_t;

/* Everything a profile needs, written as one document per learner. Strings and
 * arrays borrowed for the call only. */
typedef struct nx_learner_profile {
    const char *learner;        /* required, the learner being indexed */
    const char *cohort;
    const char *repo_url;
    const char *commit;
    int64_t commit_time;
    const nx_tech_ref_t *techs; /* technologies the learner covers; `count` is the evidence weight */
    size_t n_techs;
    const char *profile_json;   /* required: a JSON object (evidence, outline, challenges) the
                                 * indexer built; stored as is, returned by nx_db_learner() */
    /* Appended for nightly runs (zero when unknown): */
    int64_t indexed_at;         /* when this learner's documents were written, seconds since the epoch */
    /* Appended (issue 13): the state of every technology the profile names and the place that shows
     * it, as the coverage matrix needs them without reading the profile JSON: one record per
     * technology, "id" US "covered|signalled|mentioned" US path US anchor RS (US = 0x1f, RS = 0x1e;
     * path and anchor may be empty). NULL or "": not recorded. */
    const char *tech_states;
} nx_learner_profile_t;

typedef struct nx_writer nx_writer_t;

/* Sets how writers of this process batch their work in Xapian: call once, before any thread starts
 * (it sets an environment variable Xapian reads when a database is opened for writing), before the
 * first nx_writer_open*(). A value the user already set in the environment is kept. Optional: without
 * it writers work the same, only slower. */
void nx_writer_tune_process(void);

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

/* Adds (or replaces) one challenge/solution pair of the learner being indexed;
 * its id is learner+path+section anchor/ordinal+pair. Between begin and end. */
nx_status_t nx_writer_add_challenge(nx_writer_t *writer, const nx_challenge_t *challenge);

/* Writes the learner document of the learner being indexed (at most one per
 * transaction: a second call replaces the first). Between begin and end, so it
 * is committed together with the learner's sections. */
nx_status_t nx_writer_set_learner_profile(nx_writer_t *writer, const nx_learner_profile_t *profile);

/* Makes the words `key` (lowercase, one space between words, e.g. "k8s" or
 * "django rest framework") find the documents mentioning technology `tech_id`
 * in free-text queries. Committed with the next end_learner; may be called
 * outside a learner transaction too (then committed at close). */
nx_status_t nx_writer_add_synonym(nx_writer_t *writer, const char *key, const char *tech_id);

/* Number of section documents in the database (for summaries and tests). */
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

/* How a query typed without operators, phrases or fields treats its words (Meilisearch's
 * matchingStrategy). Function words ("how", "to", "the"…) never need to match. Results having every
 * word come first; then, while fewer than the request's drop threshold were found, results lacking
 * words, one more word dropped per step:
 *   NX_MATCH_FREQUENCY  the most common word in the index first (the default)
 *   NX_MATCH_LAST       the last word of the query first
 *   NX_MATCH_ALL        no word is dropped
 * Queries using the syntax (AND, OR, NOT, -word, "phrase", field:) mean exactly what they say. */
typedef enum nx_matching {
    NX_MATCH_FREQUENCY = 0,
    NX_MATCH_LAST,
    NX_MATCH_ALL,
} nx_matching_t;

/* Words are dropped while fewer results than this were found (Typesense's drop_tokens_threshold). */
#define NX_DROP_THRESHOLD_DEFAULT 10

typedef struct nx_search_request {
    const char *query;     /* user query: words, "phrases", AND/OR/NOT/-word, learner:, path:, heading: */
    unsigned offset;       /* hits to skip (page * per_page) */
    unsigned limit;        /* hits to return */
    unsigned snippet_len;  /* snippet length in bytes; 0 means the default (200) */
    const char *mark_open; /* highlight tags around matched terms; NULL means "<mark>" */
    const char *mark_close;/* NULL means "</mark>" */
    /* Schema v2 (appended): facet filters. OR within one list, AND across lists.
     * Values are matched case-insensitively; tech ids must be taxonomy ids. */
    const char *const *techs;    size_t n_techs;
    const char *const *kinds;    size_t n_kinds;
    const char *const *learners; size_t n_learners;
    const char *const *cohorts;  size_t n_cohorts;
    int challenges;        /* non-zero: search challenge/solution documents instead of sections */
    int group_by_learner;  /* non-zero: one hit per learner (its best document) */
    int facets;            /* non-zero: count distinct learners per tech/kind/cohort over all matches */
    /* Plain-language matching (appended): */
    nx_matching_t matching;
    unsigned drop_threshold; /* 0 means NX_DROP_THRESHOLD_DEFAULT */
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
    /* Schema v2 (appended): */
    const char *type;      /* "section" or "challenge" */
    const char *kind;      /* section kind id */
    const char *origin;    /* file origin id */
    const char *heading;
    const char *techs;     /* technology ids the document mentions, comma-separated ("" for none) */
    const char *covered;   /* the subset it covers, comma-separated */
    const char *challenge; /* challenge documents: the challenge text, highlighted HTML like snippet */
    const char *solution;  /* challenge documents: the solution text, highlighted HTML */
    uint64_t learner_matches; /* with group_by_learner or facets: the learner's matching documents */
} nx_hit_t;

/* Runs a search. On NX_OK, *out is owned by the caller (nx_results_free()).
 * NX_ERR_QUERY_SYNTAX means the query does not parse; nx_db_error() says why. */
nx_status_t nx_db_search(nx_db_t *db, const nx_search_request_t *request, nx_results_t **out);

/* The query as Xapian understood it (Xapian::Query::get_description()). Borrowed. */
const char *nx_results_parsed_query(const nx_results_t *results);

/* True when some results lack words of the query: a plain-language query dropped words to find
 * enough results (nx_results_terms), or a query in the syntax that no section matched whole was
 * rerun matching any of its words. */
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

/* The query with the words the cohort (almost) lacks spelling-corrected, searched instead of it, or "".
 * Borrowed. */
const char *nx_results_corrected_query(const nx_results_t *results);

/* The same correction, for clients that offer it as "did you mean"; every correction is searched, so
 * there is no other suggestion. "" when none. Borrowed. */
const char *nx_results_did_you_mean(const nx_results_t *results);

/* What a plain-language query's words did, each a comma-separated list of the words as typed
 * (lowercased; a technology name of several words is one entry), "" for none. Borrowed.
 *   NX_TERMS_MATCHED  words every result has
 *   NX_TERMS_DROPPED  words some results lack (dropped to find enough results)
 *   NX_TERMS_IGNORED  function words, which need not match
 * Queries using the syntax report none. */
typedef enum nx_term_role { NX_TERMS_MATCHED, NX_TERMS_DROPPED, NX_TERMS_IGNORED } nx_term_role_t;
const char *nx_results_terms(const nx_results_t *results, nx_term_role_t role);

/* With request->facets: the number of distinct learners among all matches. */
uint64_t nx_results_learner_total(const nx_results_t *results);

/* With request->facets: the values of `facet` ("tech", "kind" or "cohort")
 * seen in the matches, most learners first (ties by value). Value number i
 * (0 <= i < count) and its number of distinct learners; `value` borrowed. */
size_t nx_results_facet_count(const nx_results_t *results, const char *facet);
nx_status_t nx_results_facet(const nx_results_t *results, const char *facet, size_t i, const char **value,
                             uint64_t *learners);

/* ------------------------------------------------------------------ learners */

/* "Who covered this?": learners ranked by how substantively their own writing
 * covers the query and/or technologies. */
typedef struct nx_learner_request {
    const char *query;                /* free text, as for nx_db_search; NULL or "" ranks by coverage of `techs` */
    const char *const *techs;         /* taxonomy ids every listed learner must cover (AND) */
    size_t n_techs;
    const char *const *query_techs;   /* taxonomy ids the query names: the learner's technologies shown
                                       * (whether a document names a technology of the query is read from
                                       * the query's own terms: its synonyms lead to the taxonomy id) */
    size_t n_query_techs;
    const char *const *cohorts;       /* OR; none = every cohort */
    size_t n_cohorts;
    const char *highlight;            /* words to mark in evidence snippets when `query` is empty */
    unsigned offset;                  /* learners to skip */
    unsigned limit;                   /* learners to return */
    unsigned evidence;                /* evidence documents per learner; 0 means 3 */
    unsigned snippet_len;             /* as in nx_search_request_t */
    const char *mark_open;
    const char *mark_close;
    /* Plain-language matching (appended), as in nx_search_request_t; words count for a learner
     * when any of the learner's own documents has them. */
    nx_matching_t matching;
    unsigned drop_threshold; /* 0 means NX_DROP_THRESHOLD_DEFAULT */
} nx_learner_request_t;

typedef struct nx_learner_results nx_learner_results_t;

/* One ranked learner; strings borrowed from the results. */
typedef struct nx_ranked_learner {
    const char *learner;
    const char *cohort;
    const char *repo_url;
    const char *commit;
    int64_t commit_time;
    double score;           /* comparable within one result set only */
    const char *techs;      /* technologies matched (requested or named in the query and covered), comma-separated */
    uint64_t matches;       /* the learner's documents that matched */
    size_t n_evidence;      /* evidence documents, best first (nx_learner_results_evidence) */
    /* Plain-language queries (appended): the query's words the learner's own documents have and
     * lack, comma-separated as in nx_results_terms(); "" otherwise. */
    const char *matched_terms;
    const char *missing_terms;
} nx_ranked_learner_t;

/* Ranks learners. On NX_OK *out is owned by the caller (nx_learner_results_free). */
nx_status_t nx_db_rank_learners(nx_db_t *db, const nx_learner_request_t *request, nx_learner_results_t **out);
uint64_t nx_learner_results_total(const nx_learner_results_t *results);   /* learners ranked, all pages */
size_t nx_learner_results_count(const nx_learner_results_t *results);     /* learners in this page */
nx_status_t nx_learner_results_get(const nx_learner_results_t *results, size_t i, nx_ranked_learner_t *out);
/* Evidence document j of learner i, as a hit (snippet highlighted). */
nx_status_t nx_learner_results_evidence(const nx_learner_results_t *results, size_t i, size_t j, nx_hit_t *hit);
const char *nx_learner_results_corrected_query(const nx_learner_results_t *results); /* "" when none */
const char *nx_learner_results_parsed_query(const nx_learner_results_t *results);
/* As nx_results_terms(), counted in learners. */
const char *nx_learner_results_terms(const nx_learner_results_t *results, nx_term_role_t role);
void nx_learner_results_free(nx_learner_results_t *results);

/* The stored learner document. NX_ERR_NOT_FOUND when the learner is not indexed. */
typedef struct nx_learner_info {
    const char *learner;
    const char *cohort;
    const char *repo_url;
    const char *commit;
    int64_t commit_time;
    const char *techs;        /* covered technology ids with weights: "celery=3,redis=1" */
    const char *profile_json; /* as the indexer wrote it */
    int64_t indexed_at;       /* appended: when the documents were written (0: unknown, older index) */
} nx_learner_info_t;

typedef struct nx_learner nx_learner_t;

/* On NX_OK *out is owned by the caller (nx_learner_free); nx_learner_get fills
 * *info with strings borrowed from it. Learner names match case-insensitively. */
nx_status_t nx_db_learner(nx_db_t *db, const char *learner, nx_learner_t **out);
void nx_learner_get(const nx_learner_t *learner, nx_learner_info_t *info);
void nx_learner_free(nx_learner_t *learner);

/* Number of learners whose learner document says they cover technology `tech_id`. */
nx_status_t nx_db_tech_learners(nx_db_t *db, const char *tech_id, uint64_t *count_out);

/* Number of learner documents (indexed learners). */
nx_status_t nx_db_learner_count(nx_db_t *db, uint64_t *count_out);

/* Every learner document, read in one pass: the cohort-wide tables (which learners cover
 * which technology, hence which technologies go together) without one call per technology.
 * On NX_OK *out is owned by the caller (nx_learner_list_free). Learners in case-insensitive
 * name order; one snapshot of the index, so the list agrees with itself during a reindex. */
typedef struct nx_learner_list nx_learner_list_t;
nx_status_t nx_db_learner_list(nx_db_t *db, nx_learner_list_t **out);
size_t nx_learner_list_count(const nx_learner_list_t *list);
/* Learner i (0 <= i < count): *info filled with strings borrowed from the list, valid until
 * nx_learner_list_free(). `techs` as in nx_db_learner(); `profile_json` is "" (not read:
 * it is the bulk of a learner document and no table needs it). NX_ERR_INVALID_ARG out of range. */
nx_status_t nx_learner_list_get(const nx_learner_list_t *list, size_t i, nx_learner_info_t *info);
void nx_learner_list_free(nx_learner_list_t *list); /* NULL is a no-op */

/* Appended (issue 7): the committed revision of the index this handle sees after bringing it up to
 * date; it grows with every commit, so answers cached under one generation are never served after a
 * reindex. NX_ERR_INVALID_ARG (with a message) for a union of several databases, which has no single
 * revision: callers must then not cache. */
nx_status_t nx_db_generation(nx_db_t *db, uint64_t *generation_out);

/* Appended (issue 11): how the learners' own sections use `words` (one word or several, any case; matched as
 * indexed, lowercase and unstemmed, several words as a phrase): *with_words_out receives the number of own
 * sections containing them and *with_tech_out the number of those in which the indexer detected technology
 * `tech_id`. Lets the server decide whether a word typed in lower case in a query means the technology.
 * Counted once per index revision and handle. */
nx_status_t nx_db_word_tech_sections(nx_db_t *db, const char *words, const char *tech_id,
                                     uint64_t *with_words_out, uint64_t *with_tech_out);

/* Appended (issue 7): opens another read handle on the same databases as `db`, sharing its
 * read-only caches: the facet columns (every document's learner, kind, cohort and technologies,
 * read once per index revision) are then read once for all siblings instead of once per handle.
 * Give each thread its own sibling. Ownership and errors as for nx_db_open(); siblings are closed
 * one by one with nx_db_close(), in any order. */
nx_status_t nx_db_open_sibling(nx_db_t *db, nx_db_t **out, char **error_out);

/* Closes the handle. Results obtained from it must be freed first. NULL is a no-op. */
void nx_db_close(nx_db_t *db);

/* ------------------------------------------------------------------ nightly runs */

/* Like nx_writer_end_learner(), and also records `rules`, the version of the
 * extraction rules the documents were built with, in the same commit. A later
 * run compares both to decide whether the learner must be re-indexed. */
nx_status_t nx_writer_end_learner_rules(nx_writer_t *writer, const char *commit, const char *rules);

/* Rules version recorded with the learner's commit. *rules_out is a malloc'd
 * string the caller frees, or NULL when none was recorded (status NX_OK). */
nx_status_t nx_writer_learner_rules(nx_writer_t *writer, const char *learner, char **rules_out);

/* Every learner the index holds a commit for, lowercased, in byte order.
 * *names_out is a malloc'd array of *count_out malloc'd strings, released with
 * nx_strings_free() (NULL and 0 when there are none). */
nx_status_t nx_writer_indexed_learners(nx_writer_t *writer, char ***names_out, size_t *count_out);
void nx_strings_free(char **strings, size_t count);

/* Groups learner transactions into fewer commits. With `milliseconds` > 0,
 * nx_writer_end_learner[_rules]() commits only once that long has passed
 * since the last commit; each learner ended in between still stays whole (its
 * documents, commit and rules are applied together at the next commit), and
 * nx_writer_flush(), nx_writer_remove_learner(), nx_writer_set_run_summary()
 * and nx_writer_close() commit whatever is pending. A crash loses the pending
 * learners together with their recorded commits, so the next run redoes them.
 * 0 (the default) commits every learner. Fewer revisions let a long search
 * finish before the writer recycles the blocks it reads. */
nx_status_t nx_writer_set_commit_interval(nx_writer_t *writer, unsigned milliseconds);
nx_status_t nx_writer_flush(nx_writer_t *writer);

/* Stores `json` (the indexer's summary of the run that is ending: times and
 * repositories by status) as the index's last-run record, and commits. Must
 * not be called inside a learner transaction. */
nx_status_t nx_writer_set_run_summary(nx_writer_t *writer, const char *json);

/* The last-run record, as stored. *json_out is malloc'd (caller frees) or
 * NULL when no run stored one. Reads the newest committed revision. */
nx_status_t nx_db_run_summary(nx_db_t *db, char **json_out);

/* Learners whose indexed commit is dated at or after `since` (seconds since
 * the epoch), newest commit first (ties by learner name). */
typedef struct nx_change {
    const char *learner;
    const char *cohort;
    const char *repo_url;
    const char *commit;
    int64_t commit_time;
    int64_t indexed_at; /* 0 when the index predates the field */
} nx_change_t;

typedef struct nx_changes nx_changes_t;

/* On NX_OK *out is owned by the caller (nx_changes_free); strings of the
 * entries are borrowed from it. */
nx_status_t nx_db_changes(nx_db_t *db, int64_t since, unsigned offset, unsigned limit, nx_changes_t **out);
uint64_t nx_changes_total(const nx_changes_t *changes); /* matching learners, all pages */
size_t nx_changes_count(const nx_changes_t *changes);   /* learners in this page */
nx_status_t nx_changes_get(const nx_changes_t *changes, size_t i, nx_change_t *out);
void nx_changes_free(nx_changes_t *changes);

/* ------------------------------------------------------------------ mentor tools (issue 13) */

/* "Who is like this learner?": learners whose own writing resembles this learner's (the words of
 * the learner's own sections expanded into a query, as Omega's MORELIKE does with a relevance set)
 * and whose covered technologies overlap, rarer shared technologies counting more. */
typedef struct nx_similar_learner {
    const char *learner;
    const char *cohort;
    const char *repo_url;
    double score;           /* 0..1: TEXT_SHARE of text_score plus the rest of tech_score */
    double text_score;      /* 0..1: how well their own writing matched, relative to the best match */
    double tech_score;      /* 0..1: shared covered technologies over all covered by either, idf-weighted */
    const char *shared_techs;  /* covered by both, rarest in the cohort first, comma-separated ("" for none) */
    const char *shared_topics; /* words of this learner's topics their own writing has, comma-separated */
} nx_similar_learner_t;

typedef struct nx_similar nx_similar_t;

/* Up to `limit` (1..50) learners most like `learner` (case-insensitive), best first; the learner
 * is never among them. NX_ERR_NOT_FOUND when the learner is not indexed. On NX_OK *out is owned by
 * the caller (nx_similar_free) and every string of it borrowed until then. */
nx_status_t nx_db_similar_learners(nx_db_t *db, const char *learner, unsigned limit, nx_similar_t **out);
/* The topic words found in the learner's own writing (the expansion terms), best first, comma-separated. */
const char *nx_similar_topics(const nx_similar_t *similar);
size_t nx_similar_count(const nx_similar_t *similar);
nx_status_t nx_similar_get(const nx_similar_t *similar, size_t i, nx_similar_learner_t *out);
void nx_similar_free(nx_similar_t *similar); /* NULL is a no-op */

/* "Who has covered what, and who not yet?": every learner (of the chosen cohorts) against chosen
 * technologies, one page at a time. Order and the `missing` filter read the covered weights of the
 * learner documents (term XW); the cells' covered / mentioned / signalled states and evidence are in
 * each learner's profile JSON, returned with the page. */
typedef struct nx_coverage_request {
    const char *const *techs;    /* the columns: taxonomy ids, 1..NX_COVERAGE_MAX_TECHS */
    size_t n_techs;
    const char *const *cohorts;  /* OR, case-insensitive; none = every cohort */
    size_t n_cohorts;
    const char *const *missing;  /* only learners covering none of these ids (each also a column) */
    size_t n_missing;
    int sort_column;             /* -1: by learner name; i: by techs[i]'s covered weight, strongest first */
    int descending;              /* non-zero: the reverse of that order */
    unsigned offset;             /* learners to skip */
    unsigned limit;              /* learners to return */
} nx_coverage_request_t;

#define NX_COVERAGE_MAX_TECHS 20

typedef struct nx_coverage nx_coverage_t;

/* On NX_OK *out is owned by the caller (nx_coverage_free). */
nx_status_t nx_db_coverage(nx_db_t *db, const nx_coverage_request_t *request, nx_coverage_t **out);
uint64_t nx_coverage_total(const nx_coverage_t *coverage);  /* learners passing the filters, all pages */
/* Learners of the chosen cohorts (before `missing`) covering column i; 0 out of range. */
uint64_t nx_coverage_column_covered(const nx_coverage_t *coverage, size_t i);
size_t nx_coverage_count(const nx_coverage_t *coverage);    /* learners in this page */
/* Learner i of the page: strings borrowed from `coverage`. `profile_json` is read only from learner
 * documents written without technology states (an index older than them); otherwise it is "". */
nx_status_t nx_coverage_get(const nx_coverage_t *coverage, size_t i, nx_learner_info_t *info);
/* Learner i's technology states as nx_learner_profile_t.tech_states gives them, or "" when its
 * document has none (then its profile_json says the same). Borrowed from `coverage`. */
const char *nx_coverage_tech_states(const nx_coverage_t *coverage, size_t i);
void nx_coverage_free(nx_coverage_t *coverage); /* NULL is a no-op */

/* Suggestions as you type, from the index: learner names and frequent heading phrases (headings of
 * learners' own sections, lowercased, that at least two learners wrote) starting with a prefix.
 * Technology names are the taxonomy's, which the server knows without the index. */
typedef enum nx_suggestion_type { NX_SUGGEST_LEARNER, NX_SUGGEST_HEADING } nx_suggestion_type_t;

typedef struct nx_suggestion {
    const char *text;          /* the learner's name as written, or the heading phrase */
    nx_suggestion_type_t type;
    uint64_t learners;         /* learners it concerns: 1 for a learner, the writers of a heading */
} nx_suggestion_t;

typedef struct nx_suggestions nx_suggestions_t;

/* At most `limit` (1..50) of each type whose text starts with `prefix` (case-insensitive, at least
 * one character), headings with most learners first, learners in name order. The heading phrases
 * are read once per index revision and handle. On NX_OK *out is owned by the caller. */
nx_status_t nx_db_suggest(nx_db_t *db, const char *prefix, unsigned limit, nx_suggestions_t **out);
size_t nx_suggestions_count(const nx_suggestions_t *suggestions);
nx_status_t nx_suggestions_get(const nx_suggestions_t *suggestions, size_t i, nx_suggestion_t *out);
void nx_suggestions_free(nx_suggestions_t *suggestions); /* NULL is a no-op */

#ifdef __cplusplus
}
#endif

#endif /* NX_INDEX_H */
