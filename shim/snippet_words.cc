/* Reading a text as MSet::snippet does (see snippet_words.h). */
#include "snippet_words.h"

#include <xapian.h>

namespace nx_shim {

namespace {

using Xapian::Unicode::get_category;

/* Xapian's classes of the 128 ASCII characters, copied once from its Unicode tables so they cannot differ. */
struct ascii_classes {
    unsigned char lower[128]; /* the lower-case of a word character, 0 for any other */
    bool white[128];
    bool leads[128];
    bool trails[128];
    bool digit[128];
};

bool leads_slow(unsigned ch)
{
    if (Xapian::Unicode::is_currency(ch) || get_category(ch) == Xapian::Unicode::OPEN_PUNCTUATION ||
        get_category(ch) == Xapian::Unicode::INITIAL_QUOTE_PUNCTUATION)
        return true;
    switch (ch) {
    case '"': case '#': case '%': case '&': case '\'': case '+': case '-': case '/': case '<': case '@':
    case '\\': case '`': case '~': case 0xA1: case 0xA7: case 0xBF:
        return true;
    default:
        return false;
    }
}

bool trails_slow(unsigned ch)
{
    if (Xapian::Unicode::is_currency(ch) || get_category(ch) == Xapian::Unicode::CLOSE_PUNCTUATION ||
        get_category(ch) == Xapian::Unicode::FINAL_QUOTE_PUNCTUATION)
        return true;
    switch (ch) {
    case '"': case '%': case '\'': case '+': case '-': case '/': case '>': case '@': case '\\': case '`': case '~':
        return true;
    default:
        return false;
    }
}

bool is_digit(unsigned ch)
{
    return get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

ascii_classes make_ascii()
{
    return [] {
        ascii_classes t{};
        for (unsigned ch = 0; ch < 128; ch++) {
            t.lower[ch] = Xapian::Unicode::is_wordchar(ch) ? static_cast<unsigned char>(Xapian::Unicode::tolower(ch)) : 0;
            t.white[ch] = Xapian::Unicode::is_whitespace(ch);
            t.leads[ch] = leads_slow(ch);
            t.trails[ch] = trails_slow(ch);
            t.digit[ch] = is_digit(ch);
        }
        return t;
    }();
}

/* Built before main() from Xapian's tables; read-only after. */
const ascii_classes ASCII = make_ascii();

inline const ascii_classes &ascii()
{
    return ASCII;
}

/* The lower-case of a word character, 0 for any other character. */
inline unsigned word_char_lower(unsigned ch)
{
    if (ch < 128)
        return ascii().lower[ch];
    return Xapian::Unicode::is_wordchar(ch) ? Xapian::Unicode::tolower(ch) : 0;
}

bool digit(unsigned ch)
{
    return ch < 128 ? ascii().digit[ch] : is_digit(ch);
}

bool ascii_upper(unsigned ch)
{
    return ch >= 'A' && ch <= 'Z';
}

void append(std::string &word, unsigned ch)
{
    if (ch < 128)
        word += static_cast<char>(ch);
    else
        Xapian::Unicode::append_utf8(word, ch);
}

constexpr unsigned IGNORED = ~0u;

/* What a character between two word characters adds to the word (IGNORED: nothing, the word goes on), 0 when it
 * ends the word. Between two digits: separators of numbers; elsewhere apostrophes and the '&' of "AT&T". */
unsigned infix(unsigned ch, bool between_digits)
{
    switch (ch) {
    case 0x200b: case 0x200c: case 0x200d: /* zero width space, non-joiner, joiner */
    case 0x2060: case 0xfeff:               /* word joiner, zero width no-break space */
        return IGNORED;
    default:
        break;
    }
    if (between_digits) {
        switch (ch) {
        case ',': case '.': case ';': case 0x037e: case 0x0589: case 0x060d: case 0x07f8: case 0x2044:
        case 0xfe10: case 0xfe13: case 0xfe14:
            return ch;
        default:
            return 0;
        }
    }
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027)
        return ch;
    if (ch == 0x2019 || ch == 0x201b)
        return '\'';
    return 0;
}

} // namespace

unsigned multibyte_char_at(const std::string &text, size_t pos, size_t &next)
{
    /* Xapian's own decoder, so that bytes that are not UTF-8 read as MSet::snippet reads them. GCC cannot see
     * that the iterator's fields are set for a buffer that is not empty (pos < size). */
#if defined(__GNUC__) && !defined(__clang__) /* clang has no such warning, and -Werror refuses an unknown one */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    Xapian::Utf8Iterator it(text.data() + pos, text.size() - pos);
    const unsigned ch = *it;
    ++it;
    next = it == Xapian::Utf8Iterator() ? text.size() : static_cast<size_t>(it.raw() - text.data());
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    return ch;
}

bool is_word_char(unsigned ch)
{
    return word_char_lower(ch) != 0;
}

bool is_white_space(unsigned ch)
{
    return ch < 128 ? ascii().white[ch] : Xapian::Unicode::is_whitespace(ch);
}

bool leads_a_snippet(unsigned ch)
{
    return ch < 128 ? ascii().leads[ch] : leads_slow(ch);
}

bool trails_a_snippet(unsigned ch)
{
    return ch < 128 ? ascii().trails[ch] : trails_slow(ch);
}

/* Capital letters each followed by '.', as one word ("U.N.C.L.E." gives "uncle"), when two or more and no word
 * character follows. */
bool SnippetWords::initials(std::string &word, size_t start, size_t &end)
{
    const size_t n = text_.size();
    size_t p = start;
    do {
        word += static_cast<char>(text_[p] - 'A' + 'a');
        p++;
    } while (p < n && text_[p] == '.' && ++p < n && ascii_upper(static_cast<unsigned char>(text_[p])));
    if (word.size() > 1) {
        size_t after;
        if (p >= n || !is_word_char(char_at(text_, p, after))) {
            end = p;
            return true;
        }
    }
    word.clear();
    return false;
}

/* Up to three '+' or '#' after the word ("c++"): kept unless a word character follows them; the word ends after
 * them either way. `ch` is the character at `at`, which ends at `after`. */
void SnippetWords::suffix(std::string &word, unsigned ch, size_t at, size_t after, size_t &end)
{
    const size_t n = text_.size();
    const size_t kept = word.size();
    unsigned count = 0;
    while (ch == '+' || ch == '#') {
        if (++count > 3) {
            word.resize(kept);
            break;
        }
        word += static_cast<char>(ch);
        at = after;
        if (at >= n) {
            end = at;
            return;
        }
        ch = char_at(text_, at, after);
    }
    if (is_word_char(ch))
        word.resize(kept);
    end = at;
}

bool SnippetWords::next(std::string &word, size_t &end)
{
    const size_t n = text_.size();
    word.clear();
    size_t at = pos_, after = pos_;
    unsigned raw = 0, ch = 0;
    const unsigned char *bytes = reinterpret_cast<const unsigned char *>(text_.data());
    while (true) {
        while (at < n && bytes[at] < 128 && !ascii().lower[bytes[at]])
            at++; /* the common case, ASCII space and punctuation, without a call */
        if (at >= n)
            return false;
        raw = char_at(text_, at, after);
        ch = word_char_lower(raw);
        if (ch)
            break;
        at = after;
    }
    if (ascii_upper(raw) && initials(word, at, end)) {
        pos_ = end;
        return true;
    }
    while (true) {
        unsigned previous;
        do {
            append(word, ch);
            previous = ch;
            at = after;
            /* A run of ASCII word characters, without a call per character. */
            while (at < n && bytes[at] < 128 && ascii().lower[bytes[at]]) {
                previous = ascii().lower[bytes[at]];
                word += static_cast<char>(previous);
                at++;
            }
            if (at >= n) {
                pos_ = end = at;
                return true;
            }
            raw = char_at(text_, at, after);
            ch = word_char_lower(raw);
        } while (ch);
        /* `raw` at `at` ends the run of word characters: an infix joins the next run to this word. */
        if (after >= n)
            break;
        size_t after_next;
        const unsigned next_raw = char_at(text_, after, after_next);
        const unsigned next_ch = word_char_lower(next_raw);
        if (!next_ch)
            break;
        const unsigned joined = infix(raw, digit(previous) && digit(next_raw));
        if (!joined)
            break;
        if (joined != IGNORED)
            append(word, joined);
        ch = next_ch;
        at = after;
        after = after_next;
    }
    suffix(word, raw, at, after, end);
    pos_ = end;
    return true;
}

} // namespace nx_shim
