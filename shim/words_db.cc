/* The words databases of a generation (nx_layout.h): the spelling and synonym tables of all its shards
 * merged into one document-less database, for a front server whose shards are remote (Xapian 1.4 reads
 * neither table over xapian-tcpsrv) and so that one table, not a merge at query time, gives suggestions
 * (Xapian 1.4 merging several shards' spelling tables misses suggestions one table gives). */
#include <filesystem>
#include <memory>
#include <string>

#include <xapian.h>

#include "errors.h"
#include "facet_columns.h"
#include "layout.h"
#include "nx_layout.h"
#include "schema.h"

namespace fs = std::filesystem;
using namespace nx_shim;

namespace {

void add_tables(const Xapian::Database &shard, Xapian::WritableDatabase &words)
{
    for (auto it = shard.spellings_begin(); it != shard.spellings_end(); ++it)
        words.add_spelling(*it, it.get_termfreq());
    for (auto key = shard.synonym_keys_begin(); key != shard.synonym_keys_end(); ++key) {
        for (auto syn = shard.synonyms_begin(*key); syn != shard.synonyms_end(*key); ++syn)
            words.add_synonym(*key, *syn);
    }
}

} // namespace

namespace nx_shim {

/* Writes the merged tables beside, then renames them into place, so a reader never opens a half-written
 * one. */
std::string write_merged_words(const std::string &index_dir, unsigned generation, unsigned shards,
                               const std::string &name, bool with_columns)
{
    std::unique_ptr<char, decltype(&free)> first(nx_layout_shard_path(index_dir.c_str(), generation, 0, 0), free);
    if (!first)
        throw std::bad_alloc();
    const fs::path folder = fs::path(first.get()).parent_path();
    const std::string final_path = (folder / name).string(), building = final_path + ".new";
    fs::remove_all(building);
    {
        Xapian::WritableDatabase words(building, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::Database all; /* the shards in stub order: docids as a front server's union numbers them */
        for (unsigned shard = 0; shard < shards; shard++) {
            std::unique_ptr<char, decltype(&free)> path(
                nx_layout_shard_path(index_dir.c_str(), generation, shard, 0), free);
            if (!path)
                throw std::bad_alloc();
            const Xapian::Database part(path.get());
            add_tables(part, words);
            all.add_database(part);
        }
        if (with_columns)
            words.set_metadata(STUB_COLUMNS_KEY, FacetColumns(all).serialise());
        words.commit();
    }
    fs::remove_all(final_path);
    fs::rename(building, final_path);
    return fs::absolute(final_path).lexically_normal().string();
}

} // namespace nx_shim

extern "C" nx_status_t nx_layout_write_words(const char *index_dir, unsigned generation, unsigned shards,
                                             char **path_out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (path_out)
        *path_out = nullptr;
    if (is_blank(index_dir) || generation == 0 || shards == 0 || !path_out)
        return NX_ERR_INVALID_ARG;
    std::string error;
    try {
        *path_out = malloc_copy(write_merged_words(index_dir, generation, shards, "words", true));
        return *path_out ? NX_OK : NX_ERR_NOMEM;
    } catch (...) {
        const nx_status_t status = status_from_exception(error, "merging the spelling and synonyms of", index_dir);
        if (error_out)
            *error_out = malloc_copy(error);
        return status;
    }
}
