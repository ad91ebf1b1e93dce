/* Specification of the coverage matrix answer (server/coverage.c) on a real database: cells from the
 * technology states a learner document records, and the same cells from the profile JSON of documents
 * written before states were recorded (compact as the indexer writes it, or in any other layout). */
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

#include "coverage.h"
#include "nx_index.h"
#include "nx_taxonomy.h"

#define COMMIT "dddddddddddddddddddddddddddddddddddddddd"

static const nx_tech_ref_t COVERED[] = {{"celery", 7, 1}};

/* Celery covered in the README, Docker only in a Dockerfile, Redis only in a template. */
static const char PROFILE[] =
    "{\"technologies\":[{\"id\":\"celery\",\"covered\":true,\"signalled\":false,\"weight\":7,\"evidence\":["
    "{\"path\":\"docs/notes.md\",\"anchor\":\"later\",\"counts\":false},"
    "{\"path\":\"README.md\",\"anchor\":\"workers\",\"counts\":true}]},"
    "{\"id\":\"docker\",\"covered\":false,\"signalled\":true,\"weight\":0,\"evidence\":[{\"file\":\"Dockerfile\","
    "\"strength\":\"covered\",\"counts\":false}]},"
    "{\"id\":\"redis\",\"covered\":false,\"signalled\":false,\"weight\":0,\"evidence\":[{\"path\":\"app/README.md\","
    "\"anchor\":\"learn-more\",\"counts\":false}]}],\"outline\":[],\"challenges\":[]}";
static const char PROFILE_SPACED[] =
    "{\"outline\": [], \"technologies\": [{\"id\": \"celery\", \"covered\": true, \"signalled\": false, \"weight\": 7,"
    " \"evidence\": [{\"path\": \"README.md\", \"anchor\": \"workers\", \"counts\": true}]},"
    " {\"id\": \"docker\", \"covered\": false, \"signalled\": true, \"weight\": 0, \"evidence\": [{\"file\": \"Dockerfile\"}]},"
    " {\"id\": \"redis\", \"covered\": false, \"signalled\": false, \"weight\": 0,"
    " \"evidence\": [{\"path\": \"app/README.md\", \"anchor\": \"learn-more\", \"counts\": false}]}]}";
static const char STATES[] = "celery\x1f" "covered\x1fREADME.md\x1fworkers\x1e"
                             "docker\x1fsignalled\x1f" "Dockerfile\x1f\x1e"
                             "redis\x1fmentioned\x1f" "app/README.md\x1flearn-more\x1e";

typedef struct fixture {
    char dir[64];
    nx_db_t *db;
    nx_taxonomy *taxonomy;
} fixture_t;

/* Three learners with the same facts: one with recorded states, two with their profile JSON only. */
static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    strcpy(fx->dir, "/tmp/nx_coverage_XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    char path[128];
    snprintf(path, sizeof path, "%s/index", fx->dir);
    nx_writer_t *w = NULL;
    assert_int_equal(nx_writer_open(path, &w, NULL), NX_OK);
    const struct { const char *name, *json, *states; } learners[] = {
        {"a-states", PROFILE, STATES}, {"b-compact", PROFILE, NULL}, {"c-spaced", PROFILE_SPACED, NULL}};
    for (size_t i = 0; i < 3; i++) {
        nx_learner_profile_t p = {.learner = learners[i].name, .cohort = "c", .repo_url = "https://github.com/o/r",
                                  .commit = COMMIT, .techs = COVERED, .n_techs = 1,
                                  .profile_json = learners[i].json, .tech_states = learners[i].states};
        assert_int_equal(nx_writer_begin_learner(w, learners[i].name), NX_OK);
        assert_int_equal(nx_writer_set_learner_profile(w, &p), NX_OK);
        assert_int_equal(nx_writer_end_learner(w, COMMIT), NX_OK);
    }
    nx_writer_close(w);
    const char *paths[] = {path};
    assert_int_equal(nx_db_open(paths, 1, &fx->db, NULL), NX_OK);
    assert_int_equal(nx_taxonomy_load_default(&fx->taxonomy, NULL), 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    nx_db_close(fx->db);
    nx_taxonomy_free(fx->taxonomy);
    temp_dir_remove(fx->dir);
    free(fx);
    return 0;
}

static char *answer(fixture_t *fx, bool csv)
{
    nx_coverage_params_t p = {.sort_column = -1, .page = 1, .per_page = 10, .csv = csv};
    const char *techs[] = {"celery", "docker", "redis", "kafka"};
    for (size_t i = 0; i < 4; i++)
        p.techs.items[p.techs.count++] = techs[i];
    char *body = NULL;
    assert_int_equal(nx_coverage_answer(fx->db, fx->taxonomy, &p, &body), NX_OK);
    return body;
}

static void cells_come_from_recorded_states_and_old_profiles_alike(void **state)
{
    char *csv = answer(*state, true);
    static const char cells[] =
        "\"covered\",\"https://github.com/o/r/blob/" COMMIT "/README.md#workers\","
        "\"signalled\",\"https://github.com/o/r/blob/" COMMIT "/Dockerfile\","
        "\"mentioned\",\"https://github.com/o/r/blob/" COMMIT "/app/README.md#learn-more\","
        "\"none\",\"\"\r\n";
    char expected[2048];
    snprintf(expected, sizeof expected,
             "learner,cohort,celery,celery evidence,docker,docker evidence,redis,redis evidence,kafka,kafka evidence\r\n"
             "\"a-states\",\"c\",%s\"b-compact\",\"c\",%s\"c-spaced\",\"c\",%s",
             cells, cells, cells);
    assert_string_equal(csv, expected);
    free(csv);
}

static void covered_cells_carry_the_learner_documents_weight(void **state)
{
    char *json = answer(*state, false);
    assert_non_null(strstr(json, "{\"tech\":\"celery\",\"state\":\"covered\",\"weight\":7,\"path\":\"README.md\","
                                 "\"anchor\":\"workers\","));
    assert_non_null(strstr(json, "{\"tech\":\"kafka\",\"state\":\"none\",\"weight\":0,\"path\":null,\"anchor\":null,"
                                 "\"evidence\":null}"));
    assert_non_null(strstr(json, "\"technologies\":[{\"id\":\"celery\",\"name\":\"Celery\",\"covered\":3}"));
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cells_come_from_recorded_states_and_old_profiles_alike, setup, teardown),
        cmocka_unit_test_setup_teardown(covered_cells_carry_the_learner_documents_weight, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
