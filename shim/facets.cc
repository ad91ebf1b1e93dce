/* Facet counts of distinct learners (see facets.h): every matching document adds its learner
 * to the set of each technology, kind and cohort it carries, as bits. */
#include "facets.h"

#include <algorithm>

namespace nx_shim {

LearnerSets::LearnerSets(size_t n_values, size_t n_learners)
    : words_per_value_((n_learners + 63) / 64), bits_(n_values * words_per_value_), counts_(n_values)
{
}

std::vector<nx_facet_value> LearnerSets::ranked(const Dictionary &names) const
{
    std::vector<nx_facet_value> values;
    for (uint32_t id = 0; id < counts_.size(); id++) {
        if (counts_[id] > 0)
            values.push_back({names.name(id), counts_[id]});
    }
    std::sort(values.begin(), values.end(), [](const nx_facet_value &a, const nx_facet_value &b) {
        return a.learners != b.learners ? a.learners > b.learners : a.value < b.value;
    });
    return values;
}

FacetCounter::FacetCounter(const FacetColumns &columns, bool with_facets)
    : columns_(columns), with_facets_(with_facets), learner_matches_(columns.learners().size()),
      techs_(with_facets ? columns.tech_names().size() : 0, columns.learners().size()),
      kinds_(with_facets ? columns.kinds().size() : 0, columns.learners().size()),
      cohorts_(with_facets ? columns.cohorts().size() : 0, columns.learners().size())
{
}

void FacetCounter::add(Xapian::docid did)
{
    const uint32_t learner = columns_.learner(did);
    if (learner == FacetColumns::NONE)
        return;
    matches_++;
    if (learner_matches_[learner]++ == 0)
        learner_total_++;
    if (!with_facets_)
        return;
    kinds_.add(columns_.kind(did), learner);
    cohorts_.add(columns_.cohort(did), learner);
    const uint16_t *tech, *end;
    for (columns_.techs(did, &tech, &end); tech != end; tech++)
        techs_.add(*tech, learner);
}

void FacetCounter::add_learner_matches(const std::string &learner_key, uint64_t matches)
{
    const uint32_t learner = columns_.learners().find(learner_key);
    if (learner == FacetColumns::NONE || matches == 0 || with_facets_)
        return;
    matches_ += matches;
    if (learner_matches_[learner] == 0)
        learner_total_++;
    learner_matches_[learner] += matches;
}

uint64_t FacetCounter::matches_of(const std::string &learner_key) const
{
    const uint32_t learner = columns_.learners().find(learner_key);
    return learner == FacetColumns::NONE ? 0 : learner_matches_[learner];
}

std::map<std::string, std::vector<nx_facet_value>> FacetCounter::facets() const
{
    return {{"tech", techs_.ranked(columns_.tech_names())},
            {"kind", kinds_.ranked(columns_.kinds())},
            {"cohort", cohorts_.ranked(columns_.cohorts())}};
}

} // namespace nx_shim
