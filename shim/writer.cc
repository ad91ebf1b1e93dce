/* The write side of the C API: replacing one learner's sections atomically in a
 * Xapian WritableDatabase, recording the indexed commit, removing learners. */
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "errors.h"
#include "handles.h"
#include "nx_prebuilt.h"
#include "schema.h"

struct nx_builder {
    Xapian::TermGenerator generator = nx_shim::make_term_generator(); /* no database: no spelling here */
};

/* A document's spelling words and their occurrences (spelling_of). */
using Spelling = std::vector<std::pair<std::string, Xapian::termcount>>;

struct nx_prebuilt {
    Xapian::Document doc;
    Spelling spelling;   /* spelling_of(doc), read on the builder's thread */
    std::string id_term; /* the document's unique Q term */
    std::string learner;
};

using namespace nx_shim;

namespace {

/* Stamps a new database with the schema version, refuses one of another schema. */
void ensure_schema(Xapian::WritableDatabase &db)
{
    const std::string stored = db.get_metadata(SCHEMA_VERSION_KEY);
    check_schema_version(stored, db.get_doccount());
    if (!stored.empty())
        return;
    db.set_metadata(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
    db.commit();
}

nx_status_t check_learner(const char *learner, std::string &error)
{
    if (is_blank(learner))
        return fail(NX_ERR_INVALID_ARG, error, "learner name is required");
    if (std::char_traits<char>::length(learner) > NX_LEARNER_MAX)
        return fail(NX_ERR_INVALID_ARG, error, "learner name is longer than the index allows");
    return NX_OK;
}

/* The key as the QueryParser looks it up: lowercase words separated by one space.
 * '#' and '+' stay, as Xapian keeps them in "c#" and "c++". */
std::string synonym_key(const char *key)
{
    const std::string lowered = lowercase(key);
    std::string words;
    bool gap = false;
    for (Xapian::Utf8Iterator it(lowered); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (Xapian::Unicode::is_wordchar(ch) || ch == '#' || ch == '+') {
            if (gap && !words.empty())
                words += ' ';
            gap = false;
            Xapian::Unicode::append_utf8(words, ch);
        } else {
            gap = true;
        }
    }
    return words;
}

/* The spelling of a document (schema.h, "Spelling"): every occurrence of an unprefixed word of letters only
 * (heading and body text, the only unprefixed and positional terms; prefixes are capitals) counts one for
 * the word's spelling frequency. Read from the document's termlist, so a builder thread can do it and the
 * single writer thread only adds the counts (issue 15: this read was 5% of a first run, all on the writer). */
Spelling spelling_of(const Xapian::Document &doc)
{
    Spelling words;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
        const std::string word = *term;
        if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z') || !is_spelling_word(word))
            continue;
        const Xapian::termcount occurrences = term.positionlist_count();
        if (occurrences)
            words.emplace_back(word, occurrences);
    }
    return words;
}

/* Adds the counts of spelling_of() to the spelling table, or with !add takes them back. */
void change_spelling(Xapian::WritableDatabase &db, const Spelling &words, bool add)
{
    for (const auto &[word, occurrences] : words) {
        if (add)
            db.add_spelling(word, occurrences);
        else
            db.remove_spelling(word, occurrences);
    }
}

/* The spelling a document added (see add_spelling_of), taken back when it is replaced or deleted: the
 * spelling table then holds what the documents hold, as a fresh build of them would. */
void remove_spelling_of(Xapian::WritableDatabase &db, const Xapian::Document &doc)
{
    change_spelling(db, spelling_of(doc), false);
}

/* remove_spelling_of() every document indexed by `term`. */
void remove_spelling_of_term(Xapian::WritableDatabase &db, const std::string &term)
{
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
        remove_spelling_of(db, db.get_document(*it));
}

/* Writes `doc` under its unique id term. An update replaces the document holding the term (keeping its
 * docid); a build numbers new documents itself, from the docid the learner began at, so a fresh build
 * numbers documents alike whatever its shard count (ties in ranking are ordered by docid). A term seen
 * twice in one learner replaces its first document, as replace_document() by term does. */
Xapian::docid place_document(nx_writer_t *writer, const std::string &id, const Xapian::Document &doc)
{
    if (!writer->building) {
        remove_spelling_of_term(writer->db, id);
        return writer->db.replace_document(id, doc);
    }
    const auto found = writer->ids.find(id);
    const Xapian::docid docid = found != writer->ids.end() ? found->second : writer->next_docid++;
    writer->db.replace_document(docid, doc);
    writer->ids.emplace(id, docid);
    writer->unflushed++;
    return docid;
}

/* Leaves the learner transaction after a failure, keeping the learner's old documents. */
void abandon_learner(nx_writer_t *writer) noexcept
{
    try {
        if (writer->in_learner)
            writer->db.cancel_transaction();
    } catch (...) {
        /* The original error is the one worth reporting. */
    }
    writer->in_learner = false;
    writer->added.clear();
    writer->ids.clear();
    writer->spelling.clear();
}

/* Nobody reads a build before it is published, so it commits only to bound the memory Xapian holds
 * changes in (each commit rewrites B-tree blocks: fewer, larger batches write less). */
constexpr size_t BUILD_COMMIT_DOCUMENTS = 50000;

/* Commits after a learner when its time has come: a build every BUILD_COMMIT_DOCUMENTS documents; an
 * update at most once per commit interval (so a reader never loses the revision it is reading). */
void commit_when_due(nx_writer_t *writer)
{
    if (writer->building) {
        if (writer->unflushed >= BUILD_COMMIT_DOCUMENTS) {
            writer->db.commit();
            writer->unflushed = 0;
        }
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (writer->commit_interval_ms && now - writer->last_commit >= std::chrono::milliseconds(writer->commit_interval_ms)) {
        writer->db.commit();
        writer->last_commit = now;
    }
}

/* Deletes the learner's documents that this transaction did not write again. */
void delete_stale_documents(nx_writer_t *writer)
{
    const std::string term = learner_term(writer->learner);
    std::vector<Xapian::docid> stale;
    for (auto it = writer->db.postlist_begin(term); it != writer->db.postlist_end(term); ++it) {
        if (writer->added.count(*it) == 0)
            stale.push_back(*it);
    }
    for (Xapian::docid docid : stale) {
        remove_spelling_of(writer->db, writer->db.get_document(docid));
        writer->db.delete_document(docid);
    }
}

/* A document's spelling (spelling_of), added as it is placed. A build counts it, and when the learner
 * ends (write_spelling) adds the learner's counts to the build's, written once per word when the build
 * finishes: documents and learners share most of their words, and each add_spelling() is a search of
 * Xapian's pending changes on the single writer thread (issue 15); the table ends the same.
 * An update adds it at once: it takes back a replaced document's spelling as it goes, and Xapian stops a
 * word's count at zero, so a count taken back before it was added would be lost. */
void add_spelling_of(nx_writer_t *writer, const Spelling &words)
{
    if (!writer->building) {
        change_spelling(writer->db, words, true);
        return;
    }
    for (const auto &[word, occurrences] : words)
        writer->spelling[word] += occurrences;
}

/* Writes the learner's counted spelling inside its transaction, so it is committed or cancelled with it.
 * A build, which nobody reads before it is published, keeps it for nx_writer_finish_build() instead. */
void write_spelling(nx_writer_t *writer)
{
    for (const auto &[word, occurrences] : writer->spelling) {
        if (writer->building)
            writer->build_spelling[word] += occurrences;
        else
            writer->db.add_spelling(word, occurrences);
    }
    writer->spelling.clear();
}

template <typename Item>
nx_status_t prebuild(nx_builder_t *builder, const Item &item, nx_prebuilt_t **out) noexcept
{
    try {
        auto built = std::make_unique<nx_prebuilt>();
        built->doc = build_document(item, builder->generator);
        /* The generator keeps a handle on the document it last indexed, and Xapian's reference counts are
         * not atomic: let go of it here, so the writer thread is the only one holding this document. */
        builder->generator.set_document(Xapian::Document());
        built->spelling = spelling_of(built->doc);
        built->id_term = id_term(item);
        built->learner = item.learner;
        *out = built.release();
        return NX_OK;
    } catch (const std::bad_alloc &) {
        return NX_ERR_NOMEM;
    } catch (...) {
        return NX_ERR_IO;
    }
}

} // namespace

extern "C" {

nx_builder_t *nx_builder_new(void)
{
    try {
        return new nx_builder();
    } catch (...) {
        return nullptr;
    }
}

void nx_builder_free(nx_builder_t *builder)
{
    delete builder;
}

nx_status_t nx_builder_section(nx_builder_t *builder, const nx_section_t *section, nx_prebuilt_t **out)
{
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    if (!builder || !section || is_blank(section->path) || is_blank(section->learner))
        return NX_ERR_INVALID_ARG;
    return prebuild(builder, *section, out);
}

nx_status_t nx_builder_challenge(nx_builder_t *builder, const nx_challenge_t *challenge, nx_prebuilt_t **out)
{
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    if (!builder || !challenge || is_blank(challenge->path) || is_blank(challenge->learner) ||
        is_blank(challenge->challenge))
        return NX_ERR_INVALID_ARG;
    return prebuild(builder, *challenge, out);
}

void nx_prebuilt_free(nx_prebuilt_t *doc)
{
    delete doc;
}

nx_status_t nx_writer_add_prebuilt(nx_writer_t *writer, const nx_prebuilt_t *doc)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!doc)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document is NULL");
    if (!writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document added outside begin_learner/end_learner");
    if (writer->learner != doc->learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document belongs to another learner than the one being indexed");
    try {
        add_spelling_of(writer, doc->spelling);
        writer->added.insert(place_document(writer, doc->id_term, doc->doc));
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "indexing a document of learner", writer->learner.c_str());
    }
}

nx_status_t nx_writer_open(const char *path, nx_writer_t **out, char **error_out)
{
    if (error_out)
        *error_out = nullptr;
    if (!out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    std::string error;
    nx_status_t status = NX_OK;
    if (is_blank(path)) {
        status = fail(NX_ERR_INVALID_ARG, error, "index path is required");
    } else {
        try {
            auto writer = std::make_unique<nx_writer>();
            writer->path = path;
            writer->db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
            writer->generator = make_term_generator();
            ensure_schema(writer->db);
            *out = writer.release();
            return NX_OK;
        } catch (...) {
            status = status_from_exception(error, "opening index for writing", path);
        }
    }
    if (error_out)
        *error_out = malloc_copy(error);
    return status;
}

const char *nx_writer_error(const nx_writer_t *writer)
{
    return writer ? writer->error.c_str() : "no writer handle";
}

nx_status_t nx_writer_begin_learner(nx_writer_t *writer, const char *learner)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (nx_status_t status = check_learner(learner, writer->error))
        return status;
    if (writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "a learner is already being indexed; end or abort it first");
    try {
        writer->learner = learner;
        writer->added.clear();
        writer->spelling.clear();
        /* Unflushed with a commit interval: commit_transaction() then applies the
         * learner whole, and a later commit() writes it to disk. */
        writer->ids.clear();
        writer->db.begin_transaction(writer->commit_interval_ms == 0 && !writer->building);
        writer->in_learner = true;
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "starting to index learner", learner);
    }
}

nx_status_t nx_writer_add_section(nx_writer_t *writer, const nx_section_t *section)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!section)
        return fail(NX_ERR_INVALID_ARG, writer->error, "section is NULL");
    if (!writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "section added outside begin_learner/end_learner");
    if (is_blank(section->path))
        return fail(NX_ERR_INVALID_ARG, writer->error, "section path is required");
    if (is_blank(section->learner) || writer->learner != section->learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "section belongs to another learner than the one being indexed");
    try {
        Xapian::Document doc = build_document(*section, writer->generator);
        add_spelling_of(writer, spelling_of(doc));
        writer->added.insert(place_document(writer, id_term(*section), doc));
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "indexing section of file", section->path);
    }
}

/* Checks shared by the documents added inside a learner transaction. */
static nx_status_t check_in_learner(nx_writer_t *writer, const void *item, const char *learner, const char *path)
{
    if (!item)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document is NULL");
    if (!writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document added outside begin_learner/end_learner");
    if (path && is_blank(path))
        return fail(NX_ERR_INVALID_ARG, writer->error, "document path is required");
    if (is_blank(learner) || writer->learner != learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "document belongs to another learner than the one being indexed");
    return NX_OK;
}

nx_status_t nx_writer_add_challenge(nx_writer_t *writer, const nx_challenge_t *challenge)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (nx_status_t status = check_in_learner(writer, challenge, challenge ? challenge->learner : nullptr,
                                              challenge ? challenge->path : nullptr))
        return status;
    if (is_blank(challenge->challenge))
        return fail(NX_ERR_INVALID_ARG, writer->error, "challenge text is required");
    try {
        Xapian::Document doc = build_document(*challenge, writer->generator);
        add_spelling_of(writer, spelling_of(doc));
        writer->added.insert(place_document(writer, id_term(*challenge), doc));
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "indexing a challenge of file", challenge->path);
    }
}

nx_status_t nx_writer_set_learner_profile(nx_writer_t *writer, const nx_learner_profile_t *profile)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (nx_status_t status = check_in_learner(writer, profile, profile ? profile->learner : nullptr, nullptr))
        return status;
    if (is_blank(profile->profile_json))
        return fail(NX_ERR_INVALID_ARG, writer->error, "profile JSON is required");
    try {
        Xapian::Document doc = build_document(*profile);
        writer->added.insert(place_document(writer, learner_id_term(writer->learner), doc));
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "writing the profile of learner", writer->learner.c_str());
    }
}

nx_status_t nx_writer_add_synonym(nx_writer_t *writer, const char *key, const char *tech_id)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (is_blank(key) || is_blank(tech_id))
        return fail(NX_ERR_INVALID_ARG, writer->error, "synonym key and technology id are required");
    try {
        const std::string words = synonym_key(key);
        if (words.empty())
            return fail(NX_ERR_INVALID_ARG, writer->error, "synonym key has no words");
        writer->db.add_synonym(words, mention_term(tech_id));
        /* A one-word canonical id ("kubernetes") also stands for itself, so snippets mark the word. */
        const std::string id = lowercase(tech_id);
        if (id != words && id.find_first_of("-.+# ") == std::string::npos)
            writer->db.add_synonym(words, id);
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "adding synonym", key);
    }
}

nx_status_t nx_writer_end_learner(nx_writer_t *writer, const char *commit)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "end_learner without begin_learner");
    if (is_blank(commit))
        return fail(NX_ERR_INVALID_ARG, writer->error, "commit id is required");
    try {
        if (!writer->building)
            delete_stale_documents(writer); /* a build starts empty: nothing is stale */
        write_spelling(writer);
        writer->db.set_metadata(commit_key(writer->learner), commit);
        /* Unique per transaction, so a reader's facet columns see the learner changed (schema.h). */
        writer->db.set_metadata(written_key(writer->learner), std::to_string(writer->db.get_revision()) + "." +
                                                                  std::to_string(++writer->learners_written));
        writer->db.commit_transaction();
        writer->in_learner = false;
        writer->added.clear();
        writer->ids.clear();
        commit_when_due(writer);
        return NX_OK;
    } catch (...) {
        nx_status_t status = status_from_exception(writer->error, "committing learner", writer->learner.c_str());
        abandon_learner(writer);
        return status;
    }
}

nx_status_t nx_writer_abort_learner(nx_writer_t *writer)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (!writer->in_learner)
        return NX_OK; /* so cleanup paths may call it unconditionally */
    try {
        writer->db.cancel_transaction();
        writer->in_learner = false;
        writer->added.clear();
        writer->spelling.clear();
        return NX_OK;
    } catch (...) {
        nx_status_t status = status_from_exception(writer->error, "abandoning learner", writer->learner.c_str());
        abandon_learner(writer);
        return status;
    }
}

nx_status_t nx_writer_learner_commit(nx_writer_t *writer, const char *learner, char **commit_out)
{
    if (!writer || !commit_out)
        return NX_ERR_INVALID_ARG;
    *commit_out = nullptr;
    writer->error.clear();
    if (nx_status_t status = check_learner(learner, writer->error))
        return status;
    try {
        const std::string commit = writer->db.get_metadata(commit_key(learner));
        if (commit.empty())
            return NX_OK;
        *commit_out = malloc_copy(commit);
        if (!*commit_out)
            return fail(NX_ERR_NOMEM, writer->error, "out of memory copying the commit id");
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "reading the indexed commit of learner", learner);
    }
}

nx_status_t nx_writer_remove_learner(nx_writer_t *writer, const char *learner)
{
    if (!writer)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    if (nx_status_t status = check_learner(learner, writer->error))
        return status;
    if (writer->in_learner)
        return fail(NX_ERR_INVALID_ARG, writer->error, "cannot remove a learner while another is being indexed");
    try {
        remove_spelling_of_term(writer->db, learner_term(learner));
        writer->db.delete_document(learner_term(learner));
        writer->db.set_metadata(commit_key(learner), ""); /* "" deletes the key */
        writer->db.set_metadata(rules_key(learner), "");
        writer->db.set_metadata(written_key(learner), "");
        writer->db.commit();
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "removing learner", learner);
    }
}

nx_status_t nx_writer_doc_count(nx_writer_t *writer, uint64_t *count_out)
{
    if (!writer || !count_out)
        return NX_ERR_INVALID_ARG;
    writer->error.clear();
    try {
        *count_out = writer->db.get_termfreq(type_term(TYPE_SECTION));
        return NX_OK;
    } catch (...) {
        return status_from_exception(writer->error, "counting documents in", writer->path.c_str());
    }
}

void nx_writer_close(nx_writer_t *writer)
{
    if (!writer)
        return;
    abandon_learner(writer);
    try {
        writer->db.commit(); /* synonyms added outside a learner transaction */
        writer->db.close();
    } catch (...) {
        /* Everything worth keeping was committed by end_learner/remove_learner. */
    }
    delete writer;
}

} // extern "C"
