/* Private: copying a matching document into a stored hit, with its highlighted snippets.
 * Shared by section search, solution search and the evidence of learner ranking. */
#ifndef NX_SHIM_HITS_H
#define NX_SHIM_HITS_H

#include <xapian.h>

#include "handles.h"

namespace nx_shim {

struct snippet_style {
    unsigned length;        /* bytes; 0 means the default */
    const char *mark_open;  /* NULL means "<mark>" */
    const char *mark_close; /* NULL means "</mark>" */
};

nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const snippet_style &style);

/* Fills the C view of a stored hit; pointers borrowed from `stored`. */
void fill_hit(const nx_stored_hit &stored, nx_hit_t *hit);

} // namespace nx_shim

#endif
