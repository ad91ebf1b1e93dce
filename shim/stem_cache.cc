/* The stem cache (see stem_cache.h). */
#include "stem_cache.h"


namespace nx_shim {

const std::string &StemCache::stem(const std::string &word)
{
    const auto found = stems_.find(word);
    if (found != stems_.end())
        return found->second;
    if (stems_.size() >= MAX_WORDS)
        stems_.clear();
    return stems_.emplace(word, english_(word)).first->second;
}

} // namespace nx_shim
