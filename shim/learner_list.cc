/* Every learner document read in one pass (name, cohort, covered technologies), for the
 * cohort-wide tables the server answers in one request, such as technology co-occurrence. */
#include <algorithm>
#include <memory>

#include "errors.h"
#include "handles.h"
#include "schema.h"

using namespace nx_shim;

nx_learner nx_shim::stored_learner(const Xapian::Document &doc)
{
    nx_learner stored;
    stored.learner = doc.get_value(SLOT_LEARNER);
    stored.cohort = doc.get_value(SLOT_COHORT);
    stored.repo_url = doc.get_value(SLOT_REPO_URL);
    stored.commit = doc.get_value(SLOT_COMMIT);
    stored.commit_time = static_cast<int64_t>(Xapian::sortable_unserialise(doc.get_value(SLOT_COMMIT_TIME)));
    stored.techs = doc.get_value(SLOT_TECHS);
    return stored;
}

namespace {

std::unique_ptr<nx_learner_list> read_learners(const Xapian::Database &db)
{
    auto list = std::make_unique<nx_learner_list>();
    const std::string type = type_term(TYPE_LEARNER);
    list->learners.reserve(db.get_termfreq(type));
    for (Xapian::PostingIterator it = db.postlist_begin(type); it != db.postlist_end(type); ++it)
        list->learners.push_back(stored_learner(db.get_document(*it)));
    /* Posting order is document-id order, which says nothing to a reader: sort by name as the
     * learner terms compare them (lowercased), the name as written breaking ties. */
    std::vector<std::pair<std::string, size_t>> keys;
    for (size_t i = 0; i < list->learners.size(); i++)
        keys.emplace_back(lowercase(list->learners[i].learner), i);
    std::sort(keys.begin(), keys.end(), [&](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : list->learners[a.second].learner < list->learners[b.second].learner;
    });
    auto sorted = std::make_unique<nx_learner_list>();
    sorted->learners.reserve(keys.size());
    for (const auto &key : keys)
        sorted->learners.push_back(std::move(list->learners[key.second]));
    return sorted;
}

} // namespace

extern "C" {

nx_status_t nx_db_learner_list(nx_db_t *db, nx_learner_list_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    try {
        *out = db->at_newest_revision([&] { return read_learners(db->db); }).release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "listing learners");
    }
}

size_t nx_learner_list_count(const nx_learner_list_t *list)
{
    return list ? list->learners.size() : 0;
}

nx_status_t nx_learner_list_get(const nx_learner_list_t *list, size_t i, nx_learner_info_t *info)
{
    if (!list || !info || i >= list->learners.size())
        return NX_ERR_INVALID_ARG;
    nx_learner_get(&list->learners[i], info); /* the one place that fills a learner's info */
    return NX_OK;
}

void nx_learner_list_free(nx_learner_list_t *list)
{
    delete list;
}

} // extern "C"
