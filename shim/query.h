/* Private: turning the user's text into the query that is actually searched — as typed, its
 * spelling correction, or any of its words — shared by section search and learner ranking. */
#ifndef NX_SHIM_QUERY_H
#define NX_SHIM_QUERY_H

#include <string>

#include <xapian.h>

namespace nx_shim {

/* A query with at most this many matches is "almost nothing": a spelling
 * correction that matches clearly more is searched instead. */
constexpr Xapian::doccount FEW_MATCHES = 2;

/* Which documents a query may match: boolean filters that must all hold, and documents that
 * are never matched. Either may be an empty Query (no restriction). */
struct search_scope {
    Xapian::Query filter;
    Xapian::Query excluded;
    /* `query` restricted to the scope. */
    Xapian::Query apply(const Xapian::Query &query) const;
};

struct resolved_query {
    Xapian::Query query;       /* the text query, without filters */
    std::string corrected;     /* the correction searched instead of the text, or "" */
    std::string did_you_mean;  /* a correction suggested but not searched, or "" */
    bool relaxed = false;      /* no document matched every word: any word is enough */
};

/* The QueryParser turns "CI/CD" or "Next.js" into a phrase, which never meets a synonym;
 * written as separate words ("CI CD", "Next js") they meet the multi-word synonyms the
 * index holds for technology names. '/' and '.' between letters or digits become spaces,
 * except inside "quoted phrases" and field values (path:docs/setup.md). Hyphenated words
 * ("django-filter", "docker-compose") stay phrases: as separate words they would match any
 * text that merely has both. */
std::string spaced_joiners(const std::string &text);

/* Number of documents matching `query`, exact below `cap` and `cap` otherwise: deciding between
 * the query, its correction and its relaxation only needs to tell "none" and "a few" from "more",
 * and stopping at `cap` spares a pass over every match of a common word. */
Xapian::doccount count_matches(const Xapian::Database &db, const Xapian::Query &query, Xapian::doccount cap);

/* Parses `text` (throws Xapian::QueryParserError when it does not parse) and
 * picks what to search, counting matches within `scope`. */
resolved_query resolve_query(const Xapian::Database &db, const std::string &text, const search_scope &scope);

/* `query` restricted to `filter`. */
Xapian::Query filtered(const Xapian::Query &query, const Xapian::Query &filter);

/* OR of `prefix`+value terms (lowercased), or MatchAll when `values` is empty. */
Xapian::Query any_of(const char *const *values, size_t n_values, std::string (*term)(const std::string &));

} // namespace nx_shim

#endif
