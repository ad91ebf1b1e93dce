/* nx_db_word_tech_sections(): how the learners' own sections use a word that also spells a technology,
 * counted once per index revision and handle (the server reads it for every query naming the word). */
#include <algorithm>
#include <utility>
#include <vector>

#include "errors.h"
#include "handles.h"
#include "schema.h"

using nx_shim::status_from_exception;

namespace {

/* The query for `words` as the body was indexed (lowercase, unstemmed): one term, or a phrase. */
Xapian::Query words_query(const std::string &words)
{
    std::vector<Xapian::Query> terms;
    size_t at = 0;
    while (at < words.size()) {
        const size_t end = std::min(words.find(' ', at), words.size());
        if (end > at)
            terms.emplace_back(words.substr(at, end - at));
        at = end + 1;
    }
    if (terms.size() == 1)
        return terms[0];
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(terms.size()));
}

/* Exactly how many documents match `query`: the matcher counts every candidate when asked to check all. */
uint64_t exact_count(const Xapian::Database &db, const Xapian::Query &query)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

std::pair<uint64_t, uint64_t> count_uses(nx_db &db, const std::string &words, const std::string &tech_id)
{
    using namespace nx_shim;
    const Xapian::Query own_sections(Xapian::Query::OP_AND, Xapian::Query(type_term(TYPE_SECTION)),
                                     Xapian::Query(origin_term("own")));
    const Xapian::Query with_word(Xapian::Query::OP_FILTER, words_query(words), own_sections);
    const Xapian::Query with_tech(Xapian::Query::OP_FILTER, with_word, Xapian::Query(mention_term(tech_id)));
    return {exact_count(db.db, with_word), exact_count(db.db, with_tech)};
}

} // namespace

extern "C" nx_status_t nx_db_word_tech_sections(nx_db_t *db, const char *words, const char *tech_id,
                                                uint64_t *with_words_out, uint64_t *with_tech_out)
{
    if (!db || !words || !words[0] || !tech_id || !tech_id[0] || !with_words_out || !with_tech_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        const std::string lowered = nx_shim::lowercase(words);
        const std::pair<uint64_t, uint64_t> counts = db->at_newest_revision([&] {
            const std::string key = lowered + '\t' + tech_id;
            auto known = db->word_uses.find(key);
            if (known != db->word_uses.end())
                return known->second;
            return db->word_uses[key] = count_uses(*db, lowered, tech_id);
        });
        *with_words_out = counts.first;
        *with_tech_out = counts.second;
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "counting the sections using a word");
    }
}
