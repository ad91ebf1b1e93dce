/* Specification of the index shim (shim/nx_index.h) against real Xapian databases
 * in temporary folders: writing learners, searching, ranking, snippets, refresh, shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "temp_dir.h"

#include <ftw.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nx_index.h"
#include "nx_prebuilt.h"

#define COMMIT_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define COMMIT_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct fixture {
    char dir[64];
    char db_path[128];
} fixture_t;

/* ------------------------------------------------------------------ helpers */

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    strcpy(fx->dir, "/tmp/nx_shim_test_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db_path, sizeof fx->db_path, "%s/index", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    temp_dir_remove(fx->dir);
    free(fx);
    return 0;
}

static nx_section_t section(const char *learner, const char *path, const char *heading, const char *anchor,
                            const char *body, unsigned ordinal)
{
    nx_section_t s = {
        .learner = learner,
        .cohort = "cohort-7",
        .repo_url = "https://github.com/example/alx-project-nexus",
        .path = path,
        .heading_path = heading,
        .heading = heading,
        .anchor = anchor,
        .body = body,
        .commit = COMMIT_A,
        .commit_time = 1700000000,
        .ordinal = ordinal,
    };
    return s;
}

/* Replaces `learner`'s documents in the database at `path` with `sections`. */
static void index_learner(const char *path, const char *learner, const nx_section_t *sections, size_t n,
                          const char *commit)
{
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, learner), NX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nx_writer_add_section(writer, &sections[i]), NX_OK);
    assert_int_equal(nx_writer_end_learner(writer, commit), NX_OK);
    nx_writer_close(writer);
}

static nx_db_t *open_db(const char *path)
{
    nx_db_t *db = NULL;
    char *error = NULL;
    nx_status_t status = nx_db_open(&path, 1, &db, &error);
    if (status != NX_OK)
        fail_msg("nx_db_open: %s", error ? error : "(no message)");
    return db;
}

static nx_results_t *search(nx_db_t *db, const char *query)
{
    nx_search_request_t request = {.query = query, .limit = 20};
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status != NX_OK)
        fail_msg("search '%s': %s: %s", query, nx_status_str(status), nx_db_error(db));
    return results;
}

static nx_hit_t hit_at(const nx_results_t *results, size_t i)
{
    nx_hit_t hit;
    assert_int_equal(nx_results_hit(results, i, &hit), NX_OK);
    return hit;
}

static size_t count_hits(nx_db_t *db, const char *query)
{
    nx_results_t *results = search(db, query);
    size_t n = nx_results_count(results);
    nx_results_free(results);
    return n;
}

static uint64_t doc_count(nx_db_t *db)
{
    uint64_t count = 0;
    assert_int_equal(nx_db_refresh(db), NX_OK);
    assert_int_equal(nx_db_doc_count(db, &count), NX_OK);
    return count;
}

/* Two learners with a handful of sections each, used by the search tests. */
static void index_two_learners(const char *path)
{
    const nx_section_t ana[] = {
        section("ana", "README.md", "Docker", "docker",
                "How the containers are built and started for local development work.", 0),
        section("ana", "README.md", "Notes", "notes",
                "Random notes about the project: docker here, docker there, in passing.", 1),
        section("ana", "docs/setup.md", "Installation", "installation",
                "Run make and then the quick brown fox jumps over the lazy dog.", 0),
        section("ana", "docs/security.md", "Security", "security",
                "Never paste <script>alert(1)</script> & trust user input > 0.", 0),
    };
    const nx_section_t bob[] = {
        section("Bob", "README.md", "Overview", "overview",
                "This project uses docker and a brown quick fox for caching.", 0),
        section("Bob", "notes/kubernetes.md", "Kubernetes", "kubernetes", "Pods, services and deployments.", 0),
    };
    index_learner(path, "ana", ana, sizeof ana / sizeof ana[0], COMMIT_A);
    index_learner(path, "Bob", bob, sizeof bob / sizeof bob[0], COMMIT_B);
}

/* ------------------------------------------------------------------ search */

static void heading_match_ranks_above_body_only_match(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "docker learner:ana");
    assert_int_equal(nx_results_count(results), 2);
    assert_string_equal(hit_at(results, 0).anchor, "docker");
    assert_string_equal(hit_at(results, 1).anchor, "notes");
    assert_true(hit_at(results, 0).score > hit_at(results, 1).score);
    nx_results_free(results);
    nx_db_close(db);
}

/* Length normalisation is applied at indexing time (schema.h): a short section naming a word once
 * outranks a long one naming it twice among hundreds of other words, as BM25 with b = 0.5 would rank
 * them; without normalisation the long one would win on its larger wdf. */
static void short_focused_section_outranks_long_section_with_more_mentions(void **state)
{
    fixture_t *fx = *state;
    char filler[4096] = "";
    for (int i = 0; i < 300; i++)
        strcat(filler, i % 2 ? "setup " : "notes ");
    char long_body[4200];
    snprintf(long_body, sizeof long_body, "Kafka once. %s Kafka twice.", filler);
    const nx_section_t sections[] = {
        section("ana", "README.md", "Diary", "diary", long_body, 0),
        section("ana", "README.md", "Streams", "streams", "Kafka carries our events.", 1),
    };
    index_learner(fx->db_path, "ana", sections, 2, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "kafka");
    assert_int_equal(nx_results_count(results), 2);
    assert_string_equal(hit_at(results, 0).anchor, "streams");
    assert_true(hit_at(results, 0).score > hit_at(results, 1).score);
    nx_results_free(results);
    nx_db_close(db);
}

static void hit_carries_the_section_fields(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "kubernetes");
    assert_int_equal(nx_results_count(results), 1);
    nx_hit_t hit = hit_at(results, 0);
    assert_string_equal(hit.learner, "Bob");
    assert_string_equal(hit.cohort, "cohort-7");
    assert_string_equal(hit.repo_url, "https://github.com/example/alx-project-nexus");
    assert_string_equal(hit.path, "notes/kubernetes.md");
    assert_string_equal(hit.heading_path, "Kubernetes");
    assert_string_equal(hit.commit, COMMIT_A);
    assert_int_equal(hit.commit_time, 1700000000);
    assert_in_range(hit.percent, 1, 100);
    assert_int_equal(nx_results_hit(results, 1, &hit), NX_ERR_INVALID_ARG);
    nx_results_free(results);
    nx_db_close(db);
}

/* What one thread of the concurrency test does: its own handle, many unfiltered searches. */
typedef struct search_worker {
    nx_db_t *parent;  /* the handle each worker opens its sibling from, as the server's pool does */
    size_t hits_seen; /* over all its searches */
    uint64_t learners_seen;
    int failures;
} search_worker_t;

#define WORKER_SEARCHES 1500

static void *search_repeatedly(void *arg)
{
    search_worker_t *worker = arg;
    nx_db_t *db = NULL;
    if (nx_db_open_sibling(worker->parent, &db, NULL) != NX_OK) {
        worker->failures++;
        return NULL;
    }
    for (int i = 0; i < WORKER_SEARCHES; i++) {
        /* No facet filters: each list is "match everything", the case that once shared one Query. */
        nx_search_request_t request = {.query = "containers", .limit = 10, .facets = 1};
        nx_results_t *results = NULL;
        if (nx_db_search(db, &request, &results) != NX_OK) {
            worker->failures++;
            continue;
        }
        worker->hits_seen += nx_results_count(results);
        worker->learners_seen += nx_results_learner_total(results);
        nx_results_free(results);
    }
    nx_db_close(db);
    return NULL;
}

/* The server searches from several threads, each on its own sibling handle (db_pool.c): nothing in
 * the shim may be shared between handles unsynchronised, the facet columns siblings share included. */
static void searches_on_separate_handles_can_run_at_once(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    size_t expected = count_hits(db, "containers");
    assert_true(expected > 0);
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    search_worker_t workers[THREADS];
    for (int t = 0; t < THREADS; t++) {
        workers[t] = (search_worker_t){.parent = db};
        assert_int_equal(pthread_create(&threads[t], NULL, search_repeatedly, &workers[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(threads[t], NULL), 0);
    /* Counted after the workers, so that they raced to read the shared facet columns first. */
    nx_results_t *alone = NULL;
    assert_int_equal(nx_db_search(db, &(nx_search_request_t){.query = "containers", .limit = 10, .facets = 1}, &alone),
                     NX_OK);
    const uint64_t learners = nx_results_learner_total(alone);
    nx_results_free(alone);
    assert_true(learners > 0);
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(workers[t].failures, 0);
        assert_int_equal(workers[t].hits_seen, expected * WORKER_SEARCHES);
        assert_int_equal(workers[t].learners_seen, learners * WORKER_SEARCHES);
    }
    nx_db_close(db);
}

static void snippet_marks_matches_and_escapes_html(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "alert");
    assert_int_equal(nx_results_count(results), 1);
    const char *snippet = hit_at(results, 0).snippet;
    assert_non_null(strstr(snippet, "<mark>alert</mark>"));
    assert_non_null(strstr(snippet, "&lt;script&gt;"));
    assert_non_null(strstr(snippet, "&amp; trust"));
    assert_non_null(strstr(snippet, "&gt; 0"));
    assert_null(strstr(snippet, "<script>"));
    nx_results_free(results);
    nx_db_close(db);
}

static void snippet_uses_requested_marks_and_length(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_search_request_t request = {
        .query = "lazy", .limit = 10, .snippet_len = 30, .mark_open = "[", .mark_close = "]"};
    nx_results_t *results = NULL;
    assert_int_equal(nx_db_search(db, &request, &results), NX_OK);
    assert_int_equal(nx_results_count(results), 1);
    const char *snippet = hit_at(results, 0).snippet;
    assert_non_null(strstr(snippet, "[lazy]"));
    assert_true(strlen(snippet) < strlen("Run make and then the quick brown fox jumps over the lazy dog."));
    nx_results_free(results);
    nx_db_close(db);
}

static void learner_filter_is_case_insensitive(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "docker"), 3);
    nx_results_t *results = search(db, "docker learner:BOB");
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(hit_at(results, 0).learner, "Bob");
    nx_results_free(results);
    assert_int_equal(count_hits(db, "learner:ana"), 4);
    assert_int_equal(count_hits(db, "docker learner:nobody"), 0);
    nx_db_close(db);
}

static void path_prefix_matches_words_of_the_file_path(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "path:setup");
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(hit_at(results, 0).path, "docs/setup.md");
    nx_results_free(results);
    assert_int_equal(count_hits(db, "path:docs/setup.md"), 1);
    assert_int_equal(count_hits(db, "path:readme"), 3);
    /* Path terms have no positions: a field's phrase is searched as the AND of its words. */
    assert_int_equal(count_hits(db, "path:README.md"), 3);
    assert_int_equal(count_hits(db, "path:\"setup docs\""), 1);
    assert_int_equal(count_hits(db, "path:readme docker"), 3);
    assert_int_equal(count_hits(db, "path:docs"), 2);
    nx_db_close(db);
}

static void heading_prefix_matches_only_headings(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "heading:docker");
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(hit_at(results, 0).anchor, "docker");
    nx_results_free(results);
    assert_int_equal(count_hits(db, "heading:containers"), 0);
    /* Heading-path words are indexed by their stems only: one written with a capital is searched by its stem. */
    assert_int_equal(count_hits(db, "heading:Docker"), 1);
    assert_int_equal(count_hits(db, "heading:\"Docker\""), 1);
    nx_db_close(db);
}

static void phrase_matches_words_in_order_only(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "quick brown fox"), 2);
    nx_results_t *results = search(db, "\"quick brown fox\"");
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(hit_at(results, 0).learner, "ana");
    assert_false(nx_results_relaxed(results));
    nx_results_free(results);
    nx_db_close(db);
}

static void not_and_minus_exclude_words(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "docker -containers");
    assert_int_equal(nx_results_count(results), 2);
    for (size_t i = 0; i < 2; i++)
        assert_string_not_equal(hit_at(results, i).anchor, "docker");
    nx_results_free(results);
    assert_int_equal(count_hits(db, "docker NOT caching"), 2);
    assert_int_equal(count_hits(db, "docker AND NOT caching"), 2);
    assert_int_equal(count_hits(db, "docker OR kubernetes"), 4);
    /* A query of only exclusions matches everything else. */
    assert_int_equal(count_hits(db, "NOT docker"), 3);
    nx_db_close(db);
}

static nx_results_t *search_matching(nx_db_t *db, const char *query, nx_matching_t matching, unsigned threshold)
{
    nx_search_request_t request = {.query = query, .limit = 20, .matching = matching, .drop_threshold = threshold};
    nx_results_t *results = NULL;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status != NX_OK)
        fail_msg("search '%s': %s: %s", query, nx_status_str(status), nx_db_error(db));
    return results;
}

/* "docker pods": no section has both. Docker is in 3 sections, pods in 1. */
static void plain_query_drops_words_by_strategy_when_too_few_sections_have_all(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    /* frequency: the commoner word goes first, the rare one stays required */
    nx_results_t *results = search_matching(db, "docker pods", NX_MATCH_FREQUENCY, 0);
    assert_true(nx_results_relaxed(results));
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(hit_at(results, 0).anchor, "kubernetes");
    assert_string_equal(nx_results_terms(results, NX_TERMS_MATCHED), "pods");
    assert_string_equal(nx_results_terms(results, NX_TERMS_DROPPED), "docker");
    nx_results_free(results);
    /* last: the last word goes first */
    results = search_matching(db, "docker pods", NX_MATCH_LAST, 0);
    assert_int_equal(nx_results_count(results), 3);
    assert_string_equal(nx_results_terms(results, NX_TERMS_MATCHED), "docker");
    assert_string_equal(nx_results_terms(results, NX_TERMS_DROPPED), "pods");
    nx_results_free(results);
    /* all: nothing is dropped */
    results = search_matching(db, "docker pods", NX_MATCH_ALL, 0);
    assert_int_equal(nx_results_count(results), 0);
    assert_false(nx_results_relaxed(results));
    nx_results_free(results);
    nx_db_close(db);
}

/* Sections with every word come first, then the others; a threshold the full matches reach keeps
 * the answer to them. Function words need not match. */
static void plain_query_ranks_full_matches_first_and_ignores_function_words(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search_matching(db, "how are the docker containers built", NX_MATCH_LAST, 0);
    /* "the" is read with "containers" as the thesaurus key "the container", across "docker" */
    assert_string_equal(nx_results_terms(results, NX_TERMS_IGNORED), "how,are");
    assert_true(nx_results_count(results) >= 3);
    assert_string_equal(hit_at(results, 0).anchor, "docker"); /* the one section with docker, containers, built */
    assert_true(nx_results_relaxed(results));
    nx_results_free(results);
    results = search_matching(db, "the lazy dog", NX_MATCH_FREQUENCY, 1);
    assert_false(nx_results_relaxed(results));
    assert_int_equal(nx_results_count(results), 1);
    assert_string_equal(nx_results_terms(results, NX_TERMS_MATCHED), "lazy,dog");
    nx_results_free(results);
    /* the names of what a learner builds say nothing of the subject: they need not match */
    results = search_matching(db, "docker containers for my app and website", NX_MATCH_FREQUENCY, 0);
    assert_string_equal(nx_results_terms(results, NX_TERMS_IGNORED), "for,my,app,and,website");
    assert_string_equal(nx_results_terms(results, NX_TERMS_MATCHED), "docker containers"); /* one concept */
    nx_results_free(results);
    nx_db_close(db);
}

/* A query in the syntax means what it says, and falls back to any word only when no section has
 * them all. */
static void syntax_query_without_full_match_is_relaxed_to_any_word(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "docker pods -caching");
    assert_true(nx_results_relaxed(results));
    assert_int_equal(nx_results_count(results), 3); /* Bob's overview mentions caching */
    nx_results_free(results);
    results = search(db, "docker AND pods");
    assert_false(nx_results_relaxed(results));
    assert_int_equal(nx_results_count(results), 0);
    nx_results_free(results);
    /* A page past the matches is empty too, yet the query matches: it is not relaxed (the search counts
     * matches only when its page is empty, and must not take "empty" for "no match"). */
    nx_search_request_t past = {.query = "docker -caching", .offset = 5, .limit = 10};
    assert_int_equal(nx_db_search(db, &past, &results), NX_OK);
    assert_false(nx_results_relaxed(results));
    assert_int_equal(nx_results_count(results), 0);
    assert_int_equal(nx_results_estimate(results), 2); /* Ana's two docker sections */
    nx_results_free(results);
    nx_db_close(db);
}

static void malformed_query_is_a_syntax_error(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    const char *queries[] = {"docker AND", "AND", "OR docker", "docker NOT"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        nx_search_request_t request = {.query = queries[i], .limit = 10};
        nx_results_t *results = (nx_results_t *)&request; /* must be reset to NULL */
        assert_int_equal(nx_db_search(db, &request, &results), NX_ERR_QUERY_SYNTAX);
        assert_null(results);
        assert_non_null(strstr(nx_db_error(db), "Syntax"));
    }
    /* The handle stays usable and the error is cleared by the next success. */
    assert_int_equal(count_hits(db, "docker"), 3);
    assert_string_equal(nx_db_error(db), "");
    nx_db_close(db);
}

static void empty_query_is_an_invalid_argument(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    const char *queries[] = {"", "  \t\n "};
    for (size_t i = 0; i < 2; i++) {
        nx_search_request_t request = {.query = queries[i], .limit = 10};
        nx_results_t *results = NULL;
        assert_int_equal(nx_db_search(db, &request, &results), NX_ERR_INVALID_ARG);
        assert_string_equal(nx_db_error(db), "empty query");
    }
    nx_db_close(db);
}

static void hostile_queries_get_an_answer_not_a_crash(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    const char *queries[] = {"\xff\xfe docker \xc3", "learner:", "path:", "\"", "((((docker", "*"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        nx_search_request_t request = {.query = queries[i], .limit = 5000};
        nx_results_t *results = NULL;
        nx_status_t status = nx_db_search(db, &request, &results);
        assert_true(status == NX_OK || status == NX_ERR_QUERY_SYNTAX);
        assert_true(nx_results_count(results) <= 6);
        nx_results_free(results);
    }
    assert_int_equal(count_hits(db, "\xff\xfe docker"), 3);
    nx_db_close(db);
}

/* Words of the alphabet in a row, `len` bytes in all. */
static char *words_query(size_t len)
{
    char *query = malloc(len + 1);
    assert_non_null(query);
    for (size_t i = 0; i < len; i++)
        query[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
    query[len] = '\0';
    return query;
}

static void overlong_query_is_an_invalid_argument(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    char *longest = words_query(8192), *too_long = words_query(8193);
    nx_search_request_t request = {.query = longest, .limit = 10};
    nx_results_t *results = NULL;
    assert_int_equal(nx_db_search(db, &request, &results), NX_OK);
    nx_results_free(results);
    request.query = too_long;
    assert_int_equal(nx_db_search(db, &request, &results), NX_ERR_INVALID_ARG);
    assert_non_null(strstr(nx_db_error(db), "longer"));
    free(longest);
    free(too_long);
    nx_db_close(db);
}

static void paging_skips_earlier_hits(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_search_request_t request = {.query = "docker", .offset = 1, .limit = 1};
    nx_results_t *page = NULL;
    assert_int_equal(nx_db_search(db, &request, &page), NX_OK);
    nx_results_t *all = search(db, "docker");
    assert_int_equal(nx_results_count(page), 1);
    assert_int_equal(nx_results_estimate(page), 3);
    assert_string_equal(hit_at(page, 0).anchor, hit_at(all, 1).anchor);
    nx_results_free(page);
    nx_results_free(all);
    nx_db_close(db);
}

/* ------------------------------------------------------------------ writing */

static void reindex_replaces_changed_and_deletes_removed_sections(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(doc_count(db), 6);

    const nx_section_t ana[] = {
        section("ana", "README.md", "Docker", "docker", "Now built with podman instead.", 0),
        section("ana", "docs/setup.md", "Installation", "installation", "Run make.", 0),
    };
    index_learner(fx->db_path, "ana", ana, 2, COMMIT_B);
    assert_int_equal(doc_count(db), 4);
    assert_int_equal(count_hits(db, "podman"), 1);
    assert_int_equal(count_hits(db, "\"containers\""), 0);
    assert_int_equal(count_hits(db, "alert"), 0);
    assert_int_equal(count_hits(db, "kubernetes"), 1);
    nx_db_close(db);
}

static void sections_without_anchor_are_told_apart_by_ordinal(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t ana[] = {
        section("ana", "README.md", "", "", "Intro before any heading.", 0),
        section("ana", "docs/a.md", "", "", "Another intro.", 0),
        section("ana", "docs/a.md", "", "", "Second untitled part.", 1),
    };
    index_learner(fx->db_path, "ana", ana, 3, COMMIT_A);
    index_learner(fx->db_path, "ana", ana, 3, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(doc_count(db), 3);
    nx_db_close(db);
}

static void abort_keeps_the_previous_documents(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    nx_section_t s = section("ana", "README.md", "Docker", "docker", "Replaced by podman.", 0);
    assert_int_equal(nx_writer_add_section(writer, &s), NX_OK);
    assert_int_equal(nx_writer_abort_learner(writer), NX_OK);

    uint64_t count = 0;
    assert_int_equal(nx_writer_doc_count(writer, &count), NX_OK);
    assert_int_equal(count, 6);
    char *commit = NULL;
    assert_int_equal(nx_writer_learner_commit(writer, "ana", &commit), NX_OK);
    assert_string_equal(commit, COMMIT_A);
    free(commit);
    nx_writer_close(writer);

    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "podman"), 0);
    assert_int_equal(count_hits(db, "\"containers\""), 1);
    nx_db_close(db);
}

static void close_without_end_keeps_the_previous_documents(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    nx_section_t s = section("ana", "README.md", "Docker", "docker", "Replaced by podman.", 0);
    assert_int_equal(nx_writer_add_section(writer, &s), NX_OK);
    nx_writer_close(writer);

    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(doc_count(db), 6);
    assert_int_equal(count_hits(db, "podman"), 0);
    nx_db_close(db);
}

static void remove_learner_deletes_documents_and_commit(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_remove_learner(writer, "bob"), NX_OK);
    uint64_t count = 0;
    assert_int_equal(nx_writer_doc_count(writer, &count), NX_OK);
    assert_int_equal(count, 4);
    char *commit = (char *)"unchanged";
    assert_int_equal(nx_writer_learner_commit(writer, "Bob", &commit), NX_OK);
    assert_null(commit);
    /* Removing a learner that is not there is not an error: the end state is the same. */
    assert_int_equal(nx_writer_remove_learner(writer, "carol"), NX_OK);
    nx_writer_close(writer);

    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "kubernetes"), 0);
    assert_int_equal(count_hits(db, "\"containers\""), 1);
    nx_db_close(db);
}

static void learner_commit_round_trips(void **state)
{
    fixture_t *fx = *state;
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    char *commit = NULL;
    assert_int_equal(nx_writer_learner_commit(writer, "ana", &commit), NX_OK);
    assert_null(commit);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    assert_int_equal(nx_writer_end_learner(writer, COMMIT_B), NX_OK);
    assert_int_equal(nx_writer_learner_commit(writer, "ana", &commit), NX_OK);
    assert_string_equal(commit, COMMIT_B);
    free(commit);
    nx_writer_close(writer);
}

static void writer_rejects_calls_out_of_order(void **state)
{
    fixture_t *fx = *state;
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    nx_section_t s = section("ana", "README.md", "Docker", "docker", "Text.", 0);
    assert_int_equal(nx_writer_add_section(writer, &s), NX_ERR_INVALID_ARG);
    assert_string_not_equal(nx_writer_error(writer), "");
    assert_int_equal(nx_writer_end_learner(writer, COMMIT_A), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_begin_learner(writer, ""), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_begin_learner(writer, NULL), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    assert_string_equal(nx_writer_error(writer), "");
    assert_int_equal(nx_writer_begin_learner(writer, "bob"), NX_ERR_INVALID_ARG);
    nx_section_t other = section("bob", "README.md", "Docker", "docker", "Text.", 0);
    assert_int_equal(nx_writer_add_section(writer, &other), NX_ERR_INVALID_ARG);
    nx_section_t no_path = section("ana", "", "Docker", "docker", "Text.", 0);
    assert_int_equal(nx_writer_add_section(writer, &no_path), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_add_section(writer, NULL), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_remove_learner(writer, "bob"), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_end_learner(writer, ""), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_writer_abort_learner(writer), NX_OK);
    nx_writer_close(writer);
    nx_writer_close(NULL);
}

static void second_writer_is_locked_out(void **state)
{
    fixture_t *fx = *state;
    nx_writer_t *first = NULL, *second = NULL;
    char *error = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &first, NULL), NX_OK);
    assert_int_equal(nx_writer_open(fx->db_path, &second, &error), NX_ERR_LOCKED);
    assert_null(second);
    assert_non_null(error);
    assert_non_null(strstr(error, fx->db_path));
    free(error);
    nx_writer_close(first);
}

/* ------------------------------------------------------------------ reading */

static void reader_sees_new_commits_without_reopening(void **state)
{
    fixture_t *fx = *state;
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "podman"), 0);

    const nx_section_t carol[] = {section("carol", "README.md", "Build", "build", "We use podman.", 0)};
    index_learner(fx->db_path, "carol", carol, 1, COMMIT_A);
    assert_int_equal(count_hits(db, "podman"), 1); /* the search refreshed by itself */

    const nx_section_t erin[] = {section("erin", "README.md", "Build", "build", "Also podman.", 0)};
    index_learner(fx->db_path, "erin", erin, 1, COMMIT_A);
    uint64_t count = 0;
    assert_int_equal(nx_db_refresh(db), NX_OK);
    assert_int_equal(nx_db_doc_count(db, &count), NX_OK);
    assert_int_equal(count, 8);
    nx_db_close(db);
}

/* A handle skips Database::reopen while no shard's version file was replaced (nx_db::refresh); a commit must
 * still show on the very next search, also when the handle had settled on the file of the commit before. */
static void settled_reader_sees_the_next_commit(void **state)
{
    fixture_t *fx = *state;
    const struct timespec settle = {0, 120 * 1000 * 1000}; /* past the shim's 50 ms of distrust */
    index_two_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nanosleep(&settle, NULL);
    assert_int_equal(count_hits(db, "podman"), 0); /* records the version file */
    assert_int_equal(count_hits(db, "podman"), 0); /* unchanged: no reopen */

    const nx_section_t carol[] = {section("carol", "README.md", "Build", "build", "We use podman.", 0)};
    index_learner(fx->db_path, "carol", carol, 1, COMMIT_A);
    nanosleep(&settle, NULL); /* the new version file is trusted at once */
    assert_int_equal(count_hits(db, "podman"), 1);
    assert_int_equal(count_hits(db, "podman"), 1);

    const nx_section_t erin[] = {section("erin", "README.md", "Build", "build", "Also podman.", 0)};
    index_learner(fx->db_path, "erin", erin, 1, COMMIT_A);
    assert_int_equal(count_hits(db, "podman"), 2); /* a version file too young to trust */
    nx_db_close(db);
}

/* A handle keeps the hit sources (fields and text) of documents it showed; a section rewritten under the same
 * docid must show its new text after the commit, not the copy read before it. */
static void rewritten_section_shows_its_new_text(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t before[] = {section("carol", "README.md", "Build", "build", "We use podman daily.", 0)};
    index_learner(fx->db_path, "carol", before, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "podman");
    assert_non_null(strstr(hit_at(results, 0).snippet, "daily"));
    nx_results_free(results);

    const nx_section_t after[] = {section("carol", "README.md", "Build", "build", "We use podman weekly.", 0)};
    index_learner(fx->db_path, "carol", after, 1, COMMIT_B);
    results = search(db, "podman");
    assert_int_equal(nx_results_count(results), 1);
    assert_non_null(strstr(hit_at(results, 0).snippet, "weekly"));
    nx_results_free(results);
    nx_db_close(db);
}

/* A handle keeps the posting bitmaps of the terms it counted (shim/posting_cache.h); a section rewritten
 * under the same docid must be counted by its new words after the commit, not by the bitmap read before it. */
static void facet_counts_follow_a_section_rewritten_in_place(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t before[] = {section("carol", "README.md", "Build", "build", "We use podman daily.", 0)};
    index_learner(fx->db_path, "carol", before, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_search_request_t daily = {.query = "daily OR weekly", .facets = 1, .limit = 10};
    nx_results_t *results = NULL;
    assert_int_equal(nx_db_search(db, &daily, &results), NX_OK);
    assert_int_equal(nx_results_learner_total(results), 1);
    nx_results_free(results);

    const nx_section_t after[] = {section("carol", "README.md", "Build", "build", "We use podman.", 0)};
    index_learner(fx->db_path, "carol", after, 1, COMMIT_B);
    assert_int_equal(nx_db_search(db, &daily, &results), NX_OK);
    assert_int_equal(nx_results_count(results), 0);
    assert_int_equal(nx_results_learner_total(results), 0);
    nx_results_free(results);
    nx_db_close(db);
}

static void opening_a_missing_database_is_not_found(void **state)
{
    fixture_t *fx = *state;
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such-index", fx->dir);
    const char *paths[] = {missing};
    nx_db_t *db = (nx_db_t *)paths; /* must be reset to NULL */
    char *error = NULL;
    assert_int_equal(nx_db_open(paths, 1, &db, &error), NX_ERR_NOT_FOUND);
    assert_null(db);
    assert_non_null(error);
    assert_non_null(strstr(error, missing));
    free(error);
    assert_int_equal(nx_db_open(paths, 0, &db, NULL), NX_ERR_INVALID_ARG);
}

static void two_shards_open_as_one_database(void **state)
{
    fixture_t *fx = *state;
    char second[160];
    snprintf(second, sizeof second, "%s/second", fx->dir);
    const nx_section_t ana[] = {section("ana", "README.md", "Docker", "docker", "Containers.", 0)};
    const nx_section_t bob[] = {
        section("bob", "README.md", "Docker", "docker", "Also containers.", 0),
        section("bob", "docs/x.md", "Other", "other", "Unrelated.", 0),
    };
    index_learner(fx->db_path, "ana", ana, 1, COMMIT_A);
    index_learner(second, "bob", bob, 2, COMMIT_B);

    const char *paths[] = {fx->db_path, second};
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(paths, 2, &db, NULL), NX_OK);
    assert_int_equal(doc_count(db), 3);
    nx_results_t *results = search(db, "containers");
    assert_int_equal(nx_results_count(results), 2);
    assert_string_not_equal(hit_at(results, 0).learner, hit_at(results, 1).learner);
    nx_results_free(results);
    nx_db_close(db);
}

static void stub_file_lists_shards(void **state)
{
    fixture_t *fx = *state;
    char second[160], stub[160];
    snprintf(second, sizeof second, "%s/second", fx->dir);
    snprintf(stub, sizeof stub, "%s/all.stub", fx->dir);
    const nx_section_t ana[] = {section("ana", "README.md", "Docker", "docker", "Containers.", 0)};
    const nx_section_t bob[] = {section("bob", "README.md", "Docker", "docker", "Also containers.", 0)};
    index_learner(fx->db_path, "ana", ana, 1, COMMIT_A);
    index_learner(second, "bob", bob, 1, COMMIT_B);
    FILE *file = fopen(stub, "w");
    assert_non_null(file);
    fprintf(file, "auto %s\nauto %s\n", fx->db_path, second);
    fclose(file);

    nx_db_t *db = open_db(stub);
    assert_int_equal(count_hits(db, "\"containers\""), 2);
    nx_db_close(db);
}


/* ------------------------------------------------------------------ schema v2: facets, filters, groups */

static const nx_tech_ref_t CELERY_COVERED[] = {{"celery", 2, 1}};
static const nx_tech_ref_t CELERY_MENTIONED[] = {{"celery", 1, 0}};
static const nx_tech_ref_t REDIS_COVERED[] = {{"redis", 1, 1}};
static const nx_tech_ref_t CELERY_REDIS_COVERED[] = {{"celery", 1, 1}, {"redis", 1, 1}};
static const nx_tech_ref_t KUBERNETES_COVERED[] = {{"kubernetes", 1, 1}};
static const nx_tech_ref_t CI_CD_COVERED[] = {{"ci-cd", 1, 1}};

static nx_section_t tagged(nx_section_t s, const char *cohort, const char *kind, const char *origin,
                           const nx_tech_ref_t *techs, size_t n_techs)
{
    s.cohort = cohort;
    s.kind = kind;
    s.origin = origin;
    s.techs = techs;
    s.n_techs = n_techs;
    return s;
}

/* A section of the learner's own writing, of kind "features", in the 2025-03 cohort: the fixtures of the
 * ranking tests, where only the words differ. */
static nx_section_t own_feature(nx_section_t s)
{
    return tagged(s, "2025-03", "features", "own", NULL, 0);
}

/* Writes one learner with sections and a learner document covering `techs`. */
static void index_profiled(const char *path, const char *learner, const nx_section_t *sections, size_t n,
                           const nx_tech_ref_t *techs, size_t n_techs)
{
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, learner), NX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nx_writer_add_section(writer, &sections[i]), NX_OK);
    nx_learner_profile_t profile = {
        .learner = learner,
        .cohort = n ? sections[0].cohort : "",
        .repo_url = "https://github.com/example/alx-project-nexus",
        .commit = COMMIT_A,
        .commit_time = 1700000000,
        .techs = techs,
        .n_techs = n_techs,
        .profile_json = "{\"outline\":[]}",
    };
    assert_int_equal(nx_writer_set_learner_profile(writer, &profile), NX_OK);
    assert_int_equal(nx_writer_end_learner(writer, COMMIT_A), NX_OK);
    nx_writer_close(writer);
}

/* ana: three Celery sections (2025-03); bob: one Celery and one Redis section (2025-06);
 * cy: one Redis section (2025-06). Every section talks about "workers". */
static void index_three_tagged_learners(const char *path)
{
    const nx_section_t ana[] = {
        tagged(section("ana", "README.md", "Celery", "celery", "Celery workers retry tasks.", 0), "2025-03",
               "technologies", "own", CELERY_COVERED, 1),
        tagged(section("ana", "README.md", "Challenges", "challenges", "Celery workers crashed at night.", 1),
               "2025-03", "challenges", "own", CELERY_COVERED, 1),
        tagged(section("ana", "docs/setup.md", "Run", "run", "Start the celery workers.", 0), "2025-03", "setup",
               "own", CELERY_MENTIONED, 1),
    };
    const nx_section_t bob[] = {
        tagged(section("bob", "README.md", "Queue", "queue", "Celery workers with a broker.", 0), "2025-06",
               "technologies", "own", CELERY_COVERED, 1),
        tagged(section("bob", "README.md", "Cache", "cache", "Redis keeps the workers fast.", 1), "2025-06",
               "technologies", "own", REDIS_COVERED, 1),
    };
    const nx_section_t cy[] = {
        tagged(section("cy", "README.md", "Cache", "cache", "Redis in front of the workers.", 0), "2025-06",
               "setup", "own", REDIS_COVERED, 1),
    };
    index_profiled(path, "ana", ana, 3, CELERY_COVERED, 1);
    index_profiled(path, "bob", bob, 2, CELERY_REDIS_COVERED, 2);
    index_profiled(path, "cy", cy, 1, REDIS_COVERED, 1);
}

static nx_results_t *search_with(nx_db_t *db, nx_search_request_t request)
{
    nx_results_t *results = NULL;
    if (!request.limit)
        request.limit = 20;
    nx_status_t status = nx_db_search(db, &request, &results);
    if (status != NX_OK)
        fail_msg("search '%s': %s: %s", request.query, nx_status_str(status), nx_db_error(db));
    return results;
}

/* Learners counted for `value` of `facet`, 0 when the value is absent. */
static uint64_t facet_learners(const nx_results_t *results, const char *facet, const char *value)
{
    for (size_t i = 0; i < nx_results_facet_count(results, facet); i++) {
        const char *v = NULL;
        uint64_t learners = 0;
        assert_int_equal(nx_results_facet(results, facet, i, &v, &learners), NX_OK);
        if (strcmp(v, value) == 0)
            return learners;
    }
    return 0;
}

static void facets_count_distinct_learners_not_sections(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search_with(db, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(nx_results_count(results), 6);
    assert_int_equal(nx_results_learner_total(results), 3);
    assert_int_equal(facet_learners(results, "tech", "celery"), 2); /* four sections, two learners */
    assert_int_equal(facet_learners(results, "tech", "redis"), 2);
    assert_int_equal(facet_learners(results, "kind", "technologies"), 2);
    assert_int_equal(facet_learners(results, "kind", "setup"), 2);
    assert_int_equal(facet_learners(results, "kind", "challenges"), 1);
    assert_int_equal(facet_learners(results, "cohort", "2025-06"), 2);
    assert_int_equal(facet_learners(results, "cohort", "2025-03"), 1);
    const char *first = NULL;
    uint64_t most = 0;
    assert_int_equal(nx_results_facet(results, "kind", 0, &first, &most), NX_OK);
    assert_int_equal(most, 2); /* most learners first */
    nx_results_free(results);
    nx_db_close(db);
}

static void filters_or_within_a_facet_and_across_facets(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    const char *celery_or_redis[] = {"celery", "REDIS"};
    const char *only_2025_06[] = {"2025-06"};
    const char *setup_kind[] = {"setup"};
    nx_results_t *either = search_with(db, (nx_search_request_t){.query = "workers", .techs = celery_or_redis,
                                                                .n_techs = 2, .facets = 1});
    assert_int_equal(nx_results_count(either), 6);
    nx_results_t *both = search_with(db, (nx_search_request_t){.query = "workers", .techs = celery_or_redis,
                                                              .n_techs = 2, .cohorts = only_2025_06,
                                                              .n_cohorts = 1, .kinds = setup_kind, .n_kinds = 1,
                                                              .facets = 1});
    assert_int_equal(nx_results_count(both), 1);
    assert_string_equal(hit_at(both, 0).learner, "cy");
    assert_string_equal(hit_at(both, 0).kind, "setup");
    assert_string_equal(hit_at(both, 0).techs, "redis");
    assert_int_equal(nx_results_learner_total(both), 1);
    nx_results_free(either);
    nx_results_free(both);
    nx_db_close(db);
}

static void group_by_learner_gives_one_hit_per_learner_with_its_match_count(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search_with(db, (nx_search_request_t){.query = "workers", .group_by_learner = 1});
    assert_int_equal(nx_results_count(results), 3);
    uint64_t total = 0;
    for (size_t i = 0; i < 3; i++) {
        nx_hit_t hit = hit_at(results, i);
        if (strcmp(hit.learner, "ana") == 0)
            assert_int_equal(hit.learner_matches, 3);
        total += hit.learner_matches;
    }
    assert_int_equal(total, 6);
    nx_results_free(results);
    nx_db_close(db);
}

/* The shim keeps facet columns per handle and revision: a reindex seen by the same handle
 * must change the counts, not serve the columns read before it. */
static void facet_counts_follow_a_reindex_on_the_same_handle(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *before = search_with(db, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(before, "tech", "celery"), 2);
    assert_int_equal(facet_learners(before, "kind", "challenges"), 1);
    nx_results_free(before);

    /* cy now writes about Celery in a challenges section; dee is new. */
    const nx_section_t cy[] = {
        tagged(section("cy", "README.md", "Cache", "cache", "Celery workers and Redis.", 0), "2025-06",
               "challenges", "own", CELERY_REDIS_COVERED, 2),
    };
    const nx_section_t dee[] = {
        tagged(section("dee", "README.md", "Queue", "queue", "Celery workers everywhere.", 0), "2025-09",
               "technologies", "own", CELERY_COVERED, 1),
    };
    index_profiled(fx->db_path, "cy", cy, 1, CELERY_REDIS_COVERED, 2);
    index_profiled(fx->db_path, "dee", dee, 1, CELERY_COVERED, 1);

    nx_results_t *after = search_with(db, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(nx_results_learner_total(after), 4);
    assert_int_equal(facet_learners(after, "tech", "celery"), 4);
    assert_int_equal(facet_learners(after, "tech", "redis"), 2);
    assert_int_equal(facet_learners(after, "kind", "challenges"), 2);
    assert_int_equal(facet_learners(after, "kind", "setup"), 1); /* cy's setup section is gone */
    assert_int_equal(facet_learners(after, "cohort", "2025-09"), 1);
    nx_results_free(after);
    nx_db_close(db);
}

/* Every read that moves a handle to a newer revision must drop what was read from the older one:
 * the changes list and the run summary reopen the handle too. */
static void facet_counts_follow_a_reindex_seen_first_by_the_changes_list(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *before = search_with(db, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(before, "tech", "celery"), 2);
    nx_results_free(before);

    const nx_section_t dee[] = {
        tagged(section("dee", "README.md", "Queue", "queue", "Celery workers everywhere.", 0), "2025-09",
               "technologies", "own", CELERY_COVERED, 1),
    };
    index_profiled(fx->db_path, "dee", dee, 1, CELERY_COVERED, 1);
    nx_changes_t *changes = NULL;
    assert_int_equal(nx_db_changes(db, 0, 0, 10, &changes), NX_OK);
    assert_int_equal(nx_changes_total(changes), 4);
    nx_changes_free(changes);

    nx_results_t *after = search_with(db, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(after, "tech", "celery"), 3);
    assert_int_equal(nx_results_learner_total(after), 4);
    nx_results_free(after);
    nx_db_close(db);
}

/* Siblings share the columns of one revision; a sibling that moves to a newer revision must
 * not be served the columns another sibling read at the older one. */
static void sibling_handles_count_facets_of_their_own_revision(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *first = open_db(fx->db_path), *sibling = NULL;
    assert_int_equal(nx_db_open_sibling(first, &sibling, NULL), NX_OK);
    nx_results_t *a = search_with(first, (nx_search_request_t){.query = "workers", .facets = 1});
    nx_results_t *b = search_with(sibling, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(a, "tech", "celery"), 2);
    assert_int_equal(facet_learners(b, "tech", "celery"), 2);
    assert_int_equal(nx_results_learner_total(b), 3);
    nx_results_free(a);
    nx_results_free(b);

    const nx_section_t dee[] = {
        tagged(section("dee", "README.md", "Queue", "queue", "Celery workers everywhere.", 0), "2025-09",
               "technologies", "own", CELERY_COVERED, 1),
    };
    index_profiled(fx->db_path, "dee", dee, 1, CELERY_COVERED, 1);
    nx_results_t *c = search_with(sibling, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(c, "tech", "celery"), 3);
    assert_int_equal(nx_results_learner_total(c), 4);
    nx_results_free(c);
    nx_db_close(first); /* siblings close in any order */
    nx_results_t *d = search_with(sibling, (nx_search_request_t){.query = "workers", .facets = 1});
    assert_int_equal(facet_learners(d, "cohort", "2025-09"), 1);
    nx_results_free(d);
    nx_db_close(sibling);
}

/* Documents of a union are numbered across its shards: counts must still land on the right learner. */
static void facets_and_groups_count_across_shards(void **state)
{
    fixture_t *fx = *state;
    char second[160];
    snprintf(second, sizeof second, "%s/second", fx->dir);
    const nx_section_t ana[] = {
        tagged(section("ana", "README.md", "Celery", "celery", "Celery workers.", 0), "2025-03", "technologies",
               "own", CELERY_COVERED, 1),
        tagged(section("ana", "docs/a.md", "More", "more", "More workers.", 0), "2025-03", "setup", "own",
               CELERY_COVERED, 1),
    };
    const nx_section_t bob[] = {
        tagged(section("bob", "README.md", "Cache", "cache", "Redis workers.", 0), "2025-06", "setup", "own",
               REDIS_COVERED, 1),
    };
    index_profiled(fx->db_path, "ana", ana, 2, CELERY_COVERED, 1);
    index_profiled(second, "bob", bob, 1, REDIS_COVERED, 1);
    const char *paths[] = {fx->db_path, second};
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(paths, 2, &db, NULL), NX_OK);
    nx_results_t *results =
        search_with(db, (nx_search_request_t){.query = "workers", .facets = 1, .group_by_learner = 1});
    assert_int_equal(nx_results_count(results), 2);
    assert_int_equal(nx_results_learner_total(results), 2);
    assert_int_equal(facet_learners(results, "tech", "celery"), 1);
    assert_int_equal(facet_learners(results, "tech", "redis"), 1);
    assert_int_equal(facet_learners(results, "kind", "setup"), 2);
    assert_int_equal(facet_learners(results, "cohort", "2025-06"), 1);
    for (size_t i = 0; i < 2; i++) {
        nx_hit_t hit = hit_at(results, i);
        assert_int_equal(hit.learner_matches, strcmp(hit.learner, "ana") == 0 ? 2 : 1);
    }
    nx_results_free(results);
    nx_db_close(db);
}

/* ------------------------------------------------------------------ challenges, profiles */

static void challenge_pairs_are_their_own_documents_with_both_parts_highlighted(void **state)
{
    fixture_t *fx = *state;
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    nx_section_t s = section("ana", "README.md", "Challenges", "challenges", "Migrations clashed; squashed them.", 3);
    assert_int_equal(nx_writer_add_section(writer, &s), NX_OK);
    nx_challenge_t pair = {
        .learner = "ana", .path = "README.md", .heading_path = "Challenges", .anchor = "challenges",
        .section_ordinal = 3, .pair = 0, .challenge = "Migrations clashed between branches",
        .solution = "Squashed the migrations and rebased", .commit = COMMIT_A, .commit_time = 1700000000,
    };
    assert_int_equal(nx_writer_add_challenge(writer, &pair), NX_OK);
    assert_int_equal(nx_writer_end_learner(writer, COMMIT_A), NX_OK);
    uint64_t sections = 0;
    assert_int_equal(nx_writer_doc_count(writer, &sections), NX_OK);
    assert_int_equal(sections, 1); /* the pair is not a section */
    nx_writer_close(writer);

    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "rebased"), 0); /* sections only by default */
    nx_results_t *results = search_with(db, (nx_search_request_t){.query = "migrations", .challenges = 1});
    assert_int_equal(nx_results_count(results), 1);
    nx_hit_t hit = hit_at(results, 0);
    assert_string_equal(hit.type, "challenge");
    assert_string_equal(hit.anchor, "challenges");
    assert_non_null(strstr(hit.challenge, "<mark>Migrations</mark> clashed"));
    assert_non_null(strstr(hit.solution, "the <mark>migrations</mark> and rebased"));
    nx_results_free(results);
    nx_db_close(db);
}

static void learner_profile_round_trips_and_counts_technology_learners(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_learner_t *learner = NULL;
    assert_int_equal(nx_db_learner(db, "BOB", &learner), NX_OK);
    nx_learner_info_t info;
    nx_learner_get(learner, &info);
    assert_string_equal(info.learner, "bob");
    assert_string_equal(info.cohort, "2025-06");
    assert_string_equal(info.commit, COMMIT_A);
    assert_string_equal(info.techs, "celery=1,redis=1");
    assert_string_equal(info.profile_json, "{\"outline\":[]}");
    nx_learner_free(learner);
    assert_int_equal(nx_db_learner(db, "nobody", &learner), NX_ERR_NOT_FOUND);
    assert_null(learner);

    uint64_t count = 0;
    assert_int_equal(nx_db_tech_learners(db, "redis", &count), NX_OK);
    assert_int_equal(count, 2);
    assert_int_equal(nx_db_tech_learners(db, "kubernetes", &count), NX_OK);
    assert_int_equal(count, 0);
    assert_int_equal(nx_db_learner_count(db, &count), NX_OK);
    assert_int_equal(count, 3);
    assert_int_equal(doc_count(db), 6); /* learner documents are not sections */
    nx_db_close(db);
}

static void learner_list_reads_every_learner_document_once_in_name_order(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    /* Written last, listed first: the list is in name order, not in the order learners were indexed. */
    index_profiled(fx->db_path, "Aaron", NULL, 0, KUBERNETES_COVERED, 1);
    nx_db_t *db = open_db(fx->db_path);
    nx_learner_list_t *list = NULL;
    assert_int_equal(nx_db_learner_list(db, &list), NX_OK);
    assert_int_equal(nx_learner_list_count(list), 4);
    const char *names[] = {"Aaron", "ana", "bob", "cy"};
    const char *techs[] = {"kubernetes=1", "celery=2", "celery=1,redis=1", "redis=1"};
    const char *cohorts[] = {"", "2025-03", "2025-06", "2025-06"};
    for (size_t i = 0; i < 4; i++) {
        nx_learner_info_t info;
        assert_int_equal(nx_learner_list_get(list, i, &info), NX_OK);
        assert_string_equal(info.learner, names[i]);
        assert_string_equal(info.techs, techs[i]);
        assert_string_equal(info.cohort, cohorts[i]);
        assert_string_equal(info.commit, COMMIT_A);
        assert_string_equal(info.profile_json, ""); /* not read: no table needs it */
    }
    nx_learner_info_t past_the_end;
    assert_int_equal(nx_learner_list_get(list, 4, &past_the_end), NX_ERR_INVALID_ARG);
    nx_learner_list_free(list);
    nx_db_close(db);
}

/* ------------------------------------------------------------------ ranking learners */

static nx_learner_results_t *rank(nx_db_t *db, nx_learner_request_t request)
{
    nx_learner_results_t *results = NULL;
    if (!request.limit)
        request.limit = 20;
    nx_status_t status = nx_db_rank_learners(db, &request, &results);
    if (status != NX_OK)
        fail_msg("rank '%s': %s: %s", request.query ? request.query : "", nx_status_str(status), nx_db_error(db));
    return results;
}

static nx_ranked_learner_t ranked_at(const nx_learner_results_t *results, size_t i)
{
    nx_ranked_learner_t learner;
    assert_int_equal(nx_learner_results_get(results, i, &learner), NX_OK);
    return learner;
}

static void add_synonym(const char *path, const char *key, const char *tech)
{
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_add_synonym(writer, key, tech), NX_OK);
    nx_writer_close(writer);
}

static void learners_are_ranked_by_own_writing_not_badges_templates_or_roadmaps(void **state)
{
    fixture_t *fx = *state;
    /* The same short sentence everywhere, so only substance can tell the learners apart. */
    const char *text = "Celery runs the background jobs.";
    const nx_section_t own[] = {tagged(section("own", "README.md", "Jobs", "jobs", text, 0), "", "features", "own",
                                       CELERY_COVERED, 1)};
    const nx_section_t badge[] = {tagged(section("badge", "README.md", "Stack", "stack", text, 0), "",
                                         "technologies", "own", CELERY_MENTIONED, 1)};
    const nx_section_t template[] = {tagged(section("template", "README.md", "Jobs", "jobs", text, 0), "",
                                            "features", "template", CELERY_COVERED, 1)};
    const nx_section_t roadmap[] = {tagged(section("roadmap", "README.md", "Future", "future", text, 0), "",
                                           "roadmap", "own", NULL, 0)};
    const nx_section_t denied[] = {tagged(section("denied", "README.md", "Notes", "notes",
                                              "Celery is not used; the jobs run inline.", 0), "", "other", "own",
                                          NULL, 0)};
    index_profiled(fx->db_path, "own", own, 1, CELERY_COVERED, 1);
    index_profiled(fx->db_path, "badge", badge, 1, NULL, 0);
    index_profiled(fx->db_path, "template", template, 1, NULL, 0);
    index_profiled(fx->db_path, "roadmap", roadmap, 1, NULL, 0);
    index_profiled(fx->db_path, "denied", denied, 1, NULL, 0);
    add_synonym(fx->db_path, "Celery", "celery"); /* as the indexer does for every technology */

    nx_db_t *db = open_db(fx->db_path);
    const char *celery[] = {"celery"};
    nx_learner_results_t *results =
        rank(db, (nx_learner_request_t){.query = "celery", .query_techs = celery, .n_query_techs = 1});
    /* a roadmap, a "not used" line and someone else's words (the template) do not count */
    assert_int_equal(nx_learner_results_total(results), 2);
    assert_string_equal(ranked_at(results, 0).learner, "own");
    assert_string_equal(ranked_at(results, 0).techs, "celery");
    assert_int_equal(ranked_at(results, 0).n_evidence, 1);
    nx_hit_t evidence;
    assert_int_equal(nx_learner_results_evidence(results, 0, 0, &evidence), NX_OK);
    assert_non_null(strstr(evidence.snippet, "<mark>Celery</mark>"));
    assert_true(ranked_at(results, 0).score > ranked_at(results, 1).score);
    nx_learner_results_free(results);
    nx_db_close(db);
}

/* A technology list names what was used; showing code shows how: a list without code weighs half of a
 * section saying the same, a list with code as much (shim/learners.cc, TECHNOLOGY_LIST). */
static void a_technology_list_weighs_half_unless_it_shows_code(void **state)
{
    fixture_t *fx = *state;
    const char *text = "Celery runs the background jobs.";
    const nx_section_t prose[] = {tagged(section("prose", "README.md", "Jobs", "jobs", text, 0), "", "features",
                                         "own", CELERY_COVERED, 1)};
    const nx_section_t list[] = {tagged(section("list", "README.md", "Stack", "stack", text, 0), "",
                                        "technologies", "own", CELERY_COVERED, 1)};
    nx_section_t with_code = tagged(section("coded", "README.md", "Stack", "stack", text, 0), "", "technologies",
                                    "own", CELERY_COVERED, 1);
    with_code.shows_code = 1;
    index_profiled(fx->db_path, "prose", prose, 1, CELERY_COVERED, 1);
    index_profiled(fx->db_path, "list", list, 1, CELERY_COVERED, 1);
    index_profiled(fx->db_path, "coded", &with_code, 1, CELERY_COVERED, 1);
    add_synonym(fx->db_path, "Celery", "celery");

    nx_db_t *db = open_db(fx->db_path);
    const char *celery[] = {"celery"};
    nx_learner_results_t *results =
        rank(db, (nx_learner_request_t){.query = "celery", .query_techs = celery, .n_query_techs = 1});
    assert_int_equal(nx_learner_results_total(results), 3);
    /* "coded" and "prose" tie (names break it); the list without code weighs half */
    assert_string_equal(ranked_at(results, 0).learner, "coded");
    assert_string_equal(ranked_at(results, 1).learner, "prose");
    assert_string_equal(ranked_at(results, 2).learner, "list");
    const double coded_score = ranked_at(results, 0).score, prose_score = ranked_at(results, 1).score;
    const double half = ranked_at(results, 2).score / prose_score;
    assert_true(coded_score > prose_score - 1e-9 && coded_score < prose_score + 1e-9);
    assert_true(half > 0.5 - 1e-9 && half < 0.5 + 1e-9);
    nx_learner_results_free(results);
    nx_db_close(db);
}

/* In a phrased question, a section under a heading naming the question's words weighs more than the
 * same section under another heading, up to 1.5 times (shim/learners.cc, HEADING_SUBJECT); keywords
 * are left to BM25, which weighs the two the same here (the parent headings are not searched). */
static void a_phrased_question_weighs_sections_headed_by_its_words_more(void **state)
{
    fixture_t *fx = *state;
    const char *text = "The garden sensors report the soil moisture every hour.";
    nx_section_t headed = section("headed", "README.md", "Notes", "notes", text, 0);
    headed.heading_path = "Garden \u203a Notes";
    nx_section_t body_only = section("body-only", "README.md", "Notes", "notes", text, 0);
    body_only.heading_path = "Overview \u203a Notes";
    const nx_section_t other = section("other", "README.md", "Deploy", "deploy", "The server runs on Linux.", 0);
    index_learner(fx->db_path, "headed", &headed, 1, COMMIT_A);
    index_learner(fx->db_path, "body-only", &body_only, 1, COMMIT_A);
    index_learner(fx->db_path, "other", &other, 1, COMMIT_A);

    nx_db_t *db = open_db(fx->db_path);
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = "why do my garden sensors report wrong moisture"});
    assert_int_equal(nx_learner_results_total(results), 2);
    assert_string_equal(ranked_at(results, 0).learner, "headed"); /* on a tie, "body-only" would lead */
    const double ratio = ranked_at(results, 0).score / ranked_at(results, 1).score;
    assert_true(ratio > 1.05 && ratio < 1.5 + 1e-9);
    nx_learner_results_free(results);

    results = rank(db, (nx_learner_request_t){.query = "garden sensors moisture"});
    assert_int_equal(nx_learner_results_total(results), 2);
    assert_string_equal(ranked_at(results, 0).learner, "body-only");
    const double tie = ranked_at(results, 0).score / ranked_at(results, 1).score;
    assert_true(tie > 1 - 1e-9 && tie < 1 + 1e-9);
    nx_learner_results_free(results);
    nx_db_close(db);
}

static void technology_only_ranking_lists_learners_covering_all_of_them(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    const char *both[] = {"celery", "redis"};
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.techs = both, .n_techs = 2,
                                                                    .highlight = "celery redis"});
    assert_int_equal(nx_learner_results_total(results), 1);
    nx_ranked_learner_t bob = ranked_at(results, 0);
    assert_string_equal(bob.learner, "bob");
    assert_string_equal(bob.techs, "celery,redis");
    assert_int_equal(bob.n_evidence, 2);
    nx_learner_results_free(results);

    const char *redis[] = {"redis"};
    results = rank(db, (nx_learner_request_t){.techs = redis, .n_techs = 1});
    assert_int_equal(nx_learner_results_total(results), 2);
    nx_learner_results_free(results);

    nx_learner_results_t *none = NULL;
    assert_int_equal(nx_db_rank_learners(db, &(nx_learner_request_t){.limit = 5}, &none), NX_ERR_INVALID_ARG);
    nx_db_close(db);
}

/* ------------------------------------------------------------------ synonyms, spelling */

static void synonyms_find_the_technology_under_its_other_names(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t bob[] = {tagged(section("bob", "README.md", "Cluster", "cluster",
                                               "Deployed to Kubernetes with three pods.", 0), "", "deployment",
                                       "own", KUBERNETES_COVERED, 1)};
    index_profiled(fx->db_path, "bob", bob, 1, KUBERNETES_COVERED, 1);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_add_synonym(writer, "k8s", "kubernetes"), NX_OK);
    assert_int_equal(nx_writer_add_synonym(writer, "Kube Cluster Manager", "kubernetes"), NX_OK);
    nx_writer_close(writer);

    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "k8s pods");
    assert_int_equal(nx_results_count(results), 1);
    assert_non_null(strstr(hit_at(results, 0).snippet, "<mark>Kubernetes</mark>"));
    nx_results_free(results);
    assert_int_equal(count_hits(db, "kube cluster manager"), 1);
    nx_db_close(db);
}

static void punctuated_technology_names_meet_their_synonyms(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t ana[] = {tagged(section("ana", "README.md", "Delivery", "delivery",
                                               "Continuous integration runs the pipeline on every push.", 0), "",
                                       "deployment", "own", CI_CD_COVERED, 1)};
    index_profiled(fx->db_path, "ana", ana, 1, CI_CD_COVERED, 1);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_add_synonym(writer, "CI/CD", "ci-cd"), NX_OK);
    nx_writer_close(writer);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "CI/CD pipeline"), 1);
    assert_int_equal(count_hits(db, "path:readme.md pipeline"), 1); /* field values keep their dots */
    nx_db_close(db);
}

static void misspelled_query_is_searched_as_its_correction(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "celary wrokers");
    assert_string_equal(nx_results_corrected_query(results), "celery workers");
    assert_true(nx_results_count(results) >= 4);
    /* 4 sections have both words, fewer than the default threshold: "workers", the commoner, is dropped */
    assert_string_equal(nx_results_terms(results, NX_TERMS_MATCHED), "celery");
    assert_string_equal(nx_results_terms(results, NX_TERMS_DROPPED), "workers");
    nx_results_free(results);
    results = search(db, "celery workers");
    assert_string_equal(nx_results_corrected_query(results), "");
    assert_string_equal(nx_results_did_you_mean(results), "");
    nx_results_free(results);
    nx_db_close(db);
}

/* A plain question's everyday words also find the documentation's words for them (data/thesaurus.tsv);
 * the syntax means its words exactly. */
static void plain_words_find_the_documentations_words_through_the_thesaurus(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t ana[] = {section("ana", "README.md", "Layout", "layout",
                                        "The grid is responsive, with breakpoints for narrow screens.", 0)};
    index_learner(fx->db_path, "ana", ana, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    assert_int_equal(count_hits(db, "works on phones"), 1);
    assert_int_equal(count_hits(db, "+phones"), 0);
    nx_db_close(db);
}

/* The spelling table holds words of letters only: "kafka9" is one edit from "kafka" but never offered for it,
 * while "rabbitmq" still corrects "rabitmq". */
static void spelling_offers_words_of_letters_only(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t ana[] = {section("ana", "README.md", "Queues", "queues",
                                        "The kafka9 image and rabbitmq run beside the app.", 0)};
    index_learner(fx->db_path, "ana", ana, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "kafka");
    assert_string_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    results = search(db, "rabitmq");
    assert_string_equal(nx_results_corrected_query(results), "rabbitmq");
    nx_results_free(results);
    nx_db_close(db);
}

/* Words of three or more documents are real words of the cohort: Xapian would offer "core" (more
 * frequent) for "cors" and "end" for "send"; neither may be rewritten. */
static void real_words_are_not_spell_corrected(void **state)
{
    fixture_t *fx = *state;
    nx_section_t ana[9], bob[4];
    for (unsigned i = 0; i < 9; i++)
        ana[i] = section("ana", "README.md", "Notes", "", i < 3 ? "The cors headers allow the frontend."
                                                                      : "The core logic sits here.", i);
    bob[0] = section("bob", "README.md", "Mail", "mail", "We send email after signup in a purple theme.", 0);
    for (unsigned i = 1; i < 4; i++)
        bob[i] = section("bob", "README.md", "Story", "", "That is the end of it.", i);
    index_learner(fx->db_path, "ana", ana, 9, COMMIT_A);
    index_learner(fx->db_path, "bob", bob, 4, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "cors");
    assert_string_equal(nx_results_corrected_query(results), "");
    assert_int_equal(nx_results_count(results), 3);
    nx_results_free(results);
    results = search(db, "send");
    assert_string_equal(nx_results_corrected_query(results), ""); /* 1 document, but "end" is not 20 times commoner */
    assert_int_equal(nx_results_count(results), 1);
    nx_results_free(results);
    results = search(db, "corz"); /* in no document: corrected */
    assert_string_not_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    /* Two edits from "purple" and in no document, but a short word takes one edit at most: kept. */
    results = search(db, "people");
    assert_string_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    results = search(db, "bore"); /* one edit from "core", but a slip rarely hits the first letter: kept */
    assert_string_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    results = search(db, "thw"); /* one edit from "the", a function word: never what was meant */
    assert_string_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    results = search(db, "frontand"); /* a longer word may take two: "frontend" (one here) */
    assert_string_equal(nx_results_corrected_query(results), "frontend");
    nx_results_free(results);
    results = search(db, "fruntand");
    assert_string_equal(nx_results_corrected_query(results), "frontend");
    nx_results_free(results);
    nx_db_close(db);
}

/* A word of a thesaurus key is the asker's everyday word, which peers may never write: "blind" (of "blind
 * users") is in no document here and one edit from "bind", yet it is searched as typed; a slip that is no
 * key word ("bindd") is still corrected. */
static void thesaurus_key_words_are_not_spell_corrected(void **state)
{
    fixture_t *fx = *state;
    nx_section_t ana[3];
    for (unsigned i = 0; i < 3; i++)
        ana[i] = section("ana", "README.md", "Docker", "", "A bind mount keeps the code in sync.", i);
    index_learner(fx->db_path, "ana", ana, 3, COMMIT_A);
    nx_db_t *db = open_db(fx->db_path);
    nx_results_t *results = search(db, "blind users");
    assert_string_equal(nx_results_corrected_query(results), "");
    nx_results_free(results);
    results = search(db, "bindd");
    assert_string_equal(nx_results_corrected_query(results), "bind");
    nx_results_free(results);
    nx_db_close(db);
}

static size_t learners_for(nx_db_t *db, const char *query, const char *expected)
{
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = query});
    char names[256] = "";
    for (size_t i = 0; i < nx_learner_results_count(results); i++) {
        strncat(names, i ? "," : "", sizeof names - strlen(names) - 1);
        strncat(names, ranked_at(results, i).learner, sizeof names - strlen(names) - 1);
    }
    size_t total = (size_t)nx_learner_results_total(results);
    nx_learner_results_free(results);
    if (strcmp(names, expected) != 0)
        fail_msg("learners for '%s': '%s', expected '%s'", query, names, expected);
    return total;
}

/* ana writes about Celery only, bob about Celery and Redis in different sections, cy about Redis only:
 * the operators of /api/learners apply to each learner's documents taken together. */
static void learner_logic_combines_each_learners_whole_documentation(void **state)
{
    fixture_t *fx = *state;
    index_three_tagged_learners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    learners_for(db, "celery AND redis", "bob"); /* no single section has both */
    learners_for(db, "redis NOT celery", "cy");
    learners_for(db, "redis -celery", "cy");
    learners_for(db, "NOT celery", "cy");
    /* by evidence: ana's and bob's sections listing technologies without code weigh half (TECHNOLOGY_LIST),
     * so cy's setup section on the rarer word comes first, and ana's three sections outweigh bob's two */
    assert_int_equal(learners_for(db, "celery OR redis", "cy,ana,bob"), 3);
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = "celery redis"});
    assert_string_equal(ranked_at(results, 0).learner, "bob"); /* has both: first */
    assert_string_equal(ranked_at(results, 0).matched_terms, "celery,redis");
    assert_string_equal(ranked_at(results, 1).missing_terms, ranked_at(results, 1).learner[0] == 'a' ? "redis" : "celery");
    nx_learner_results_free(results);
    results = rank(db, (nx_learner_request_t){.query = "celery redis", .matching = NX_MATCH_ALL});
    assert_int_equal(nx_learner_results_total(results), 1);
    nx_learner_results_free(results);
    nx_db_close(db);
}

/* Indexes `n_learners` learners who write about other things (`n_sections` sections each, at most six,
 * about a house), so that a word's rarity is measured as in a cohort. */
static void index_bystanders(const char *path, const char *const *learners, size_t n_learners, size_t n_sections)
{
    static const char *const rooms[][3] = { /* heading, anchor, text */
        {"Kitchen", "kitchen", "The oven bakes bread."}, {"Garage", "garage", "The car needs new tyres."},
        {"Attic", "attic", "Boxes of old books."},       {"Shed", "shed", "A ladder and a saw."},
        {"Hall", "hall", "Coats on hooks."},             {"Porch", "porch", "Shoes by the door."},
    };
    assert_true(n_sections <= sizeof rooms / sizeof rooms[0]);
    for (size_t l = 0; l < n_learners; l++) {
        nx_section_t sections[sizeof rooms / sizeof rooms[0]];
        for (size_t i = 0; i < n_sections; i++)
            sections[i] = own_feature(section(learners[l], "README.md", rooms[i][0], rooms[i][1], rooms[i][2], (unsigned)i));
        index_profiled(path, learners[l], sections, n_sections, NULL, 0);
    }
}

/* dee wrote three sections on watering garden plants and never says "winter"; eve has every word of the
 * question in one line of notes, in passing; fay's sections are about other things. None of the words is a
 * thesaurus key ("night" was: it reads as "nightly", scheduling), so each weighs by its rarity alone. */
static void index_gardeners(const char *path)
{
    const nx_section_t dee[] = {
        own_feature(section("dee", "README.md", "Watering the garden plants", "watering",
                            "Water the garden plants with a drip line, and water the plants deeply.", 0)),
        own_feature(section("dee", "README.md", "Garden schedule", "schedule",
                            "Garden plants need water twice a week; young plants need more water.", 1)),
        own_feature(section("dee", "docs/plants.md", "Plants", "plants", "Water the garden plants slowly at the roots.", 0)),
    };
    const nx_section_t eve[] = {
        own_feature(section("eve", "README.md", "Notes", "notes",
                            "Winter shift notes: the water bill, the garden gate, the young plants order, the parking rota.", 0)),
    };
    index_profiled(path, "dee", dee, 3, NULL, 0);
    index_profiled(path, "eve", eve, 1, NULL, 0);
    index_bystanders(path, (const char *const[]){"fay"}, 1, 6);
}

/* A question in words may be missing one of its words at a learner who wrote on the subject (the
 * asker's words are not the writer's), so dee's three sections rank above eve's line that holds every
 * word; the same words as keywords keep the strict tiers: every word first. Five words or more are a
 * question in words without a function word. */
static void phrased_questions_rank_substance_above_holding_every_word(void **state)
{
    fixture_t *fx = *state;
    index_gardeners(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = "how to water the garden plants in winter"});
    assert_int_equal(nx_learner_results_total(results), 2);
    assert_string_equal(ranked_at(results, 0).learner, "dee");
    assert_string_equal(ranked_at(results, 0).missing_terms, "winter");
    assert_string_equal(ranked_at(results, 1).learner, "eve");
    nx_learner_results_free(results);
    learners_for(db, "water garden plants winter", "eve,dee");
    /* five words or more, some not the documentation's, are a sentence even without a function word */
    learners_for(db, "water young garden plants winter", "dee,eve");
    /* "all" admits no one missing a word, phrased or not */
    results = rank(db, (nx_learner_request_t){.query = "how to water the garden plants in winter", .matching = NX_MATCH_ALL});
    assert_int_equal(nx_learner_results_total(results), 1);
    assert_string_equal(ranked_at(results, 0).learner, "eve");
    nx_learner_results_free(results);
    nx_db_close(db);
}

/* gil wrote three sections on paginating recipe results and never says "split"; hal has "split", "recipe"
 * and "pagination" in one line of notes, in passing. */
static void index_paginators(const char *path)
{
    const nx_section_t gil[] = {
        own_feature(section("gil", "README.md", "Recipe list pagination", "pagination",
                            "The recipe endpoint paginates its results with a page_size of 20 and next links.", 0)),
        own_feature(section("gil", "README.md", "Recipe search", "search",
                            "Recipe search results use the same pagination, twenty recipes a page.", 1)),
        own_feature(section("gil", "docs/api.md", "Pagination", "pagination-1",
                            "Every recipe list is paginated: pass page and page_size.", 0)),
    };
    const nx_section_t hal[] = {
        own_feature(section("hal", "README.md", "Notes", "notes",
                            "Notes for the week: split the bill with the flatmates, print the recipe card for the party, "
                            "fix the pagination widget colour, update the parking rota, water the plants, call the "
                            "landlord about the boiler, renew the gym card, return the library books.", 0)),
    };
    index_profiled(path, "gil", gil, 3, NULL, 0);
    index_profiled(path, "hal", hal, 1, NULL, 0);
    index_bystanders(path, (const char *const[]){"fay", "ivy", "jo", "kim"}, 4, 4);
}

/* "split recipe results into pages" is a question in words though its only function word, "into", is
 * inside the thesaurus phrase "results into pages"; and "split", a word the thesaurus does not know, is
 * the asker's: rare in the documentation, it weighs a quarter of its rarity, so gil's sections on
 * pagination rank above hal's line that holds "split". Keywords keep the strict tiers. */
static void askers_own_words_weigh_less_than_the_documented_subject(void **state)
{
    fixture_t *fx = *state;
    index_paginators(fx->db_path);
    nx_db_t *db = open_db(fx->db_path);
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = "split recipe results into pages"});
    assert_int_equal(nx_learner_results_total(results), 2);
    assert_string_equal(ranked_at(results, 0).learner, "gil");
    assert_string_equal(ranked_at(results, 0).missing_terms, "split");
    assert_string_equal(ranked_at(results, 1).learner, "hal");
    nx_learner_results_free(results);
    learners_for(db, "split recipe pagination", "hal,gil");
    nx_db_close(db);
}

/* A thesaurus key stays one concept with a content word of the question between its words ("between react
 * components" is "between components", asked of React), never across function words alone: "page without
 * refreshing" is not "page refreshing"; and only in a question in words: keywords ("entity relationship
 * diagram") are read word for word, not as the key "entity diagram" plus "relationship". */
static void thesaurus_keys_read_across_one_inserted_word(void **state)
{
    fixture_t *fx = *state;
    const nx_section_t lu[] = {
        own_feature(section("lu", "README.md", "State", "state",
                            "We share data between components with the context of React, and the page updates without "
                            "refreshing. Our entity relationship diagram is in the docs.", 0)),
    };
    index_profiled(fx->db_path, "lu", lu, 1, NULL, 0);
    nx_db_t *db = open_db(fx->db_path);
    nx_learner_results_t *results = rank(db, (nx_learner_request_t){.query = "share data between react components"});
    assert_int_equal(nx_learner_results_total(results), 1);
    assert_string_equal(nx_learner_results_terms(results, NX_TERMS_IGNORED), "");
    assert_string_equal(ranked_at(results, 0).matched_terms, "share data between components,react");
    nx_learner_results_free(results);
    results = rank(db, (nx_learner_request_t){.query = "page without refreshing"});
    assert_string_equal(ranked_at(results, 0).matched_terms, "page,without refreshing");
    nx_learner_results_free(results);
    results = rank(db, (nx_learner_request_t){.query = "entity relationship diagram"});
    assert_string_equal(ranked_at(results, 0).matched_terms, "entity,relationship,diagram");
    nx_learner_results_free(results);
    nx_db_close(db);
}

/* ------------------------------------------------------------------ documents built away from the writer */

/* Writes ana's two sections and one pair into `path`, built by a builder (prebuilt) or by the writer. */
static void index_ana(const char *path, bool prebuilt)
{
    nx_section_t sections[] = {
        section("ana", "README.md", "Background jobs", "background-jobs",
                "Celery workers run background jobs; Celery beat schedules them.", 0),
        section("ana", "docs/setup.md", "Setup", "setup", "Install Redis, then start the workers.", 0),
    };
    nx_challenge_t pair = {
        .learner = "ana", .path = "README.md", .heading_path = "Challenges", .anchor = "challenges",
        .section_ordinal = 1, .pair = 0, .challenge = "Migrations clashed between branches",
        .solution = "Squashed the migrations and rebased", .commit = COMMIT_A, .commit_time = 1700000000,
    };
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, "ana"), NX_OK);
    nx_builder_t *builder = nx_builder_new();
    assert_non_null(builder);
    for (size_t i = 0; i < 2; i++) {
        if (!prebuilt) {
            assert_int_equal(nx_writer_add_section(writer, &sections[i]), NX_OK);
            continue;
        }
        nx_prebuilt_t *doc = NULL;
        assert_int_equal(nx_builder_section(builder, &sections[i], &doc), NX_OK);
        assert_int_equal(nx_writer_add_prebuilt(writer, doc), NX_OK);
        nx_prebuilt_free(doc);
    }
    if (prebuilt) {
        nx_prebuilt_t *doc = NULL;
        assert_int_equal(nx_builder_challenge(builder, &pair, &doc), NX_OK);
        assert_int_equal(nx_writer_add_prebuilt(writer, doc), NX_OK);
        nx_prebuilt_free(doc);
    } else {
        assert_int_equal(nx_writer_add_challenge(writer, &pair), NX_OK);
    }
    nx_builder_free(builder);
    assert_int_equal(nx_writer_end_learner(writer, COMMIT_A), NX_OK);
    nx_writer_close(writer);
}

static void prebuilt_documents_search_and_spell_like_added_ones(void **state)
{
    fixture_t *fx = *state;
    char added_path[160];
    snprintf(added_path, sizeof added_path, "%s/added", fx->dir);
    index_ana(fx->db_path, true);
    index_ana(added_path, false);
    nx_db_t *prebuilt = open_db(fx->db_path), *added = open_db(added_path);
    const char *queries[] = {"celery", "worker", "\"background jobs\"", "path:setup.md redis", "heading:setup",
                             "learner:ana install", "celary wrokers", "redsi"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        nx_results_t *a = search(prebuilt, queries[i]), *b = search(added, queries[i]);
        assert_int_equal(nx_results_count(a), nx_results_count(b));
        assert_true(nx_results_count(a) > 0);
        assert_string_equal(nx_results_corrected_query(a), nx_results_corrected_query(b));
        for (size_t h = 0; h < nx_results_count(a); h++) {
            nx_hit_t x = hit_at(a, h), y = hit_at(b, h);
            assert_string_equal(x.path, y.path);
            assert_string_equal(x.snippet, y.snippet);
        }
        nx_results_free(a);
        nx_results_free(b);
    }
    nx_results_t *corrected = search(prebuilt, "celary wrokers"); /* the spelling table was fed */
    assert_string_equal(nx_results_corrected_query(corrected), "celery workers");
    nx_results_free(corrected);
    nx_results_t *pairs = search_with(prebuilt, (nx_search_request_t){.query = "rebased", .challenges = 1});
    assert_int_equal(nx_results_count(pairs), 1);
    nx_results_free(pairs);
    nx_db_close(prebuilt);
    nx_db_close(added);
}

/* nexus-index batches Xapian's postings by 2,000 documents (issue 15, fourth round), unless the user chose. */
static void tune_process_sets_the_flush_threshold_unless_the_user_did(void **state)
{
    (void)state;
    const char *was = getenv("XAPIAN_FLUSH_THRESHOLD");
    char *saved = was ? strdup(was) : NULL;
    unsetenv("XAPIAN_FLUSH_THRESHOLD");
    nx_writer_tune_process();
    assert_non_null(getenv("XAPIAN_FLUSH_THRESHOLD"));
    assert_string_equal(getenv("XAPIAN_FLUSH_THRESHOLD"), "2000");
    setenv("XAPIAN_FLUSH_THRESHOLD", "777", 1);
    nx_writer_tune_process();
    assert_string_equal(getenv("XAPIAN_FLUSH_THRESHOLD"), "777");
    if (saved)
        setenv("XAPIAN_FLUSH_THRESHOLD", saved, 1);
    else
        unsetenv("XAPIAN_FLUSH_THRESHOLD");
    free(saved);
}

static void prebuilt_document_is_refused_outside_its_learner(void **state)
{
    fixture_t *fx = *state;
    nx_builder_t *builder = nx_builder_new();
    nx_section_t s = section("ana", "README.md", "Intro", "intro", "Hello", 0);
    nx_prebuilt_t *doc = NULL;
    assert_int_equal(nx_builder_section(builder, &s, &doc), NX_OK);
    nx_section_t no_path = section("ana", "", "Intro", "intro", "Hello", 0);
    nx_prebuilt_t *refused = NULL;
    assert_int_equal(nx_builder_section(builder, &no_path, &refused), NX_ERR_INVALID_ARG);
    assert_null(refused);
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_add_prebuilt(writer, doc), NX_ERR_INVALID_ARG); /* no learner begun */
    assert_int_equal(nx_writer_begin_learner(writer, "ben"), NX_OK);
    assert_int_equal(nx_writer_add_prebuilt(writer, doc), NX_ERR_INVALID_ARG); /* ana's document */
    assert_int_equal(nx_writer_abort_learner(writer), NX_OK);
    nx_writer_close(writer);
    nx_prebuilt_free(doc);
    nx_builder_free(builder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(heading_match_ranks_above_body_only_match, setup, teardown),
        cmocka_unit_test_setup_teardown(short_focused_section_outranks_long_section_with_more_mentions, setup, teardown),
        cmocka_unit_test_setup_teardown(hit_carries_the_section_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(searches_on_separate_handles_can_run_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(snippet_marks_matches_and_escapes_html, setup, teardown),
        cmocka_unit_test_setup_teardown(snippet_uses_requested_marks_and_length, setup, teardown),
        cmocka_unit_test_setup_teardown(learner_filter_is_case_insensitive, setup, teardown),
        cmocka_unit_test_setup_teardown(path_prefix_matches_words_of_the_file_path, setup, teardown),
        cmocka_unit_test_setup_teardown(heading_prefix_matches_only_headings, setup, teardown),
        cmocka_unit_test_setup_teardown(phrase_matches_words_in_order_only, setup, teardown),
        cmocka_unit_test_setup_teardown(not_and_minus_exclude_words, setup, teardown),
        cmocka_unit_test_setup_teardown(plain_query_drops_words_by_strategy_when_too_few_sections_have_all, setup, teardown),
    cmocka_unit_test_setup_teardown(plain_query_ranks_full_matches_first_and_ignores_function_words, setup, teardown),
    cmocka_unit_test_setup_teardown(syntax_query_without_full_match_is_relaxed_to_any_word, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_query_is_a_syntax_error, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_query_is_an_invalid_argument, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_queries_get_an_answer_not_a_crash, setup, teardown),
        cmocka_unit_test_setup_teardown(overlong_query_is_an_invalid_argument, setup, teardown),
        cmocka_unit_test_setup_teardown(paging_skips_earlier_hits, setup, teardown),
        cmocka_unit_test_setup_teardown(reindex_replaces_changed_and_deletes_removed_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(sections_without_anchor_are_told_apart_by_ordinal, setup, teardown),
        cmocka_unit_test_setup_teardown(abort_keeps_the_previous_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(close_without_end_keeps_the_previous_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(remove_learner_deletes_documents_and_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(learner_commit_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(writer_rejects_calls_out_of_order, setup, teardown),
        cmocka_unit_test_setup_teardown(second_writer_is_locked_out, setup, teardown),
        cmocka_unit_test_setup_teardown(settled_reader_sees_the_next_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(reader_sees_new_commits_without_reopening, setup, teardown),
        cmocka_unit_test_setup_teardown(rewritten_section_shows_its_new_text, setup, teardown),
        cmocka_unit_test_setup_teardown(opening_a_missing_database_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(two_shards_open_as_one_database, setup, teardown),
        cmocka_unit_test_setup_teardown(stub_file_lists_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(facets_count_distinct_learners_not_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(filters_or_within_a_facet_and_across_facets, setup, teardown),
        cmocka_unit_test_setup_teardown(group_by_learner_gives_one_hit_per_learner_with_its_match_count, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(facet_counts_follow_a_reindex_on_the_same_handle, setup, teardown),
        cmocka_unit_test_setup_teardown(facet_counts_follow_a_section_rewritten_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(facets_and_groups_count_across_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(sibling_handles_count_facets_of_their_own_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(facet_counts_follow_a_reindex_seen_first_by_the_changes_list, setup, teardown),
        cmocka_unit_test_setup_teardown(challenge_pairs_are_their_own_documents_with_both_parts_highlighted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(learner_profile_round_trips_and_counts_technology_learners, setup, teardown),
        cmocka_unit_test_setup_teardown(learner_list_reads_every_learner_document_once_in_name_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(learners_are_ranked_by_own_writing_not_badges_templates_or_roadmaps, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_technology_list_weighs_half_unless_it_shows_code, setup, teardown),
        cmocka_unit_test_setup_teardown(a_phrased_question_weighs_sections_headed_by_its_words_more, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(technology_only_ranking_lists_learners_covering_all_of_them, setup, teardown),
        cmocka_unit_test_setup_teardown(synonyms_find_the_technology_under_its_other_names, setup, teardown),
        cmocka_unit_test_setup_teardown(misspelled_query_is_searched_as_its_correction, setup, teardown),
        cmocka_unit_test_setup_teardown(real_words_are_not_spell_corrected, setup, teardown),
        cmocka_unit_test_setup_teardown(thesaurus_key_words_are_not_spell_corrected, setup, teardown),
        cmocka_unit_test_setup_teardown(spelling_offers_words_of_letters_only, setup, teardown),
        cmocka_unit_test(tune_process_sets_the_flush_threshold_unless_the_user_did),
        cmocka_unit_test_setup_teardown(plain_words_find_the_documentations_words_through_the_thesaurus, setup, teardown),
        cmocka_unit_test_setup_teardown(learner_logic_combines_each_learners_whole_documentation, setup, teardown),
        cmocka_unit_test_setup_teardown(phrased_questions_rank_substance_above_holding_every_word, setup, teardown),
        cmocka_unit_test_setup_teardown(askers_own_words_weigh_less_than_the_documented_subject, setup, teardown),
        cmocka_unit_test_setup_teardown(thesaurus_keys_read_across_one_inserted_word, setup, teardown),
        cmocka_unit_test_setup_teardown(prebuilt_documents_search_and_spell_like_added_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(prebuilt_document_is_refused_outside_its_learner, setup, teardown),
        cmocka_unit_test_setup_teardown(punctuated_technology_names_meet_their_synonyms, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
