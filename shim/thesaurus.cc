/* The built-in thesaurus (see thesaurus.h and data/thesaurus.tsv). */
#include "thesaurus.h"

#include <algorithm>
#include <cstddef>

#include "schema.h"
#include "words.h"

extern "C" {
extern const unsigned char nx_thesaurus_tsv[];
extern const size_t nx_thesaurus_tsv_len;
}

namespace nx_shim {

namespace {

/* "Logged In" and "log in" both become "log in". */
std::string stemmed(const std::string &phrase)
{
    const Xapian::Stem stem = schema_stemmer();
    std::string out;
    for (const std::string &word : split_words(phrase))
        out += (out.empty() ? "" : " ") + stem(word);
    return out;
}

std::vector<std::string> split_on(const std::string &text, char separator)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

} // namespace

const Thesaurus &Thesaurus::builtin()
{
    /* A function-local static: built once, thread-safely, and read-only from then on. */
    static const Thesaurus table(std::string(reinterpret_cast<const char *>(nx_thesaurus_tsv), nx_thesaurus_tsv_len));
    return table;
}

Thesaurus::Thesaurus(const std::string &text)
{
    for (const std::string &line : split_on(text, '\n')) {
        if (line.empty() || line[0] == '#')
            continue;
        const std::vector<std::string> fields = split_on(line, '\t');
        if (fields.size() != 2)
            continue;
        const std::vector<std::string> expansions = split_on(fields[1], '|');
        for (const std::string &key : split_on(fields[0], '|')) {
            /* Inflections of one key ("fetch|fetching") stem alike: each expansion is kept once, or the
             * synonym would count its words twice. */
            const std::string stemmed_key = stemmed(key);
            for (const std::string &word : split_on(stemmed_key, ' '))
                key_words_.insert(word);
            std::vector<std::string> &known = entries_[stemmed_key];
            for (const std::string &expansion : expansions) {
                if (std::find(known.begin(), known.end(), expansion) == known.end())
                    known.push_back(expansion);
            }
        }
    }
    entries_.erase(std::string());
}

const std::vector<std::string> *Thesaurus::expansions(const std::string &words) const
{
    auto found = entries_.find(stemmed(words));
    return found == entries_.end() ? nullptr : &found->second;
}

bool Thesaurus::has_key_word(const std::string &word) const
{
    return key_words_.count(stemmed(word)) > 0;
}

} // namespace nx_shim
