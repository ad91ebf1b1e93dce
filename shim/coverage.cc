/* The coverage matrix (nx_db_coverage): every learner of the chosen cohorts against chosen
 * technologies, ordered and filtered by the covered weights of the learner documents, one page read. */
#include <algorithm>
#include <memory>
#include <unordered_map>

#include "errors.h"
#include "facet_columns.h"
#include "handles.h"
#include "schema.h"

using namespace nx_shim;

/* Owned by the caller of nx_db_coverage(): the page's learner documents, profile JSON included. */
struct nx_coverage {
    uint64_t total = 0;
    std::vector<uint64_t> column_covered;
    std::vector<nx_learner> learners;
    std::vector<std::string> tech_states; /* parallel to learners */
};

namespace {

/* One learner document in the running: its docid, sort key and covered weight per column. */
struct row {
    Xapian::docid did;
    uint32_t name; /* id in the columns' learner dictionary (lowercased names) */
    std::vector<Xapian::termcount> weights;
};

std::vector<std::string> lowered(const char *const *values, size_t n)
{
    std::vector<std::string> out;
    for (size_t i = 0; values && i < n; i++)
        out.push_back(lowercase(values[i] ? values[i] : ""));
    return out;
}

/* Cohort ids of the facet columns named by `cohorts` (case-insensitive); empty: every cohort. */
std::vector<bool> allowed_cohorts(const FacetColumns &columns, const std::vector<std::string> &cohorts)
{
    std::vector<bool> allowed(columns.cohorts().size(), cohorts.empty());
    for (uint32_t id = 0; id < columns.cohorts().size(); id++) {
        if (std::find(cohorts.begin(), cohorts.end(), lowercase(columns.cohorts().name(id))) != cohorts.end())
            allowed[id] = true;
    }
    return allowed;
}

class Matrix {
  public:
    Matrix(nx_db &handle, const nx_coverage_request_t &request)
        : db_(handle.db), columns_(handle.facet_columns()), request_(request),
          techs_(lowered(request.techs, request.n_techs)), missing_(lowered(request.missing, request.n_missing))
    {
    }

    std::unique_ptr<nx_coverage> run()
    {
        auto out = std::make_unique<nx_coverage>();
        std::vector<row> rows = learners_in_cohorts();
        read_weights(rows);
        out->column_covered.assign(techs_.size(), 0);
        for (const row &r : rows)
            for (size_t c = 0; c < techs_.size(); c++)
                out->column_covered[c] += r.weights[c] > 0;
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const row &r) { return covers_a_missing(r); }),
                   rows.end());
        out->total = rows.size();
        order(rows);
        const size_t first = std::min<size_t>(request_.offset, rows.size());
        const size_t last = std::min<size_t>(first + request_.limit, rows.size());
        for (size_t i = first; i < last; i++) {
            const Xapian::Document doc = db_.get_document(rows[i].did);
            out->tech_states.push_back(doc.get_value(SLOT_TECH_STATES));
            out->learners.push_back(read_learner(doc, out->tech_states.back().empty()));
        }
        return out;
    }

  private:
    /* Every learner document whose cohort is among the chosen ones, from the type posting list and the
     * facet columns: no document is read. */
    std::vector<row> learners_in_cohorts() const
    {
        const std::vector<bool> allowed = allowed_cohorts(columns_, lowered(request_.cohorts, request_.n_cohorts));
        const bool every_cohort = request_.n_cohorts == 0;
        const std::string type = type_term(TYPE_LEARNER);
        std::vector<row> rows;
        rows.reserve(db_.get_termfreq(type));
        for (Xapian::PostingIterator it = db_.postlist_begin(type); it != db_.postlist_end(type); ++it) {
            const uint32_t cohort = columns_.cohort(*it);
            const bool in_cohort = cohort == FacetColumns::NONE ? every_cohort : bool(allowed[cohort]);
            const uint32_t name = columns_.learner(*it);
            if (in_cohort && name != FacetColumns::NONE)
                rows.push_back(row{*it, name, std::vector<Xapian::termcount>(techs_.size(), 0)});
        }
        return rows;
    }

    /* The covered weight of each column (the wdf of XW<tech> on the learner document), one posting
     * list per technology. */
    void read_weights(std::vector<row> &rows) const
    {
        std::unordered_map<Xapian::docid, size_t> at;
        at.reserve(rows.size());
        for (size_t i = 0; i < rows.size(); i++)
            at.emplace(rows[i].did, i);
        for (size_t c = 0; c < techs_.size(); c++) {
            const std::string term = learner_tech_term(techs_[c]);
            for (Xapian::PostingIterator it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
                auto found = at.find(*it);
                if (found != at.end())
                    rows[found->second].weights[c] = it.get_wdf();
            }
        }
    }

    bool covers_a_missing(const row &r) const
    {
        for (const std::string &tech : missing_) {
            auto column = std::find(techs_.begin(), techs_.end(), tech);
            if (column != techs_.end() && r.weights[size_t(column - techs_.begin())] > 0)
                return true;
        }
        return false;
    }

    /* By name, or by one column's weight (strongest first, then by name); `descending` reverses it. */
    void order(std::vector<row> &rows) const
    {
        const Dictionary &names = columns_.learners();
        const int column = request_.sort_column;
        auto before = [&](const row &a, const row &b) {
            if (column >= 0 && a.weights[size_t(column)] != b.weights[size_t(column)])
                return a.weights[size_t(column)] > b.weights[size_t(column)];
            return names.name(a.name) < names.name(b.name);
        };
        if (request_.descending)
            std::sort(rows.begin(), rows.end(), [&](const row &a, const row &b) { return before(b, a); });
        else
            std::sort(rows.begin(), rows.end(), before);
    }

    /* The values of a learner document, and its profile JSON only `with_profile`: the JSON is up to a
     * few hundred kilobytes, and reading it was most of a page of strong learners at 10k. */
    static nx_learner read_learner(const Xapian::Document &doc, bool with_profile)
    {
        nx_learner stored = stored_learner(doc);
        if (with_profile)
            stored.profile_json = doc.get_data();
        return stored;
    }

    const Xapian::Database &db_;
    const FacetColumns &columns_; /* of the revision db_ shows: each learner document's name and cohort */
    const nx_coverage_request_t &request_;
    std::vector<std::string> techs_, missing_;
};

nx_status_t check_request(const nx_coverage_request_t *request, std::string &error)
{
    if (!request)
        return fail(NX_ERR_INVALID_ARG, error, "coverage request is NULL");
    if (request->n_techs == 0 || request->n_techs > NX_COVERAGE_MAX_TECHS || !request->techs)
        return fail(NX_ERR_INVALID_ARG, error, "a coverage matrix needs 1 to 20 technologies");
    for (size_t i = 0; i < request->n_techs; i++)
        if (is_blank(request->techs[i]))
            return fail(NX_ERR_INVALID_ARG, error, "a technology id is empty");
    if (request->sort_column >= static_cast<int>(request->n_techs) || request->sort_column < -1)
        return fail(NX_ERR_INVALID_ARG, error, "sort_column is not one of the technologies");
    return NX_OK;
}

} // namespace

extern "C" {

nx_status_t nx_db_coverage(nx_db_t *db, const nx_coverage_request_t *request, nx_coverage_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    const nx_status_t status = check_request(request, db->error);
    if (status)
        return status;
    try {
        *out = db->at_newest_revision([&] { return Matrix(*db, *request).run(); }).release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "building the coverage matrix");
    }
}

uint64_t nx_coverage_total(const nx_coverage_t *coverage)
{
    return coverage ? coverage->total : 0;
}

uint64_t nx_coverage_column_covered(const nx_coverage_t *coverage, size_t i)
{
    return coverage && i < coverage->column_covered.size() ? coverage->column_covered[i] : 0;
}

size_t nx_coverage_count(const nx_coverage_t *coverage)
{
    return coverage ? coverage->learners.size() : 0;
}

nx_status_t nx_coverage_get(const nx_coverage_t *coverage, size_t i, nx_learner_info_t *info)
{
    if (!coverage || !info || i >= coverage->learners.size())
        return NX_ERR_INVALID_ARG;
    nx_learner_get(&coverage->learners[i], info);
    return NX_OK;
}

const char *nx_coverage_tech_states(const nx_coverage_t *coverage, size_t i)
{
    return coverage && i < coverage->tech_states.size() ? coverage->tech_states[i].c_str() : "";
}

void nx_coverage_free(nx_coverage_t *coverage)
{
    delete coverage;
}

} // extern "C"
