/* Posting bitmaps of frequent terms (see posting_cache.h). */
#include "posting_cache.h"

namespace nx_shim {

std::shared_ptr<const DocSet> PostingCache::find(const std::string &term) const
{
    auto found = sets_.find(term);
    return found == sets_.end() ? nullptr : found->second;
}

void PostingCache::keep(const std::string &term, std::shared_ptr<const DocSet> postings)
{
    const size_t bytes = postings->bytes() + term.size();
    if (bytes > max_bytes_)
        return;
    /* Full: start again rather than track recency, as the hit cache does; refilling costs what reading
     * without a cache does. */
    if (bytes_ + bytes > max_bytes_)
        clear();
    if (sets_.emplace(term, std::move(postings)).second)
        bytes_ += bytes;
}

bool PostingCache::worth_keeping(Xapian::doccount termfreq, size_t bits)
{
    return termfreq > 0 && termfreq >= bits / 64 / 8;
}

void PostingCache::clear()
{
    sets_.clear();
    bytes_ = 0;
}

} // namespace nx_shim
