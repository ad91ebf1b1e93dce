/* The Nexus index schema: the one place that decides how a section becomes a Xapian document.
 * Writer and searcher both go through these helpers so they can never disagree.
 *
 * One Xapian document per Markdown section.
 *
 * Document data: the section body (plain text), so MSet::snippet() can cut and highlight it.
 *
 * Value slots (one string per slot):
 *   0 learner        1 cohort       2 repo_url      3 path         4 heading_path
 *   5 anchor         6 commit       7 commit_time (Xapian::sortable_serialise of seconds since epoch)
 *   8 heading
 *
 * Terms:
 *   Q<lowercased learner>\x1f<path>\x1f<anchor or "#"ordinal>  unique id; replace_document() keys on it. Ids longer
 *                                  than NX_ID_TERM_MAX bytes keep a prefix plus a 64-bit FNV-1a hash of the
 *                                  whole id, because Xapian rejects terms over ~245 bytes.
 *   XL<lowercased learner>         boolean: the learner filter and "delete this learner's documents"
 *   XP<word>, ZXP<stem>            free text of the file path      (query prefix  path:)
 *   S<word>,  ZS<stem>             free text of the heading path   (query prefix  heading:)
 *   <word>,   Z<stem>              the section heading (wdf x3, so heading hits outrank body hits)
 *                                  and the body (wdf x1), with positions for phrase search
 *   Stemming: English, STEM_SOME, for both the TermGenerator and the QueryParser.
 *   learner:<name> in queries is a filter on XL<lowercase name> (case-insensitive, no stemming).
 *
 * Metadata:
 *   nexus:schema             "1"; a database with another value is refused as NX_ERR_CORRUPT
 *   nexus:commit:<lowercased learner>   commit id the learner's documents were last indexed from
 *
 * A learner is identified case-insensitively, like GitHub logins (at most 39 bytes): every term
 * and key lowercases the name, which is otherwise kept unencoded; a name
 * longer than NX_LEARNER_MAX bytes is refused so keys and terms stay under Xapian's limits. */
#ifndef NX_SHIM_SCHEMA_H
#define NX_SHIM_SCHEMA_H

#include <string>

#include <xapian.h>

#include "nx_index.h"

namespace nx_shim {

constexpr const char *SCHEMA_VERSION_KEY = "nexus:schema";
constexpr const char *SCHEMA_VERSION = "1";
constexpr const char *COMMIT_KEY_PREFIX = "nexus:commit:";
constexpr size_t NX_LEARNER_MAX = 100;
constexpr size_t NX_ID_TERM_MAX = 200;
constexpr unsigned HEADING_WDF = 3;

enum slot : Xapian::valueno {
    SLOT_LEARNER = 0,
    SLOT_COHORT,
    SLOT_REPO_URL,
    SLOT_PATH,
    SLOT_HEADING_PATH,
    SLOT_ANCHOR,
    SLOT_COMMIT,
    SLOT_COMMIT_TIME,
    SLOT_HEADING,
};

/* Unicode-aware lowercase of UTF-8 text. */
std::string lowercase(const std::string &text);

/* The boolean term that marks every document of `learner`. */
std::string learner_term(const std::string &learner);

/* The metadata key holding the commit `learner` was indexed from. */
std::string commit_key(const std::string &learner);

/* The unique id term of a section (see the id rule above). */
std::string id_term(const nx_section_t &section);

/* Builds the document for `section`; `generator` is reused between calls for speed. */
Xapian::Document build_document(const nx_section_t &section, Xapian::TermGenerator &generator);

/* A TermGenerator set up for the schema (stemmer, strategy). */
Xapian::TermGenerator make_term_generator();

/* The stemmer the schema uses for indexing, parsing and snippets. */
Xapian::Stem schema_stemmer();

/* A QueryParser with the schema's prefixes, stemmer and the learner: filter. */
Xapian::QueryParser make_query_parser(const Xapian::Database &db);

/* QueryParser flags accepted in user queries. */
unsigned query_flags();

/* Throws Xapian::DatabaseVersionError unless `stored` (the nexus:schema metadata) is
 * this schema's version, or empty on a database with no documents yet. */
void check_schema_version(const std::string &stored, Xapian::doccount doc_count);

} // namespace nx_shim

#endif
