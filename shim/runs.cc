/* What nightly runs need from the index: the extraction-rules version beside each learner's commit,
 * the list of indexed learners, the last-run record, and the learners whose documentation changed. */
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "errors.h"
#include "handles.h"
#include "schema.h"

using namespace nx_shim;

namespace {

int64_t seconds_in(const Xapian::Document &doc, Xapian::valueno slot)
{
    const std::string value = doc.get_value(slot);
    return value.empty() ? 0 : static_cast<int64_t>(Xapian::sortable_unserialise(value));
}

nx_stored_change change_of(const Xapian::Document &doc)
{
    nx_stored_change change;
    change.learner = doc.get_value(SLOT_LEARNER);
    change.cohort = doc.get_value(SLOT_COHORT);
    change.repo_url = doc.get_value(SLOT_REPO_URL);
    change.commit = doc.get_value(SLOT_COMMIT);
    change.commit_time = seconds_in(doc, SLOT_COMMIT_TIME);
    change.indexed_at = seconds_in(doc, SLOT_INDEXED_AT);
    return change;
}

/* Newest commit first, ties by the learner's sort key: the order of find_changes(). */
bool newer_first(const std::pair<std::string, nx_stored_change> &a, const std::pair<std::string, nx_stored_change> &b)
{
    if (a.second.commit_time != b.second.commit_time)
        return a.second.commit_time > b.second.commit_time;
    return a.first < b.first;
}

/* find_changes() over remote shards, which take no KeyMaker (Xapian 1.4): every matching learner read
 * and sorted here. Learner documents are one per learner, so this is the cohort's size at most. */
void sort_changes_here(const Xapian::Query &query, const Xapian::Database &db, unsigned offset, unsigned limit,
                       nx_changes &out)
{
    Xapian::Enquire enquire(db); /* a fresh one: an Enquire that had a KeyMaker still sends it */
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<std::pair<std::string, nx_stored_change>> all;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        all.emplace_back(doc.get_value(SLOT_LEARNER_KEY), change_of(doc));
    }
    std::sort(all.begin(), all.end(), newer_first);
    out.total = all.size();
    for (size_t i = offset; i < all.size() && i - offset < limit; i++)
        out.entries.push_back(all[i].second);
}

/* Learner documents with a commit dated at or after `since`, newest first, ties by name. */
void find_changes(Xapian::Database &db, int64_t since, unsigned offset, unsigned limit, nx_changes &out)
{
    out.entries.clear(); /* a retry after a commit starts over */
    const Xapian::Query learners(type_term(TYPE_LEARNER));
    const Xapian::Query recent(Xapian::Query::OP_VALUE_GE, SLOT_COMMIT_TIME,
                               Xapian::sortable_serialise(static_cast<double>(since)));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, learners, recent));
    Xapian::MultiValueKeyMaker order;
    order.add_value(SLOT_COMMIT_TIME, true);
    order.add_value(SLOT_LEARNER_KEY);
    enquire.set_sort_by_key(&order, false);
    Xapian::MSet mset;
    try {
        mset = enquire.get_mset(offset, limit, db.get_doccount());
    } catch (const Xapian::UnimplementedError &) {
        sort_changes_here(enquire.get_query(), db, offset, limit, out);
        return;
    }
    out.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it)
        out.entries.push_back(change_of(it.get_document()));
}

} // namespace

extern "C" {

nx_status_t nx_writer_end_learner_rules(nx_writer_t *writer, const char *commit, const char *rules)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "end_learner without begin_learner");
    if (is_blank(rules))
        return fail(NX_ERR_INVALID_ARG, writer->error, "rules version is required");
    try {
        /* Inside the learner transaction: committed with the documents, or not at all. */
        writer->db.set_metadata(rules_key(writer->learner), rules);
    } catch (...) {
        nx_status_t status = status_from_exception(writer->error, "recording the rules of learner",
                                                   writer->learner.c_str());
        nx_writer_abort_learner(writer);
        return status;
    }
    return nx_writer_end_learner(writer, commit);
}

nx_status_t nx_writer_learner_rules(nx_writer_t *writer, const char *learner, char **rules_out)
{
    if (!writer || !rules_out)
        return NX_ERR_INVALID_ARG;
    *rules_out = nullptr;
    writer->error.clear();
    if (is_blank(learner))
        return fail(NX_ERR_INVALID_ARG, writer->error, "learner name is required");
    try {
        const std::string rules = writer->db.get_metadata(rules_key(learner));
        if (rules.empty())
            return NX_OK;
        *rules_out = malloc_copy(rules);
        return *rules_out ? NX_OK : fail(NX_ERR_NOMEM, writer->error, "out of memory copying the rules version");
    } catch (...) {
        return status_from_exception(writer->error, "reading the rules version of learner", learner);
    }
}

void nx_strings_free(char **strings, size_t count)
{
    for (size_t i = 0; strings && i < count; i++)
        free(strings[i]);
    free(strings);
}

nx_status_t nx_writer_indexed_learners(nx_writer_t *writer, char ***names_out, size_t *count_out)
{
    if (!writer || !names_out || !count_out)
        return NX_ERR_INVALID_ARG;
    *names_out = nullptr;
    *count_out = 0;
    writer->error.clear();
    std::vector<std::string> names;
    try {
        const std::string prefix = COMMIT_KEY_PREFIX;
        for (auto it = writer->db.metadata_keys_begin(prefix); it != writer->db.metadata_keys_end(prefix); ++it)
            names.push_back((*it).substr(prefix.size()));
    } catch (...) {
        return status_from_exception(writer->error, "listing the indexed learners of", writer->path.c_str());
    }
    if (names.empty())
        return NX_OK;
    char **copies = static_cast<char **>(calloc(names.size(), sizeof *copies));
    for (size_t i = 0; copies && i < names.size(); i++) {
        copies[i] = malloc_copy(names[i]);
        if (!copies[i]) {
            nx_strings_free(copies, i);
            copies = nullptr;
        }
    }
    if (!copies)
        return fail(NX_ERR_NOMEM, writer->error, "out of memory listing the indexed learners");
    *names_out = copies;
    *count_out = names.size();
    return NX_OK;
}

nx_status_t nx_writer_set_commit_interval(nx_writer_t *writer, unsigned milliseconds)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "cannot change the commit interval inside a learner transaction");
    writer->commit_interval_ms = milliseconds;
    return NX_OK;
}

nx_status_t nx_writer_flush(nx_writer_t *writer)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "cannot commit inside a learner transaction");
    try {
        writer->db.commit();
        writer->last_commit = std::chrono::steady_clock::now();
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "committing", writer->path.c_str());
    }
}

nx_status_t nx_writer_set_run_summary(nx_writer_t *writer, const char *json)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (is_blank(json))
        return fail(NX_ERR_INVALID_ARG, writer->error, "run summary is required");
    if (writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "cannot store the run summary inside a learner transaction");
    try {
        writer->db.set_metadata(LAST_RUN_KEY, json);
        writer->db.commit();
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "storing the run summary in", writer->path.c_str());
    }
}

nx_status_t nx_db_run_summary(nx_db_t *db, char **json_out)
{
    if (!db || !json_out)
        return NX_ERR_INVALID_ARG;
    *json_out = nullptr;
    db->error.clear();
    try {
        const std::string json = db->at_newest_revision([&] { return db->db.get_metadata(LAST_RUN_KEY); });
        if (json.empty())
            return NX_OK;
        *json_out = malloc_copy(json);
        return *json_out ? NX_OK : fail(NX_ERR_NOMEM, db->error, "out of memory copying the run summary");
    } catch (...) {
        return status_from_exception(db->error, "reading the run summary");
    }
}

nx_status_t nx_db_changes(nx_db_t *db, int64_t since, unsigned offset, unsigned limit, nx_changes_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    try {
        auto changes = std::make_unique<nx_changes>();
        db->at_newest_revision([&] { find_changes(db->db, since, offset, limit, *changes); });
        *out = changes.release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "listing the learners changed since a date");
    }
}

uint64_t nx_changes_total(const nx_changes_t *changes)
{
    return changes ? changes->total : 0;
}

size_t nx_changes_count(const nx_changes_t *changes)
{
    return changes ? changes->entries.size() : 0;
}

nx_status_t nx_changes_get(const nx_changes_t *changes, size_t i, nx_change_t *out)
{
    if (!changes || !out || i >= changes->entries.size())
        return NX_ERR_INVALID_ARG;
    const nx_stored_change &c = changes->entries[i];
    *out = nx_change_t{c.learner.c_str(), c.cohort.c_str(), c.repo_url.c_str(), c.commit.c_str(),
                       c.commit_time, c.indexed_at};
    return NX_OK;
}

void nx_changes_free(nx_changes_t *changes)
{
    delete changes;
}

} // extern "C"
