/* The Nexus index schema in code: id terms, document layout, query parser setup.
 * Everything it decides is documented once, at the top of schema.h. */
#include "schema.h"

#include "hit_record.h"

#include <cinttypes>
#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace nx_shim {

namespace {

/* Turns `learner:Ana` into a filter on the learner's boolean term, matching
 * regardless of case because users type logins however they remember them. */
class LearnerFieldProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string &value) override
    {
        return Xapian::Query(learner_term(value));
    }
};

/* A stable hash (unlike std::hash) so the same id term is produced by every build. */
uint64_t fnv1a64(const std::string &text)
{
    uint64_t hash = 14695981039346656037ULL;
    for (unsigned char byte : text) {
        hash ^= byte;
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string or_empty(const char *text)
{
    return text ? std::string(text) : std::string();
}

std::string or_default(const char *text, const char *fallback)
{
    return text && text[0] ? std::string(text) : std::string(fallback);
}

/* Keeps id terms under Xapian's term length limit (see schema.h). */
/* The id term of a section or challenge: "Q", the learner, and a 64-bit hash of everything naming the
 * document (see "Terms" in schema.h). Why a hash: the id terms spelled out (path and anchor, ~55 bytes)
 * were 0.3 MB of the real corpus's 15 MB index, each stored twice (its posting list and the termlist). */
std::string hashed_id(const std::string &learner, const std::string &name)
{
    char hash[17];
    snprintf(hash, sizeof hash, "%016" PRIx64, fnv1a64(name));
    return "Q" + learner + '\x1f' + hash;
}

/* The path and heading path as field terms, without positions: no phrase search reads them (query.cc
 * turns a field's phrase into an AND of its words), and their positions were a third of the position
 * table. */
void index_fields(Xapian::TermGenerator &generator, const std::string &path, const std::string &heading_path)
{
    generator.index_text_without_positions(path, 1, "XP");
    generator.index_text_without_positions(heading_path, 1, "S");
}

/* The length of the prefix of a path ("XP") or heading-path ("S") word as typed, or 0. Other prefixes are
 * longer ("XK", "XM"…, "ZS", "ZXP"); unprefixed terms are lowercase. */
size_t field_prefix_length(const std::string &term)
{
    if (term.compare(0, 2, "XP") == 0)
        return 2;
    return term.compare(0, 1, "S") == 0 ? 1 : 0;
}

/* True for the words STEM_SOME stems, in the TermGenerator and the QueryParser alike: those starting
 * with a letter (Xapian's rule: lower case, title case, modifier or other letter, the word being
 * lowercased already). Numbers and symbols are kept as written only. */
bool stemmed_by_schema(const std::string &word)
{
    if (word.empty())
        return false;
    constexpr unsigned letters = (1u << Xapian::Unicode::LOWERCASE_LETTER) |
                                 (1u << Xapian::Unicode::TITLECASE_LETTER) |
                                 (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
    return (letters >> Xapian::Unicode::get_category(*Xapian::Utf8Iterator(word))) & 1;
}

/* Drops the path and heading-path words as written wherever their stemmed form ("ZXP", "ZS") was indexed:
 * without positions they only served capitalised or quoted field words, which field_terms_as_indexed()
 * now searches by their stem. They were half of those fields' postings and termlist entries. Called
 * after normalise_wdf(), so the other terms' wdfs (and so every ranking) stay as they were. */
void drop_stemmed_field_words(Xapian::Document &doc)
{
    std::vector<std::string> dropped;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        const size_t prefix = field_prefix_length(term);
        if (prefix && stemmed_by_schema(term.substr(prefix)))
            dropped.push_back(term);
    }
    for (const std::string &term : dropped)
        doc.remove_term(term);
}

/* A phrase or NEAR made only of path or heading-path words ("path:docs/setup.md", heading:"rest api"). */
bool is_field_phrase(const Xapian::Query &query)
{
    const auto op = query.get_type();
    if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR)
        return false;
    for (size_t i = 0; i < query.get_num_subqueries(); i++) {
        const Xapian::Query sub = query.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM || field_prefix_length(*sub.get_terms_begin()) == 0)
            return false;
    }
    return query.get_num_subqueries() > 0;
}

/* The operators a parsed query nests field words under, rebuilt from their subqueries alone (none has
 * a parameter). Others are kept as they are. */
bool is_plain_operator(Xapian::Query::op op)
{
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        return true;
    default:
        return false;
    }
}

std::string anchor_or_ordinal(const char *anchor, unsigned ordinal)
{
    std::string text = or_empty(anchor);
    return text.empty() ? "#" + std::to_string(ordinal) : text;
}

/* Tech ids become parts of terms and of the slot-12 value: keep them short and free of separators. */
bool usable_tech_id(const char *id)
{
    if (!id || !id[0] || strlen(id) > 64)
        return false;
    return strpbrk(id, ",= \t\n") == nullptr;
}

/* The slot-12 value: "id=N,…" sorted by id; a technology listed twice keeps its largest N. */
std::string techs_value(std::vector<std::pair<std::string, unsigned>> techs)
{
    std::sort(techs.begin(), techs.end());
    std::string value;
    for (size_t i = 0; i < techs.size(); i++) {
        if (i + 1 < techs.size() && techs[i + 1].first == techs[i].first)
            continue;
        value += (value.empty() ? "" : ",") + techs[i].first + '=' + std::to_string(techs[i].second);
    }
    return value;
}

/* Raises every weighted term's wdf to its length-normalised value (schema.h). Only raises (norm is
 * at most WDF_SCALE), because Xapian can add to a wdf but not lower it without touching positions. */
void normalise_wdf(Xapian::Document &doc)
{
    double length = 0;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
        length += it.get_wdf();
    const double norm = std::min(WDF_SCALE, (1 - LENGTH_B) + LENGTH_B * length / AVERAGE_LENGTH);
    std::vector<std::pair<std::string, Xapian::termcount>> raises;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const Xapian::termcount wdf = it.get_wdf();
        if (wdf == 0)
            continue; /* boolean terms carry no weight */
        const auto scaled = static_cast<Xapian::termcount>(std::lround(WDF_SCALE * wdf / norm));
        if (scaled > wdf)
            raises.emplace_back(*it, scaled - wdf);
    }
    for (const auto &raise : raises)
        doc.add_term(raise.first, raise.second);
}

/* Adds the technology terms and the slot-12 value shared by sections and challenges. */
void add_tech_terms(Xapian::Document &doc, const nx_tech_ref_t *techs, size_t n_techs)
{
    std::vector<std::pair<std::string, unsigned>> kept;
    for (size_t i = 0; techs && i < n_techs; i++) {
        if (!usable_tech_id(techs[i].id))
            continue;
        const std::string id = lowercase(techs[i].id);
        /* wdf 1 whatever the count: in a SYNONYM group with the words themselves, a larger wdf
         * would let a body full of mentions outrank a heading match. */
        doc.add_term(mention_term(id), 1);
        if (techs[i].covered)
            doc.add_boolean_term(covered_term(id));
        kept.emplace_back(id, techs[i].covered ? 2u : 1u);
    }
    doc.add_value(SLOT_TECHS, techs_value(kept));
}

/* Values and boolean terms every document type carries. */
void add_common(Xapian::Document &doc, const char *type, const std::string &learner, const char *cohort,
                const char *repo_url, const char *commit, int64_t commit_time)
{
    doc.add_value(SLOT_LEARNER, learner);
    doc.add_value(SLOT_LEARNER_KEY, lowercase(learner));
    doc.add_value(SLOT_COHORT, or_empty(cohort));
    doc.add_value(SLOT_REPO_URL, or_empty(repo_url));
    doc.add_value(SLOT_COMMIT, or_empty(commit));
    doc.add_value(SLOT_COMMIT_TIME, Xapian::sortable_serialise(static_cast<double>(commit_time)));
    doc.add_value(SLOT_TYPE, type);
    doc.add_boolean_term(type_term(type));
    doc.add_boolean_term(learner_term(learner));
    if (cohort && cohort[0])
        doc.add_boolean_term(cohort_term(cohort));
}

/* After the hit record is made: the value slots only the record needs are removed from a section or
 * challenge, so each field is stored once. Kept: the slots read by value stream (facet columns,
 * the group=learner collapse key); schema.h lists them. */
void drop_recorded_values(Xapian::Document &doc)
{
    for (Xapian::valueno slot = 0; slot < HIT_RECORD_SLOTS; slot++) {
        if (!value_kept_beside_record(slot) && !doc.get_value(slot).empty())
            doc.remove_value(slot); /* throws for a slot not set */
    }
}

} // namespace

bool value_kept_beside_record(Xapian::valueno slot)
{
    return slot == SLOT_LEARNER_KEY || slot == SLOT_COHORT || slot == SLOT_TYPE || slot == SLOT_KIND ||
           slot == SLOT_ORIGIN || slot == SLOT_TECHS || slot == SLOT_HEADING; /* heading: suggestions' phrases */
}

std::string lowercase(const std::string &text)
{
    std::string lowered;
    lowered.reserve(text.size());
    for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it)
        Xapian::Unicode::append_utf8(lowered, Xapian::Unicode::tolower(*it));
    return lowered;
}

std::string learner_term(const std::string &learner)
{
    return "XL" + lowercase(learner);
}

std::string rules_key(const std::string &learner)
{
    return RULES_KEY_PREFIX + lowercase(learner);
}

std::string commit_key(const std::string &learner)
{
    return COMMIT_KEY_PREFIX + lowercase(learner);
}

std::string written_key(const std::string &learner)
{
    return WRITTEN_KEY_PREFIX + lowercase(learner);
}

std::string type_term(const std::string &type)
{
    return "XT" + type;
}

std::string cohort_term(const std::string &cohort)
{
    return "XC" + lowercase(cohort);
}

std::string kind_term(const std::string &kind)
{
    return "XK" + lowercase(kind);
}

std::string origin_term(const std::string &origin)
{
    return "XO" + lowercase(origin);
}

std::string shows_code_term()
{
    return "XFcode";
}

std::string mention_term(const std::string &tech_id)
{
    return "XM" + lowercase(tech_id);
}

std::string covered_term(const std::string &tech_id)
{
    return "XV" + lowercase(tech_id);
}

std::string learner_tech_term(const std::string &tech_id)
{
    return "XW" + lowercase(tech_id);
}

std::string id_term(const nx_section_t &section)
{
    const std::string learner = lowercase(or_empty(section.learner));
    return hashed_id(learner, learner + '\x1f' + or_empty(section.path) + '\x1f' +
                                  anchor_or_ordinal(section.anchor, section.ordinal));
}

std::string id_term(const nx_challenge_t &challenge)
{
    const std::string learner = lowercase(or_empty(challenge.learner));
    return hashed_id(learner, learner + '\x1f' + or_empty(challenge.path) + '\x1f' +
                                  anchor_or_ordinal(challenge.anchor, challenge.section_ordinal) + "\x1f!" +
                                  std::to_string(challenge.pair));
}

std::string learner_id_term(const std::string &learner)
{
    return "Q" + lowercase(learner) + "\x1f\x1f!learner";
}

std::vector<std::pair<std::string, unsigned>> parse_techs_value(const std::string &value)
{
    std::vector<std::pair<std::string, unsigned>> techs;
    size_t start = 0;
    while (start < value.size()) {
        size_t end = value.find(',', start);
        if (end == std::string::npos)
            end = value.size();
        const std::string item = value.substr(start, end - start);
        const size_t eq = item.find('=');
        if (eq != std::string::npos && eq > 0)
            techs.emplace_back(item.substr(0, eq), static_cast<unsigned>(strtoul(item.c_str() + eq + 1, nullptr, 10)));
        start = end + 1;
    }
    return techs;
}

Xapian::BM25Weight ranked_weighting()
{
    /* Xapian's default BM25 (k1 = 1, k2 = 0, k3 = 1, min_normlen = 0.5), with k1 on the scaled wdf. */
    return Xapian::BM25Weight(1.0 * WDF_SCALE, 0, 1, 0, 0.5);
}

Xapian::Stem schema_stemmer()
{
    return Xapian::Stem("english");
}

Xapian::TermGenerator make_term_generator()
{
    Xapian::TermGenerator generator;
    generator.set_stemmer(schema_stemmer());
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return generator;
}

bool is_spelling_word(const std::string &word)
{
    constexpr unsigned letters = (1u << Xapian::Unicode::UPPERCASE_LETTER) |
                                 (1u << Xapian::Unicode::LOWERCASE_LETTER) |
                                 (1u << Xapian::Unicode::TITLECASE_LETTER) |
                                 (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
    if (word.empty())
        return false;
    for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
        if (!((letters >> Xapian::Unicode::get_category(*it)) & 1))
            return false;
    }
    return true;
}

Xapian::Document build_document(const nx_section_t &section, Xapian::TermGenerator &generator)
{
    Xapian::Document doc;
    const std::string learner = or_empty(section.learner);
    const std::string body = or_empty(section.body);

    add_common(doc, TYPE_SECTION, learner, section.cohort, section.repo_url, section.commit, section.commit_time);
    doc.add_value(SLOT_PATH, or_empty(section.path));
    doc.add_value(SLOT_HEADING_PATH, or_empty(section.heading_path));
    doc.add_value(SLOT_ANCHOR, or_empty(section.anchor));
    doc.add_value(SLOT_HEADING, or_empty(section.heading));
    const std::string kind = or_default(section.kind, "other"), origin = or_default(section.origin, "own");
    doc.add_value(SLOT_KIND, kind);
    doc.add_value(SLOT_ORIGIN, origin);
    doc.add_boolean_term(kind_term(kind));
    doc.add_boolean_term(origin_term(origin));
    if (section.shows_code)
        doc.add_boolean_term(shows_code_term());
    add_tech_terms(doc, section.techs, section.n_techs);
    doc.add_boolean_term(id_term(section));
    doc.set_data(hit_record(doc, body));
    drop_recorded_values(doc);

    generator.set_document(doc);
    index_fields(generator, or_empty(section.path), or_empty(section.heading_path));
    /* Gaps keep a phrase from matching across the heading/body boundary. */
    generator.increase_termpos(100);
    generator.index_text(or_empty(section.heading), HEADING_WDF);
    generator.increase_termpos(100);
    generator.index_text(body);
    normalise_wdf(doc);
    drop_stemmed_field_words(doc);
    return doc;
}

Xapian::Document build_document(const nx_challenge_t &challenge, Xapian::TermGenerator &generator)
{
    Xapian::Document doc;
    const std::string learner = or_empty(challenge.learner);
    const std::string problem = or_empty(challenge.challenge), solution = or_empty(challenge.solution);

    add_common(doc, TYPE_CHALLENGE, learner, challenge.cohort, challenge.repo_url, challenge.commit,
               challenge.commit_time);
    doc.add_value(SLOT_PATH, or_empty(challenge.path));
    doc.add_value(SLOT_HEADING_PATH, or_empty(challenge.heading_path));
    doc.add_value(SLOT_ANCHOR, or_empty(challenge.anchor));
    doc.add_value(SLOT_CHALLENGE, problem);
    doc.add_value(SLOT_SOLUTION, solution);
    const std::string origin = or_default(challenge.origin, "own");
    doc.add_value(SLOT_KIND, "challenges");
    doc.add_value(SLOT_ORIGIN, origin);
    doc.add_boolean_term(kind_term("challenges"));
    doc.add_boolean_term(origin_term(origin));
    add_tech_terms(doc, challenge.techs, challenge.n_techs);
    doc.add_boolean_term(id_term(challenge));
    doc.set_data(hit_record(doc, solution.empty() ? problem : problem + "\n\n" + solution));
    drop_recorded_values(doc);

    generator.set_document(doc);
    index_fields(generator, or_empty(challenge.path), or_empty(challenge.heading_path));
    generator.increase_termpos(100);
    generator.index_text(problem, CHALLENGE_WDF);
    generator.increase_termpos(100);
    generator.index_text(solution);
    normalise_wdf(doc);
    drop_stemmed_field_words(doc);
    return doc;
}

Xapian::Document build_document(const nx_learner_profile_t &profile)
{
    Xapian::Document doc;
    const std::string learner = or_empty(profile.learner);
    doc.set_data(or_empty(profile.profile_json));
    add_common(doc, TYPE_LEARNER, learner, profile.cohort, profile.repo_url, profile.commit, profile.commit_time);
    std::vector<std::pair<std::string, unsigned>> kept;
    for (size_t i = 0; profile.techs && i < profile.n_techs; i++) {
        if (!usable_tech_id(profile.techs[i].id))
            continue;
        const unsigned weight = profile.techs[i].count ? profile.techs[i].count : 1;
        doc.add_term(learner_tech_term(profile.techs[i].id), weight);
        kept.emplace_back(lowercase(profile.techs[i].id), weight);
    }
    doc.add_value(SLOT_TECHS, techs_value(kept));
    doc.add_value(SLOT_INDEXED_AT, Xapian::sortable_serialise(static_cast<double>(profile.indexed_at)));
    if (profile.tech_states && profile.tech_states[0])
        doc.add_value(SLOT_TECH_STATES, profile.tech_states);
    doc.add_boolean_term(learner_id_term(learner));
    return doc;
}

Xapian::QueryParser make_query_parser(const Xapian::Database &db)
{
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(schema_stemmer());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_prefix(FIELD_PATH, "XP");
    parser.add_prefix(FIELD_HEADING, "S");
    parser.add_boolean_prefix(FIELD_LEARNER, (new LearnerFieldProcessor)->release());
    return parser;
}

namespace {

/* field_terms_as_indexed() of `query`; `changed` tells whether anything was rewritten. */
Xapian::Query rewrite_field_terms(const Xapian::Query &query, const Xapian::Stem &stem, bool &changed)
{
    changed = false;
    if (query.get_type() == Xapian::Query::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        const size_t prefix = field_prefix_length(term);
        if (prefix == 0 || !stemmed_by_schema(term.substr(prefix)))
            return query;
        changed = true;
        return Xapian::Query("Z" + term.substr(0, prefix) + stem(term.substr(prefix)));
    }
    const bool phrase = is_field_phrase(query);
    if (!phrase && !is_plain_operator(query.get_type()))
        return query;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < query.get_num_subqueries(); i++) {
        bool sub_changed = false;
        subs.push_back(rewrite_field_terms(query.get_subquery(i), stem, sub_changed));
        changed = changed || sub_changed;
    }
    if (phrase) {
        changed = true;
        return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
    }
    return changed ? Xapian::Query(query.get_type(), subs.begin(), subs.end()) : query;
}

} // namespace

Xapian::Query field_terms_as_indexed(const Xapian::Query &query)
{
    bool changed = false;
    return rewrite_field_terms(query, schema_stemmer(), changed);
}

unsigned query_flags()
{
    return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
           Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
           Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
}

void check_schema_version(const std::string &stored, Xapian::doccount doc_count)
{
    if (stored == SCHEMA_VERSION)
        return;
    if (stored.empty() && doc_count == 0)
        return;
    throw Xapian::DatabaseVersionError(
        "the index was built with schema version '" + (stored.empty() ? std::string("none") : stored) +
        "' but this Nexus reads version '" + SCHEMA_VERSION +
        "': rebuild the index (delete the index folder and run nexus-index again)");
}

} // namespace nx_shim
