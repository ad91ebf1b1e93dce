/* Specification of what nightly runs ask of the shim, against real Xapian databases: the rules
 * version beside each commit, the list of indexed learners, grouped commits, the last-run record
 * and the learners changed since a date. */
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

#define COMMIT_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define COMMIT_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct fixture {
    char dir[64];
    char db_path[128];
    nx_writer_t *writer;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    strcpy(fx->dir, "/tmp/nx_shim_runs_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db_path, sizeof fx->db_path, "%s/index", fx->dir);
    assert_int_equal(nx_writer_open(fx->db_path, &fx->writer, NULL), NX_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    nx_writer_close(fx->writer);
    temp_dir_remove(fx->dir);
    free(fx);
    return 0;
}

/* One section and the learner document, committed with `commit` dated `when`. */
static nx_status_t write_learner(nx_writer_t *w, const char *learner, const char *commit, int64_t when,
                                 const char *rules, int64_t indexed_at)
{
    nx_section_t s = {.learner = learner, .path = "README.md", .heading_path = "Intro", .heading = "Intro",
                      .anchor = "intro", .body = "kestrel notes", .commit = commit, .commit_time = when};
    nx_learner_profile_t p = {.learner = learner, .cohort = "c1", .repo_url = "https://github.com/x/y",
                              .commit = commit, .commit_time = when, .profile_json = "{}",
                              .indexed_at = indexed_at};
    assert_int_equal(nx_writer_begin_learner(w, learner), NX_OK);
    assert_int_equal(nx_writer_add_section(w, &s), NX_OK);
    assert_int_equal(nx_writer_set_learner_profile(w, &p), NX_OK);
    return nx_writer_end_learner_rules(w, commit, rules);
}

static char *rules_of(nx_writer_t *w, const char *learner)
{
    char *rules = NULL;
    assert_int_equal(nx_writer_learner_rules(w, learner, &rules), NX_OK);
    return rules;
}

static void rules_are_recorded_with_the_commit_and_dropped_with_the_learner(void **state)
{
    fixture_t *fx = *state;
    assert_null(rules_of(fx->writer, "ana"));
    assert_int_equal(write_learner(fx->writer, "Ana", COMMIT_A, 1700000000, "4.abc", 1), NX_OK);
    char *rules = rules_of(fx->writer, "ana");
    assert_string_equal(rules, "4.abc");
    free(rules);
    assert_int_equal(nx_writer_remove_learner(fx->writer, "ana"), NX_OK);
    assert_null(rules_of(fx->writer, "ana"));
}

static void an_aborted_learner_keeps_its_previous_commit_and_rules(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(write_learner(fx->writer, "ana", COMMIT_A, 1700000000, "4.abc", 1), NX_OK);
    assert_int_equal(nx_writer_begin_learner(fx->writer, "ana"), NX_OK);
    assert_int_equal(nx_writer_abort_learner(fx->writer), NX_OK);
    char *rules = rules_of(fx->writer, "ana"), *commit = NULL;
    assert_int_equal(nx_writer_learner_commit(fx->writer, "ana", &commit), NX_OK);
    assert_string_equal(rules, "4.abc");
    assert_string_equal(commit, COMMIT_A);
    free(rules);
    free(commit);
}

static void indexed_learners_are_listed_lowercased_in_order(void **state)
{
    fixture_t *fx = *state;
    char **names = NULL;
    size_t n = 99;
    assert_int_equal(nx_writer_indexed_learners(fx->writer, &names, &n), NX_OK);
    assert_int_equal(n, 0);
    assert_int_equal(write_learner(fx->writer, "Zed", COMMIT_A, 1, "r", 1), NX_OK);
    assert_int_equal(write_learner(fx->writer, "ana", COMMIT_A, 1, "r", 1), NX_OK);
    assert_int_equal(nx_writer_indexed_learners(fx->writer, &names, &n), NX_OK);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "ana");
    assert_string_equal(names[1], "zed");
    nx_strings_free(names, n);
}

static uint64_t committed_learners(const char *path)
{
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(&path, 1, &db, NULL), NX_OK);
    uint64_t count = 0;
    assert_int_equal(nx_db_learner_count(db, &count), NX_OK);
    nx_db_close(db);
    return count;
}

static void with_a_commit_interval_learners_reach_readers_at_the_next_commit(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(nx_writer_set_commit_interval(fx->writer, 60000), NX_OK);
    assert_int_equal(write_learner(fx->writer, "ana", COMMIT_A, 1, "r", 1), NX_OK);
    assert_int_equal(write_learner(fx->writer, "bo", COMMIT_A, 1, "r", 1), NX_OK);
    assert_int_equal(committed_learners(fx->db_path), 0);
    char *commit = NULL; /* the writer itself sees what it wrote */
    assert_int_equal(nx_writer_learner_commit(fx->writer, "bo", &commit), NX_OK);
    assert_string_equal(commit, COMMIT_A);
    free(commit);
    assert_int_equal(nx_writer_flush(fx->writer), NX_OK);
    assert_int_equal(committed_learners(fx->db_path), 2);
}

static void the_run_summary_is_read_back_by_readers(void **state)
{
    fixture_t *fx = *state;
    const char *path = fx->db_path;
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(&path, 1, &db, NULL), NX_OK);
    char *json = NULL;
    assert_int_equal(nx_db_run_summary(db, &json), NX_OK);
    assert_null(json);
    assert_int_equal(nx_writer_set_run_summary(fx->writer, "{\"exit_code\":0}"), NX_OK);
    assert_int_equal(nx_db_run_summary(db, &json), NX_OK);
    assert_string_equal(json, "{\"exit_code\":0}");
    free(json);
    nx_db_close(db);
}

static void changes_list_learners_with_commits_since_the_date_newest_first(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(write_learner(fx->writer, "old", COMMIT_A, 1000, "r", 5000), NX_OK);
    assert_int_equal(write_learner(fx->writer, "mid", COMMIT_B, 2000, "r", 5001), NX_OK);
    assert_int_equal(write_learner(fx->writer, "new", COMMIT_B, 3000, "r", 5002), NX_OK);
    const char *path = fx->db_path;
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(&path, 1, &db, NULL), NX_OK);
    nx_changes_t *changes = NULL;
    assert_int_equal(nx_db_changes(db, 2000, 0, 10, &changes), NX_OK);
    assert_int_equal(nx_changes_total(changes), 2);
    assert_int_equal(nx_changes_count(changes), 2);
    nx_change_t c;
    assert_int_equal(nx_changes_get(changes, 0, &c), NX_OK);
    assert_string_equal(c.learner, "new");
    assert_int_equal(c.commit_time, 3000);
    assert_int_equal(c.indexed_at, 5002);
    assert_int_equal(nx_changes_get(changes, 1, &c), NX_OK);
    assert_string_equal(c.learner, "mid");
    assert_string_equal(c.commit, COMMIT_B);
    assert_int_equal(nx_changes_get(changes, 2, &c), NX_ERR_INVALID_ARG);
    nx_changes_free(changes);
    assert_int_equal(nx_db_changes(db, 2000, 1, 10, &changes), NX_OK); /* second page */
    assert_int_equal(nx_changes_count(changes), 1);
    nx_changes_free(changes);
    nx_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rules_are_recorded_with_the_commit_and_dropped_with_the_learner, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_aborted_learner_keeps_its_previous_commit_and_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(indexed_learners_are_listed_lowercased_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(with_a_commit_interval_learners_reach_readers_at_the_next_commit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_run_summary_is_read_back_by_readers, setup, teardown),
        cmocka_unit_test_setup_teardown(changes_list_learners_with_commits_since_the_date_newest_first, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
