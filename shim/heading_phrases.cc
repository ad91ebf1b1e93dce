/* Frequent heading phrases (see heading_phrases.h): one pass over the heading value stream, each
 * phrase's distinct learners counted by sorting (phrase, learner) pairs. */
#include "heading_phrases.h"

#include <algorithm>
#include <unordered_map>

#include "learner_logic.h"
#include "schema.h"
#include "words.h"

namespace nx_shim {

namespace {

/* Headings longer than this are sentences, not something a mentor types. */
constexpr size_t MAX_WORDS = 8;
constexpr size_t MAX_BYTES = 80;
/* A phrase one learner wrote says nothing about the cohort. */
constexpr uint32_t MIN_LEARNERS = 2;

bool only_digits(const std::string &word)
{
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/* "⚔️" splits into a word of its own (the variation selector is a combining mark, which Unicode counts
 * as part of a word): a word without a letter or digit is decoration, not part of the phrase. */
bool has_letter_or_digit(const std::string &word)
{
    for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
        const Xapian::Unicode::category c = Xapian::Unicode::get_category(*it);
        if ((c >= Xapian::Unicode::UPPERCASE_LETTER && c <= Xapian::Unicode::OTHER_LETTER) ||
            (c >= Xapian::Unicode::DECIMAL_DIGIT_NUMBER && c <= Xapian::Unicode::OTHER_NUMBER))
            return true;
    }
    return false;
}

} // namespace

std::string HeadingPhrases::normalise(const std::string &heading)
{
    std::vector<std::string> words = split_words(heading);
    words.erase(std::remove_if(words.begin(), words.end(), [](const std::string &w) { return !has_letter_or_digit(w); }),
                words.end());
    size_t first = 0;
    while (first < words.size() && only_digits(words[first]))
        first++; /* "1. Setup" and "2 Setup" are the same heading */
    if (first == words.size() || words.size() - first > MAX_WORDS)
        return "";
    std::string phrase;
    for (size_t i = first; i < words.size(); i++)
        phrase += (phrase.empty() ? "" : " ") + words[i];
    return phrase.size() <= MAX_BYTES ? phrase : "";
}

HeadingPhrases::HeadingPhrases(const Xapian::Database &db, const FacetColumns &columns)
{
    std::unordered_map<std::string, uint32_t> ids;
    std::vector<std::string> texts;
    std::vector<std::pair<uint32_t, uint32_t>> writers; /* (phrase id, learner id) */
    for (auto it = db.valuestream_begin(SLOT_HEADING); it != db.valuestream_end(SLOT_HEADING); ++it) {
        const Xapian::docid did = it.get_docid();
        const uint32_t learner = columns.learner(did);
        if (learner == FacetColumns::NONE || columns.type_name(did) != TYPE_SECTION || !counts_as_own(columns, did))
            continue;
        std::string phrase = normalise(*it);
        if (phrase.empty())
            continue;
        auto found = ids.emplace(std::move(phrase), static_cast<uint32_t>(texts.size()));
        if (found.second)
            texts.push_back(found.first->first);
        writers.emplace_back(found.first->second, learner);
    }
    std::sort(writers.begin(), writers.end());
    writers.erase(std::unique(writers.begin(), writers.end()), writers.end());
    std::vector<uint32_t> counts(texts.size(), 0);
    for (const auto &writer : writers)
        counts[writer.first]++;
    for (size_t i = 0; i < texts.size(); i++)
        if (counts[i] >= MIN_LEARNERS)
            phrases_.push_back(HeadingPhrase{std::move(texts[i]), counts[i]});
    std::sort(phrases_.begin(), phrases_.end(),
              [](const HeadingPhrase &a, const HeadingPhrase &b) { return a.text < b.text; });
}

std::vector<const HeadingPhrase *> HeadingPhrases::starting_with(const std::string &prefix, size_t limit) const
{
    auto first = std::lower_bound(phrases_.begin(), phrases_.end(), prefix,
                                  [](const HeadingPhrase &p, const std::string &text) { return p.text < text; });
    std::vector<const HeadingPhrase *> found;
    for (auto it = first; it != phrases_.end() && it->text.compare(0, prefix.size(), prefix) == 0; ++it)
        found.push_back(&*it);
    const size_t kept = std::min(limit, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kept), found.end(),
                      [](const HeadingPhrase *a, const HeadingPhrase *b) {
                          return a->learners != b->learners ? a->learners > b->learners : a->text < b->text;
                      });
    found.resize(kept);
    return found;
}

} // namespace nx_shim
