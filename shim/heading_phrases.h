/* Private: the frequent heading phrases of an index revision — headings of learners' own sections,
 * normalised, that at least two learners wrote — sorted for prefix lookups (suggestions as you type). */
#ifndef NX_SHIM_HEADING_PHRASES_H
#define NX_SHIM_HEADING_PHRASES_H

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_columns.h"

namespace nx_shim {

struct HeadingPhrase {
    std::string text;  /* lowercased words joined by one space ("getting started") */
    uint32_t learners; /* distinct learners with a section of their own under this heading */
};

/* Why a table: a suggestion must answer in about a millisecond, and no index structure lists
 * headings whole (terms are words). Reading the heading slot as one value stream costs one pass per
 * revision; afterwards a prefix is a binary search. Memory: the distinct frequent phrases only. */
class HeadingPhrases {
  public:
    /* Reads the headings of `db` at the revision it shows, with `columns` of that revision telling
     * whose section each is and whether it counts as the learner's own (counts_as_own). */
    HeadingPhrases(const Xapian::Database &db, const FacetColumns &columns);

    /* At most `limit` phrases starting with `prefix` (lowercased words, as the phrases are), most
     * learners first, ties in text order. Borrowed from this table. */
    std::vector<const HeadingPhrase *> starting_with(const std::string &prefix, size_t limit) const;

    size_t size() const { return phrases_.size(); }

    /* The phrase a heading counts as ("1. Getting Started!" → "getting started"), or "" when it is
     * no phrase to suggest (no words, only numbers, too long). */
    static std::string normalise(const std::string &heading);

  private:
    std::vector<HeadingPhrase> phrases_; /* sorted by text */
};

} // namespace nx_shim

#endif
