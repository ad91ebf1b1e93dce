/* Private: the documents a query matches, computed straight from posting lists for the boolean
 * shapes user queries take, so counting facets needs no pass of Xapian's matcher. */
#ifndef NX_SHIM_MATCH_SET_H
#define NX_SHIM_MATCH_SET_H

#include <cstdint>
#include <memory>
#include <vector>

#include <xapian.h>

namespace nx_shim {

class PostingCache;

/* A set of docids as one bit each (docids 1..size-1). */
class DocSet {
  public:
    explicit DocSet(size_t size) : words_((size + 63) / 64) {}
    void insert(Xapian::docid did) { words_[did / 64] |= uint64_t{1} << (did % 64); }
    bool contains(Xapian::docid did) const
    {
        return did / 64 < words_.size() && (words_[did / 64] >> (did % 64) & 1) != 0;
    }
    size_t count() const;
    /* The memory the bits take. */
    size_t bytes() const { return words_.size() * sizeof(uint64_t); }
    void intersect(const DocSet &other);
    void unite(const DocSet &other);
    void subtract(const DocSet &other);
    /* Calls visit(docid) for every member, in docid order. */
    template <class Visit> void each(Visit visit) const
    {
        for (size_t w = 0; w < words_.size(); w++) {
            for (uint64_t word = words_[w]; word; word &= word - 1)
                visit(static_cast<Xapian::docid>(w * 64 + static_cast<unsigned>(__builtin_ctzll(word))));
        }
    }

  private:
    std::vector<uint64_t> words_;
};

/* Why: the matcher costs about 250 ns per match with a spy (a Document built per match), a
 * posting list about 20 ns per entry; facet counts at 10k learners visit tens of thousands of
 * matches. Terms, MatchAll/MatchNothing, AND, FILTER, OR, SYNONYM, MAX, AND_NOT, AND_MAYBE and
 * SCALE_WEIGHT are evaluated here; a query holding anything else (phrases, NEAR, wildcards,
 * value ranges, ELITE_SET, XOR) gives nullptr and the caller runs the matcher, which alone
 * knows positions. The set is exactly the matcher's: these operators ignore weights. */
std::unique_ptr<DocSet> match_set(const Xapian::Database &db, const Xapian::Query &query);
/* The same, frequent terms' bitmaps read from and kept in `cache` (posting_cache.h), which must hold only
 * bitmaps of the revision `db` shows; nullptr reads every posting list. */
std::unique_ptr<DocSet> match_set(const Xapian::Database &db, const Xapian::Query &query, PostingCache *cache);

/* The documents matching any query: match_set() where it can, else an unweighted pass of the
 * matcher (phrases), which sends back docids only. With `remote` (shards behind xapian-tcpsrv: nx_db::remote)
 * always that pass, run by the shards themselves: Xapian 1.4 sends a remote posting list whole, about
 * 4 us a posting on loopback (a 60k-posting word: 250 ms over three shards), where the shards' matcher
 * sends the 25k matching docids of that word in 25-40 ms. Never nullptr. */
std::unique_ptr<DocSet> matching_docs(const Xapian::Database &db, const Xapian::Query &query, bool remote,
                                      PostingCache *cache = nullptr);

} // namespace nx_shim

#endif
