/* Unit tests of the facet columns (shim/facet_columns.h): columns updated from the previous revision
 * (only the changed learners' documents re-read) must equal the columns read whole. */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <setjmp.h>
#include <string>
#include <vector>

extern "C" {
#include <cmocka.h>
}

#include "facet_columns.h"
#include "handles.h"
#include "nx_index.h"

using nx_shim::FacetColumns;

namespace {

const char COMMIT_A[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const char COMMIT_B[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

struct fixture {
    char dir[64];
    std::string path;
};

int setup(void **state)
{
    auto *fx = new fixture;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/nx_facet_columns_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->path = std::string(fx->dir) + "/index";
    *state = fx;
    return 0;
}

int teardown(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    const std::string command = std::string("rm -rf ") + fx->dir;
    int ignored = system(command.c_str());
    (void)ignored;
    delete fx;
    return 0;
}

/* Writes `learner` as `n` sections whose kind, cohort, origin and technologies vary with `seed`,
 * plus a challenge, replacing what the learner had. */
void write_learner(const std::string &path, const char *learner, unsigned n, unsigned seed, const char *commit)
{
    static const char *const kinds[] = {"setup", "challenges", "roadmap", ""};
    static const char *const cohorts[] = {"2025-03", "2025-06", ""};
    static const char *const origins[] = {"own", "template", ""};
    const nx_tech_ref_t techs[] = {{"django", 2, 1}, {"celery", 1, 0}, {"redis", 1, 1}, {"docker", 3, 0}};
    nx_writer_t *writer = nullptr;
    assert_int_equal(nx_writer_open(path.c_str(), &writer, nullptr), NX_OK);
    assert_int_equal(nx_writer_begin_learner(writer, learner), NX_OK);
    for (unsigned i = 0; i < n; i++) {
        const std::string file = "docs/f" + std::to_string(i) + ".md";
        const std::string body = "Section " + std::to_string(i + seed) + " about deployment and testing.";
        nx_section_t s = {};
        s.learner = learner;
        s.cohort = cohorts[(i + seed) % 3];
        s.repo_url = "https://github.com/example/alx-project-nexus";
        s.path = file.c_str();
        s.heading_path = "Notes";
        s.heading = "Notes";
        s.anchor = "notes";
        s.body = body.c_str();
        s.commit = commit;
        s.commit_time = 1700000000;
        s.kind = kinds[(i + seed) % 4];
        s.origin = origins[(i * 2 + seed) % 3];
        s.techs = techs + (i + seed) % 3;
        s.n_techs = (i + seed) % 2 + 1;
        assert_int_equal(nx_writer_add_section(writer, &s), NX_OK);
    }
    nx_challenge_t c = {};
    c.learner = learner;
    c.path = "README.md";
    c.heading_path = "Challenges";
    c.anchor = "challenges";
    c.challenge = "Celery workers did not start";
    c.solution = seed % 2 ? "Started the broker first" : "";
    c.commit = commit;
    c.techs = techs + seed % 4;
    c.n_techs = 1;
    assert_int_equal(nx_writer_add_challenge(writer, &c), NX_OK);
    nx_learner_profile_t profile = {};
    profile.learner = learner;
    profile.cohort = cohorts[seed % 3];
    profile.commit = commit;
    profile.techs = techs + seed % 2;
    profile.n_techs = 2;
    profile.profile_json = "{}";
    assert_int_equal(nx_writer_set_learner_profile(writer, &profile), NX_OK);
    assert_int_equal(nx_writer_end_learner(writer, commit), NX_OK);
    nx_writer_close(writer);
}

nx_db_t *open_db(const std::string &path)
{
    const char *paths[] = {path.c_str()};
    nx_db_t *db = nullptr;
    char *error = nullptr;
    if (nx_db_open(paths, 1, &db, &error) != NX_OK)
        fail_msg("nx_db_open: %s", error ? error : "(no message)");
    return db;
}

std::string name_of(const nx_shim::Dictionary &dict, uint32_t id)
{
    return id == FacetColumns::NONE ? std::string("-") : dict.name(id);
}

/* Every column of every docid, as names: two FacetColumns may number their dictionaries apart. */
std::vector<std::string> describe(const FacetColumns &columns, Xapian::docid last)
{
    std::vector<std::string> rows;
    for (Xapian::docid did = 0; did <= last + 1; did++) {
        std::string row = name_of(columns.learners(), columns.learner(did)) + "|" +
                          name_of(columns.kinds(), columns.kind(did)) + "|" +
                          name_of(columns.cohorts(), columns.cohort(did)) + "|" + columns.origin_name(did) + "|" +
                          columns.type_name(did) + "|";
        const uint16_t *tech, *end;
        columns.techs(did, &tech, &end);
        const uint8_t *strength = columns.tech_strengths(did);
        for (; tech != end; tech++, strength++)
            row += columns.tech_names().name(*tech) + "=" + std::to_string(*strength) + ",";
        rows.push_back(row);
    }
    return rows;
}

void assert_same_columns(const FacetColumns &a, const FacetColumns &b, Xapian::docid last)
{
    const std::vector<std::string> rows_a = describe(a, last), rows_b = describe(b, last);
    for (size_t i = 0; i < rows_a.size(); i++) {
        if (rows_a[i] != rows_b[i])
            fail_msg("docid %zu: updated '%s', read whole '%s'", i, rows_a[i].c_str(), rows_b[i].c_str());
    }
}

std::shared_ptr<const FacetColumns> columns_with_states(nx_db &db)
{
    return std::make_shared<const FacetColumns>(db.db, nx_shim::read_learner_states(db.parts));
}

void updated_columns_equal_columns_read_whole(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    write_learner(fx->path, "ana", 4, 0, COMMIT_A);
    write_learner(fx->path, "Bo", 3, 1, COMMIT_A);
    write_learner(fx->path, "cy", 5, 2, COMMIT_A);
    nx_db_t *db = open_db(fx->path);
    db->facet_columns(); /* read whole, kept by the handle's share for the next revision */
    std::shared_ptr<const FacetColumns> old = columns_with_states(*db);

    /* Bo writes more sections with other attributes, cy fewer, and a learner joins. */
    write_learner(fx->path, "Bo", 6, 5, COMMIT_B);
    write_learner(fx->path, "cy", 2, 3, COMMIT_B);
    write_learner(fx->path, "dee", 3, 7, COMMIT_A);
    db->refresh();
    auto updated = FacetColumns::updated(old, db->db, nx_shim::read_learner_states(db->parts));
    assert_non_null(updated.get());
    assert_same_columns(*updated, FacetColumns(db->db), db->db.get_lastdocid());

    /* Updated again from the updated columns, through the handle as a search would. */
    write_learner(fx->path, "ana", 2, 4, COMMIT_A); /* the same commit: the written stamp tells */
    db->refresh();
    const FacetColumns &through_handle = db->facet_columns();
    assert_same_columns(through_handle, FacetColumns(db->db), db->db.get_lastdocid());
    nx_db_close(db);
}

void removed_learner_reads_columns_whole(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    write_learner(fx->path, "ana", 2, 0, COMMIT_A);
    write_learner(fx->path, "bo", 2, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->path);
    std::shared_ptr<const FacetColumns> old = columns_with_states(*db);
    nx_writer_t *writer = nullptr;
    assert_int_equal(nx_writer_open(fx->path.c_str(), &writer, nullptr), NX_OK);
    assert_int_equal(nx_writer_remove_learner(writer, "bo"), NX_OK);
    nx_writer_close(writer);
    db->refresh();
    assert_null(FacetColumns::updated(old, db->db, nx_shim::read_learner_states(db->parts)).get());
    assert_same_columns(db->facet_columns(), FacetColumns(db->db), db->db.get_lastdocid());
    nx_db_close(db);
}

/* Read document by document (as for remote shards) the columns are those the value streams give, gaps
 * of deleted documents included. */
void columns_read_by_documents_equal_columns_read_whole(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    write_learner(fx->path, "ana", 4, 0, COMMIT_A);
    write_learner(fx->path, "Bo", 3, 1, COMMIT_A);
    write_learner(fx->path, "cy", 5, 2, COMMIT_A);
    write_learner(fx->path, "Bo", 2, 5, COMMIT_B); /* leaves the docids of Bo's first sections empty */
    nx_db_t *db = open_db(fx->path);
    assert_same_columns(*FacetColumns::read_by_documents(db->db), FacetColumns(db->db), db->db.get_lastdocid());
    nx_db_close(db);
}

/* The columns a remote stub's words database carries read back equal; bytes they did not come from, cut
 * short or of another byte order, are refused. */
void serialised_columns_read_back_equal(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    write_learner(fx->path, "ana", 4, 0, COMMIT_A);
    write_learner(fx->path, "Bo", 3, 1, COMMIT_A);
    nx_db_t *db = open_db(fx->path);
    const FacetColumns whole(db->db);
    const std::string bytes = whole.serialise();
    auto back = FacetColumns::unserialise(bytes);
    assert_non_null(back.get());
    assert_same_columns(*back, whole, db->db.get_lastdocid());
    assert_int_equal(back->doccount(), db->db.get_doccount());
    assert_int_equal(back->last_docid(), db->db.get_lastdocid());
    assert_null(FacetColumns::unserialise(bytes.substr(0, bytes.size() - 1)).get());
    assert_null(FacetColumns::unserialise(bytes + "x").get());
    std::string swapped = bytes;
    std::swap(swapped[5], swapped[8]); /* the byte-order mark after "NXFC1" */
    assert_null(FacetColumns::unserialise(swapped).get());
    assert_null(FacetColumns::unserialise("").get());
    nx_db_close(db);
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(updated_columns_equal_columns_read_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(removed_learner_reads_columns_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(columns_read_by_documents_equal_columns_read_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(serialised_columns_read_back_equal, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
