/* Searching sections (or challenge/solution pairs) through the C API: the user's query under
 * facet filters, learner facet counts, grouping by learner, and results that own all their strings. */
#include <cctype>
#include <cstring>
#include <iterator>
#include <memory>

#include "errors.h"
#include "facets.h"
#include "handles.h"
#include "hits.h"
#include "query.h"
#include "schema.h"

using namespace nx_shim;

namespace {

constexpr unsigned MAX_LIMIT = 1000;
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

/* The document type and the facet filters: OR within one list, AND across lists. */
Xapian::Query request_filter(const nx_search_request_t &request)
{
    std::vector<Xapian::Query> parts;
    parts.emplace_back(type_term(request.challenges ? TYPE_CHALLENGE : TYPE_SECTION));
    const Xapian::Query lists[] = {
        any_of(request.techs, request.n_techs, mention_term),
        any_of(request.kinds, request.n_kinds, kind_term),
        any_of(request.learners, request.n_learners, learner_term),
        any_of(request.cohorts, request.n_cohorts, cohort_term),
    };
    for (const Xapian::Query &list : lists) {
        if (list.get_type() != Xapian::Query::LEAF_MATCH_ALL)
            parts.push_back(list);
    }
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

/* The spy's counts without running it inside the matcher: xapian-tcpsrv shards cannot run a
 * MatchSpy they do not know by name, so every matching document is fetched and shown to it. Exact,
 * but slower over the network. */
void spy_by_fetching(const Xapian::Database &db, const Xapian::Query &query, LearnerFacetSpy &spy)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it)
        spy(it.get_document(), 0);
}

/* One attempt at the whole search against the handle's current revision. */
std::unique_ptr<nx_results> search_once(const Xapian::Database &db, const nx_search_request_t &request)
{
    auto results = std::make_unique<nx_results>();
    const Xapian::Query filter = request_filter(request);
    resolved_query resolved = resolve_query(db, request.query, filter);

    Xapian::Enquire enquire(db);
    enquire.set_query(filtered(resolved.query, filter));
    /* Facets and groups must see every match to count learners exactly. */
    const bool whole_set = request.facets || request.group_by_learner;
    LearnerFacetSpy spy;
    if (whole_set)
        enquire.add_matchspy(&spy);
    if (request.group_by_learner)
        enquire.set_collapse_key(SLOT_LEARNER_KEY);
    const Xapian::doccount limit = request.limit > MAX_LIMIT ? MAX_LIMIT : request.limit;
    Xapian::MSet mset;
    try {
        mset = enquire.get_mset(request.offset, limit, whole_set ? db.get_doccount() : 0);
    } catch (const Xapian::UnimplementedError &) {
        if (!whole_set)
            throw;
        enquire.clear_matchspies();
        mset = enquire.get_mset(request.offset, limit, db.get_doccount());
        spy_by_fetching(db, filtered(resolved.query, filter), spy);
    }

    results->parsed_query = resolved.query.get_description();
    results->relaxed = resolved.relaxed;
    results->corrected_query = resolved.corrected;
    results->did_you_mean = resolved.did_you_mean;
    results->estimate = mset.get_matches_estimated();
    if (whole_set) {
        results->learner_total = spy.learner_total();
        results->facets = spy.facets();
    }
    const snippet_style style = {request.snippet_len, request.mark_open, request.mark_close};
    results->hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        results->hits.push_back(make_hit(mset, it, style));
        if (whole_set)
            results->hits.back().learner_matches = spy.matches_of(lowercase(results->hits.back().learner));
    }
    return results;
}

const std::vector<nx_facet_value> *facet_values(const nx_results_t *results, const char *facet)
{
    if (!results || !facet)
        return nullptr;
    auto found = results->facets.find(facet);
    return found == results->facets.end() ? nullptr : &found->second;
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
    fill_hit(results->hits[i], hit);
    return NX_OK;
}

void nx_results_free(nx_results_t *results)
{
    delete results;
}

const char *nx_results_corrected_query(const nx_results_t *results)
{
    return results ? results->corrected_query.c_str() : "";
}

const char *nx_results_did_you_mean(const nx_results_t *results)
{
    return results ? results->did_you_mean.c_str() : "";
}

uint64_t nx_results_learner_total(const nx_results_t *results)
{
    return results ? results->learner_total : 0;
}

size_t nx_results_facet_count(const nx_results_t *results, const char *facet)
{
    const std::vector<nx_facet_value> *values = facet_values(results, facet);
    return values ? values->size() : 0;
}

nx_status_t nx_results_facet(const nx_results_t *results, const char *facet, size_t i, const char **value,
                             uint64_t *learners)
{
    const std::vector<nx_facet_value> *values = facet_values(results, facet);
    if (!values || i >= values->size() || !value || !learners)
        return NX_ERR_INVALID_ARG;
    *value = (*values)[i].value.c_str();
    *learners = (*values)[i].learners;
    return NX_OK;
}

} // extern "C"
