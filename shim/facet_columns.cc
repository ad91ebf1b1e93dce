/* Facet columns (see facet_columns.h): each value slot a facet needs is read as one stream in
 * docid order, its strings interned, so the arrays hold small integers only. */
#include "facet_columns.h"

#include "handles.h"

#include <algorithm>
#include <cstring>
#include <map>

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
    doccount_ = db.get_doccount();
}

FacetColumns::FacetColumns(const Xapian::Database &db, LearnerStates states) : FacetColumns(db)
{
    has_states_ = true;
    states_ = std::move(states);
}

LearnerStates read_learner_states(const std::vector<Xapian::Database> &parts)
{
    LearnerStates states;
    for (const Xapian::Database &part : parts) {
        for (const char *prefix : {COMMIT_KEY_PREFIX, RULES_KEY_PREFIX, WRITTEN_KEY_PREFIX}) {
            const size_t skip = std::string(prefix).size();
            for (auto it = part.metadata_keys_begin(prefix); it != part.metadata_keys_end(prefix); ++it) {
                std::string &state = states[(*it).substr(skip)];
                state += part.get_metadata(*it);
                state += '\n';
            }
        }
    }
    return states;
}

/* Beyond this share of the learners changed (and more than a few), reading their documents one by
 * one costs about as much as the value streams read whole. */
constexpr size_t MAX_CHANGED_SHARE = 16, FEW_CHANGED = 64;

std::shared_ptr<const FacetColumns> FacetColumns::updated(const std::shared_ptr<const FacetColumns> &old,
                                                          const Xapian::Database &db, const LearnerStates &states)
{
    if (!old->has_states_)
        return nullptr;
    std::vector<std::string> changed;
    for (const auto &entry : old->states_) {
        auto now = states.find(entry.first);
        if (now == states.end())
            return nullptr; /* a learner left: its name would stay in the dictionary a full read rebuilds */
        if (now->second != entry.second)
            changed.push_back(entry.first);
    }
    for (const auto &entry : states) {
        if (old->states_.count(entry.first) == 0)
            changed.push_back(entry.first);
    }
    const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
    const bool many = changed.size() > FEW_CHANGED && changed.size() * MAX_CHANGED_SHARE > states.size();
    if (many || size < old->learner_.size())
        return nullptr;
    auto fresh = std::make_shared<FacetColumns>(*old);
    fresh->states_ = states;
    fresh->doccount_ = db.get_doccount();
    for (std::vector<uint32_t> *column :
         {&fresh->learner_, &fresh->kind_, &fresh->cohort_, &fresh->origin_, &fresh->type_})
        column->resize(size, NONE);

    /* The changed learners' documents of the old revision are forgotten... */
    std::vector<bool> stale(fresh->learners_.size());
    for (const std::string &learner : changed) {
        const uint32_t id = fresh->learners_.find(learner);
        if (id != NONE)
            stale[id] = true;
    }
    std::map<Xapian::docid, TechList> replaced;
    Xapian::doccount cleared = 0, read = 0;
    for (Xapian::docid did = 1; did < old->learner_.size(); did++) {
        const uint32_t learner = fresh->learner_[did];
        if (learner == NONE || !stale[learner])
            continue;
        for (std::vector<uint32_t> *column :
             {&fresh->learner_, &fresh->kind_, &fresh->cohort_, &fresh->origin_, &fresh->type_})
            (*column)[did] = NONE;
        replaced[did];
        cleared++;
    }
    /* ...and those of the new one read, found by their learner term. */
    for (const std::string &learner : changed) {
        const std::string term = learner_term(learner);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it, read++)
            replaced[*it] = fresh->read_document(db, *it);
    }
    /* Every document carries its learner's term and key: if the counts disagree, a document changed
     * that no learner state accounts for. */
    if (old->doccount_ + read - cleared != fresh->doccount_)
        return nullptr;
    fresh->rebuild_techs(size, replaced);
    return fresh;
}

std::vector<std::pair<uint16_t, uint8_t>> FacetColumns::read_document(const Xapian::Database &db,
                                                                        Xapian::docid did)
{
    return read_values(db.get_document(did), did);
}

std::vector<std::pair<uint16_t, uint8_t>> FacetColumns::read_values(const Xapian::Document &doc, Xapian::docid did)
{
    const std::pair<Xapian::valueno, std::pair<Dictionary *, std::vector<uint32_t> *>> columns[] = {
        {SLOT_LEARNER_KEY, {&learners_, &learner_}}, {SLOT_KIND, {&kinds_, &kind_}},
        {SLOT_COHORT, {&cohorts_, &cohort_}},        {SLOT_ORIGIN, {&origins_, &origin_}},
        {SLOT_TYPE, {&types_, &type_}},
    };
    for (const auto &column : columns) {
        const std::string value = doc.get_value(column.first);
        (*column.second.second)[did] = value.empty() ? NONE : column.second.first->intern(value);
    }
    const std::string techs = doc.get_value(SLOT_TECHS);
    return techs.empty() ? std::vector<std::pair<uint16_t, uint8_t>>() : tech_ids_of(techs);
}

void FacetColumns::rebuild_techs(size_t size, const std::map<Xapian::docid, TechList> &replaced)
{
    std::vector<uint32_t> starts;
    std::vector<uint16_t> ids;
    std::vector<uint8_t> strengths;
    starts.reserve(size + 1);
    ids.reserve(tech_ids_.size());
    strengths.reserve(tech_ids_.size());
    const size_t old_docs = tech_start_.empty() ? 0 : tech_start_.size() - 1;
    auto next = replaced.begin();
    for (size_t did = 0; did < size;) {
        /* The unchanged documents up to the next replaced one keep their ranges, shifted. */
        const size_t stop = next != replaced.end() ? std::min<size_t>(next->first, size) : size;
        const size_t kept = std::min(stop, old_docs);
        if (did < kept) {
            const int64_t shift = static_cast<int64_t>(ids.size()) - tech_start_[did];
            for (size_t d = did; d < kept; d++)
                starts.push_back(static_cast<uint32_t>(tech_start_[d] + shift));
            ids.insert(ids.end(), tech_ids_.begin() + tech_start_[did], tech_ids_.begin() + tech_start_[kept]);
            strengths.insert(strengths.end(), tech_strength_.begin() + tech_start_[did],
                             tech_strength_.begin() + tech_start_[kept]);
            did = kept;
        }
        for (; did < stop; did++)
            starts.push_back(static_cast<uint32_t>(ids.size()));
        if (did == size)
            break;
        starts.push_back(static_cast<uint32_t>(ids.size()));
        for (const auto &tech : next->second) {
            ids.push_back(tech.first);
            strengths.push_back(tech.second);
        }
        did++;
        ++next;
    }
    starts.push_back(static_cast<uint32_t>(ids.size()));
    tech_start_ = std::move(starts);
    tech_ids_ = std::move(ids);
    tech_strength_ = std::move(strengths);
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

/* Documents listed per match: each pass stops once it has offset + FETCH_BATCH of them. */
constexpr Xapian::doccount FETCH_BATCH = 2000;

std::shared_ptr<const FacetColumns> FacetColumns::read_by_documents(const Xapian::Database &db)
{
    auto columns = std::shared_ptr<FacetColumns>(new FacetColumns());
    const size_t size = static_cast<size_t>(db.get_lastdocid()) + 1;
    for (std::vector<uint32_t> *column :
         {&columns->learner_, &columns->kind_, &columns->cohort_, &columns->origin_, &columns->type_})
        column->assign(size, NONE);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(std::string())); /* every document (see any_of in query.cc) */
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    std::map<Xapian::docid, TechList> techs;
    for (Xapian::doccount offset = 0;; offset += FETCH_BATCH) {
        Xapian::MSet batch = enquire.get_mset(offset, FETCH_BATCH);
        if (batch.empty())
            break;
        for (auto it = batch.begin(); it != batch.end(); ++it) {
            if (*it < size)
                techs[*it] = columns->read_values(it.get_document(), *it);
        }
    }
    columns->rebuild_techs(size, techs);
    columns->doccount_ = db.get_doccount();
    return columns;
}

namespace {

constexpr char COLUMNS_MAGIC[] = "NXFC1";
constexpr uint32_t BYTE_ORDER_MARK = 0x01020304;

template <class T> void put(std::string &out, const T &value)
{
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

template <class T> void put_array(std::string &out, const std::vector<T> &values)
{
    put<uint64_t>(out, values.size());
    out.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

void put_dictionary(std::string &out, const Dictionary &dict)
{
    put<uint64_t>(out, dict.size());
    for (uint32_t i = 0; i < dict.size(); i++) {
        put<uint64_t>(out, dict.name(i).size());
        out += dict.name(i);
    }
}

/* Reads what put() and put_array() wrote, failing (false) rather than reading past the end. */
class Reader {
  public:
    Reader(const std::string &bytes, size_t start) : bytes_(bytes), at_(start) {}
    template <class T> bool get(T &value)
    {
        if (bytes_.size() - at_ < sizeof value)
            return false;
        std::memcpy(&value, bytes_.data() + at_, sizeof value);
        at_ += sizeof value;
        return true;
    }
    template <class T> bool get_array(std::vector<T> &values)
    {
        uint64_t n = 0;
        if (!get(n) || n > (bytes_.size() - at_) / sizeof(T))
            return false;
        values.resize(n);
        std::memcpy(values.data(), bytes_.data() + at_, n * sizeof(T));
        at_ += n * sizeof(T);
        return true;
    }
    bool get_dictionary(Dictionary &dict)
    {
        uint64_t n = 0;
        if (!get(n))
            return false;
        for (uint64_t i = 0; i < n; i++) {
            uint64_t len = 0;
            if (!get(len) || len > bytes_.size() - at_)
                return false;
            if (dict.intern(bytes_.substr(at_, len)) != i)
                return false; /* a name twice: not what serialise() writes */
            at_ += len;
        }
        return true;
    }
    bool at_end() const { return at_ == bytes_.size(); }

  private:
    const std::string &bytes_;
    size_t at_;
};

} // namespace

std::string FacetColumns::serialise() const
{
    std::string out(COLUMNS_MAGIC);
    put<uint32_t>(out, BYTE_ORDER_MARK);
    put<uint64_t>(out, doccount_);
    for (const Dictionary *dict : {&learners_, &kinds_, &cohorts_, &techs_, &origins_, &types_})
        put_dictionary(out, *dict);
    for (const std::vector<uint32_t> *column : {&learner_, &kind_, &cohort_, &origin_, &type_, &tech_start_})
        put_array(out, *column);
    put_array(out, tech_ids_);
    put_array(out, tech_strength_);
    return out;
}

std::shared_ptr<const FacetColumns> FacetColumns::unserialise(const std::string &bytes)
{
    const size_t magic = sizeof COLUMNS_MAGIC - 1;
    if (bytes.compare(0, magic, COLUMNS_MAGIC) != 0)
        return nullptr;
    Reader in(bytes, magic); /* the columns are tens of megabytes at 10k learners: read in place */
    auto columns = std::shared_ptr<FacetColumns>(new FacetColumns());
    uint32_t mark = 0;
    uint64_t doccount = 0;
    if (!in.get(mark) || mark != BYTE_ORDER_MARK || !in.get(doccount))
        return nullptr;
    columns->doccount_ = static_cast<Xapian::doccount>(doccount);
    for (Dictionary *dict : {&columns->learners_, &columns->kinds_, &columns->cohorts_, &columns->techs_,
                             &columns->origins_, &columns->types_}) {
        if (!in.get_dictionary(*dict))
            return nullptr;
    }
    for (std::vector<uint32_t> *column : {&columns->learner_, &columns->kind_, &columns->cohort_, &columns->origin_,
                                          &columns->type_, &columns->tech_start_}) {
        if (!in.get_array(*column))
            return nullptr;
    }
    if (!in.get_array(columns->tech_ids_) || !in.get_array(columns->tech_strength_) || !in.at_end())
        return nullptr;
    /* Every column one entry a docid, and the technology ranges within the id arrays. */
    const size_t size = columns->learner_.size();
    for (const std::vector<uint32_t> *column :
         {&columns->kind_, &columns->cohort_, &columns->origin_, &columns->type_}) {
        if (column->size() != size)
            return nullptr;
    }
    if (columns->tech_start_.size() != size + 1 || columns->tech_ids_.size() != columns->tech_strength_.size() ||
        columns->tech_start_.back() != columns->tech_ids_.size())
        return nullptr;
    for (size_t i = 1; i < columns->tech_start_.size(); i++) {
        if (columns->tech_start_[i] < columns->tech_start_[i - 1])
            return nullptr;
    }
    return columns;
}

namespace {

/* Whether `columns` are those of `handle.db` as it is now: every shard answering (a union without one
 * numbers its documents otherwise), the same document count and last docid (none rebuilt since). */
bool describe(const FacetColumns &columns, const nx_db &handle)
{
    return handle.missing.empty() && columns.doccount() == handle.db.get_doccount() &&
           columns.last_docid() == handle.db.get_lastdocid();
}

} // namespace

std::shared_ptr<const FacetColumns> ColumnShare::columns_for(const nx_db &handle)
{
    uint64_t key = 0;
    if (!handle.revision_key(key)) {
        /* Remote shards: the columns the stub's words database carries, read once for the handles of this
         * share, while they describe the shards; else read from the documents, for this handle alone. */
        std::shared_ptr<const FacetColumns> carried;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!carried_)
                carried_ = FacetColumns::unserialise(handle.words.get_metadata(STUB_COLUMNS_KEY));
            carried = carried_;
        }
        if (carried && describe(*carried, handle))
            return carried;
        return FacetColumns::read_by_documents(handle.db);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (columns_ && key_ == key)
        return columns_;
    LearnerStates states = read_learner_states(handle.parts);
    std::shared_ptr<const FacetColumns> next;
    if (columns_ && stubs_ == handle.stubs)
        next = FacetColumns::updated(columns_, handle.db, states);
    if (!next)
        next = std::make_shared<const FacetColumns>(handle.db, std::move(states));
    columns_ = std::move(next);
    key_ = key;
    stubs_ = handle.stubs;
    return columns_;
}

} // namespace nx_shim
