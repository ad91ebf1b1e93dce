/* Building a generation (nx_layout.h): a fresh database written without syncing, numbered by the
 * caller, then compacted into the folder a publish will name. */
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "errors.h"
#include "handles.h"
#include "nx_layout.h"
#include "schema.h"

using namespace nx_shim;

namespace {

/* Flushes every file of `dir`, and the folder, to disk: the compacted copy is what a publish will name,
 * so it must be on disk before the stub that names it. */
void sync_tree(const std::string &dir)
{
    for (const auto &entry : std::filesystem::directory_iterator(dir)) {
        const int fd = open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw std::system_error(errno, std::generic_category(), "opening " + entry.path().string());
        const bool synced = fsync(fd) == 0;
        close(fd);
        if (!synced)
            throw std::system_error(errno, std::generic_category(), "syncing " + entry.path().string());
    }
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

} // namespace

extern "C" {

/* Xapian merges the postings it holds in memory (a map per term, of maps per document) into its tables
 * every XAPIAN_FLUSH_THRESHOLD documents, 10,000 by default. Merging every 2,000 keeps those maps small:
 * a 1k-learner first run took 8-12% less CPU and a third less memory, with the same index (issue 15,
 * fourth round, bench/PROFILING.md); 50,000 took more CPU than 10,000. */
void nx_writer_tune_process(void)
{
    setenv("XAPIAN_FLUSH_THRESHOLD", "2000", 0);
}

nx_status_t nx_writer_open_build(const char *path, nx_writer_t **out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    std::string error;
    if (is_blank(path)) {
        if (error_out)
            *error_out = malloc_copy("build path is required");
        return NX_ERR_INVALID_ARG;
    }
    try {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        auto writer = std::make_unique<nx_writer>();
        writer->path = path;
        writer->building = true;
        writer->db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        writer->generator = make_term_generator();
        writer->db.set_metadata(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
        *out = writer.release();
        return NX_OK;
    } catch (...) {
        const nx_status_t status = status_from_exception(error, "creating the new index", path);
        if (error_out)
            *error_out = malloc_copy(error);
        return status;
    }
}

nx_status_t nx_writer_begin_learner_at(nx_writer_t *writer, const char *learner, uint64_t first_docid)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!writer->building)
        return fail(NX_ERR_INVALID_ARG, writer->error, "documents are numbered by the caller only in a build");
    if (first_docid == 0 || first_docid > UINT32_MAX / 2)
        return fail(NX_ERR_INVALID_ARG, writer->error, "first docid out of range");
    const nx_status_t status = nx_writer_begin_learner(writer, learner);
    if (status == NX_OK)
        writer->next_docid = static_cast<Xapian::docid>(first_docid);
    return status;
}

nx_status_t nx_writer_finish_build(nx_writer_t *writer, const char *final_path)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!writer->building || writer->in_learner || is_blank(final_path))
        return fail(NX_ERR_INVALID_ARG, writer->error, "finish_build needs a build writer outside a learner and a path");
    try {
        for (const auto &[word, occurrences] : writer->build_spelling)
            writer->db.add_spelling(word, occurrences);
        writer->build_spelling.clear();
        writer->db.commit();
        writer->db.close();
        writer->building = false;
        std::error_code ignored;
        std::filesystem::remove_all(final_path, ignored); /* left by a killed run */
        std::filesystem::create_directories(std::filesystem::path(final_path).parent_path());
        Xapian::Database built(writer->path);
        /* Docids kept: they order ties, and must stay what the caller numbered. */
        built.compact(final_path, Xapian::DBCOMPACT_NO_RENUMBER);
        built.close();
        sync_tree(final_path);
        std::filesystem::remove_all(writer->path);
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "compacting the new index into", final_path);
    }
}

nx_status_t nx_writer_index_rules(nx_writer_t *writer, char **rules_out)
{
    if (!writer || !rules_out)
        return NX_ERR_INVALID_ARG;
    *rules_out = nullptr;
    writer->error.clear();
    try {
        const std::string rules = writer->db.get_metadata(INDEX_RULES_KEY);
        if (rules.empty())
            return NX_OK;
        *rules_out = malloc_copy(rules);
        return *rules_out ? NX_OK : fail(NX_ERR_NOMEM, writer->error, "out of memory copying the rules version");
    } catch (...) {
        return status_from_exception(writer->error, "reading the rules of the index", writer->path.c_str());
    }
}

nx_status_t nx_writer_set_index_rules(nx_writer_t *writer, const char *rules)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (is_blank(rules))
        return fail(NX_ERR_INVALID_ARG, writer->error, "rules version is required");
    try {
        writer->db.set_metadata(INDEX_RULES_KEY, rules);
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "recording the rules of the index", writer->path.c_str());
    }
}

} // extern "C"
