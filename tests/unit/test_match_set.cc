/* Unit tests of the boolean match set (shim/match_set.h): for every query shape it evaluates,
 * the set must be exactly the documents Xapian's matcher returns; other shapes are refused. */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <setjmp.h>
#include <set>
#include <string>
#include <vector>

extern "C" {
#include <cmocka.h>
}

#include "match_set.h"
#include "posting_cache.h"
#include "schema.h"

namespace {

struct fixture {
    char dir[64];
    Xapian::Database db;
};

const char *const TEXTS[] = {
    "Celery workers retry tasks with Redis as the broker.",
    "Redis caches the pages; Celery is not used here.",
    "Docker compose starts Postgres and the web service.",
    "Kubernetes runs the workers in production.",
    "Workers, workers everywhere: celery beat schedules them.",
    "GraphQL schema with Django; no caching yet.",
    "docker compose up fails: connection refused from postgres",
    "Nothing technical in this paragraph at all.",
};

int setup(void **state)
{
    auto *fx = new fixture;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/nx_match_set_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    const std::string path = std::string(fx->dir) + "/db";
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        Xapian::TermGenerator generator = nx_shim::make_term_generator();
        for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++) {
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(TEXTS[i]);
            doc.add_boolean_term(nx_shim::type_term(i % 4 == 3 ? nx_shim::TYPE_CHALLENGE : nx_shim::TYPE_SECTION));
            doc.add_boolean_term(nx_shim::learner_term(i % 2 ? "ana" : "bob"));
            db.add_document(doc);
        }
        db.delete_document(2); /* a hole in the docids, as reindexing leaves */
        db.add_synonym("k8s", "kubernetes");
        db.commit();
    }
    fx->db = Xapian::Database(path);
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

Xapian::Query parse(const Xapian::Database &db, const char *text)
{
    Xapian::QueryParser parser = nx_shim::make_query_parser(db);
    return parser.parse_query(text, nx_shim::query_flags());
}

std::set<Xapian::docid> matcher_set(const Xapian::Database &db, const Xapian::Query &query)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::set<Xapian::docid> ids;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        ids.insert(*it);
    return ids;
}

std::set<Xapian::docid> evaluated_set(const Xapian::Database &db, const Xapian::Query &query)
{
    std::unique_ptr<nx_shim::DocSet> set = nx_shim::match_set(db, query);
    if (!set)
        fail_msg("query %s was not evaluated", query.get_description().c_str());
    std::set<Xapian::docid> ids;
    set->each([&ids](Xapian::docid did) { ids.insert(did); });
    return ids;
}

void assert_same_as_matcher(const Xapian::Database &db, const Xapian::Query &query)
{
    const std::set<Xapian::docid> expected = matcher_set(db, query), got = evaluated_set(db, query);
    if (expected != got)
        fail_msg("query %s: the matcher finds %zu documents, the match set %zu", query.get_description().c_str(),
                 expected.size(), got.size());
}

void boolean_queries_match_what_the_matcher_matches(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    const char *const queries[] = {
        "workers", "celery workers", "celery OR redis", "workers -celery", "workers NOT redis",
        "k8s", "celery AND (redis OR workers)", "-celery", "learner:ana workers", "nothingmatchesthis",
        "docker compose postgres connection refused",
    };
    for (const char *text : queries)
        assert_same_as_matcher(db, parse(db, text));
}

void section_scope_and_filters_match_what_the_matcher_matches(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    const Xapian::Query not_sections(Xapian::Query::OP_OR, Xapian::Query(nx_shim::type_term(nx_shim::TYPE_CHALLENGE)),
                                     Xapian::Query(nx_shim::type_term(nx_shim::TYPE_LEARNER)));
    const Xapian::Query ana(nx_shim::learner_term("ana"));
    for (const char *text : {"workers", "celery OR docker", "-redis"}) {
        const Xapian::Query filtered(Xapian::Query::OP_FILTER, parse(db, text), ana);
        assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_AND_NOT, filtered, not_sections));
    }
    assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_AND_MAYBE, parse(db, "workers"), parse(db, "redis")));
    assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parse(db, "celery"), 2.0));
    assert_same_as_matcher(db, Xapian::Query::MatchAll);
}

Xapian::Query phrase(std::initializer_list<const char *> words, Xapian::termcount window)
{
    std::vector<Xapian::Query> terms;
    for (const char *word : words)
        terms.emplace_back(word);
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window);
}

/* Phrases among the alternatives of an OR or a synonym group (a thesaurus concept holds some) are
 * checked by position on the documents the other alternatives did not match, with Xapian's window. */
void phrases_among_alternatives_match_what_the_matcher_matches(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    const Xapian::Query other("kubernetes");
    const Xapian::Query phrases[] = {
        phrase({"docker", "compose"}, 2),      phrase({"docker", "compose"}, 3),
        phrase({"compose", "docker"}, 3),      phrase({"celery", "workers"}, 2),
        phrase({"celery", "workers"}, 3),      phrase({"workers", "celery"}, 2),
        phrase({"workers", "celery"}, 3),      phrase({"workers", "celery"}, 4),
        phrase({"workers", "workers"}, 2),     phrase({"docker", "compose", "up"}, 3),
        phrase({"compose", "postgres"}, 5),    phrase({"compose", "postgres"}, 6),
        phrase({"docker", "compose", "postgres"}, 4),
    };
    for (const Xapian::Query &p : phrases) {
        assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_OR, other, p));
        assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_SYNONYM, p, other));
        assert_same_as_matcher(db, Xapian::Query(Xapian::Query::OP_OR, parse(db, "redis"), p));
    }
    assert_same_as_matcher(db, parse(db, "celery OR \"redis as\""));
    assert_same_as_matcher(db, parse(db, "\"docker compose\" OR \"rest api\" OR workers"));
}

void positional_queries_are_left_to_the_matcher(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    assert_null(nx_shim::match_set(db, parse(db, "\"docker compose\"")).get());
    assert_null(nx_shim::match_set(db, parse(db, "celery AND \"redis as\"")).get());
    assert_null(nx_shim::match_set(db, parse(db, "celery NEAR workers")).get());
    assert_null(nx_shim::match_set(db, parse(db, "celery OR (redis NEAR workers)")).get());
}

std::set<Xapian::docid> members(const nx_shim::DocSet &set)
{
    std::set<Xapian::docid> ids;
    set.each([&ids](Xapian::docid did) { ids.insert(did); });
    return ids;
}

/* Bitmaps kept from earlier evaluations must give every query the set it has without them: the first
 * evaluation fills the cache, the later ones read from it (a different query reuses its terms). */
void cached_postings_give_the_same_sets(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    nx_shim::PostingCache cache;
    const char *const queries[] = {"workers", "celery workers", "celery OR redis", "workers -celery",
                                   "k8s",     "-celery",        "learner:ana workers"};
    for (int round = 0; round < 2; round++) {
        for (const char *text : queries) {
            const Xapian::Query query = parse(db, text);
            std::unique_ptr<nx_shim::DocSet> cached = nx_shim::match_set(db, query, &cache);
            assert_non_null(cached.get());
            if (members(*cached) != matcher_set(db, query))
                fail_msg("query %s (round %d): the cached match set differs from the matcher's", text, round);
        }
    }
    assert_non_null(cache.find("Zworker").get()); /* kept */
    assert_true(members(*cache.find("Zworker")) == matcher_set(db, Xapian::Query("Zworker")));
    assert_null(cache.find("Znothingmatchesthi").get());
}

/* A full cache starts again rather than grow; a bitmap larger than the whole budget is not kept. */
void posting_cache_stays_within_its_bytes(void **state)
{
    const Xapian::Database &db = static_cast<fixture *>(*state)->db;
    const size_t one = nx_shim::DocSet(db.get_lastdocid() + 1).bytes() + 8; /* a bitmap and a short term */
    nx_shim::PostingCache cache(2 * one);
    for (const char *term : {"Zceleri", "Zworker", "Zredi", "Zdocker"}) {
        nx_shim::match_set(db, Xapian::Query(term), &cache);
        assert_true(cache.bytes() <= 2 * one);
        assert_non_null(cache.find(term).get());
    }
    assert_true(cache.size() <= 2);
    nx_shim::PostingCache tiny(1);
    nx_shim::match_set(db, Xapian::Query("Zworker"), &tiny);
    assert_int_equal(tiny.size(), 0);
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(boolean_queries_match_what_the_matcher_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(section_scope_and_filters_match_what_the_matcher_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(phrases_among_alternatives_match_what_the_matcher_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(positional_queries_are_left_to_the_matcher, setup, teardown),
        cmocka_unit_test_setup_teardown(cached_postings_give_the_same_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(posting_cache_stays_within_its_bytes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
