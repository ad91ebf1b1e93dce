/* Boolean evaluation of a query over posting lists (see match_set.h): leaves become bitmaps of
 * their postings, operators combine bitmaps word by word. */
#include "match_set.h"

#include <iterator>

namespace nx_shim {

void DocSet::intersect(const DocSet &other)
{
    for (size_t w = 0; w < words_.size(); w++)
        words_[w] &= other.words_[w];
}

void DocSet::unite(const DocSet &other)
{
    for (size_t w = 0; w < words_.size(); w++)
        words_[w] |= other.words_[w];
}

void DocSet::subtract(const DocSet &other)
{
    for (size_t w = 0; w < words_.size(); w++)
        words_[w] &= ~other.words_[w];
}

size_t DocSet::count() const
{
    size_t n = 0;
    for (uint64_t word : words_)
        n += static_cast<size_t>(__builtin_popcountll(word));
    return n;
}

namespace {

/* Every document posting `term`; the empty term lists every document (MatchAll). */
std::unique_ptr<DocSet> postings(const Xapian::Database &db, const std::string &term, size_t size)
{
    auto set = std::make_unique<DocSet>(size);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        if (*it < size)
            set->insert(*it);
    }
    return set;
}

std::unique_ptr<DocSet> evaluate(const Xapian::Database &db, const Xapian::Query &query, size_t size);

/* Subqueries from `first` on, combined with `combine`; nullptr when any is not evaluable. */
std::unique_ptr<DocSet> combine_subqueries(const Xapian::Database &db, const Xapian::Query &query, size_t first,
                                           size_t size, void (DocSet::*combine)(const DocSet &))
{
    std::unique_ptr<DocSet> result;
    for (size_t i = first; i < query.get_num_subqueries(); i++) {
        std::unique_ptr<DocSet> part = evaluate(db, query.get_subquery(i), size);
        if (!part)
            return nullptr;
        if (!result)
            result = std::move(part);
        else
            ((*result).*combine)(*part);
    }
    return result ? std::move(result) : std::make_unique<DocSet>(size);
}

std::unique_ptr<DocSet> evaluate(const Xapian::Database &db, const Xapian::Query &query, size_t size)
{
    switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return postings(db, *query.get_terms_begin(), size);
    case Xapian::Query::LEAF_MATCH_ALL:
        return postings(db, std::string(), size);
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::make_unique<DocSet>(size);
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return combine_subqueries(db, query, 0, size, &DocSet::intersect);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        return combine_subqueries(db, query, 0, size, &DocSet::unite);
    case Xapian::Query::OP_AND_NOT: {
        std::unique_ptr<DocSet> kept = evaluate(db, query.get_subquery(0), size);
        std::unique_ptr<DocSet> dropped = combine_subqueries(db, query, 1, size, &DocSet::unite);
        if (!kept || !dropped)
            return nullptr;
        kept->subtract(*dropped);
        return kept;
    }
    case Xapian::Query::OP_AND_MAYBE:    /* the optional part only adds weight */
    case Xapian::Query::OP_SCALE_WEIGHT: /* one subquery, weights scaled */
        return evaluate(db, query.get_subquery(0), size);
    default:
        return nullptr;
    }
}

} // namespace

/* Each leaf costs a bitmap as large as the index (70 kB at 10k learners): a query typed as a
 * paragraph goes to the matcher instead. */
constexpr long MAX_LEAVES = 64;

std::unique_ptr<DocSet> match_set(const Xapian::Database &db, const Xapian::Query &query)
{
    if (std::distance(query.get_terms_begin(), query.get_terms_end()) > MAX_LEAVES)
        return nullptr;
    return evaluate(db, query, static_cast<size_t>(db.get_lastdocid()) + 1);
}

std::unique_ptr<DocSet> matching_docs(const Xapian::Database &db, const Xapian::Query &query)
{
    if (std::unique_ptr<DocSet> set = match_set(db, query))
        return set;
    const Xapian::doccount size = db.get_lastdocid() + 1;
    auto set = std::make_unique<DocSet>(size);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it) {
        if (*it < size)
            set->insert(*it);
    }
    return set;
}

} // namespace nx_shim
