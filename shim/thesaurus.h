/* Private: data/thesaurus.tsv, the everyday words a learner types and the words documentation
 * uses for the same thing ("phones" → "responsive"), read when a plain-language question is split
 * into concepts (matching.h). */
#ifndef NX_SHIM_THESAURUS_H
#define NX_SHIM_THESAURUS_H

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace nx_shim {

class Thesaurus {
  public:
    /* The table built into the program, parsed on first use and never changed afterwards. */
    static const Thesaurus &builtin();

    /* Parses the file's text (format in data/thesaurus.tsv); malformed lines are skipped. */
    explicit Thesaurus(const std::string &text);

    /* The documentation's words for `words` (compared word by word after stemming), or nullptr. */
    const std::vector<std::string> *expansions(const std::string &words) const;
    /* Whether `word` (after stemming) is a word of some key: the asker's everyday word ("blind" of
     * "blind users"), which peers may never write, so spelling must not take it for a slip. */
    bool has_key_word(const std::string &word) const;

  private:
    std::unordered_map<std::string, std::vector<std::string>> entries_; /* stemmed key → expansions */
    std::unordered_set<std::string> key_words_;                          /* stemmed words of every key */
};

} // namespace nx_shim

#endif
