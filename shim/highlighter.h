/* Private: the hits' snippets of one match set, cut and marked as Xapian 1.4.22's MSet::snippet cuts and marks
 * them, byte for byte, at a fraction of its cost.
 *
 * MSet::snippet walks the text word by word: a word is worth its query term's weight (plus the largest term
 * weight) when it is a term of the query, unstemmed or as "Z" + its stem, or ends a tight phrase of the query;
 * a window as long as the snippet slides over the words, a worth halving while the same term is already inside
 * it, and the best-summed window becomes the passage, widened to sentence punctuation and marked. This class
 * does the same steps in the same order with the same arithmetic, and differs in cost only: the query's terms
 * and weights are read once per match set, not per text; ASCII characters are classed from tables
 * (snippet_words.h); a word whose first bytes begin no term of the query is not looked up or stemmed at all,
 * and the others are stemmed once per distinct word for all the hits of the match set.
 *
 * Queries it cannot follow exactly (a wildcard, a match set without term statistics, Xapian's CJK n-gram mode
 * switched on by XAPIAN_CJK_NGRAM) are handed to MSet::snippet itself. tests/unit/test_snippets.cc compares
 * both on every hit of thousands of queries. One Highlighter serves one thread. */
#ifndef NX_SHIM_HIGHLIGHTER_H
#define NX_SHIM_HIGHLIGHTER_H

#include <bitset>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "stem_cache.h"

namespace nx_shim {

class Highlighter {
  public:
    /* For the hits of `mset`, the match set of `query` (the query the Enquire ran: its terms are marked).
     * Stems come from `stems` (a read handle's, borrowed: it must outlive the highlighter), or from a cache
     * of the highlighter's own when null. */
    Highlighter(const Xapian::MSet &mset, const Xapian::Query &query, StemCache *stems = nullptr);

    /* What mset.snippet(text, length, English stemmer, flags, open, close, omit) gives. */
    std::string operator()(const std::string &text, size_t length, unsigned flags, const std::string &open,
                           const std::string &close, const std::string &omit);

  private:
    struct piece; /* a word of the window: its worth, where it ends, how many words its mark spans */
    class Window;

    void gather(const Xapian::Query &query);
    void add_term(const std::string &term);
    void add_phrase(const Xapian::Query &phrase);
    void weigh();
    bool could_match(const std::string &word) const;
    int slot_of(const std::string &word);
    double *worth(const std::string &word, size_t &marks);
    void remember(const std::string &word);

    Xapian::MSet mset_;
    Xapian::Query query_;
    bool follow_ = true; /* false: hand every text to MSet::snippet */
    double top_weight_ = 0; /* the largest term weight, scaled as MSet::snippet scales it */

    /* The query's terms ("word", "Zstem"), each with its slot in base_; terms without a weight are left out. */
    std::unordered_map<std::string, int> slots_;
    std::vector<std::string> terms_; /* by slot, until weigh() */
    std::vector<double> base_;
    std::vector<std::vector<std::string>> phrases_; /* tight phrases of terms, in the query's order */
    size_t longest_phrase_ = 0;

    /* First bytes (one byte of one-byte keys, two of others) of every word that could be worth something:
     * the unstemmed terms, the stems of the stemmed ones, the last words of phrases. */
    std::bitset<256> first_byte_;
    std::bitset<65536> first_pair_;
    bool every_word_ = false;
    StemCache own_stems_;
    StemCache *stems_;
    Xapian::Stem english_; /* for MSet::snippet, when not followed */
    std::unordered_map<std::string, int> seen_; /* word -> slot (-1: none), for all the texts of the match set */

    /* The state of one text: worths (they change as words enter and leave the window), the previous words. */
    std::vector<double> worth_;
    std::vector<double> phrase_worth_;
    std::vector<std::string> previous_;
    size_t previous_next_ = 0;
};

} // namespace nx_shim

#endif
