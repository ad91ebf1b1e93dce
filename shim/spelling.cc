/* Correcting only the words the cohort does not use (see spelling.h). */
#include "spelling.h"

#include <algorithm>
#include <cctype>

#include "query.h"
#include "schema.h"
#include "thesaurus.h"
#include "words.h"

namespace nx_shim {

namespace {

/* A rare word (1 or 2 documents) gives way only to a neighbour this many times as common: a
 * misspelling that slipped into someone's README, not a rare real word. */
constexpr Xapian::doccount RARE_WORD_RATIO = 20;

/* Edits a correction may make: one for words of up to SHORT_WORD letters, two above. Two edits of a
 * short word reach unrelated words ("people" -> "purple"), while typos of short words are mostly one
 * slip ("celary", "djnago": a transposition counts as one edit). Elasticsearch's fuzziness AUTO draws
 * the same kind of line by length. */
constexpr size_t SHORT_WORD = 6;

unsigned max_edits(const std::string &word)
{
    return word.size() <= SHORT_WORD ? 1 : 2;
}

/* Documents holding `word` as typed or as a stem, whichever is more. Every query word is looked up, so
 * the stem (a second B-tree lookup and a stemming) is read only when the word as typed is rare. */
Xapian::doccount word_frequency(const Xapian::Database &db, const std::string &word)
{
    const Xapian::doccount as_typed = db.get_termfreq(word);
    if (as_typed >= REAL_WORD_DOCS)
        return as_typed;
    return std::max(as_typed, db.get_termfreq("Z" + schema_stemmer()(word)));
}

/* The replacement of one lowercase word, or "" to keep it. */
std::string correction_of(const Xapian::Database &db, const Xapian::Database &words, const std::string &word)
{
    if (word.size() < 3 || is_function_word(word))
        return std::string();
    const Xapian::doccount frequency = word_frequency(db, word);
    if (frequency >= REAL_WORD_DOCS || is_synonym_key(words, word) || Thesaurus::builtin().has_key_word(word))
        return std::string();
    const std::string suggestion = words.get_spelling_suggestion(word, max_edits(word));
    /* As Lucene's DirectSpellChecker (minPrefix 1): a slip rarely hits the first letter, and a neighbour
     * starting with another one is most often another word ("flooding" is not "loading"); nor is a
     * function word ever what a searched word was meant to be ("bots" is not "both"). */
    if (suggestion.empty() || suggestion == word || suggestion[0] != word[0] || is_function_word(suggestion))
        return std::string();
    const Xapian::doccount suggested = word_frequency(db, suggestion);
    const bool better = frequency == 0 ? suggested > 0 : suggested >= RARE_WORD_RATIO * frequency;
    return better ? suggestion : std::string();
}

bool all_letters(const std::string &word)
{
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) != 0;
    });
}

/* The ASCII-letter core of a token (what lies between leading "+-" and trailing punctuation):
 * [*begin, *end). Tokens with other characters inside are left alone. */
bool letter_core(const std::string &token, size_t *begin, size_t *end)
{
    size_t b = 0, e = token.size();
    while (b < e && (token[b] == '+' || token[b] == '-'))
        b++;
    while (e > b && std::ispunct(static_cast<unsigned char>(token[e - 1])))
        e--;
    *begin = b;
    *end = e;
    return all_letters(token.substr(b, e - b));
}

} // namespace

std::string corrected_spelling(const Xapian::Database &db, const Xapian::Database &words, const std::string &text)
{
    std::string out;
    bool changed = false, in_quotes = false;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find_first_of(" \t\r\n", start);
        if (end == std::string::npos)
            end = text.size();
        std::string token = text.substr(start, end - start);
        const bool quoted = in_quotes || token.find('"') != std::string::npos;
        in_quotes ^= std::count(token.begin(), token.end(), '"') % 2 == 1;
        size_t b, e;
        if (!quoted && token.find(':') == std::string::npos && letter_core(token, &b, &e) &&
            !is_query_operator(token.substr(b, e - b))) {
            const std::string fix = correction_of(db, words, lowercase(token.substr(b, e - b)));
            if (!fix.empty()) {
                token = token.substr(0, b) + fix + token.substr(e);
                changed = true;
            }
        }
        out += token;
        if (end < text.size())
            out += text[end];
        start = end + 1;
    }
    return changed ? out : std::string();
}

} // namespace nx_shim
