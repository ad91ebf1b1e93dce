/* Private: the posting lists of frequent terms as bitmaps (match_set.h's DocSet), kept per read handle for
 * the index revision it shows, so the match sets of later searches read them from memory. */
#ifndef NX_SHIM_POSTING_CACHE_H
#define NX_SHIM_POSTING_CACHE_H

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "match_set.h"

namespace nx_shim {

/* Why: at 10k learners a faceted search spent about a third of its CPU turning posting lists into bitmaps
 * (match_set()), and the words people search for ("testing", "docker", a thesaurus group's expansions) are
 * the same few hundred terms search after search; a frequent term's list is tens of thousands of postings
 * (~20 ns each) where copying its bitmap is a few thousand words. In the manner of Lucene's query cache
 * (bitsets of filters per segment). The cache knows nothing of revisions: its owner (nx_db) clears it
 * whenever its handle moves to another revision, with the facet columns and the hit cache. Not thread-safe:
 * a handle serves one thread at a time. */
class PostingCache {
  public:
    explicit PostingCache(size_t max_bytes = DEFAULT_MAX_BYTES) : max_bytes_(max_bytes) {}

    /* The bitmap kept for `term`, or nullptr. Shared: valid after clear() for whoever holds it. */
    std::shared_ptr<const DocSet> find(const std::string &term) const;
    /* Keeps `postings` as the bitmap of `term` (of the revision the owner shows). */
    void keep(const std::string &term, std::shared_ptr<const DocSet> postings);
    /* Whether a posting list of `termfreq` entries is worth a bitmap of `bits` bits: reading a posting
     * costs about what copying eight words of bitmap does, so a list shorter than an eighth of the
     * bitmap's words is read each time (at 10k learners, under ~940 postings; in a small index, none). */
    static bool worth_keeping(Xapian::doccount termfreq, size_t bits);
    void clear();
    size_t bytes() const { return bytes_; }
    size_t size() const { return sets_.size(); }

    /* 16 MB: about 270 terms at 10k learners (60 kB a bitmap), every term of the real corpus's searches. */
    static constexpr size_t DEFAULT_MAX_BYTES = 16u << 20;

  private:
    std::unordered_map<std::string, std::shared_ptr<const DocSet>> sets_;
    size_t bytes_ = 0;
    size_t max_bytes_;
};

} // namespace nx_shim

#endif
