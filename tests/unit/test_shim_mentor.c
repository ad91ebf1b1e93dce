/* Specification of the shim's mentor tools against a real Xapian database: the coverage matrix's order,
 * filters and pages, suggestions (learner names, frequent heading phrases of learners' own writing) and
 * similar learners (shared writing and technologies, never the learner themself). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "temp_dir.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nx_index.h"

#define COMMIT "cccccccccccccccccccccccccccccccccccccccc"

typedef struct fixture {
    char dir[64];
    char db_path[128];
    nx_db_t *db;
} fixture_t;

typedef struct learner_spec {
    const char *name, *cohort;
    const char *headings[2], *bodies[2];
    const char *origin; /* of both sections */
    nx_tech_ref_t techs[2];
    size_t n_techs;
} learner_spec_t;

/* Ana and bo write about Celery workers; Cy and dee about React. Cy's "Getting started" is a template's. */
static const learner_spec_t LEARNERS[] = {
    {"Ana", "c1", {"1. Getting Started", "Celery workers"},
     {"clone and run", "celery workers consume the broker queue with retries and acks"}, "own",
     {{"celery", 5, 1}, {"redis", 3, 1}}, 2},
    {"bo", "c1", {"Getting started", "Queue workers"},
     {"install things", "our celery workers retry tasks from the broker queue"}, "own", {{"celery", 3, 1}}, 1},
    {"Cy", "c2", {"Getting started!", "Components"}, {"npm start", "react components and hooks render lists"},
     "template", {{"react", 4, 1}}, 1},
    {"dee", "c2", {"Deployment", "Hooks"}, {"deploy to a server", "react hooks keep components small"}, "own",
     {{"react", 2, 1}, {"redis", 1, 1}}, 2},
};
#define N_LEARNERS (sizeof LEARNERS / sizeof LEARNERS[0])

static void write_learner(nx_writer_t *w, const learner_spec_t *l)
{
    assert_int_equal(nx_writer_begin_learner(w, l->name), NX_OK);
    for (unsigned i = 0; i < 2; i++) {
        nx_section_t s = {.learner = l->name, .cohort = l->cohort, .path = "README.md",
                          .heading_path = l->headings[i], .heading = l->headings[i], .anchor = i ? "b" : "a",
                          .body = l->bodies[i], .commit = COMMIT, .commit_time = 1700000000, .ordinal = i,
                          .origin = l->origin, .techs = l->techs, .n_techs = l->n_techs};
        assert_int_equal(nx_writer_add_section(w, &s), NX_OK);
    }
    nx_learner_profile_t p = {.learner = l->name, .cohort = l->cohort, .repo_url = "https://github.com/x/y",
                              .commit = COMMIT, .commit_time = 1700000000, .techs = l->techs,
                              .n_techs = l->n_techs, .profile_json = "{\"technologies\":[]}"};
    assert_int_equal(nx_writer_set_learner_profile(w, &p), NX_OK);
    assert_int_equal(nx_writer_end_learner(w, COMMIT), NX_OK);
}

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    strcpy(fx->dir, "/tmp/nx_shim_mentor_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db_path, sizeof fx->db_path, "%s/index", fx->dir);
    nx_writer_t *w = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &w, NULL), NX_OK);
    for (size_t i = 0; i < N_LEARNERS; i++)
        write_learner(w, &LEARNERS[i]);
    nx_writer_close(w);
    const char *paths[] = {fx->db_path};
    assert_int_equal(nx_db_open(paths, 1, &fx->db, NULL), NX_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    nx_db_close(fx->db);
    temp_dir_remove(fx->dir);
    free(fx);
    return 0;
}

/* The page's learner names joined by spaces. */
static void page_names(const nx_coverage_t *coverage, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < nx_coverage_count(coverage); i++) {
        nx_learner_info_t info;
        assert_int_equal(nx_coverage_get(coverage, i, &info), NX_OK);
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", info.learner);
    }
}

static void check_coverage(nx_db_t *db, nx_coverage_request_t request, const char *expected, uint64_t total)
{
    nx_coverage_t *coverage = NULL;
    assert_int_equal(nx_db_coverage(db, &request, &coverage), NX_OK);
    char names[256];
    page_names(coverage, names, sizeof names);
    assert_string_equal(names, expected);
    assert_int_equal(nx_coverage_total(coverage), total);
    nx_coverage_free(coverage);
}

static const char *const CELERY_REACT[] = {"celery", "react"};

static void coverage_lists_learners_by_name_or_by_a_columns_weight(void **state)
{
    fixture_t *fx = *state;
    nx_coverage_request_t request = {.techs = CELERY_REACT, .n_techs = 2, .sort_column = -1, .limit = 10};
    check_coverage(fx->db, request, "Ana bo Cy dee", 4);
    request.sort_column = 1;
    check_coverage(fx->db, request, "Cy dee Ana bo", 4);
    request.descending = 1;
    check_coverage(fx->db, request, "bo Ana dee Cy", 4);
    request.sort_column = 0, request.descending = 0, request.offset = 1, request.limit = 2;
    check_coverage(fx->db, request, "bo Cy", 4);
}

static void coverage_counts_columns_and_keeps_who_is_missing_a_technology(void **state)
{
    fixture_t *fx = *state;
    const char *const missing[] = {"celery"};
    nx_coverage_request_t request = {.techs = CELERY_REACT, .n_techs = 2, .missing = missing, .n_missing = 1,
                                     .sort_column = -1, .limit = 10};
    nx_coverage_t *coverage = NULL;
    assert_int_equal(nx_db_coverage(fx->db, &request, &coverage), NX_OK);
    assert_int_equal(nx_coverage_column_covered(coverage, 0), 2);
    assert_int_equal(nx_coverage_column_covered(coverage, 1), 2);
    char names[256];
    page_names(coverage, names, sizeof names);
    assert_string_equal(names, "Cy dee");
    nx_learner_info_t info;
    assert_int_equal(nx_coverage_get(coverage, 1, &info), NX_OK);
    assert_string_equal(info.techs, "react=2,redis=1");
    assert_string_equal(info.profile_json, "{\"technologies\":[]}");
    nx_coverage_free(coverage);
    const char *const cohorts[] = {"C2"};
    request = (nx_coverage_request_t){.techs = CELERY_REACT, .n_techs = 2, .cohorts = cohorts, .n_cohorts = 1,
                                      .sort_column = -1, .limit = 10};
    check_coverage(fx->db, request, "Cy dee", 2);
}

static void coverage_refuses_no_columns_and_a_sort_outside_them(void **state)
{
    fixture_t *fx = *state;
    nx_coverage_t *coverage = NULL;
    nx_coverage_request_t request = {.techs = CELERY_REACT, .n_techs = 0, .sort_column = -1, .limit = 10};
    assert_int_equal(nx_db_coverage(fx->db, &request, &coverage), NX_ERR_INVALID_ARG);
    request.n_techs = 2, request.sort_column = 2;
    assert_int_equal(nx_db_coverage(fx->db, &request, &coverage), NX_ERR_INVALID_ARG);
    assert_null(coverage);
}

/* "text/type/learners" of each suggestion, joined by "; ". */
static void suggest(nx_db_t *db, const char *prefix, char *out, size_t size)
{
    nx_suggestions_t *found = NULL;
    assert_int_equal(nx_db_suggest(db, prefix, 10, &found), NX_OK);
    out[0] = '\0';
    for (size_t i = 0; i < nx_suggestions_count(found); i++) {
        nx_suggestion_t s;
        assert_int_equal(nx_suggestions_get(found, i, &s), NX_OK);
        snprintf(out + strlen(out), size - strlen(out), "%s%s/%s/%llu", i ? "; " : "", s.text,
                 s.type == NX_SUGGEST_HEADING ? "heading" : "learner", (unsigned long long)s.learners);
    }
    nx_suggestions_free(found);
}

static void suggestions_count_the_learners_whose_own_headings_say_it(void **state)
{
    fixture_t *fx = *state;
    char text[512];
    /* "1. Getting Started" and "Getting started" are one phrase; Cy's is a template's, so it is not counted. */
    suggest(fx->db, "GETTING", text, sizeof text);
    assert_string_equal(text, "getting started/heading/2");
    /* One learner's heading is not frequent. */
    suggest(fx->db, "deploy", text, sizeof text);
    assert_string_equal(text, "");
    suggest(fx->db, "c", text, sizeof text);
    assert_string_equal(text, "Cy/learner/1");
    suggest(fx->db, "an", text, sizeof text);
    assert_string_equal(text, "Ana/learner/1");
    nx_suggestions_t *found = NULL;
    assert_int_equal(nx_db_suggest(fx->db, "", 10, &found), NX_ERR_INVALID_ARG);
    assert_int_equal(nx_db_suggest(fx->db, "a", 0, &found), NX_ERR_INVALID_ARG);
}

static void similar_learners_share_writing_and_technologies(void **state)
{
    fixture_t *fx = *state;
    nx_similar_t *similar = NULL;
    assert_int_equal(nx_db_similar_learners(fx->db, "ana", 10, &similar), NX_OK);
    assert_true(nx_similar_count(similar) >= 1);
    nx_similar_learner_t first;
    assert_int_equal(nx_similar_get(similar, 0, &first), NX_OK);
    assert_string_equal(first.learner, "bo");
    assert_string_equal(first.shared_techs, "celery");
    assert_non_null(strstr(first.shared_topics, "workers"));
    assert_non_null(strstr(nx_similar_topics(similar), "broker"));
    for (size_t i = 0; i < nx_similar_count(similar); i++) {
        nx_similar_learner_t s;
        assert_int_equal(nx_similar_get(similar, i, &s), NX_OK);
        assert_string_not_equal(s.learner, "Ana");
        assert_true(s.score > 0 && s.score <= 1);
    }
    nx_similar_free(similar);
    similar = NULL;
    assert_int_equal(nx_db_similar_learners(fx->db, "nobody", 10, &similar), NX_ERR_NOT_FOUND);
    assert_null(similar);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(coverage_lists_learners_by_name_or_by_a_columns_weight, setup, teardown),
        cmocka_unit_test_setup_teardown(coverage_counts_columns_and_keeps_who_is_missing_a_technology, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(coverage_refuses_no_columns_and_a_sort_outside_them, setup, teardown),
        cmocka_unit_test_setup_teardown(suggestions_count_the_learners_whose_own_headings_say_it, setup, teardown),
        cmocka_unit_test_setup_teardown(similar_learners_share_writing_and_technologies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
