/* Private: a hit's text read as Xapian 1.4's MSet::snippet reads it, for the highlighter (highlighter.h).
 * Words come out as its term generator cuts them: lower-cased, initials such as "U.N." as one word, infixes
 * kept inside a word ("AT&T", "don't", "3.14"), up to three "+"/"#" kept at its end ("c++", "c#"). The
 * characters' classes come from Xapian's own Unicode tables; ASCII, nearly all of a README, is read through
 * 128-entry copies of them instead of a Unicode lookup per character. */
#ifndef NX_SHIM_SNIPPET_WORDS_H
#define NX_SHIM_SNIPPET_WORDS_H

#include <cstddef>
#include <string>

namespace nx_shim {

/* char_at() of a byte >= 128. */
unsigned multibyte_char_at(const std::string &text, size_t pos, size_t &next);

/* The character at byte `pos` of `text` (a code point; a byte that is not valid UTF-8 stands for itself, as
 * Xapian::Utf8Iterator reads it) and, in `next`, the byte after it. `pos` < text.size(). */
inline unsigned char_at(const std::string &text, size_t pos, size_t &next)
{
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte < 128) {
        next = pos + 1;
        return byte;
    }
    return multibyte_char_at(text, pos, next);
}

/* Classes of a character as the snippet code tests them. */
bool is_word_char(unsigned ch);
bool is_white_space(unsigned ch);
bool leads_a_snippet(unsigned ch);  /* punctuation kept before a passage's first word, e.g. '(' '"' '$' */
bool trails_a_snippet(unsigned ch); /* punctuation kept after its last word, e.g. ')' '%' */

/* The words of one text, in order. Borrows `text`, which must outlive it. */
class SnippetWords {
  public:
    explicit SnippetWords(const std::string &text) : text_(text) {}

    /* The next word, lower-cased, into `word`, and in `end` the byte just after it (after a trailing '.' of
     * initials, after suffix characters even when they were not kept). False when no word is left. */
    bool next(std::string &word, size_t &end);

  private:
    bool initials(std::string &word, size_t start, size_t &end);
    void suffix(std::string &word, unsigned ch, size_t at, size_t after, size_t &end);

    const std::string &text_;
    size_t pos_ = 0;
};

} // namespace nx_shim

#endif
