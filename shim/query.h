/* Private: turning the user's text into the query that is actually searched — as typed, its
 * spelling correction, or any of its words — shared by section search and learner ranking. */
#ifndef NX_SHIM_QUERY_H
#define NX_SHIM_QUERY_H

#include <string>

#include <xapian.h>

namespace nx_shim {

/* Which documents a query may match: boolean filters that must all hold, and documents that
 * are never matched. Either may be an empty Query (no restriction). */
struct search_scope {
    Xapian::Query filter;
    Xapian::Query excluded;
    /* `query` restricted to the scope. */
    Xapian::Query apply(const Xapian::Query &query) const;
};

struct resolved_query {
    std::string text;          /* what is searched: the text as typed, or its spelling correction */
    bool plain = false;        /* no query syntax: the caller matches it as a plain-language question
                                * (matching.h) and `query` is empty */
    Xapian::Query query;       /* queries using the syntax: the parsed text, without filters */
    std::string corrected;     /* the correction searched instead of the text, or "" */
    bool relaxed = false;      /* syntax queries: no document matched every word, so any word is enough */
};

/* The QueryParser turns "CI/CD" or "Next.js" into a phrase, which never meets a synonym;
 * written as separate words ("CI CD", "Next js") they meet the multi-word synonyms the
 * index holds for technology names. '/' and '.' between letters or digits become spaces,
 * except inside "quoted phrases" and field values (path:docs/setup.md). Hyphenated words
 * ("django-filter", "docker-compose") stay phrases: as separate words they would match any
 * text that merely has both. */
std::string spaced_joiners(const std::string &text);

/* True when `key` (lowercase words separated by single spaces) is a technology name or alias: a synonym
 * key of the index (writer.cc writes them from the taxonomy). */
bool is_synonym_key(const Xapian::Database &db, const std::string &key);

/* The taxonomy id a query stands for (its XM<id> mention term), or "". */
std::string tech_of(const Xapian::Query &query);

/* Number of documents matching `query`, exact below `cap` and `cap` otherwise: deciding between
 * the query, its correction and its relaxation only needs to tell "none" and "a few" from "more",
 * and stopping at `cap` spares a pass over every match of a common word. */
Xapian::doccount count_matches(const Xapian::Database &db, const Xapian::Query &query, Xapian::doccount cap);

/* Corrects the words the cohort does not use (spelling.h; suggestions and synonyms from `words`, the
 * index's merged words database or `db` itself), then either leaves a plain-language
 * question to the caller or parses the query syntax (throws Xapian::QueryParserError when it does
 * not parse), relaxing it to any word when nothing within `scope` matches every word (unless
 * `may_relax` is false: learner-level logic needs the words of one document in no single one). */
resolved_query resolve_query(const Xapian::Database &db, const Xapian::Database &words, const std::string &text,
                             const search_scope &scope, bool may_relax = true);

/* The two halves of relaxing, for a caller that learns from its own ranked pass whether anything
 * matched (a page with hits) and so counts matches only when its page is empty:
 * whether `resolved` (resolved without relaxing) could be relaxed at all, and whether, with nothing
 * within `scope` matching every word, it was (`resolved` then searches any word, `relaxed` set). */
bool may_need_relaxing(const resolved_query &resolved);
bool relax_if_unmatched(const Xapian::Database &db, const Xapian::Database &words, const search_scope &scope,
                        resolved_query &resolved);

/* `query` restricted to `filter`. */
Xapian::Query filtered(const Xapian::Query &query, const Xapian::Query &filter);

/* OR of `prefix`+value terms (lowercased), or MatchAll when `values` is empty. */
Xapian::Query any_of(const char *const *values, size_t n_values, std::string (*term)(const std::string &));

} // namespace nx_shim

#endif
