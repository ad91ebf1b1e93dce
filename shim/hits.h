/* Private: copying a matching document into a stored hit, with its highlighted snippets.
 * Shared by section search, solution search and the evidence of learner ranking. */
#ifndef NX_SHIM_HITS_H
#define NX_SHIM_HITS_H

#include <memory>

#include <xapian.h>

#include "handles.h"
#include "highlighter.h"
#include "hit_record.h"
#include "schema.h"

namespace nx_shim {

struct snippet_style {
    unsigned length;        /* bytes; 0 means the default */
    const char *mark_open;  /* NULL means "<mark>" */
    const char *mark_close; /* NULL means "</mark>" */
    /* Cuts and marks the snippets of the match set the hits come from (shared by the copies of the style;
     * used by one thread). */
    std::shared_ptr<Highlighter> marker;
};

/* The hit at `it`, from its document's `source` (a handle's HitCache), or read from the document. */
nx_stored_hit make_hit(const Xapian::MSetIterator &it, const snippet_style &style,
                       const hit_source &source);
nx_stored_hit make_hit(const Xapian::MSetIterator &it, const snippet_style &style);

/* Fills the C view of a stored hit; pointers borrowed from `stored`. */
void fill_hit(const nx_stored_hit &stored, nx_hit_t *hit);

} // namespace nx_shim

#endif
