/* Suggestions as you type (nx_db_suggest): learner names from the learner terms, frequent heading
 * phrases from the per-revision table; technology names are the server's (the taxonomy). */
#include <algorithm>
#include <cstring>
#include <memory>

#include "errors.h"
#include "handles.h"
#include "heading_phrases.h"
#include "schema.h"

using namespace nx_shim;

namespace {

constexpr unsigned MAX_LIMIT = 50;
constexpr size_t MAX_PREFIX_BYTES = 100;

struct stored_suggestion {
    std::string text;
    nx_suggestion_type_t type;
    uint64_t learners;
};

} // namespace

/* Owned by the caller of nx_db_suggest(). */
struct nx_suggestions {
    std::vector<stored_suggestion> items;
};

namespace {

/* The name as written on the learner document, or "" when the learner has none (sections only). */
std::string learner_name(const Xapian::Database &db, const std::string &key)
{
    const std::string id = learner_id_term(key);
    Xapian::PostingIterator it = db.postlist_begin(id);
    return it == db.postlist_end(id) ? "" : db.get_document(*it).get_value(SLOT_LEARNER);
}

/* Learners whose lowercased name starts with `prefix`, in name order: the XL terms are exactly
 * those names, so the term list answers without reading a document until one is kept. */
void add_learners(const Xapian::Database &db, const std::string &prefix, unsigned limit, nx_suggestions &out)
{
    const std::string start = learner_term(prefix);
    unsigned kept = 0;
    for (auto it = db.allterms_begin(start); it != db.allterms_end(start) && kept < limit; ++it) {
        const std::string name = learner_name(db, (*it).substr(2));
        if (name.empty())
            continue;
        out.items.push_back(stored_suggestion{name, NX_SUGGEST_LEARNER, 1});
        kept++;
    }
}

void add_headings(const HeadingPhrases &phrases, const std::string &prefix, unsigned limit, nx_suggestions &out)
{
    for (const HeadingPhrase *phrase : phrases.starting_with(prefix, limit))
        out.items.push_back(stored_suggestion{phrase->text, NX_SUGGEST_HEADING, phrase->learners});
}

std::unique_ptr<nx_suggestions> suggest(nx_db &db, const std::string &prefix, unsigned limit)
{
    auto out = std::make_unique<nx_suggestions>();
    const std::string lowered = lowercase(prefix);
    add_headings(db.heading_phrases(), lowered, limit, *out);
    add_learners(db.db, lowered, limit, *out);
    return out;
}

} // namespace

extern "C" {

nx_status_t nx_db_suggest(nx_db_t *db, const char *prefix, unsigned limit, nx_suggestions_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    if (is_blank(prefix) || strlen(prefix) > MAX_PREFIX_BYTES)
        return fail(NX_ERR_INVALID_ARG, db->error, "the prefix is empty or longer than 100 bytes");
    if (limit == 0 || limit > MAX_LIMIT)
        return fail(NX_ERR_INVALID_ARG, db->error, "limit must be from 1 to 50");
    try {
        *out = db->at_newest_revision([&] { return suggest(*db, prefix, limit); }).release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "suggesting for", prefix);
    }
}

size_t nx_suggestions_count(const nx_suggestions_t *suggestions)
{
    return suggestions ? suggestions->items.size() : 0;
}

nx_status_t nx_suggestions_get(const nx_suggestions_t *suggestions, size_t i, nx_suggestion_t *out)
{
    if (!suggestions || !out || i >= suggestions->items.size())
        return NX_ERR_INVALID_ARG;
    const stored_suggestion &item = suggestions->items[i];
    out->text = item.text.c_str();
    out->type = item.type;
    out->learners = item.learners;
    return NX_OK;
}

void nx_suggestions_free(nx_suggestions_t *suggestions)
{
    delete suggestions;
}

} // extern "C"
