/* Boolean evaluation of a query over posting lists (see match_set.h): leaves become bitmaps of
 * their postings, operators combine bitmaps word by word. */
#include "match_set.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <string>

#include "posting_cache.h"

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

/* Beyond this many documents holding every word of a phrase (and not matched otherwise), reading
 * their positions one by one costs more than the matcher's pass. */
constexpr size_t MAX_PHRASE_CANDIDATES = 2000;

/* One evaluation: the posting bitmaps of terms already read (a query built from a thesaurus repeats
 * the same groups and terms), and those of earlier searches when a cache is given. */
class Evaluation {
  public:
    Evaluation(const Xapian::Database &db, size_t size, PostingCache *cache) : db_(db), size_(size), cache_(cache) {}

    std::unique_ptr<DocSet> evaluate(const Xapian::Query &query);

  private:
    /* Every document posting `term`; the empty term lists every document (MatchAll). */
    const DocSet &postings(const std::string &term);
    /* Subqueries from `first` on, combined with `combine`; nullptr when any is not evaluable. */
    std::unique_ptr<DocSet> combine(const Xapian::Query &query, size_t first, void (DocSet::*how)(const DocSet &));
    /* OR, SYNONYM, MAX: the other subqueries first, then each phrase checked only on documents they
     * did not already match. */
    std::unique_ptr<DocSet> unite(const Xapian::Query &query);
    /* Adds to `result` the documents outside it where `phrase` matches; false when it cannot be
     * evaluated here (subqueries that are not terms, too many candidates). */
    bool add_phrase(const Xapian::Query &phrase, DocSet &result);
    std::vector<Xapian::termpos> positions(Xapian::docid did, const std::string &term) const;

    /* The bitmap of `term` read from its posting list. */
    std::shared_ptr<const DocSet> read_postings(const std::string &term) const;

    const Xapian::Database &db_;
    size_t size_;
    PostingCache *cache_; /* may be nullptr */
    std::map<std::string, std::shared_ptr<const DocSet>> postings_;
};

std::shared_ptr<const DocSet> Evaluation::read_postings(const std::string &term) const
{
    auto set = std::make_shared<DocSet>(size_);
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
        if (*it < size_)
            set->insert(*it);
    }
    return set;
}

const DocSet &Evaluation::postings(const std::string &term)
{
    std::shared_ptr<const DocSet> &set = postings_[term];
    if (set)
        return *set;
    if (cache_)
        set = cache_->find(term);
    if (set && set->bytes() == (size_ + 63) / 64 * sizeof(uint64_t))
        return *set;
    set = read_postings(term);
    /* The empty term (MatchAll) is every document: its "term frequency" is the document count. */
    if (cache_ && PostingCache::worth_keeping(term.empty() ? db_.get_doccount() : db_.get_termfreq(term), size_))
        cache_->keep(term, set);
    return *set;
}

std::unique_ptr<DocSet> Evaluation::combine(const Xapian::Query &query, size_t first,
                                            void (DocSet::*how)(const DocSet &))
{
    std::unique_ptr<DocSet> result;
    for (size_t i = first; i < query.get_num_subqueries(); i++) {
        std::unique_ptr<DocSet> part = evaluate(query.get_subquery(i));
        if (!part)
            return nullptr;
        if (!result)
            result = std::move(part);
        else
            ((*result).*how)(*part);
    }
    return result ? std::move(result) : std::make_unique<DocSet>(size_);
}

std::unique_ptr<DocSet> Evaluation::unite(const Xapian::Query &query)
{
    auto result = std::make_unique<DocSet>(size_);
    std::vector<Xapian::Query> phrases;
    for (size_t i = 0; i < query.get_num_subqueries(); i++) {
        const Xapian::Query sub = query.get_subquery(i);
        if (sub.get_type() == Xapian::Query::OP_PHRASE) {
            phrases.push_back(sub);
            continue;
        }
        std::unique_ptr<DocSet> part = evaluate(sub);
        if (!part)
            return nullptr;
        result->unite(*part);
    }
    for (const Xapian::Query &phrase : phrases) {
        if (!add_phrase(phrase, *result))
            return nullptr;
    }
    return result;
}

/* The window of a phrase: Xapian 1.4 has no accessor for it, its description shows it
 * ("(unit PHRASE 3 tests)"). 0 when it cannot be read. */
Xapian::termcount phrase_window(const Xapian::Query &phrase)
{
    const std::string description = phrase.get_description();
    const std::string marker = " PHRASE ";
    const size_t at = description.find(marker);
    if (at == std::string::npos)
        return 0;
    Xapian::termcount window = 0;
    for (size_t i = at + marker.size(); i < description.size(); i++) {
        if (!isdigit(static_cast<unsigned char>(description[i])))
            break;
        window = window * 10 + static_cast<Xapian::termcount>(description[i] - '0');
    }
    return window;
}

/* Whether the terms, with these positions, occur in order within `window` positions, as Xapian's
 * PhrasePostList (and ExactPhrasePostList, window = number of terms) decides: for a position of the
 * first term, each next term's first position after the previous one, the span at most `window`. */
bool phrase_at(const std::vector<std::vector<Xapian::termpos>> &positions, Xapian::termcount window)
{
    for (Xapian::termpos base : positions[0]) {
        Xapian::termpos pos = base;
        for (size_t i = 1; i < positions.size(); i++) {
            auto next = std::upper_bound(positions[i].begin(), positions[i].end(), pos);
            if (next == positions[i].end())
                return false; /* a later base cannot find a later position either */
            pos = *next;
        }
        if (pos - base < window)
            return true;
    }
    return false;
}

std::vector<Xapian::termpos> Evaluation::positions(Xapian::docid did, const std::string &term) const
{
    return std::vector<Xapian::termpos>(db_.positionlist_begin(did, term), db_.positionlist_end(did, term));
}

bool Evaluation::add_phrase(const Xapian::Query &phrase, DocSet &result)
{
    std::vector<std::string> terms;
    for (size_t i = 0; i < phrase.get_num_subqueries(); i++) {
        const Xapian::Query sub = phrase.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM)
            return false;
        terms.push_back(*sub.get_terms_begin());
        if (terms.back().empty() || terms.back().find(' ') != std::string::npos)
            return false; /* the window is read from a description such a term could confuse */
    }
    const Xapian::termcount window = phrase_window(phrase);
    if (terms.size() < 2 || window < terms.size())
        return false;
    DocSet candidates = postings(terms[0]);
    for (size_t i = 1; i < terms.size(); i++)
        candidates.intersect(postings(terms[i]));
    candidates.subtract(result);
    if (candidates.count() > MAX_PHRASE_CANDIDATES)
        return false;
    std::vector<Xapian::docid> matched;
    candidates.each([&](Xapian::docid did) {
        std::vector<std::vector<Xapian::termpos>> where;
        for (const std::string &term : terms)
            where.push_back(positions(did, term));
        if (phrase_at(where, window))
            matched.push_back(did);
    });
    for (Xapian::docid did : matched)
        result.insert(did);
    return true;
}

std::unique_ptr<DocSet> Evaluation::evaluate(const Xapian::Query &query)
{
    switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
        return std::make_unique<DocSet>(postings(*query.get_terms_begin()));
    case Xapian::Query::LEAF_MATCH_ALL:
        return std::make_unique<DocSet>(postings(std::string()));
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::make_unique<DocSet>(size_);
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return combine(query, 0, &DocSet::intersect);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        return unite(query);
    case Xapian::Query::OP_AND_NOT: {
        std::unique_ptr<DocSet> kept = evaluate(query.get_subquery(0));
        std::unique_ptr<DocSet> dropped = combine(query, 1, &DocSet::unite);
        if (!kept || !dropped)
            return nullptr;
        kept->subtract(*dropped);
        return kept;
    }
    case Xapian::Query::OP_AND_MAYBE:    /* the optional part only adds weight */
    case Xapian::Query::OP_SCALE_WEIGHT: /* one subquery, weights scaled */
        return evaluate(query.get_subquery(0));
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
    return match_set(db, query, nullptr);
}

std::unique_ptr<DocSet> match_set(const Xapian::Database &db, const Xapian::Query &query, PostingCache *cache)
{
    if (std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()) > MAX_LEAVES)
        return nullptr;
    return Evaluation(db, static_cast<size_t>(db.get_lastdocid()) + 1, cache).evaluate(query);
}

std::unique_ptr<DocSet> matching_docs(const Xapian::Database &db, const Xapian::Query &query, bool remote,
                                      PostingCache *cache)
{
    if (!remote) {
        if (std::unique_ptr<DocSet> set = match_set(db, query, cache))
            return set;
    }
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
