/* Searching sections (or challenge/solution pairs) through the C API: the user's query under
 * facet filters, learner facet counts, grouping by learner, and results that own all their strings. */
#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>
#include <memory>

#include "errors.h"
#include "facet_columns.h"
#include "facets.h"
#include "handles.h"
#include "hits.h"
#include "match_set.h"
#include "matching.h"
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

/* The facet filters (OR within one list, AND across lists) and the document type. Challenge
 * documents are few, so they are filtered in; sections are most of the index, so the few other
 * documents are excluded instead: a filter on a term every section carries would skip through
 * a posting list as long as the index on every search. */
search_scope request_scope(const nx_search_request_t &request)
{
    std::vector<Xapian::Query> parts;
    if (request.challenges)
        parts.emplace_back(type_term(TYPE_CHALLENGE));
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
    search_scope scope;
    if (!parts.empty())
        scope.filter = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    if (!request.challenges)
        scope.excluded = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(type_term(TYPE_CHALLENGE)),
                                       Xapian::Query(type_term(TYPE_LEARNER)));
    return scope;
}

/* Every match's docid from the MSet itself: slower than a spy (the MSet holds every match), but
 * right where a spy is not: xapian-tcpsrv shards cannot run a spy they do not know by name, and in
 * a union of shards a spy sees each shard's own docids, not the union's. */
void count_from_mset(Xapian::Enquire &enquire, Xapian::doccount doccount, FacetCounter &counter)
{
    const Xapian::MSet all = enquire.get_mset(0, doccount);
    for (auto it = all.begin(); it != all.end(); ++it)
        counter.add(*it);
}

/* Matches per learner counted by shards behind xapian-tcpsrv themselves: each runs Xapian's own
 * ValueCountMatchSpy over the learner slot (xapian-tcpsrv knows it by name and the front merges the
 * shards' counts), so one count per learner comes back, not every match. */
void count_learners_on_shards(const Xapian::Database &db, const Xapian::Query &query, FacetCounter &counter)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(SLOT_LEARNER_KEY);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        counter.add_learner_matches(*it, it.get_termfreq());
}

/* Shows every document matching `query` to `counter`: from posting lists when the query is
 * boolean (match_set.h), else by an unweighted pass of the matcher; over remote shards always by the
 * shards' own matcher (matching_docs()), which counts per learner itself when no facet is asked.
 * Either way the ranked page is a separate, early-terminating pass. */
void count_all_matches(nx_db &handle, const Xapian::Query &query, FacetCounter &counter)
{
    const Xapian::Database &db = handle.db;
    if (handle.remote()) {
        if (counter.with_facets())
            matching_docs(db, query, true)->each([&counter](Xapian::docid did) { counter.add(did); });
        else
            count_learners_on_shards(db, query, counter);
        return;
    }
    if (std::unique_ptr<DocSet> matches = match_set(handle.db, query, &handle.postings)) {
        matches->each([&counter](Xapian::docid did) { counter.add(did); });
        return;
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (db.size() != 1) {
        count_from_mset(enquire, db.get_doccount(), counter);
        return;
    }
    FacetCounterSpy spy(counter);
    enquire.add_matchspy(&spy);
    try {
        enquire.get_mset(0, 0, db.get_doccount());
    } catch (const Xapian::UnimplementedError &) {
        enquire.clear_matchspies();
        count_from_mset(enquire, db.get_doccount(), counter);
    }
}

/* Facet counts and per-learner match counts over every match, which `show(counter)` shows the counter. */
template <class Show>
std::unique_ptr<FacetCounter> count_whole_set(nx_db &handle, const nx_search_request_t &request, Show show,
                                              nx_results &results)
{
    auto counter = std::make_unique<FacetCounter>(handle.facet_columns(), request.facets != 0);
    show(*counter);
    results.estimate = request.group_by_learner ? counter->learner_total() : counter->matches();
    results.learner_total = counter->learner_total();
    if (request.facets)
        results.facets = counter->facets();
    return counter;
}

/* The page's hits, their documents read through the handle's cache of hit sources. */
void add_hits(nx_db &handle, const Xapian::MSet &mset, const snippet_style &style, const FacetCounter *counter,
              nx_results &results)
{
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        results.hits.push_back(make_hit(it, style, handle.hits.get(handle.db, *it)));
        if (counter)
            results.hits.back().learner_matches = counter->matches_of(lowercase(results.hits.back().learner));
    }
}

/* How the hits of `mset`, the match set of `query`, are highlighted. */
snippet_style style_of(nx_db &handle, const nx_search_request_t &request, const Xapian::MSet &mset,
                       const Xapian::Query &query)
{
    return snippet_style{request.snippet_len, request.mark_open, request.mark_close,
                         std::make_shared<Highlighter>(mset, query, &handle.stems)};
}

Xapian::doccount page_limit(const nx_search_request_t &request)
{
    return request.limit > MAX_LIMIT ? MAX_LIMIT : request.limit;
}

/* One ranked pass over `query` (without the scope): a query in the syntax, or a question of one tier. */
void ranked_pass(nx_db &handle, const nx_search_request_t &request, const Xapian::Query &query_text,
                 const search_scope &scope, nx_results &results)
{
    const Xapian::Query query = scope.apply(query_text);
    Xapian::Enquire enquire(handle.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(ranked_weighting());
    if (request.group_by_learner)
        enquire.set_collapse_key(SLOT_LEARNER_KEY);
    const Xapian::MSet mset = enquire.get_mset(request.offset, page_limit(request));
    results.parsed_query = query_text.get_description();
    results.estimate = mset.get_matches_estimated();
    /* Facets and per-learner match counts need every match, counted exactly. */
    std::unique_ptr<FacetCounter> counter;
    if (request.facets || request.group_by_learner)
        counter = count_whole_set(
            handle, request, [&](FacetCounter &c) { count_all_matches(handle, query, c); }, results);
    add_hits(handle, mset, style_of(handle, request, mset, query), counter.get(), results);
}

/* The page of a plain-language question: its tiers in order (all words, then fewer), each ranked
 * by BM25, the page cut across them by their exact sizes. */
void plain_page(nx_db &handle, const PlainQuery &plain, const std::vector<size_t> &at_least,
                unsigned last, const search_scope &scope, const nx_search_request_t &request, nx_results &results)
{
    const size_t first = request.offset, end = first + page_limit(request);
    size_t before = 0; /* documents in the tiers before this one */
    for (unsigned tier = 0; tier <= last && before < end; tier++) {
        const size_t size = at_least[tier] - (tier ? at_least[tier - 1] : 0);
        if (first < before + size) {
            const size_t skip = first > before ? first - before : 0;
            const size_t take = std::min(size - skip, end - std::max(first, before));
            const Xapian::Query query = scope.apply(plain.tier_query(tier));
            Xapian::Enquire enquire(handle.db);
            enquire.set_query(query);
            enquire.set_weighting_scheme(ranked_weighting());
            const Xapian::MSet mset =
                enquire.get_mset(static_cast<Xapian::doccount>(skip), static_cast<Xapian::doccount>(take));
            add_hits(handle, mset, style_of(handle, request, mset, query), nullptr, results);
        }
        before += size;
    }
}

/* A question in plain words: tiers of matching (matching.h), as many as it takes to find the
 * request's drop threshold of documents. Grouped by learner, one pass ranks every document with
 * the last tier's words, the dropped words adding weight. */
void search_plain(nx_db &handle, const nx_search_request_t &request, const resolved_query &resolved,
                  const search_scope &scope, nx_results &results)
{
    PlainQuery plain(handle.words, resolved.text, request.matching);
    results.terms[NX_TERMS_IGNORED] = plain.ignored();
    if (plain.tier_count() == 1) {
        results.terms[NX_TERMS_MATCHED] = plain.texts(plain.all());
        ranked_pass(handle, request, plain.all_of(plain.all()), scope, results);
        return;
    }
    plain.count_documents(handle.db, handle.remote(), scope, &handle.postings);
    std::vector<size_t> at_least; /* documents having every word tier j requires, tiers 0..last */
    std::unique_ptr<DocSet> shown; /* those of the last tier counted: every document the answer holds */
    const unsigned last = plain.last_tier(drop_threshold_of(request.drop_threshold), [&](unsigned tier) {
        shown = plain.docs_with(plain.required(tier));
        at_least.push_back(shown->count());
        return at_least.back();
    });
    const concept_mask needed = plain.required(last);
    const Xapian::Query ranked =
        plain.size() ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, plain.all_of(needed), plain.any_of(plain.all() & ~needed))
                     : Xapian::Query(Xapian::Query::MatchNothing);
    results.parsed_query = ranked.get_description();
    results.relaxed = last > 0;
    results.estimate = at_least[last];
    results.terms[NX_TERMS_MATCHED] = plain.texts(needed);
    results.terms[NX_TERMS_DROPPED] = plain.texts(plain.all() & ~needed);
    std::unique_ptr<FacetCounter> counter;
    if (request.facets || request.group_by_learner)
        counter = count_whole_set(
            handle, request, [&](FacetCounter &c) { shown->each([&c](Xapian::docid did) { c.add(did); }); }, results);
    if (!request.group_by_learner) {
        plain_page(handle, plain, at_least, last, scope, request, results);
        return;
    }
    const Xapian::Query query = scope.apply(ranked);
    Xapian::Enquire enquire(handle.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(ranked_weighting());
    enquire.set_collapse_key(SLOT_LEARNER_KEY);
    const Xapian::MSet mset = enquire.get_mset(request.offset, page_limit(request));
    add_hits(handle, mset, style_of(handle, request, mset, query), counter.get(), results);
}

/* One attempt at the whole search against the handle's current revision. */
std::unique_ptr<nx_results> search_once(nx_db &handle, const nx_search_request_t &request)
{
    const search_scope scope = request_scope(request);
    /* Relaxing needs to know whether anything matches every word: a ranked page with hits says so, so
     * the matches are counted only when the page is empty (1 in 20 of a search's CPU spared otherwise). */
    resolved_query resolved = resolve_query(handle.db, handle.words, request.query, scope, false);
    auto answer = [&](const resolved_query &searched) {
        auto results = std::make_unique<nx_results>();
        results->corrected_query = searched.corrected;
        results->did_you_mean = searched.corrected;
        if (searched.plain) {
            search_plain(handle, request, searched, scope, *results);
        } else {
            results->relaxed = searched.relaxed;
            ranked_pass(handle, request, searched.query, scope, *results);
        }
        return results;
    };
    std::unique_ptr<nx_results> results = answer(resolved);
    if (results->hits.empty() && may_need_relaxing(resolved) &&
        relax_if_unmatched(handle.db, handle.words, scope, resolved))
        results = answer(resolved);
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
        *out = db->at_newest_revision([&] { return search_once(*db, *request); }).release();
        return NX_OK;
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

const char *nx_results_terms(const nx_results_t *results, nx_term_role_t role)
{
    if (!results || role < NX_TERMS_MATCHED || role > NX_TERMS_IGNORED)
        return "";
    return results->terms[role].c_str();
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
