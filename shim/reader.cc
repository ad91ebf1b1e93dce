/* The read side of the C API: opening the union of index shards (local folders or
 * stub files naming remote shards), following new commits, counting documents. */
#include <memory>

#include "errors.h"
#include "handles.h"
#include "schema.h"

using namespace nx_shim;

namespace {

/* Opens one shard and refuses it unless it carries this schema. */
Xapian::Database open_shard(const char *path)
{
    Xapian::Database shard(path);
    check_schema_version(shard.get_metadata(SCHEMA_VERSION_KEY), shard.get_doccount());
    return shard;
}

nx_status_t check_paths(const char *const *paths, size_t n_paths, std::string &error)
{
    if (!paths || n_paths == 0)
        return fail(NX_ERR_INVALID_ARG, error, "at least one index path is required");
    for (size_t i = 0; i < n_paths; i++) {
        if (is_blank(paths[i]))
            return fail(NX_ERR_INVALID_ARG, error, "index path is empty");
    }
    return NX_OK;
}

} // namespace

extern "C" {

nx_status_t nx_db_open(const char *const *paths, size_t n_paths, nx_db_t **out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    std::string error;
    nx_status_t status = check_paths(paths, n_paths, error);
    const char *current = nullptr;
    if (status == NX_OK) {
        try {
            auto db = std::make_unique<nx_db>();
            for (size_t i = 0; i < n_paths; i++) {
                current = paths[i];
                db->db.add_database(open_shard(current));
            }
            *out = db.release();
            return NX_OK;
        } catch (...) {
            status = status_from_exception(error, "opening index", current);
        }
    }
    if (error_out)
        *error_out = malloc_copy(error);
    return status;
}

const char *nx_db_error(const nx_db_t *db)
{
    return db ? db->error.c_str() : "no database handle";
}

nx_status_t nx_db_refresh(nx_db_t *db)
{
    if (!db)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        db->db.reopen();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "refreshing the index");
    }
}

nx_status_t nx_db_doc_count(nx_db_t *db, uint64_t *count_out)
{
    if (!db || !count_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        *count_out = db->db.get_doccount();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "counting documents");
    }
}

void nx_db_close(nx_db_t *db)
{
    if (!db)
        return;
    try {
        db->db.close();
    } catch (...) {
        /* Nothing was written through a read handle, so nothing can be lost. */
    }
    delete db;
}

} // extern "C"
