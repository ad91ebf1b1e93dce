/* Which shards of an open index answered its last read (nx_layout.h): what a partial answer and
 * /healthz report. */
#include <algorithm>

#include "handles.h"
#include "nx_layout.h"

namespace {

/* The place in `specs` of shard `shard` (words databases skipped), or specs.size(). */
size_t spec_of_shard(const nx_db &db, size_t shard)
{
    for (size_t i = 0; i < db.specs.size(); i++) {
        if (db.specs[i].words)
            continue;
        if (shard-- == 0)
            return i;
    }
    return db.specs.size();
}

} // namespace

extern "C" {

size_t nx_db_shard_count(const nx_db_t *db)
{
    if (!db)
        return 0;
    return static_cast<size_t>(
        std::count_if(db->specs.begin(), db->specs.end(), [](const nx_shim::PartSpec &s) { return !s.words; }));
}

uint64_t nx_db_shard_failures(const nx_db_t *db, size_t shard)
{
    if (!db)
        return 0;
    return db->failures->get(spec_of_shard(*db, shard));
}

int nx_db_shard_missing(const nx_db_t *db, size_t shard)
{
    if (!db)
        return 0;
    const size_t spec = spec_of_shard(*db, shard);
    return std::find(db->missing.begin(), db->missing.end(), spec) != db->missing.end();
}

} // extern "C"
