/* Facet counts of distinct learners (see facets.h): every matching document adds its learner
 * to the set of each technology, kind and cohort it carries. */
#include "facets.h"

#include <algorithm>

#include "schema.h"

namespace nx_shim {

namespace {

std::vector<nx_facet_value> ranked(const std::unordered_map<std::string, std::unordered_set<unsigned>> &sets)
{
    std::vector<nx_facet_value> values;
    values.reserve(sets.size());
    for (const auto &entry : sets)
        values.push_back({entry.first, entry.second.size()});
    std::sort(values.begin(), values.end(), [](const nx_facet_value &a, const nx_facet_value &b) {
        return a.learners != b.learners ? a.learners > b.learners : a.value < b.value;
    });
    return values;
}

} // namespace

unsigned LearnerFacetSpy::learner_id(const std::string &key)
{
    auto found = learner_ids_.find(key);
    if (found != learner_ids_.end())
        return found->second;
    const unsigned id = static_cast<unsigned>(learner_ids_.size());
    learner_ids_.emplace(key, id);
    matches_.push_back(0);
    return id;
}

void LearnerFacetSpy::operator()(const Xapian::Document &doc, double)
{
    const unsigned learner = learner_id(doc.get_value(SLOT_LEARNER_KEY));
    matches_[learner]++;
    for (const auto &tech : parse_techs_value(doc.get_value(SLOT_TECHS)))
        tech_[tech.first].insert(learner);
    const std::string kind = doc.get_value(SLOT_KIND);
    if (!kind.empty())
        kind_[kind].insert(learner);
    const std::string cohort = doc.get_value(SLOT_COHORT);
    if (!cohort.empty())
        cohort_[cohort].insert(learner);
}

uint64_t LearnerFacetSpy::matches_of(const std::string &learner_key) const
{
    auto found = learner_ids_.find(learner_key);
    return found == learner_ids_.end() ? 0 : matches_[found->second];
}

std::map<std::string, std::vector<nx_facet_value>> LearnerFacetSpy::facets() const
{
    return {{"tech", ranked(tech_)}, {"kind", ranked(kind_)}, {"cohort", ranked(cohort_)}};
}

} // namespace nx_shim
