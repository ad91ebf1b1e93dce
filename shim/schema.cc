/* The Nexus index schema in code: id terms, document layout, query parser setup.
 * Everything it decides is documented once, at the top of schema.h. */
#include "schema.h"

#include <cinttypes>
#include <cstdio>

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

} // namespace

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

std::string commit_key(const std::string &learner)
{
    return COMMIT_KEY_PREFIX + lowercase(learner);
}

std::string id_term(const nx_section_t &section)
{
    std::string anchor = or_empty(section.anchor);
    if (anchor.empty())
        anchor = "#" + std::to_string(section.ordinal);
    std::string id = "Q" + lowercase(or_empty(section.learner)) + '\x1f' + or_empty(section.path) + '\x1f' + anchor;
    if (id.size() <= NX_ID_TERM_MAX)
        return id;
    char hash[17];
    snprintf(hash, sizeof hash, "%016" PRIx64, fnv1a64(id));
    return id.substr(0, NX_ID_TERM_MAX - 17) + '\x1f' + hash;
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

Xapian::Document build_document(const nx_section_t &section, Xapian::TermGenerator &generator)
{
    Xapian::Document doc;
    const std::string learner = or_empty(section.learner);
    const std::string body = or_empty(section.body);
    doc.set_data(body);

    doc.add_value(SLOT_LEARNER, learner);
    doc.add_value(SLOT_COHORT, or_empty(section.cohort));
    doc.add_value(SLOT_REPO_URL, or_empty(section.repo_url));
    doc.add_value(SLOT_PATH, or_empty(section.path));
    doc.add_value(SLOT_HEADING_PATH, or_empty(section.heading_path));
    doc.add_value(SLOT_ANCHOR, or_empty(section.anchor));
    doc.add_value(SLOT_COMMIT, or_empty(section.commit));
    doc.add_value(SLOT_COMMIT_TIME, Xapian::sortable_serialise(static_cast<double>(section.commit_time)));
    doc.add_value(SLOT_HEADING, or_empty(section.heading));

    doc.add_boolean_term(id_term(section));
    doc.add_boolean_term(learner_term(learner));

    generator.set_document(doc);
    generator.index_text(or_empty(section.path), 1, "XP");
    generator.index_text(or_empty(section.heading_path), 1, "S");
    /* Gaps keep a phrase from matching across the heading/body boundary. */
    generator.increase_termpos(100);
    generator.index_text(or_empty(section.heading), HEADING_WDF);
    generator.increase_termpos(100);
    generator.index_text(body);
    return doc;
}

Xapian::QueryParser make_query_parser(const Xapian::Database &db)
{
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(schema_stemmer());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_prefix("path", "XP");
    parser.add_prefix("heading", "S");
    parser.add_boolean_prefix("learner", (new LearnerFieldProcessor)->release());
    return parser;
}

unsigned query_flags()
{
    return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
           Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
           Xapian::QueryParser::FLAG_PURE_NOT;
}

void check_schema_version(const std::string &stored, Xapian::doccount doc_count)
{
    if (stored == SCHEMA_VERSION)
        return;
    if (stored.empty() && doc_count == 0)
        return;
    throw Xapian::DatabaseVersionError("index schema version '" + stored + "' is not the supported '" +
                                       SCHEMA_VERSION + "'; rebuild the index");
}

} // namespace nx_shim
