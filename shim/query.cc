/* Deciding what a user query searches: as typed or with its missing words corrected, as a plain-language
 * question or in the syntax, relaxed to any word when no document has them all. */
#include "query.h"

#include <iterator>

#include "schema.h"
#include "spelling.h"
#include "words.h"

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

Xapian::Query parse(Xapian::QueryParser &parser, const std::string &text, Xapian::Query::op default_op)
{
    parser.set_default_op(default_op);
    return field_terms_as_indexed(parser.parse_query(spaced_joiners(text), query_flags()));
}

} // namespace

bool is_synonym_key(const Xapian::Database &db, const std::string &key)
{
    auto it = db.synonym_keys_begin(key);
    return it != db.synonym_keys_end(key) && *it == key;
}

std::string tech_of(const Xapian::Query &query)
{
    const std::string prefix = mention_term("");
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        if ((*it).compare(0, prefix.size(), prefix) == 0)
            return (*it).substr(prefix.size());
    }
    return std::string();
}

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

resolved_query resolve_query(const Xapian::Database &db, const Xapian::Database &words, const std::string &text,
                             const search_scope &scope, bool may_relax)
{
    resolved_query out;
    out.corrected = corrected_spelling(db, words, text);
    out.text = out.corrected.empty() ? text : out.corrected;
    out.plain = !uses_query_syntax(out.text);
    if (out.plain)
        return out;
    Xapian::QueryParser parser = make_query_parser(words);
    out.query = parse(parser, out.text, Xapian::Query::OP_AND);
    if (may_relax && may_need_relaxing(out))
        relax_if_unmatched(db, words, scope, out);
    return out;
}

bool may_need_relaxing(const resolved_query &resolved)
{
    return !resolved.plain && !resolved.relaxed && distinct_terms(resolved.query) > 1;
}

bool relax_if_unmatched(const Xapian::Database &db, const Xapian::Database &words, const search_scope &scope,
                        resolved_query &resolved)
{
    if (count_matches(db, scope.apply(resolved.query), 1) != 0)
        return false;
    Xapian::QueryParser any_parser = make_query_parser(words);
    Xapian::Query any = parse(any_parser, resolved.text, Xapian::Query::OP_OR);
    /* Explicit operators, phrases and filters survive the switch; relax only if something changed. */
    if (any.get_description() == resolved.query.get_description())
        return false;
    resolved.query = any;
    resolved.relaxed = true;
    return true;
}

} // namespace nx_shim
