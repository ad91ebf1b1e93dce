/* Private: spelling correction that keeps the cohort's real words. Xapian 1.4's QueryParser
 * checks every word and offers any neighbour at least as frequent, so real words were rewritten
 * ("cors" → "core", "send" → "end"); here, as in Lucene's DirectSpellChecker or Elasticsearch's
 * suggest_mode "missing", only words the index (almost) lacks are corrected. */
#ifndef NX_SHIM_SPELLING_H
#define NX_SHIM_SPELLING_H

#include <string>

#include <xapian.h>

namespace nx_shim {

/* Documents a word (or its stem) must occur in to count as a real word of this cohort. */
constexpr Xapian::doccount REAL_WORD_DOCS = 3;

/* `text` with each word that is not a real word of the cohort (in `db`) replaced by the suggestion of
 * `words`'s spelling table (the index's merged words database, or `db` itself), or "" when no word
 * changed. Never touched: function words, technology names and aliases (synonym keys), words of the
 * thesaurus's keys (an asker's word such as "blind" that no peer writes is not a slip), words of
 * REAL_WORD_DOCS documents or more, words with digits, operators, "quoted phrases" and field values
 * (learner:NAME). A correction is at most one edit away for words of up to six letters, two for longer
 * ones, keeps the first letter and is never a function word (spelling.cc). */
std::string corrected_spelling(const Xapian::Database &db, const Xapian::Database &words, const std::string &text);

} // namespace nx_shim

#endif
