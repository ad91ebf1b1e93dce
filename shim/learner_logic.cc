/* A query's operators over learners' whole documentation (see learner_logic.h). */
#include "learner_logic.h"

#include <algorithm>

#include "match_set.h"
#include "schema.h"

namespace nx_shim {

bool counts_as_own(const FacetColumns &columns, Xapian::docid did)
{
    const std::string &kind = columns.kind_name(did);
    const std::string &origin = columns.origin_name(did);
    return kind != "roadmap" && kind != "boilerplate" && (origin.empty() || origin == "own");
}

unsigned tech_strength(const FacetColumns &columns, Xapian::docid did, const std::string &tech)
{
    const uint32_t wanted = columns.tech_names().find(tech); /* one lookup, then id compares per match */
    if (wanted == FacetColumns::NONE)
        return 0;
    const uint16_t *id, *end;
    columns.techs(did, &id, &end);
    unsigned strength = 0;
    for (const uint8_t *s = columns.tech_strengths(did); id != end; id++, s++) {
        if (*id == wanted)
            strength = std::max<unsigned>(strength, *s);
    }
    return strength;
}

LearnerSet LearnerLogic::leaf(const Xapian::Query &query) const
{
    LearnerSet learners(columns_.learners().size());
    const std::string tech = tech_of(query);
    matching_docs(db_, scope_.apply(query), remote_)->each([&](Xapian::docid did) {
        const uint32_t learner = columns_.learner(did);
        if (learner == FacetColumns::NONE || !counts_as_own(columns_, did))
            return;
        if (!tech.empty() && tech_strength(columns_, did, tech) == 0)
            return; /* "we do not use Redis" names the word, not the technology */
        learners[learner] = true;
    });
    return learners;
}

LearnerSet LearnerLogic::everyone() const
{
    LearnerSet learners(columns_.learners().size());
    matching_docs(db_, scope_.apply(Xapian::Query(std::string())), remote_)->each([&](Xapian::docid did) {
        const uint32_t learner = columns_.learner(did);
        if (learner != FacetColumns::NONE)
            learners[learner] = true;
    });
    return learners;
}

LearnerSet LearnerLogic::combine(const Xapian::Query &query, size_t first, bool unite,
                                 std::vector<Xapian::Query> *positive) const
{
    std::vector<Xapian::Query> ignored;
    LearnerSet result;
    for (size_t i = first; i < query.get_num_subqueries(); i++) {
        LearnerSet part = evaluate(query.get_subquery(i), positive ? *positive : ignored);
        if (i == first) {
            result = std::move(part);
            continue;
        }
        for (size_t l = 0; l < result.size(); l++)
            result[l] = unite ? result[l] || part[l] : result[l] && part[l];
    }
    return result.empty() ? LearnerSet(columns_.learners().size()) : result;
}

LearnerSet LearnerLogic::evaluate(const Xapian::Query &query, std::vector<Xapian::Query> &positive) const
{
    switch (query.get_type()) {
    case Xapian::Query::LEAF_MATCH_ALL:
        return everyone();
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return LearnerSet(columns_.learners().size());
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return combine(query, 0, false, &positive);
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_XOR:
        return combine(query, 0, true, &positive);
    case Xapian::Query::OP_AND_NOT: {
        LearnerSet kept = evaluate(query.get_subquery(0), positive);
        const LearnerSet excluded = combine(query, 1, true, nullptr);
        for (size_t l = 0; l < kept.size(); l++)
            kept[l] = kept[l] && !excluded[l];
        return kept;
    }
    case Xapian::Query::OP_AND_MAYBE: { /* the optional part adds weight only */
        for (size_t i = 1; i < query.get_num_subqueries(); i++)
            positive.push_back(query.get_subquery(i));
        return evaluate(query.get_subquery(0), positive);
    }
    case Xapian::Query::OP_SCALE_WEIGHT:
        return evaluate(query.get_subquery(0), positive);
    default: /* a term, a synonym group, a phrase: one thing asked about */
        positive.push_back(query);
        return leaf(query);
    }
}

} // namespace nx_shim
