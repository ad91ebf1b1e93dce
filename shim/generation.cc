/* nx_db_generation(): the committed revision a read handle sees, so callers can key caches by it
 * (a reindex commits, the revision moves, cached answers for the old one are never served). */
#include "errors.h"
#include "handles.h"

using nx_shim::fail;
using nx_shim::status_from_exception;

extern "C" nx_status_t nx_db_generation(nx_db_t *db, uint64_t *generation_out)
{
    if (!db || !generation_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        /* The revision of the newest commit (and generation), as the next search would see it. */
        db->refresh();
        if (!db->revision_key(*generation_out))
            return fail(NX_ERR_INVALID_ARG, db->error, "the index generation is not known for an index with remote shards");
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "reading the revision of the index");
    }
}
