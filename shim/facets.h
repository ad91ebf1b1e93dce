/* Private: counting distinct learners per technology, kind and cohort over a whole match set,
 * and matches per learner, from the facet columns (facet_columns.h). */
#ifndef NX_SHIM_FACETS_H
#define NX_SHIM_FACETS_H

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"
#include "handles.h"

namespace nx_shim {

/* One bit per (facet value, learner): a learner counts once per value however many of its
 * documents carry it, and a test-and-set costs no hashing. */
class LearnerSets {
  public:
    LearnerSets(size_t n_values, size_t n_learners);
    /* Adds `learner` to the set of `value`; counts it if it was not there yet. Inline: it runs for every
     * value of every match (a call each was a fifth of counting at 10k learners). */
    void add(uint32_t value, uint32_t learner)
    {
        if (value >= counts_.size())
            return;
        uint64_t &word = bits_[value * words_per_value_ + learner / 64];
        const uint64_t bit = uint64_t{1} << (learner % 64);
        if (word & bit)
            return;
        word |= bit;
        counts_[value]++;
    }
    /* Values with at least one learner, most learners first (ties by name). */
    std::vector<nx_facet_value> ranked(const Dictionary &names) const;

  private:
    size_t words_per_value_;
    std::vector<uint64_t> bits_;
    std::vector<uint64_t> counts_;
};

class FacetCounter {
  public:
    /* `columns` must outlive the counter and describe the revision the matches come from. Without
     * `with_facets` only matches per learner are counted (grouping needs nothing else). */
    FacetCounter(const FacetColumns &columns, bool with_facets);

    /* Counts one matching document. */
    void add(Xapian::docid did);
    /* Counts `matches` matching documents of the learner with this lowercased name (slot 13) at once, as
     * that many add() calls would: for a counter without facets only (their values need each document). */
    void add_learner_matches(const std::string &learner_key, uint64_t matches);
    bool with_facets() const { return with_facets_; }

    uint64_t matches() const { return matches_; }
    uint64_t learner_total() const { return learner_total_; }
    /* Matching documents of the learner with this lowercased name (0 when none). */
    uint64_t matches_of(const std::string &learner_key) const;
    /* Facet "tech", "kind" or "cohort": values, most learners first, ties by value. */
    std::map<std::string, std::vector<nx_facet_value>> facets() const;

  private:
    const FacetColumns &columns_;
    bool with_facets_;
    uint64_t matches_ = 0, learner_total_ = 0;
    std::vector<uint64_t> learner_matches_;
    LearnerSets techs_, kinds_, cohorts_;
};

/* Shows the matcher's every match to a FacetCounter. For a single local database only: a spy sees
 * the docids of the shard a match comes from, and xapian-tcpsrv shards cannot run it at all. */
class FacetCounterSpy : public Xapian::MatchSpy {
  public:
    explicit FacetCounterSpy(FacetCounter &counter) : counter_(counter) {}
    void operator()(const Xapian::Document &doc, double) override { counter_.add(doc.get_docid()); }

  private:
    FacetCounter &counter_;
};

} // namespace nx_shim

#endif
