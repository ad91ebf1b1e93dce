/* Private: the words of a user's query as the query layer sees them before Xapian parses it —
 * split like synonym keys, function words known, operators and fields recognised. Shared by the
 * spelling check (which words may be corrected) and plain-language matching (which words count). */
#ifndef NX_SHIM_WORDS_H
#define NX_SHIM_WORDS_H

#include <string>
#include <vector>

namespace nx_shim {

/* True for English function words ("how", "to", "my", "between", "the", "does"…): words a question
 * is built with, which say nothing about what it asks. */
bool is_function_word(const std::string &lowered_word);

/* The lowercased words of `text`, split the way synonym keys are (writer.cc): Unicode word
 * characters plus '#' and '+' ("c#", "c++"); everything else separates, so "ci/cd" is "ci", "cd". */
std::vector<std::string> split_words(const std::string &text);

/* True for a word the QueryParser reads as an operator (FLAG_BOOLEAN: capitals only). */
bool is_query_operator(const std::string &word);

/* True when `text` uses the query syntax: "phrases", parentheses, AND/OR/NOT/XOR/NEAR, +word,
 * -word or a field (QUERY_FIELDS of schema.h). Such a query means exactly what it says; anything
 * else is a plain-language question whose words may be dropped. */
bool uses_query_syntax(const std::string &text);

} // namespace nx_shim

#endif
