/* Facet columns (see facet_columns.h): each value slot a facet needs is read as one stream in
 * docid order, its strings interned, so the arrays hold small integers only. */
#include "facet_columns.h"

#include "handles.h"

#include <algorithm>

#include "schema.h"

namespace nx_shim {

uint32_t Dictionary::intern(const std::string &value)
{
    auto found = ids_.find(value);
    if (found != ids_.end())
        return found->second;
    const uint32_t id = static_cast<uint32_t>(names_.size());
    ids_.emplace(value, id);
    names_.push_back(value);
    return id;
}

uint32_t Dictionary::find(const std::string &value) const
{
    auto found = ids_.find(value);
    return found == ids_.end() ? NONE : found->second;
}

FacetColumns::FacetColumns(const Xapian::Database &db)
{
    const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
    for (std::vector<uint32_t> *column : {&learner_, &kind_, &cohort_, &origin_, &type_})
        column->assign(size, NONE);
    read_dictionary_column(db, SLOT_LEARNER_KEY, learners_, learner_);
    read_dictionary_column(db, SLOT_KIND, kinds_, kind_);
    read_dictionary_column(db, SLOT_COHORT, cohorts_, cohort_);
    read_dictionary_column(db, SLOT_ORIGIN, origins_, origin_);
    read_dictionary_column(db, SLOT_TYPE, types_, type_);
    read_tech_column(db);
}

void FacetColumns::read_dictionary_column(const Xapian::Database &db, Xapian::valueno slot, Dictionary &dict,
                                          std::vector<uint32_t> &column)
{
    /* Empty strings are "not set" (a document without a cohort): no facet value for them. A learner's
     * documents are written together, so a value usually repeats the previous one: no lookup then. */
    std::string previous;
    uint32_t previous_id = NONE;
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid did = it.get_docid();
        const std::string value = *it;
        if (did >= column.size() || value.empty())
            continue;
        if (previous_id == NONE || value != previous) {
            previous_id = dict.intern(value);
            previous = value;
        }
        column[did] = previous_id;
    }
}

void FacetColumns::read_tech_column(const Xapian::Database &db)
{
    /* Few distinct technology lists exist ("celery=2,redis=1" recurs across thousands of
     * sections): each is parsed and interned once, then copied. */
    std::unordered_map<std::string, std::vector<std::pair<uint16_t, uint8_t>>> parsed;
    tech_start_.reserve(learner_.size() + 1);
    for (auto it = db.valuestream_begin(SLOT_TECHS); it != db.valuestream_end(SLOT_TECHS); ++it) {
        const Xapian::docid did = it.get_docid();
        if (did >= learner_.size())
            break;
        /* Documents without technologies between the previous one and this one: empty ranges. */
        while (tech_start_.size() <= did)
            tech_start_.push_back(static_cast<uint32_t>(tech_ids_.size()));
        auto found = parsed.try_emplace(*it);
        if (found.second)
            found.first->second = tech_ids_of(found.first->first);
        for (const auto &tech : found.first->second) {
            tech_ids_.push_back(tech.first);
            tech_strength_.push_back(tech.second);
        }
    }
    while (tech_start_.size() <= learner_.size())
        tech_start_.push_back(static_cast<uint32_t>(tech_ids_.size()));
}

std::vector<std::pair<uint16_t, uint8_t>> FacetColumns::tech_ids_of(const std::string &value)
{
    std::vector<std::pair<uint16_t, uint8_t>> ids;
    for (const auto &tech : parse_techs_value(value)) {
        /* The taxonomy has a few hundred ids; a damaged index with more is counted up to the cap. */
        const uint32_t id = techs_.intern(tech.first);
        if (id < UINT16_MAX)
            ids.emplace_back(static_cast<uint16_t>(id), static_cast<uint8_t>(std::min(tech.second, 255u)));
    }
    return ids;
}

const uint8_t *FacetColumns::tech_strengths(Xapian::docid did) const
{
    return tech_strength_.data() + (did + 1 < tech_start_.size() ? tech_start_[did] : 0);
}

const std::string &FacetColumns::name_or_empty(const Dictionary &dict, uint32_t id)
{
    static const std::string empty;
    return id == NONE ? empty : dict.name(id);
}

void FacetColumns::techs(Xapian::docid did, const uint16_t **begin, const uint16_t **end) const
{
    if (did + 1 >= tech_start_.size()) {
        *begin = *end = tech_ids_.data();
        return;
    }
    *begin = tech_ids_.data() + tech_start_[did];
    *end = tech_ids_.data() + tech_start_[did + 1];
}

std::shared_ptr<const FacetColumns> ColumnShare::columns_for(const nx_db &handle)
{
    uint64_t key = 0;
    if (!handle.revision_key(key))
        return std::make_shared<const FacetColumns>(handle.db);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!columns_ || key_ != key) {
        columns_ = std::make_shared<const FacetColumns>(handle.db);
        key_ = key;
    }
    return columns_;
}

} // namespace nx_shim
