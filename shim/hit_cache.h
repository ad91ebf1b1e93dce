/* Private: the hit sources (record and text) of documents shown recently, kept per read handle for the
 * index revision it shows, so a document that is a hit of many searches is read and decompressed once. */
#ifndef NX_SHIM_HIT_CACHE_H
#define NX_SHIM_HIT_CACHE_H

#include <cstddef>
#include <unordered_map>

#include <xapian.h>

#include "hit_record.h"

namespace nx_shim {

/* Why: reading a hit's document data (a B-tree lookup, then zlib: Xapian compresses it) was a fifth of
 * a search's CPU in perf, and popular documents are hits of many queries. The cache knows nothing of
 * revisions: its owner (nx_db) clears it whenever its handle moves to another revision, as it drops
 * the facet columns. Not thread-safe: a handle serves one thread at a time. */
class HitCache {
  public:
    explicit HitCache(size_t max_bytes = DEFAULT_MAX_BYTES) : max_bytes_(max_bytes) {}

    /* The source of document `did` of `db`, read on first need. The reference is valid until the
     * next call or clear(). */
    const hit_source &get(const Xapian::Database &db, Xapian::docid did);
    void clear();
    size_t bytes() const { return bytes_; }
    size_t size() const { return sources_.size(); }

    /* 4 MB: about 2,000 sections of the real corpus, per server thread. */
    static constexpr size_t DEFAULT_MAX_BYTES = 4u << 20;

  private:
    std::unordered_map<Xapian::docid, hit_source> sources_;
    size_t bytes_ = 0;
    size_t max_bytes_;
};

} // namespace nx_shim

#endif
