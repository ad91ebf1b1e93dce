/* The Nexus index schema: the one place that decides how a section becomes a Xapian document.
 * Writer and searcher both go through these helpers so they can never disagree.
 *
 * Schema version 2. Three document types, told apart by the XT term and value slot 9:
 *   section    one per Markdown section (the searchable unit of /api/search)
 *   challenge  one per challenge/solution pair found in a section (/api/solutions, learner ranking)
 *   learner    one per learner: the learner-level aggregate a profile is served from
 *
 * Document data: section: a hit record (hit_record.h: value slots 0-15, length-prefixed, so a hit
 *                is one read instead of fifteen value lookups), then the body (plain text) that
 *                MSet::snippet() cuts and highlights; documents written before records existed
 *                hold the body alone and are read from their values;
 *                challenge: a hit record, then challenge text, blank line, solution text;
 *                learner: the profile JSON object the indexer built (evidence, outline, challenges).
 *
 * Value slots (one string per slot; "-" = not set for that type). A section or challenge keeps as values
 * only the slots read by value stream, 1 cohort, 8 heading (suggestions' heading phrases), 9 type, 10 kind,
 * 11 origin, 12 technologies and 13 the collapse key (value_kept_beside_record()); the others are in its hit record alone, each field stored
 * once (values are stored twice by Xapian, in a stream per slot and a set per document: before this,
 * the values of sections were a fifth of the index). Learner documents keep every slot they set.
 *   0 learner        1 cohort       2 repo_url      3 path (section's file; learner: "")
 *   4 heading_path   5 anchor       6 commit        7 commit_time (Xapian::sortable_serialise of seconds)
 *   8 heading        9 type ("section" | "challenge" | "learner")
 *  10 kind id (section, challenge: the kind of the section holding it; learner: -)
 *  11 origin id ("own" | "template" | "generated" | "brief"; learner: -)
 *  12 technologies: "id=N,id=N" in taxonomy-id order. Section/challenge: N = 2 covered, 1 mentioned;
 *     learner: N = evidence weight of a covered technology
 *  13 lowercased learner: the collapse key of group=learner and the key facet counts are distinct by
 *  14 challenge text (challenge)   15 solution text (challenge)
 *  16 indexed_at (learner): Xapian::sortable_serialise of the seconds the documents were written
 *  17 technology states (learner): each technology the profile names, its state and the place showing it
 *     (nx_learner_profile_t.tech_states), so the coverage matrix reads a value, not the profile JSON
 *
 * Terms:
 *   Q<lowercased learner>\x1f<hash>  unique id of a section or challenge: <hash> is the 16 hex digits of the
 *                                  64-bit FNV-1a hash of <lowercased learner>\x1f<path>\x1f<anchor or "#"ordinal>
 *                                  (a challenge appends \x1f"!"<pair>); the learner document is
 *                                  Q<lowercased learner>\x1f\x1f"!learner". replace_document() keys on it.
 *   XT<type>                       boolean: document type (section, challenge, learner)
 *   XL<lowercased learner>         boolean: the learner filter and "delete this learner's documents"
 *   XC<lowercased cohort>          boolean: cohort filter (not on documents without a cohort)
 *   XK<kind>, XO<origin>           boolean: kind and file-origin filters (sections and challenges)
 *   XFcode                         boolean: the section shows code (nx_section_t.shows_code)
 *   XM<tech id>  (wdf 1)           section/challenge mentions the technology (any strength); synonyms of
 *                                  the technology's names expand to it, so "k8s" finds "Kubernetes"
 *   XV<tech id>                    boolean: section/challenge covers the technology (strength covered)
 *   XW<tech id>  (wdf = weight)    learner document: the learner covers the technology (own writing,
 *                                  covered strength, not roadmap/boilerplate, or a file signal);
 *                                  termfreq(XW<id>) is the number of learners covering it
 *   XP<word>, ZXP<stem>            free text of the file path      (query prefix  path:)
 *   S<word>,  ZS<stem>             free text of the heading path   (query prefix  heading:)
 *                                  both without positions, and the word as written only when it has no
 *                                  stem (starts with a digit or a symbol): a phrase in these fields is
 *                                  searched as the AND of its words, by their stems
 *                                  (field_terms_as_indexed())
 *   <word>,   Z<stem>              the section heading (wdf x3, so heading hits outrank body hits)
 *                                  and the body (wdf x1), with positions for phrase search; a challenge
 *                                  indexes its challenge (wdf x2) and solution text the same way
 *   Stemming: English, STEM_SOME, for both the TermGenerator and the QueryParser.
 *   Length-normalised wdf: every term of a section or challenge with a wdf (free text and XM) has its
 *   wdf raised to round(WDF_SCALE * wdf / norm), norm = min(WDF_SCALE, 1 - LENGTH_B + LENGTH_B *
 *   length / AVERAGE_LENGTH), length = the sum of the document's wdfs as generated. Searches rank with
 *   BM25 without length normalisation (b = 0, k1 scaled by WDF_SCALE: ranked_weighting()), which ranks
 *   like BM25 with b = LENGTH_B. Why: Xapian 1.4 reads a candidate's length by skipping through one
 *   posting list of every document's length; at 10k learners that was 3.5-5 ms of every ranked search
 *   (a top 10 of "kubernetes": 4.0 ms with lengths, 0.55 ms without).
 *   learner:<name> in queries is a filter on XL<lowercase name> (case-insensitive, no stemming).
 *
 * Spelling: the heading and body words of sections and challenges made of letters only (is_spelling_word())
 *   are added to the spelling table, once per occurrence, for "did you mean"; a document replaced or
 *   deleted takes its entries back, so the table holds what the documents hold (an update ends as a fresh
 *   build would). Why letters only: corrections are made only of words typed in letters (spelling.cc), and
 *   numbers, versions and identifiers ("0x02", "user_id") were 38% of the table.
 * Synonyms: key = lowercase technology name or alias ("k8s", "django rest framework"), values =
 *   XM<tech id> and, for one-word canonical names, the name itself (so snippets highlight it).
 *   Spelling and synonyms live in local databases only: xapian-tcpsrv shards do not serve them (a front
 *   server's stub names a local words database).
 *
 * Metadata:
 *   nexus:schema             "2"; a database with another value is refused as NX_ERR_CORRUPT with a
 *                            message telling the user to rebuild the index
 *   nexus:commit:<lowercased learner>   commit id the learner's documents were last indexed from
 *   nexus:rules:<lowercased learner>    extraction-rules version those documents were built with
 *                                       (written in the same transaction; missing = unknown, re-index)
 *   nexus:written:<lowercased learner>  a stamp, different at every transaction that writes the learner's
 *                                       documents (the shard's revision and the writer's count of learner
 *                                       transactions): with the two keys above, what the facet columns of
 *                                       one revision compare with the next to re-read only changed learners
 *   nexus:last-run           JSON summary of the last indexer run (times, repositories by status),
 *                            read by the server's /metrics (shard 0 of an index of several shards: a
 *                            union of databases reads metadata from its first)
 *   nexus:index-rules        extraction-rules version the generation was built with (nx_layout.h); a run
 *                            under other rules rebuilds the index beside it
 *
 * Shards (nx_layout.h): an index folder holds generations of 1-16 shards; a learner's documents and keys
 * are all in shard nx_layout_shard_of(learner). Synonyms are written to shard 0 only; with several shards
 * the generation's words database (gen-K/words-R, named last in the stub) holds the spelling and synonym
 * tables of all shards merged, and queries read both from it alone (nx_db::words). In a fresh build documents are numbered in
 * cohort order across shards, shard s of N holding docids k*N+s+1 of the union: ties in ranking (ordered
 * by docid) then fall the same whatever N is.
 *
 * A learner is identified case-insensitively, like GitHub logins (at most 39 bytes): every term
 * and key lowercases the name, which is otherwise kept unencoded; a name
 * longer than NX_LEARNER_MAX bytes is refused so keys and terms stay under Xapian's limits. */
#ifndef NX_SHIM_SCHEMA_H
#define NX_SHIM_SCHEMA_H

#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "nx_index.h"

namespace nx_shim {

constexpr const char *SCHEMA_VERSION_KEY = "nexus:schema";
constexpr const char *SCHEMA_VERSION = "2";
/* In the words database of a remote stub only (nexus-index --remote-stub): the facet columns of its shards
 * (FacetColumns::serialise), so that a front server need not read them document by document. */
constexpr const char *STUB_COLUMNS_KEY = "nexus:facet-columns";
constexpr const char *COMMIT_KEY_PREFIX = "nexus:commit:";
constexpr const char *RULES_KEY_PREFIX = "nexus:rules:";
constexpr const char *WRITTEN_KEY_PREFIX = "nexus:written:";
constexpr const char *LAST_RUN_KEY = "nexus:last-run";
constexpr const char *INDEX_RULES_KEY = "nexus:index-rules";
constexpr size_t NX_LEARNER_MAX = 100;
constexpr unsigned HEADING_WDF = 3;
/* Length normalisation at indexing time (see "Length-normalised wdf" above). AVERAGE_LENGTH is the
 * measured mean document length of the corpus (99 terms at 1k and 10k learners), fixed so a
 * document's wdfs do not depend on when it was written. */
constexpr double WDF_SCALE = 32;
constexpr double LENGTH_B = 0.5;
constexpr double AVERAGE_LENGTH = 100;

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
    SLOT_TYPE,
    SLOT_KIND,
    SLOT_ORIGIN,
    SLOT_TECHS,
    SLOT_LEARNER_KEY,
    SLOT_CHALLENGE,
    SLOT_SOLUTION,
    SLOT_INDEXED_AT,
    SLOT_TECH_STATES,
};

constexpr const char *TYPE_SECTION = "section";
constexpr const char *TYPE_CHALLENGE = "challenge";
constexpr const char *TYPE_LEARNER = "learner";
constexpr unsigned CHALLENGE_WDF = 2;

/* Unicode-aware lowercase of UTF-8 text. */
std::string lowercase(const std::string &text);

/* The boolean term that marks every document of `learner`. */
std::string learner_term(const std::string &learner);

/* The metadata key holding the commit `learner` was indexed from. */
std::string commit_key(const std::string &learner);

/* The metadata key holding the extraction-rules version of that commit's documents. */
std::string rules_key(const std::string &learner);

/* The metadata key holding the stamp of the last transaction that wrote `learner`'s documents. */
std::string written_key(const std::string &learner);

/* Boolean terms of the other filters. */
std::string type_term(const std::string &type);
std::string cohort_term(const std::string &cohort);
std::string kind_term(const std::string &kind);
std::string origin_term(const std::string &origin);
/* On a section showing code (nx_section_t.shows_code). */
std::string shows_code_term();
std::string mention_term(const std::string &tech_id);
std::string covered_term(const std::string &tech_id);
std::string learner_tech_term(const std::string &tech_id);

/* The unique id terms (see the id rule above). */
std::string id_term(const nx_section_t &section);
std::string id_term(const nx_challenge_t &challenge);
std::string learner_id_term(const std::string &learner);

/* Builds the documents; `generator` is reused between calls for speed. */
Xapian::Document build_document(const nx_section_t &section, Xapian::TermGenerator &generator);
Xapian::Document build_document(const nx_challenge_t &challenge, Xapian::TermGenerator &generator);
Xapian::Document build_document(const nx_learner_profile_t &profile);

/* True for the slots a section or challenge keeps as values beside its hit record (see "Value slots"). */
bool value_kept_beside_record(Xapian::valueno slot);

/* A TermGenerator set up for the schema (stemmer, strategy). It feeds no spelling table: the writer
 * adds the spelling of each document it places (see "Spelling"). */
Xapian::TermGenerator make_term_generator();

/* True for the words the spelling table holds: letters only (see "Spelling"). */
bool is_spelling_word(const std::string &word);

/* The weighting of ranked searches over sections and challenges (see "Length-normalised wdf"). */
Xapian::BM25Weight ranked_weighting();

/* The "id=N,id=N" value of slot 12 parsed back (tech id -> N). */
std::vector<std::pair<std::string, unsigned>> parse_techs_value(const std::string &value);

/* The stemmer the schema uses for indexing, parsing and snippets. */
Xapian::Stem schema_stemmer();

/* The fields a query may name ("learner:NAME", "path:WORD", "heading:WORD"), as make_query_parser() adds them. */
constexpr const char *FIELD_LEARNER = "learner";
constexpr const char *FIELD_PATH = "path";
constexpr const char *FIELD_HEADING = "heading";
constexpr const char *const QUERY_FIELDS[] = {FIELD_LEARNER, FIELD_PATH, FIELD_HEADING};

/* A QueryParser with the schema's prefixes, stemmer and the learner: filter. */
Xapian::QueryParser make_query_parser(const Xapian::Database &db);

/* `query` searching path and heading-path words as they are indexed (see "Terms"): every phrase (or NEAR)
 * of them is the AND of its words, and a word the parser kept as written (capitalised, or in a phrase)
 * is searched by its stem when it has one. So "path:docs/setup.md" finds the files whose path has the
 * three words, and heading:"REST API" the sections whose heading path has both stems. */
Xapian::Query field_terms_as_indexed(const Xapian::Query &query);

/* QueryParser flags accepted in user queries (with synonyms). No spelling correction: Xapian's checks every
 * word and rewrites real ones; spelling.h corrects only the words the cohort lacks, before parsing. */
unsigned query_flags();

/* Throws Xapian::DatabaseVersionError unless `stored` (the nexus:schema metadata) is
 * this schema's version, or empty on a database with no documents yet. */
void check_schema_version(const std::string &stored, Xapian::doccount doc_count);

} // namespace nx_shim

#endif
