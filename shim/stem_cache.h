/* Private: English stems of the words of shown texts, kept per read handle across searches. */
#ifndef NX_SHIM_STEM_CACHE_H
#define NX_SHIM_STEM_CACHE_H

#include <string>
#include <unordered_map>

#include <xapian.h>

#include "schema.h"

namespace nx_shim {

/* Why: the highlighter stems each distinct word of the hits that could match a stemmed term of the query,
 * and the same words ("use", "the", "docker") come back in search after search; a stem depends on the word
 * alone, never on the index revision. Not thread-safe: a handle serves one thread at a time. */
class StemCache {
  public:
    /* The schema's English stem of `word`. The reference is valid until the next call. */
    const std::string &stem(const std::string &word);

    /* Words kept; past it the cache starts again (a README's vocabulary is a few thousand words). */
    static constexpr size_t MAX_WORDS = 16384;

  private:
    Xapian::Stem english_ = schema_stemmer();
    std::unordered_map<std::string, std::string> stems_;
};

} // namespace nx_shim

#endif
