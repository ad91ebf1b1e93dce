/* Private: plain-language questions. A question typed in plain words ("cors error between frontend
 * and backend") is split into concepts — a word, a technology name or a thesaurus key of several words
 * (concept_at in matching.cc) — and function words, which need not match. Results that have every
 * concept come first, then progressively fewer, the least informative concept dropped first:
 * Meilisearch's matchingStrategy
 * ("frequency", "last", "all") with Typesense's drop_tokens_threshold. Xapian 1.4 has no
 * minimum-should-match operator (OP_ELITE_SET is plain OR under 10 terms, BM25Weight has no
 * coordination factor), so the tiers are built here from each concept's set of documents. */
#ifndef NX_SHIM_MATCHING_H
#define NX_SHIM_MATCHING_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "match_set.h"
#include "nx_index.h"
#include "query.h"

namespace nx_shim {

/* One thing a question asks about. */
struct query_concept {
    std::string text;              /* the words as typed, lowercased ("postgres", "django rest framework") */
    Xapian::Query query;           /* what it matches: its stem, synonyms, technology mention term */
    std::string tech;              /* taxonomy id when it names a technology, else "" */
    /* The thesaurus's documentation words for it (owned by the thesaurus), or nullptr. */
    const std::vector<std::string> *expansions = nullptr;
    /* Set by PlainQuery::count_documents(): */
    std::unique_ptr<DocSet> docs;  /* documents in scope matching it */
    Xapian::doccount frequency = 0;
    double idf = 0;                /* log of how rare it is: its share of the question's information */
};

/* Words are dropped while fewer results than this were found: the request's, or the default. */
inline uint64_t drop_threshold_of(unsigned requested)
{
    return requested ? requested : NX_DROP_THRESHOLD_DEFAULT;
}

/* Bit i: concept i. */
using concept_mask = uint32_t;
constexpr size_t MAX_CONCEPTS = 16;
constexpr size_t MIN_CONCEPTS_FOR_SLACK = 3;
/* Words from which a query with no function word is still read as a question in words (PlainQuery). */
constexpr size_t MIN_WORDS_OF_A_SENTENCE = 5;
/* In a phrased question, the share of its rarity an undocumented concept (see PlainQuery::coverage) keeps. */
constexpr double ASKERS_WORD_SHARE = 0.25;

class PlainQuery {
  public:
    /* Splits `text` into concepts, reading technology names and their synonyms from `words` (the
     * index's words database, nx_db::words). Xapian exceptions propagate. */
    PlainQuery(const Xapian::Database &words, const std::string &text, nx_matching_t strategy);

    /* Finds each concept's documents within `scope` (the documents searched), which everything
     * below but all_of/any_of/texts/ignored/tier_count needs. Why a step of its own: a question of one
     * tier (one concept, or "all") is one ranked pass, and a bitmap per concept is a walk of its
     * posting lists that pass never makes. `remote`: whether `db` has shards behind xapian-tcpsrv
     * (matching_docs()); `cache`: the handle's posting bitmaps of `db`'s revision, or nullptr. */
    void count_documents(const Xapian::Database &db, bool remote, const search_scope &scope,
                         PostingCache *cache = nullptr);

    size_t size() const { return concepts_.size(); }
    const query_concept &at(size_t i) const { return concepts_[i]; }
    concept_mask all() const { return size() ? static_cast<concept_mask>((uint64_t{1} << size()) - 1) : 0; }

    /* The concepts a document matches. */
    concept_mask mask_of(Xapian::docid did) const;

    /* Tier j requires every concept but the first j of the drop order; tier_count() tiers in all
     * (1 under "all"). A concept no document has is dropped before any other. */
    unsigned tier_count() const;
    concept_mask required(unsigned tier) const;
    /* How many of the concepts some document has that `mask` lacks (0..size()), or tier_count()
     * past the last tier: under "all", anything short of every concept. */
    unsigned missing_count(concept_mask mask) const;
    /* The last tier to show: tiers are added while fewer than `threshold` results have been found;
     * `found(tier)` counts the results that tier admits (with those of the tiers before), and is
     * asked of each tier up to the one returned, in order, that one last. */
    template <class Count> unsigned last_tier(uint64_t threshold, Count found) const
    {
        unsigned tier = 0;
        while (found(tier) < threshold && tier + 1 < tier_count())
            tier++;
        return tier;
    }

    /* AND of the concepts in `mask`; OR of them (MatchNothing for an empty mask). */
    Xapian::Query all_of(concept_mask mask) const { return combined(mask, Xapian::Query::OP_AND); }
    Xapian::Query any_of(concept_mask mask) const { return combined(mask, Xapian::Query::OP_OR); }
    /* Documents of tier `tier` exactly, ranked: every concept required there, not the one dropped
     * to reach it, and the concepts dropped before adding weight where present. */
    Xapian::Query tier_query(unsigned tier) const;
    /* Concept i's words in the heading-path field (the query prefix heading:): the sections whose
     * heading or a parent heading names it. */
    Xapian::Query heading_query(size_t i) const;
    /* The documents having every concept of `mask`, within the scope. */
    std::unique_ptr<DocSet> docs_with(concept_mask mask) const;

    /* The share of the question's information (idf) that `mask` holds, 0..1. In a phrased question a
     * concept that is neither a technology nor a thesaurus key ("split", "online", "customers", "wrong")
     * counts ASKERS_WORD_SHARE of its idf. Why: such a word is the asker's, and its rarity in the
     * documentation mostly says that peers do not write it ("split api results into pages": they write
     * "pagination"), not that the few sections having it answer better; at full weight a learner
     * missing it lost most of the question to one who had it in passing. Measured on the judged
     * questions compared on (24) and held-out 1 (12), nDCG@10: 0.797 and 0.693 at 1, 0.802 and 0.698 at
     * 0.5, 0.806 and 0.708 at 0.25, 0.809 and 0.700 at 0.1 (0 lets the word match nothing and left
     * questions short of answers). */
    double coverage(concept_mask mask) const;
    /* A question in words, as opposed to keywords: it has function words ("how", "to", "my"), even
     * inside a thesaurus phrase ("results into pages"), or MIN_WORDS_OF_A_SENTENCE words or more of
     * which some are the asker's own ("write clear git commit messages"). */
    bool phrased() const { return phrased_; }
    /* How many concepts a learner may miss and still share the first tier of /api/learners: 1 for a
     * phrased question of MIN_CONCEPTS_FOR_SLACK concepts or more under "frequency", else 0. Why:
     * a learner is a pile of documents written in their own words, and a question's wording is the
     * asker's; a peer who wrote a section on the subject but never used one of the asker's words
     * ("update the page live": "real-time updates" without "page") answers it better than one
     * whose many documents hold every word in passing. Keywords ("docker compose postgres redis") are
     * meant word for word and keep the strict tiers. Measured on the judged questions (nDCG@10,
     * held-out 12 and tuned 24): strict tiers 0.624 and 0.772, this 0.668 and 0.774. */
    unsigned learner_slack() const;
    /* The texts of the concepts in `mask`, comma-separated, in query order. */
    std::string texts(concept_mask mask) const;
    /* Function words left out, comma-separated. */
    const std::string &ignored() const { return ignored_; }

  private:
    /* Concept i is a technology or a thesaurus key: the documentation's vocabulary knows it. */
    bool documented(size_t i) const;
    Xapian::Query combined(concept_mask mask, Xapian::Query::op op) const;
    void add_concept(const Xapian::Database &db, const std::string &text);
    void order_drops();

    std::vector<query_concept> concepts_;
    std::vector<size_t> drop_order_; /* concept indexes, the first dropped first */
    nx_matching_t strategy_;
    std::string ignored_;
    bool phrased_ = false;
};

} // namespace nx_shim

#endif
