/* Deciding what a user query searches: as typed, its spelling correction when it finds
 * (almost) nothing, or any of its words when no document has them all. */
#include "query.h"

#include <iterator>

#include "schema.h"

namespace nx_shim {

namespace {

bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace

std::string spaced_joiners(const std::string &text)
{
    std::string out = text;
    bool in_quotes = false, in_field = false;
    for (size_t i = 0; i < out.size(); i++) {
        const char c = out[i];
        if (c == '"')
            in_quotes = !in_quotes;
        else if (c == ' ' || c == '\t')
            in_field = false;
        else if (c == ':')
            in_field = true;
        else if ((c == '/' || c == '.') && !in_quotes && !in_field && i > 0 && i + 1 < out.size() &&
                 is_alnum(out[i - 1]) && is_alnum(out[i + 1]))
            out[i] = ' ';
    }
    return out;
}

namespace {

size_t distinct_terms(const Xapian::Query &query)
{
    return static_cast<size_t>(std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()));
}

/* Spelling correction looks every word up in the spelling table, a sixth of a search's time:
 * it is asked for only once the query is known to match almost nothing. */
enum class spelling { skip, correct };

Xapian::Query parse(Xapian::QueryParser &parser, const std::string &text, Xapian::Query::op default_op,
                    spelling spelling = spelling::skip)
{
    parser.set_default_op(default_op);
    unsigned flags = query_flags();
    if (spelling == spelling::skip)
        flags &= ~static_cast<unsigned>(Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    return parser.parse_query(spaced_joiners(text), flags);
}

/* Counts are exact up to here, which covers every comparison resolve_query makes. */
constexpr Xapian::doccount MATCH_COUNT_CAP = 3 * FEW_MATCHES + 1;

/* The spelling correction of `text`, or "" (remote shards have no spelling table). */
std::string spelling_correction(const Xapian::Database &db, const std::string &text)
{
    Xapian::QueryParser parser = make_query_parser(db);
    parse(parser, text, Xapian::Query::OP_AND, spelling::correct);
    return parser.get_corrected_query_string();
}

} // namespace

Xapian::doccount count_matches(const Xapian::Database &db, const Xapian::Query &query, Xapian::doccount cap)
{
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    /* Asking for `cap` hits makes the size of the MSet the count: exact below cap, never an estimate. */
    return enquire.get_mset(0, cap, cap).size();
}

Xapian::Query filtered(const Xapian::Query &query, const Xapian::Query &filter)
{
    if (filter.empty())
        return query;
    return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

Xapian::Query any_of(const char *const *values, size_t n_values, std::string (*term)(const std::string &))
{
    std::vector<Xapian::Query> terms;
    for (size_t i = 0; values && i < n_values; i++) {
        if (values[i] && values[i][0])
            terms.emplace_back(term(values[i]));
    }
    /* A fresh match-all query, never a copy of the static Xapian::Query::MatchAll: copying a Query bumps a
     * reference count that is not atomic, and every request thread copying the one static object
     * corrupted it (use after free under load, found by AddressSanitizer in the load test). */
    if (terms.empty())
        return Xapian::Query(std::string());
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query search_scope::apply(const Xapian::Query &query) const
{
    Xapian::Query scoped = filtered(query, filter);
    if (!excluded.empty())
        scoped = Xapian::Query(Xapian::Query::OP_AND_NOT, scoped, excluded);
    return scoped;
}

resolved_query resolve_query(const Xapian::Database &db, const std::string &text, const search_scope &scope)
{
    resolved_query out;
    Xapian::QueryParser parser = make_query_parser(db);
    out.query = parse(parser, text, Xapian::Query::OP_AND);
    Xapian::doccount matches = count_matches(db, scope.apply(out.query), MATCH_COUNT_CAP);
    const std::string correction = matches <= FEW_MATCHES ? spelling_correction(db, text) : std::string();

    if (!correction.empty() && correction != text) {
        Xapian::QueryParser corrected_parser = make_query_parser(db);
        Xapian::Query corrected = parse(corrected_parser, correction, Xapian::Query::OP_AND);
        Xapian::doccount corrected_matches =
            count_matches(db, scope.apply(corrected), MATCH_COUNT_CAP);
        if (corrected_matches > 0 && (matches == 0 || corrected_matches >= 3 * matches)) {
            out.query = corrected;
            out.corrected = correction;
            out.did_you_mean = correction;
            matches = corrected_matches;
        } else if (corrected_matches > matches) {
            out.did_you_mean = correction;
        }
    }

    if (matches == 0 && distinct_terms(out.query) > 1) {
        Xapian::QueryParser any_parser = make_query_parser(db);
        Xapian::Query any = parse(any_parser, out.corrected.empty() ? text : out.corrected, Xapian::Query::OP_OR);
        /* Explicit operators, phrases and filters survive the switch; relax only if something changed. */
        if (any.get_description() != out.query.get_description()) {
            out.query = any;
            out.relaxed = true;
        }
    }
    return out;
}

} // namespace nx_shim
