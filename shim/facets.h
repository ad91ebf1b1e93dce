/* Private: counting distinct learners per technology, kind and cohort over a whole match set,
 * as a Xapian::MatchSpy keyed by the learner (value slot 13). */
#ifndef NX_SHIM_FACETS_H
#define NX_SHIM_FACETS_H

#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "handles.h"

namespace nx_shim {

class LearnerFacetSpy : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document &doc, double weight) override;

    /* Matching documents of the learner with this lowercased name (0 when none). */
    uint64_t matches_of(const std::string &learner_key) const;

    /* Number of distinct learners seen. */
    uint64_t learner_total() const { return learner_ids_.size(); }

    /* Facet "tech", "kind" or "cohort": values, most learners first, ties by value. */
    std::map<std::string, std::vector<nx_facet_value>> facets() const;

  private:
    using learner_sets = std::unordered_map<std::string, std::unordered_set<unsigned>>;
    unsigned learner_id(const std::string &key);

    std::unordered_map<std::string, unsigned> learner_ids_;
    std::vector<uint64_t> matches_;
    learner_sets tech_, kind_, cohort_;
};

} // namespace nx_shim

#endif
