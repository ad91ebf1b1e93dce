/* The index folder's generations (nx_layout.h): reading and writing the stub that names the shards
 * being served, and removing generations nothing serves any more. */
#include "nx_layout.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "layout.h"
#include "schema.h"

namespace fs = std::filesystem;
using namespace nx_shim;

namespace {

constexpr const char *STUB_NAME = "XAPIANDB";
constexpr const char *GENERATION_PREFIX = "gen-";
constexpr const char *BUILD_SUFFIX = ".build";
constexpr const char *WORDS_PREFIX = "words-";
/* Xapian's marker of a glass database folder: present in INDEX only for a legacy layout. */
constexpr const char *LEGACY_MARKER = "iamglass";
constexpr unsigned MAX_SHARDS = 64;

std::string generation_dir(const std::string &index_dir, unsigned generation, bool building)
{
    return index_dir + "/" + GENERATION_PREFIX + std::to_string(generation) + (building ? BUILD_SUFFIX : "");
}

std::string stub_line(unsigned generation, unsigned shard)
{
    return std::string("glass ") + GENERATION_PREFIX + std::to_string(generation) + "/shard-" + std::to_string(shard);
}

std::string words_name(unsigned words)
{
    return WORDS_PREFIX + std::to_string(words);
}

std::string words_line(unsigned generation, unsigned words)
{
    return std::string("glass ") + GENERATION_PREFIX + std::to_string(generation) + "/" + words_name(words);
}

/* The stub of `shards` shards of `generation`, with its words database last when `words` is not 0. */
std::string stub_text(unsigned generation, unsigned shards, unsigned words)
{
    std::string text;
    for (unsigned shard = 0; shard < shards; shard++)
        text += stub_line(generation, shard) + "\n";
    if (words)
        text += words_line(generation, words) + "\n";
    return text;
}

/* Parses the words line written by words_line(); false for anything else. */
bool parse_words_line(const std::string &line, unsigned *generation, unsigned *words)
{
    unsigned g = 0, w = 0;
    int used = 0;
    if (sscanf(line.c_str(), "glass gen-%u/words-%u%n", &g, &w, &used) != 2 || static_cast<size_t>(used) != line.size() ||
        w == 0)
        return false;
    *generation = g;
    *words = w;
    return true;
}

/* Parses one stub line written by stub_line(); false for anything else. */
bool parse_stub_line(const std::string &line, unsigned *generation, unsigned *shard)
{
    unsigned g = 0, s = 0;
    int used = 0;
    if (sscanf(line.c_str(), "glass gen-%u/shard-%u%n", &g, &s, &used) != 2 || static_cast<size_t>(used) != line.size())
        return false;
    *generation = g;
    *shard = s;
    return true;
}

/* Writes `text` to `path` and flushes it to disk (a rename over the stub must never publish an empty file). */
void write_synced(const std::string &path, const std::string &text)
{
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "creating " + path);
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int saved = errno;
            close(fd);
            throw std::system_error(saved, std::generic_category(), "writing " + path);
        }
        done += static_cast<size_t>(n);
    }
    const bool synced = fsync(fd) == 0;
    const int saved = errno;
    close(fd);
    if (!synced)
        throw std::system_error(saved, std::generic_category(), "syncing " + path);
}

void sync_dir(const std::string &dir)
{
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; /* the rename is done; syncing the folder only hastens its durability */
    fsync(fd);
    close(fd);
}

/* A legacy database's own files in INDEX (the run lock and the stub are not among them). */
void remove_legacy_files(const std::string &index_dir)
{
    std::error_code ignored;
    fs::remove(index_dir + "/" + LEGACY_MARKER, ignored); /* first: from here on INDEX opens through the stub */
    for (const auto &entry : fs::directory_iterator(index_dir, ignored)) {
        const std::string name = entry.path().filename().string();
        const bool table = name.size() > 6 && name.compare(name.size() - 6, 6, ".glass") == 0;
        if (table || name == "flintlock")
            fs::remove(entry.path(), ignored);
    }
}

nx_status_t read_layout(const std::string &index_dir, nx_layout_t *out, std::string &error)
{
    *out = nx_layout_t{0, 0, 0, 0};
    std::error_code ec;
    if (fs::exists(index_dir + "/" + LEGACY_MARKER, ec)) {
        *out = nx_layout_t{0, 1, 1, 0};
        return NX_OK;
    }
    std::ifstream stub(index_dir + "/" + STUB_NAME);
    if (!stub)
        return NX_OK; /* no index yet */
    std::string line;
    unsigned generation = 0, shards = 0, words = 0;
    while (std::getline(stub, line)) {
        unsigned g = 0, s = 0;
        /* The words line comes last, after the shards of its own generation. */
        if (words == 0 && shards > 0 && parse_words_line(line, &g, &words) && g == generation)
            continue;
        if (words != 0 || !parse_stub_line(line, &g, &s) || s != shards || (shards > 0 && g != generation) ||
            s >= MAX_SHARDS)
        {
            const std::string why = index_dir + "/" + STUB_NAME + ": not a stub written by nexus-index: '" +
                                    line.substr(0, 100) + "'";
            return fail(NX_ERR_CORRUPT, error, why.c_str());
        }
        generation = g;
        shards++;
    }
    if (shards == 0) {
        const std::string why = index_dir + "/" + STUB_NAME + " names no shard";
        return fail(NX_ERR_CORRUPT, error, why.c_str());
    }
    *out = nx_layout_t{generation, shards, 0, words};
    return NX_OK;
}

/* Writes `text` as INDEX's stub: synced beside, then renamed over the old one in one step. */
void replace_stub(const std::string &dir, const std::string &text)
{
    const std::string temporary = dir + "/" + STUB_NAME + ".new";
    write_synced(temporary, text);
    if (rename(temporary.c_str(), (dir + "/" + STUB_NAME).c_str()) != 0)
        throw std::system_error(errno, std::generic_category(), "publishing " + dir + "/" + STUB_NAME);
}

/* Removes the words databases of `generation` other than `newest` and the one before it (and what a
 * killed run left half-written), which a reader that has not refreshed yet may still be reading. */
void prune_words(const std::string &index_dir, unsigned generation, unsigned newest)
{
    std::error_code ec;
    const std::string keep[] = {words_name(newest), words_name(newest - 1)};
    for (const auto &entry : fs::directory_iterator(generation_dir(index_dir, generation, false), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.compare(0, strlen(WORDS_PREFIX), WORDS_PREFIX) == 0 && name != keep[0] && name != keep[1])
            fs::remove_all(entry.path());
    }
}

nx_status_t with_error_out(nx_status_t status, const std::string &error, char **error_out)
{
    if (error_out)
        *error_out = status == NX_OK ? nullptr : malloc_copy(error);
    return status;
}

} // namespace

namespace nx_shim {

bool layout_stub_identity(const std::string &path, std::string &identity)
{
    struct stat st;
    const std::string stub = path + "/" + STUB_NAME;
    if (stat(stub.c_str(), &st) != 0) {
        identity.clear();
        return false;
    }
    /* Every search asks (nx_db::refresh): to_string, not an ostringstream, which cost 2% of a search in perf. */
    identity = std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + ':' + std::to_string(st.st_size) + ':' +
               std::to_string(st.st_mtim.tv_sec) + '.' + std::to_string(st.st_mtim.tv_nsec);
    return true;
}

} // namespace nx_shim

extern "C" {

nx_status_t nx_layout_read(const char *index_dir, nx_layout_t *out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!out || is_blank(index_dir))
        return NX_ERR_INVALID_ARG;
    std::string error;
    try {
        return with_error_out(read_layout(index_dir, out, error), error, error_out);
    } catch (...) {
        return with_error_out(status_from_exception(error, "reading the index folder", index_dir), error, error_out);
    }
}

char *nx_layout_shard_path(const char *index_dir, unsigned generation, unsigned shard, int building)
{
    if (is_blank(index_dir))
        return nullptr;
    try {
        if (generation == 0)
            return malloc_copy(index_dir);
        return malloc_copy(generation_dir(index_dir, generation, building != 0) + "/shard-" + std::to_string(shard));
    } catch (...) {
        return nullptr;
    }
}

unsigned nx_layout_shard_of(const char *learner, unsigned shards)
{
    if (!learner || shards <= 1)
        return 0;
    uint64_t hash = 14695981039346656037ULL; /* FNV-1a: stable, unlike std::hash */
    for (unsigned char byte : lowercase(learner)) {
        hash ^= byte;
        hash *= 1099511628211ULL;
    }
    return static_cast<unsigned>(hash % shards);
}

nx_status_t nx_layout_publish(const char *index_dir, unsigned generation, unsigned shards, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (is_blank(index_dir) || generation == 0 || shards == 0 || shards > MAX_SHARDS)
        return NX_ERR_INVALID_ARG;
    std::string error;
    try {
        const std::string dir = index_dir;
        /* One shard's own tables are already the merged ones. */
        const unsigned words = shards > 1 ? 1 : 0;
        if (words)
            write_merged_words(dir, generation, shards, words_name(words), false);
        replace_stub(dir, stub_text(generation, shards, words));
        remove_legacy_files(dir);
        sync_dir(dir);
        return NX_OK;
    } catch (...) {
        return with_error_out(status_from_exception(error, "publishing the new index in", index_dir), error, error_out);
    }
}

nx_status_t nx_layout_refresh_words(const char *index_dir, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (is_blank(index_dir))
        return NX_ERR_INVALID_ARG;
    std::string error;
    try {
        nx_layout_t layout;
        const nx_status_t status = read_layout(index_dir, &layout, error);
        if (status != NX_OK || layout.legacy || layout.shards <= 1)
            return with_error_out(status, error, error_out);
        const unsigned words = layout.words + 1;
        write_merged_words(index_dir, layout.generation, layout.shards, words_name(words), false);
        replace_stub(index_dir, stub_text(layout.generation, layout.shards, words));
        sync_dir(index_dir);
        prune_words(index_dir, layout.generation, words);
        return NX_OK;
    } catch (...) {
        return with_error_out(status_from_exception(error, "merging the spelling and synonyms of", index_dir), error,
                              error_out);
    }
}

nx_status_t nx_layout_prune(const char *index_dir, unsigned keep, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (is_blank(index_dir))
        return NX_ERR_INVALID_ARG;
    std::string error;
    try {
        const std::string kept = std::string(GENERATION_PREFIX) + std::to_string(keep);
        std::error_code ec;
        for (const auto &entry : fs::directory_iterator(index_dir, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.compare(0, strlen(GENERATION_PREFIX), GENERATION_PREFIX) == 0 && name != kept)
                fs::remove_all(entry.path());
        }
        return NX_OK;
    } catch (...) {
        return with_error_out(status_from_exception(error, "removing old generations in", index_dir), error, error_out);
    }
}

} // extern "C"
