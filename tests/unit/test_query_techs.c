/* The technologies a query names (server/query_techs.h) over a real Xapian index in a temporary folder: the
 * shim's counts of the own sections holding a word (nx_db_word_tech_sections), the rule deciding from them,
 * and its answer following a new index revision. The shared corpus's own figures are checked end to end
 * (tests/e2e/test_corpus_learners_e2e.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "temp_dir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nx_index.h"
#include "nx_taxonomy.h"
#include "query_techs.h"

#define COMMIT "cccccccccccccccccccccccccccccccccccccccc"

typedef struct fixture {
    char dir[64];
    char db_path[128];
    nx_taxonomy *taxonomy;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    strcpy(fx->dir, "/tmp/nx_query_techs_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db_path, sizeof fx->db_path, "%s/index", fx->dir);
    assert_int_equal(nx_taxonomy_load_default(&fx->taxonomy, NULL), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    temp_dir_remove(fx->dir);
    nx_taxonomy_free(fx->taxonomy);
    free(fx);
    return 0;
}

/* One section as the indexer writes it: `tech` is what detection found in `body` ("" for none). */
typedef struct text {
    const char *body;
    const char *tech;
    const char *origin;
} text_t;

static void index_learner(const fixture_t *fx, const char *learner, const text_t *texts, size_t n)
{
    nx_writer_t *writer = NULL;
    assert_int_equal(nx_writer_open(fx->db_path, &writer, NULL), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, learner), NX_OK);
    for (size_t i = 0; i < n; i++) {
        char anchor[16];
        snprintf(anchor, sizeof anchor, "part-%zu", i);
        const nx_tech_ref_t tech = {.id = texts[i].tech, .count = 1, .covered = 1};
        const nx_section_t section = {
            .learner = learner, .cohort = "c1", .repo_url = "https://github.com/example/alx-project-nexus",
            .path = "README.md", .heading_path = anchor, .heading = anchor, .anchor = anchor,
            .body = texts[i].body, .commit = COMMIT, .commit_time = 1700000000, .ordinal = (unsigned)i,
            .origin = texts[i].origin, .techs = &tech, .n_techs = texts[i].tech[0] ? 1 : 0,
        };
        assert_int_equal(nx_writer_add_section(writer, &section), NX_OK);
    }
    assert_int_equal(nx_writer_end_learner(writer, COMMIT), NX_OK);
    nx_writer_close(writer);
}

static nx_db_t *open_db(const fixture_t *fx)
{
    const char *paths[] = {fx->db_path};
    nx_db_t *db = NULL;
    assert_int_equal(nx_db_open(paths, 1, &db, NULL), NX_OK);
    return db;
}

/* The query's technologies as "a,b". */
static const char *named(const fixture_t *fx, nx_db_t *db, const char *query)
{
    static char joined[256];
    nx_arg_values_t techs;
    nx_query_techs(fx->taxonomy, db, query, &techs);
    joined[0] = '\0';
    for (size_t i = 0; i < techs.count; i++)
        snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", i ? "," : "", techs.items[i]);
    return joined;
}

static void expect_uses(nx_db_t *db, const char *word, const char *tech, uint64_t sections, uint64_t detected)
{
    uint64_t with_word = 99, with_tech = 99;
    assert_int_equal(nx_db_word_tech_sections(db, word, tech, &with_word, &with_tech), NX_OK);
    assert_int_equal(with_word, sections);
    assert_int_equal(with_tech, detected);
}

static const text_t ANA[] = {
    {"We built the interface with React and its hooks.", "react", ""},
    {"React components render the list of properties.", "react", ""},
    {"How the page should react to user events.", "", ""},
    {"Go serves the booking API.", "go", ""},
    {"We go live on Monday.", "", ""},
    {"Let it go and retry later.", "", ""},
    /* Template text is not the cohort's own writing: never counted. */
    {"Learn React: react to state, react to props.", "", "template"},
};

static void test_the_rule_is_a_share_of_at_least_one_half(void **state)
{
    (void)state;
    assert_true(nx_word_names_tech(2, 1));
    assert_true(nx_word_names_tech(3, 2));
    assert_false(nx_word_names_tech(3, 1));
    assert_false(nx_word_names_tech(0, 0)); /* a word the cohort never wrote names nothing */
}

static void test_counts_are_the_own_sections_holding_the_word(void **state)
{
    fixture_t *fx = *state;
    index_learner(fx, "ana", ANA, sizeof ANA / sizeof ANA[0]);
    nx_db_t *db = open_db(fx);
    expect_uses(db, "react", "react", 3, 2);
    expect_uses(db, "React", "react", 3, 2); /* any case: the body is indexed lower-case */
    expect_uses(db, "go", "go", 3, 1);
    expect_uses(db, "swiftui", "swift", 0, 0);
    uint64_t a, b;
    assert_int_equal(nx_db_word_tech_sections(db, "", "go", &a, &b), NX_ERR_INVALID_ARG);
    nx_db_close(db);
}

static void test_a_lower_case_word_names_the_technology_the_cohort_mostly_means(void **state)
{
    fixture_t *fx = *state;
    index_learner(fx, "ana", ANA, sizeof ANA / sizeof ANA[0]);
    nx_db_t *db = open_db(fx);
    assert_string_equal(named(fx, db, "react hooks"), "react"); /* 2 of 3 sections */
    assert_string_equal(named(fx, db, "REACT"), "react");
    assert_string_equal(named(fx, db, "reactive"), "");        /* whole words only */
    assert_string_equal(named(fx, db, "go live"), "");         /* 1 of 3 sections */
    assert_string_equal(named(fx, db, "Go"), "go");            /* as written: the document rule */
    assert_string_equal(named(fx, db, "docker and react"), "docker,react"); /* text order */
    assert_string_equal(named(fx, db, NULL), "");
    nx_db_close(db);
}

static void test_the_answer_follows_a_new_index_revision(void **state)
{
    fixture_t *fx = *state;
    index_learner(fx, "ana", ANA, sizeof ANA / sizeof ANA[0]);
    nx_db_t *db = open_db(fx);
    assert_string_equal(named(fx, db, "deploy in go"), "");
    static const text_t BEN[] = {
        {"The worker is written in Go.", "go", ""},
        {"Go modules pin the versions.", "go", ""},
    };
    index_learner(fx, "ben", BEN, sizeof BEN / sizeof BEN[0]);
    expect_uses(db, "go", "go", 5, 3); /* the same handle, counted again at the new revision */
    assert_string_equal(named(fx, db, "deploy in go"), "go");
    nx_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_rule_is_a_share_of_at_least_one_half),
        cmocka_unit_test_setup_teardown(test_counts_are_the_own_sections_holding_the_word, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_lower_case_word_names_the_technology_the_cohort_mostly_means, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_the_answer_follows_a_new_index_revision, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
