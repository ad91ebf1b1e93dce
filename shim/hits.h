/* Private: copying a matching document into a stored hit, with its highlighted snippets.
 * Shared by section search, solution search and the evidence of learner ranking. */
#ifndef NX_SHIM_HITS_H
#define NX_SHIM_HITS_H

#include <xapian.h>

#include "handles.h"
#include "hit_record.h"
#include "schema.h"

namespace nx_shim {

struct snippet_style {
    unsigned length;        /* bytes; 0 means the default */
    const char *mark_open;  /* NULL means "<mark>" */
    const char *mark_close; /* NULL means "</mark>" */
    /* What MSet::snippet stems each word of the text with, to compare it with the query's stemmed terms:
     * snippet_stemmer() of the match set's query, or the schema's stemmer. */
    Xapian::Stem stemmer = schema_stemmer();
};

/* A stemmer for MSet::snippet under `query` that gives the same highlights as the schema's stemmer
 * without stemming every word of the text. MSet::snippet marks a word when the word itself or "Z" + its
 * stem is a term of the query, and the English stemmer only rewrites a word's end: a stem's first two
 * bytes are the word's (its only byte when it has one). So a word whose first bytes begin no stemmed term of
 * the query cannot match stemmed; it is not stemmed at all, and gets the empty stem ("Z" is no query term;
 * when it is, every word is stemmed). tests/unit/test_snippets.cc compares the two on many texts. */
Xapian::Stem snippet_stemmer(const Xapian::Query &query);

/* The hit at `it`, from its document's `source` (a handle's HitCache), or read from the document. */
nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const snippet_style &style,
                       const hit_source &source);
nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const snippet_style &style);

/* Fills the C view of a stored hit; pointers borrowed from `stored`. */
void fill_hit(const nx_stored_hit &stored, nx_hit_t *hit);

} // namespace nx_shim

#endif
