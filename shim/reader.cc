/* The read side of the C API: opening the union of index shards (index folders, local databases or
 * stub files naming remote shards), following new commits and published generations, counting documents. */
#include <algorithm>
#include <cstring>
#include <ctime>
#include <sys/stat.h>
#include <memory>

#include "errors.h"
#include "facet_columns.h"
#include "heading_phrases.h"
#include "handles.h"
#include "layout.h"
#include "nx_layout.h"
#include "schema.h"
#include "shards.h"

using namespace nx_shim;

namespace {

/* Opens one part and refuses it unless it carries this schema (a words database holds no documents and
 * no schema: it is only asked for spellings and synonyms). */
Xapian::Database open_checked(const PartSpec &spec)
{
    Xapian::Database part = open_part(spec);
    if (!spec.words)
        check_schema_version(part.get_metadata(SCHEMA_VERSION_KEY), part.get_doccount());
    return part;
}

nx_status_t check_paths(const char *const *paths, size_t n_paths, std::string &error)
{
    if (!paths || n_paths == 0)
        return fail(NX_ERR_INVALID_ARG, error, "at least one index path is required");
    for (size_t i = 0; i < n_paths; i++) {
        if (is_blank(paths[i]))
            return fail(NX_ERR_INVALID_ARG, error, "index path is empty");
    }
    return NX_OK;
}

/* The parts `path` names: the shards of its stub when it is an index folder written by nexus-index (opened
 * one by one, so each keeps its own revision), those of a remote stub, else `path` itself. */
void parts_of_path(const std::string &path, std::vector<PartSpec> &specs, std::string &stubs)
{
    std::string identity;
    nx_layout_t layout{0, 0, 0, 0};
    char *why = nullptr;
    if (layout_stub_identity(path, identity) && nx_layout_read(path.c_str(), &layout, &why) == NX_OK &&
        !layout.legacy) {
        stubs += identity + ';';
        for (unsigned shard = 0; shard < layout.shards; shard++) {
            std::unique_ptr<char, decltype(&free)> shard_path(
                nx_layout_shard_path(path.c_str(), layout.generation, shard, 0), free);
            if (!shard_path)
                throw std::bad_alloc();
            specs.push_back(PartSpec{shard_path.get(), 0, 0, 0, false});
        }
        if (layout.words) {
            std::unique_ptr<char, decltype(&free)> first(nx_layout_shard_path(path.c_str(), layout.generation, 0, 0),
                                                         free);
            if (!first)
                throw std::bad_alloc();
            const std::string folder(first.get());
            specs.push_back(PartSpec{folder.substr(0, folder.rfind('/')) + "/words-" + std::to_string(layout.words),
                                     0, 0, 0, true});
        }
        return;
    }
    free(why);
    stubs += ';';
    if (!read_remote_stub(path, specs))
        specs.push_back(PartSpec{path, 0, 0, 0, false});
}

/* Reads every path of `handle` into its parts, and opens them. */
void open_all(nx_db &handle, std::string &current)
{
    std::vector<PartSpec> specs;
    std::string stubs;
    for (const std::string &path : handle.paths) {
        current = path;
        parts_of_path(path, specs, stubs);
    }
    handle.specs = std::move(specs);
    handle.stubs = std::move(stubs);
    handle.open_parts();
}

nx_status_t open_handle(const std::vector<std::string> &paths, std::shared_ptr<ColumnShare> share,
                        std::shared_ptr<PartFailures> failures, nx_db_t **out, std::string &error)
{
    std::string current; /* a copy: the handle holding the paths is gone when an exception is reported */
    try {
        auto db = std::make_unique<nx_db>();
        db->paths = paths;
        db->failures = std::move(failures);
        open_all(*db, current);
        db->share = std::move(share);
        *out = db.release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(error, "opening index", current.c_str());
    }
}

/* The stub identities of `paths` as open_all() records them. */
std::string current_stubs(const std::vector<std::string> &paths)
{
    std::string stubs;
    for (const std::string &path : paths) {
        std::string identity;
        if (layout_stub_identity(path, identity))
            stubs += identity;
        stubs += ';';
    }
    return stubs;
}

uint64_t fnv1a(uint64_t hash, const std::string &text)
{
    for (unsigned char byte : text) {
        hash ^= byte;
        hash *= 1099511628211ULL;
    }
    return hash;
}

/* A commit younger than this may share its version file's timestamps with the next commit (file times tick
 * coarsely) and, should that commit's file reuse the inode, look unchanged: such an identity is not trusted. */
constexpr long long SETTLED_NS = 50LL * 1000 * 1000;

/* The identity (device, inode, size, modification and change times) of every local shard's version file,
 * which Xapian replaces on every commit (a new file renamed over the old). False when it cannot stand for
 * the revision: a remote shard, a database that is not glass, a version file written in the last SETTLED_NS. */
bool version_identity(const std::vector<PartSpec> &specs, std::string &identity)
{
    identity.clear();
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (const PartSpec &spec : specs) {
        if (spec.words)
            continue; /* never reopened (nx_db::words) */
        struct stat st;
        if (spec.port != 0 || stat((spec.where + "/iamglass").c_str(), &st) != 0)
            return false;
        const long long age_ns = (static_cast<long long>(now.tv_sec) - st.st_mtim.tv_sec) * 1000000000LL +
                                 (now.tv_nsec - st.st_mtim.tv_nsec);
        if (age_ns < SETTLED_NS)
            return false;
        identity += std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + ':' + std::to_string(st.st_size) +
                    ':' + std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec) + ':' +
                    std::to_string(st.st_ctim.tv_sec) + '.' + std::to_string(st.st_ctim.tv_nsec) + ';';
    }
    return true;
}

} // namespace

void nx_db::open_parts()
{
    Xapian::Database all, merged;
    std::vector<Xapian::Database> opened;
    std::vector<unsigned> absent;
    bool some_shard = false, has_words = false;
    /* The words database stays out of the union of shards: spelling and synonyms are read from it alone
     * (`words`), which remote shards need (Xapian 1.4 reads neither table over xapian-tcpsrv) and local
     * ones gain from (one table, not several merged at query time). */
    for (size_t i = 0; i < specs.size(); i++) {
        try {
            opened.push_back(open_checked(specs[i]));
            if (specs[i].words) {
                merged.add_database(opened.back());
                has_words = true;
            } else {
                all.add_database(opened.back());
            }
            some_shard = some_shard || !specs[i].words;
        } catch (const Xapian::NetworkError &) {
            if (specs[i].port == 0)
                throw; /* a local database is never "down": what stops it is an error to report */
            absent.push_back(static_cast<unsigned>(i));
            failures->add(i);
        }
    }
    if (!some_shard)
        throw Xapian::NetworkError("no shard of the index can be reached");
    db = all;
    words = has_words ? merged : all;
    parts = std::move(opened);
    missing = std::move(absent);
    retry_at = std::chrono::steady_clock::now() + RECONNECT_INTERVAL;
    versions.clear();
    forget_revision();
}

void nx_db::forget_revision()
{
    columns.reset();
    phrases.reset();
    hits.clear();
    postings.clear();
    word_uses.clear();
}

void nx_db::reconnect_if_due()
{
    if (missing.empty() || std::chrono::steady_clock::now() < retry_at)
        return;
    retry_at = std::chrono::steady_clock::now() + RECONNECT_INTERVAL;
    /* Only a shard that answers again is worth reopening everything for: reopening drops the facet
     * columns, which over remote shards are read document by document. */
    const bool back = std::any_of(missing.begin(), missing.end(), [this](unsigned i) {
        try {
            open_checked(specs[i]);
            return true;
        } catch (const Xapian::NetworkError &) {
            failures->add(i);
            return false;
        }
    });
    if (back)
        open_parts();
}

void nx_db::refresh()
{
    if (current_stubs(paths) != stubs) {
        /* A rebuilt generation was published: move to it. Should it not open (a publish racing the removal
         * of what it replaced), the handle keeps the generation it has, which stays readable, and tries
         * again on the next refresh. */
        nx_db fresh;
        fresh.paths = paths;
        fresh.failures = failures;
        std::string current;
        try {
            open_all(fresh, current);
        } catch (const Xapian::Error &) {
            return;
        }
        db = fresh.db;
        words = fresh.words;
        parts = std::move(fresh.parts);
        specs = std::move(fresh.specs);
        missing = std::move(fresh.missing);
        stubs = std::move(fresh.stubs);
        versions.clear();
        forget_revision();
        return;
    }
    reconnect_if_due();
    /* Database::reopen reads every shard's version file (4% of a search in perf); when none was replaced
     * since the last reopen, the handle already shows the newest commit. Read before reopening, so that a
     * commit landing in between is seen by the next request. */
    std::string identity;
    const bool trusted = version_identity(specs, identity);
    if (trusted && !versions.empty() && identity == versions)
        return;
    versions = trusted ? identity : std::string();
    try {
        if (db.reopen())
            forget_revision();
    } catch (const Xapian::NetworkError &) {
        open_parts(); /* a shard went away (or came back on a new connection): answer from those that answer */
    }
}

bool nx_db::revision_key(uint64_t &key) const
{
    uint64_t hash = fnv1a(14695981039346656037ULL, stubs);
    try {
        for (const Xapian::Database &part : parts)
            hash = fnv1a(hash, std::to_string(part.get_revision()) + ',');
    } catch (const Xapian::InvalidOperationError &) {
        return false; /* a remote shard has no revision we can read */
    } catch (const Xapian::UnimplementedError &) {
        return false; /* nor has xapian-tcpsrv 1.4 ("doesn't provide access to revision information") */
    }
    key = hash;
    return true;
}

const FacetColumns &nx_db::facet_columns()
{
    if (!columns)
        columns = share->columns_for(*this);
    return *columns;
}

const HeadingPhrases &nx_db::heading_phrases()
{
    if (!phrases)
        phrases = std::make_shared<const HeadingPhrases>(db, facet_columns());
    return *phrases;
}

extern "C" {

nx_status_t nx_db_open(const char *const *paths, size_t n_paths, nx_db_t **out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    std::string error;
    nx_status_t status = check_paths(paths, n_paths, error);
    if (status == NX_OK) {
        status = open_handle(std::vector<std::string>(paths, paths + n_paths), std::make_shared<ColumnShare>(), std::make_shared<PartFailures>(),
                             out, error);
    }
    if (status != NX_OK && error_out)
        *error_out = malloc_copy(error);
    return status;
}

nx_status_t nx_db_open_sibling(nx_db_t *db, nx_db_t **out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    std::string error;
    const nx_status_t status = open_handle(db->paths, db->share, db->failures, out, error);
    if (status != NX_OK && error_out)
        *error_out = malloc_copy(error);
    return status;
}

const char *nx_db_error(const nx_db_t *db)
{
    return db ? db->error.c_str() : "no database handle";
}

nx_status_t nx_db_refresh(nx_db_t *db)
{
    if (!db)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        db->refresh();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "refreshing the index");
    }
}

nx_status_t nx_db_doc_count(nx_db_t *db, uint64_t *count_out)
{
    if (!db || !count_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        *count_out = db->at_newest_revision([&] { return db->db.get_termfreq(type_term(TYPE_SECTION)); });
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "counting documents");
    }
}

nx_status_t nx_db_learner_count(nx_db_t *db, uint64_t *count_out)
{
    if (!db || !count_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    try {
        *count_out = db->at_newest_revision([&] { return db->db.get_termfreq(type_term(TYPE_LEARNER)); });
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "counting learners");
    }
}

nx_status_t nx_db_tech_learners(nx_db_t *db, const char *tech_id, uint64_t *count_out)
{
    if (!db || !count_out)
        return NX_ERR_INVALID_ARG;
    db->error.clear();
    if (is_blank(tech_id))
        return fail(NX_ERR_INVALID_ARG, db->error, "technology id is required");
    try {
        /* Not at the newest revision: a table of counts is read at the revision of its first count. */
        *count_out = db->tolerant([&] { return db->db.get_termfreq(learner_tech_term(tech_id)); });
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "counting learners covering", tech_id);
    }
}

nx_status_t nx_db_learner(nx_db_t *db, const char *learner, nx_learner_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    if (is_blank(learner) || strlen(learner) > NX_LEARNER_MAX)
        return fail(NX_ERR_INVALID_ARG, db->error, "learner name is empty or too long");
    try {
        const std::string id = learner_id_term(learner);
        const Xapian::Document doc = db->at_newest_revision([&] {
            Xapian::PostingIterator it = db->db.postlist_begin(id);
            return it == db->db.postlist_end(id) ? Xapian::Document() : db->db.get_document(*it);
        });
        if (doc.get_docid() == 0)
            return fail(NX_ERR_NOT_FOUND, db->error, "no such learner in the index");
        auto stored = std::make_unique<nx_learner>(stored_learner(doc));
        stored->profile_json = doc.get_data();
        const std::string indexed_at = doc.get_value(SLOT_INDEXED_AT);
        if (!indexed_at.empty())
            stored->indexed_at = static_cast<int64_t>(Xapian::sortable_unserialise(indexed_at));
        *out = stored.release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "reading the profile of learner", learner);
    }
}

void nx_learner_get(const nx_learner_t *learner, nx_learner_info_t *info)
{
    if (!learner || !info)
        return;
    info->learner = learner->learner.c_str();
    info->cohort = learner->cohort.c_str();
    info->repo_url = learner->repo_url.c_str();
    info->commit = learner->commit.c_str();
    info->commit_time = learner->commit_time;
    info->techs = learner->techs.c_str();
    info->profile_json = learner->profile_json.c_str();
    info->indexed_at = learner->indexed_at;
}

void nx_learner_free(nx_learner_t *learner)
{
    delete learner;
}

void nx_db_close(nx_db_t *db)
{
    if (!db)
        return;
    try {
        db->db.close();
    } catch (...) {
        /* Nothing was written through a read handle, so nothing can be lost. */
    }
    delete db;
}

} // extern "C"
