/* Searching through the C API: parsing the user's query, relaxing AND to OR when
 * nothing matches, ranking, snippets, and results that own all their strings. */
#include <cctype>
#include <cstring>
#include <iterator>
#include <memory>

#include "errors.h"
#include "handles.h"
#include "schema.h"

using namespace nx_shim;

namespace {

constexpr unsigned MAX_LIMIT = 1000;
constexpr unsigned DEFAULT_SNIPPET_LEN = 200;
/* Xapian's matcher slows down sharply with thousands of subqueries (a 100 kB query
 * takes ~20 s); no person types more than this. */
constexpr size_t MAX_QUERY_BYTES = 8192;

bool is_whitespace_only(const char *text)
{
    for (; *text; text++) {
        if (!isspace(static_cast<unsigned char>(*text)))
            return false;
    }
    return true;
}

size_t distinct_terms(const Xapian::Query &query)
{
    return static_cast<size_t>(std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()));
}

nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const nx_search_request_t &request)
{
    const Xapian::Document doc = it.get_document();
    nx_stored_hit hit;
    hit.learner = doc.get_value(SLOT_LEARNER);
    hit.cohort = doc.get_value(SLOT_COHORT);
    hit.repo_url = doc.get_value(SLOT_REPO_URL);
    hit.path = doc.get_value(SLOT_PATH);
    hit.heading_path = doc.get_value(SLOT_HEADING_PATH);
    hit.anchor = doc.get_value(SLOT_ANCHOR);
    hit.commit = doc.get_value(SLOT_COMMIT);
    hit.commit_time = static_cast<int64_t>(Xapian::sortable_unserialise(doc.get_value(SLOT_COMMIT_TIME)));
    hit.score = it.get_weight();
    hit.percent = static_cast<unsigned>(it.get_percent());
    /* MSet::snippet escapes <, > and & in the body itself (tests/unit/test_shim.c checks it). */
    hit.snippet = mset.snippet(doc.get_data(), request.snippet_len ? request.snippet_len : DEFAULT_SNIPPET_LEN,
                               schema_stemmer(),
                               Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                               request.mark_open ? request.mark_open : "<mark>",
                               request.mark_close ? request.mark_close : "</mark>", "\u2026");
    return hit;
}

Xapian::MSet run_query(const Xapian::Database &db, const Xapian::Query &query, const nx_search_request_t &request)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    return enquire.get_mset(request.offset, request.limit > MAX_LIMIT ? MAX_LIMIT : request.limit);
}

/* One attempt at the whole search against the handle's current revision. */
std::unique_ptr<nx_results> search_once(const Xapian::Database &db, const nx_search_request_t &request)
{
    auto results = std::make_unique<nx_results>();
    Xapian::QueryParser parser = make_query_parser(db);
    Xapian::Query query = parser.parse_query(request.query, query_flags());
    Xapian::MSet mset = run_query(db, query, request);

    if (mset.get_matches_upper_bound() == 0 && distinct_terms(query) > 1) {
        parser.set_default_op(Xapian::Query::OP_OR);
        Xapian::Query any = parser.parse_query(request.query, query_flags());
        /* Explicit operators, phrases and filters survive the switch; rerun only if something changed. */
        if (any.get_description() != query.get_description()) {
            query = any;
            mset = run_query(db, query, request);
            results->relaxed = true;
        }
    }

    results->parsed_query = query.get_description();
    results->estimate = mset.get_matches_estimated();
    results->hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        results->hits.push_back(make_hit(mset, it, request));
    return results;
}

} // namespace

extern "C" {

nx_status_t nx_db_search(nx_db_t *db, const nx_search_request_t *request, nx_results_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    if (!request)
        return fail(NX_ERR_INVALID_ARG, db->error, "search request is NULL");
    if (!request->query || is_whitespace_only(request->query))
        return fail(NX_ERR_INVALID_ARG, db->error, "empty query");
    if (strnlen(request->query, MAX_QUERY_BYTES + 1) > MAX_QUERY_BYTES)
        return fail(NX_ERR_INVALID_ARG, db->error, "query is longer than 8192 bytes");
    try {
        /* A writer may commit (and recycle the blocks we read) at any moment:
         * follow it to the newest revision, and once more if it moves under us. */
        for (int attempt = 0;; attempt++) {
            try {
                db->db.reopen();
                *out = search_once(db->db, *request).release();
                return NX_OK;
            } catch (const Xapian::DatabaseModifiedError &) {
                if (attempt > 0)
                    throw;
            }
        }
    } catch (...) {
        return status_from_exception(db->error, "searching for", request->query);
    }
}

const char *nx_results_parsed_query(const nx_results_t *results)
{
    return results ? results->parsed_query.c_str() : "";
}

int nx_results_relaxed(const nx_results_t *results)
{
    return results && results->relaxed;
}

uint64_t nx_results_estimate(const nx_results_t *results)
{
    return results ? results->estimate : 0;
}

size_t nx_results_count(const nx_results_t *results)
{
    return results ? results->hits.size() : 0;
}

nx_status_t nx_results_hit(const nx_results_t *results, size_t i, nx_hit_t *hit)
{
    if (!results || !hit || i >= results->hits.size())
        return NX_ERR_INVALID_ARG;
    const nx_stored_hit &stored = results->hits[i];
    hit->learner = stored.learner.c_str();
    hit->cohort = stored.cohort.c_str();
    hit->repo_url = stored.repo_url.c_str();
    hit->path = stored.path.c_str();
    hit->heading_path = stored.heading_path.c_str();
    hit->anchor = stored.anchor.c_str();
    hit->commit = stored.commit.c_str();
    hit->commit_time = stored.commit_time;
    hit->score = stored.score;
    hit->percent = stored.percent;
    hit->snippet = stored.snippet.c_str();
    return NX_OK;
}

void nx_results_free(nx_results_t *results)
{
    delete results;
}

} // extern "C"
