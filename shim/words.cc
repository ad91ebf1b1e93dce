/* Words of a user query before parsing: function words, splitting, query-syntax detection. */
#include "words.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include <xapian.h>

#include "schema.h"

namespace nx_shim {

namespace {

/* English function words: pronouns, determiners, prepositions, conjunctions, auxiliaries and
 * question words, with the contractions people type, and the light verbs and fillers a question
 * is phrased with ("make", "get", "keep", "use", "way", "everywhere"), which name no topic. Sorted
 * (strcmp order), for binary search. Content words that are merely common ("error", "app") are not
 * here: matching drops them when it must, a decision about this cohort, not about English. */
const char *const FUNCTION_WORDS[] = {
    "a", "able", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "anything", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "best",
    "between", "both", "but", "by", "can", "can't", "cannot", "correctly", "could", "couldn't", "did",
    "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "either", "etc", "even",
    "every", "everything", "everywhere", "few", "for", "from", "further", "get", "gets", "getting", "go",
    "goes", "going", "got", "had", "has", "have", "having", "he", "help", "her", "here", "hers", "him", "his",
    "how", "i", "i'm", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "keep",
    "let", "lets", "make", "makes", "making", "me", "might", "more", "most", "much", "must", "my", "myself",
    "need", "needs", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
    "out", "over", "own", "properly", "put", "really", "same", "shall", "she", "should", "shouldn't", "so",
    "some", "something", "still", "stuff", "such", "sure", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "thing", "things", "this", "those", "through", "to", "too", "try", "trying",
    "under", "until", "up", "upon", "use", "using", "very", "want", "wants", "was", "wasn't", "way", "we",
    "were", "what", "what's", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "within", "without", "won't", "work", "working", "works", "would", "wouldn't", "you", "your", "yours",
    "yourself",
};

/* The names of the thing a learner builds: every question is about their app, site or project, so
 * these words say nothing about which peer wrote about the question's subject. Kept apart from the
 * function words because they are nouns of this programme, not of English. Why: "website" is rare in
 * one cohort's documentation (peers write "web app", "frontend"), and as a rare word it outweighed the
 * subject of "make my website look good on phones". Sorted (strcmp order). */
const char *const ARTEFACT_WORDS[] = {
    "app", "application", "applications", "apps", "codebase", "platform", "project", "projects",
    "site", "sites", "webapp", "webapps", "website", "websites",
};

bool less_than(const char *a, const std::string &b)
{
    return std::strcmp(a, b.c_str()) < 0;
}

bool listed(const char *const *begin, const char *const *end, const std::string &word)
{
    const auto found = std::lower_bound(begin, end, word, less_than);
    return found != end && word == *found;
}

bool is_word_char(unsigned ch)
{
    return Xapian::Unicode::is_wordchar(ch) || ch == '#' || ch == '+';
}

} // namespace

bool is_query_operator(const std::string &word)
{
    static const char *const OPERATORS[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (const char *op : OPERATORS) {
        if (word == op)
            return true;
    }
    return false;
}

bool is_function_word(const std::string &lowered_word)
{
    /* Typed apostrophes come in two shapes; the list spells them with the ASCII one. */
    std::string word = lowered_word;
    for (size_t at; (at = word.find("\xe2\x80\x99")) != std::string::npos;)
        word.replace(at, 3, "'");
    return listed(std::begin(FUNCTION_WORDS), std::end(FUNCTION_WORDS), word) ||
           listed(std::begin(ARTEFACT_WORDS), std::end(ARTEFACT_WORDS), word);
}

std::vector<std::string> split_words(const std::string &text)
{
    std::vector<std::string> words;
    std::string word;
    const std::string lowered = lowercase(text); /* the iterator points into it */
    for (Xapian::Utf8Iterator it(lowered); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (is_word_char(ch)) {
            Xapian::Unicode::append_utf8(word, ch);
        } else if ((ch == '\'' || ch == 0x2019) && !word.empty()) {
            Xapian::Unicode::append_utf8(word, '\''); /* "don't" stays one word, a function word */
        } else if (!word.empty()) {
            words.push_back(word);
            word.clear();
        }
    }
    if (!word.empty())
        words.push_back(word);
    for (std::string &w : words) {
        while (!w.empty() && w.back() == '\'')
            w.pop_back();
    }
    words.erase(std::remove(words.begin(), words.end(), std::string()), words.end());
    return words;
}

bool uses_query_syntax(const std::string &text)
{
    if (text.find_first_of("\"()") != std::string::npos)
        return true;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
        const std::string token = text.substr(start, end - start);
        start = end + 1;
        if (token.empty())
            continue;
        if (is_query_operator(token) || token[0] == '-' || token[0] == '+')
            return true;
        for (const char *field : QUERY_FIELDS) {
            const size_t n = std::strlen(field);
            if (token.compare(0, n, field) == 0 && token.size() > n && token[n] == ':')
                return true;
        }
    }
    return false;
}

} // namespace nx_shim
