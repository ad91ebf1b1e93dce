/* Private: a query's operators applied to learners rather than to documents. "Who wrote about
 * caching but not about indexes?" means learners none of whose own documents match "indexes",
 * and "celery AND graphql" learners who wrote about each somewhere, not in one section. */
#ifndef NX_SHIM_LEARNER_LOGIC_H
#define NX_SHIM_LEARNER_LOGIC_H

#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"
#include "query.h"

namespace nx_shim {

/* Whether a document can show its learner covering something: the learner's own writing, not a
 * roadmap ("future improvements", open to-dos) nor boilerplate (licence, table of contents).
 * Templates, generated files and copied briefs are someone else's words. */
bool counts_as_own(const FacetColumns &columns, Xapian::docid did);

/* The strength with which a document names technology `tech`: 0 not at all (or only negated),
 * 1 a mention (badge, bare list item), 2 a described use. */
unsigned tech_strength(const FacetColumns &columns, Xapian::docid did, const std::string &tech);

/* Learners as flags indexed by their FacetColumns learner id. */
using LearnerSet = std::vector<bool>;

class LearnerLogic {
  public:
    /* `scope`: the documents that may show coverage (sections and challenges of the asked cohorts);
     * `remote`: whether `db` has shards behind xapian-tcpsrv (matching_docs()). */
    LearnerLogic(const Xapian::Database &db, bool remote, const FacetColumns &columns, const search_scope &scope)
        : db_(db), remote_(remote), columns_(columns), scope_(scope) {}

    /* The learners `query` holds for: a word or phrase holds for a learner when one of their own
     * documents matches it (naming the technology, for a technology name); AND, OR and NOT combine
     * those sets; a lone NOT starts from every learner. The words that add weight (every leaf not
     * under a NOT) are appended to `positive`. */
    LearnerSet evaluate(const Xapian::Query &query, std::vector<Xapian::Query> &positive) const;

  private:
    LearnerSet leaf(const Xapian::Query &query) const;
    LearnerSet everyone() const;
    LearnerSet combine(const Xapian::Query &query, size_t first, bool unite, std::vector<Xapian::Query> *positive) const;

    const Xapian::Database &db_;
    bool remote_;
    const FacetColumns &columns_;
    const search_scope &scope_;
};

} // namespace nx_shim

#endif
