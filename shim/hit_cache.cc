/* Hit sources of recently shown documents (see hit_cache.h). */
#include "hit_cache.h"

namespace nx_shim {

namespace {

size_t size_of(const hit_source &source)
{
    size_t bytes = source.text.size();
    for (const std::string &slot : source.slots)
        bytes += slot.size();
    return bytes;
}

} // namespace

const hit_source &HitCache::get(const Xapian::Database &db, Xapian::docid did)
{
    auto found = sources_.find(did);
    if (found != sources_.end())
        return found->second;
    hit_source source = read_hit_source(db.get_document(did));
    const size_t bytes = size_of(source);
    /* Full: start again rather than track recency; a search shows ten hits, a full cache holds hundreds
     * of searches' worth, and refilling it costs what reading without a cache does. */
    if (bytes_ + bytes > max_bytes_)
        clear();
    bytes_ += bytes;
    return sources_.emplace(did, std::move(source)).first->second;
}

void HitCache::clear()
{
    sources_.clear();
    bytes_ = 0;
}

} // namespace nx_shim
