/* Plain-language questions: concepts, their documents, and the tiers of matching (see matching.h). */
#include "matching.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "query.h"
#include "schema.h"
#include "thesaurus.h"
#include "words.h"

namespace nx_shim {

namespace {

/* The longest technology name of several words the taxonomy has is four words long
 * ("amazon web services s3"-like); longer runs are never a synonym key. */
constexpr size_t MAX_NAME_WORDS = 4;
/* Words a thesaurus key may have between its own in a question (see concept_at). */
constexpr size_t MAX_INSERTED_WORDS = 2;

void append_listed(std::string &list, const std::string &item)
{
    list += (list.empty() ? "" : ",") + item;
}

/* Longer suffixes than "-ings" are derivations, and the stem then names a different thing. */
constexpr size_t MAX_INFLECTION = 4;

/* One word of the thesaurus's documentation side: its stem, which also finds its plural and
 * "-ing" forms, unless the file writes it with a capital (its convention for "this word only":
 * "Production" must not find "products") or stemming strips a derivation ("authorization" and
 * "author" share the stem "author"): then the word as written. */
Xapian::Query documentation_word(const Xapian::Stem &stem, const std::string &word, bool capital)
{
    const std::string stemmed = stem(word);
    if (capital || word.size() > stemmed.size() + MAX_INFLECTION)
        return Xapian::Query(word);
    return Xapian::Query("Z" + stemmed);
}

/* What the thesaurus's documentation side means by a phrase: its words in order, at most one word
 * apart ("refresh token", "media queries"), as written; a lone word by documentation_word().
 * Why not the words anywhere in the section: "access control" is not "access … control". */
Xapian::Query documentation_words(const std::string &phrase)
{
    const std::vector<std::string> words = split_words(phrase);
    if (words.size() == 1)
        return documentation_word(schema_stemmer(), words[0], std::isupper(static_cast<unsigned char>(phrase[0])));
    std::vector<Xapian::Query> terms(words.begin(), words.end());
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                         static_cast<Xapian::termcount>(words.size() + 1));
}


std::string words_at(const std::vector<std::string> &words, const std::vector<size_t> &positions)
{
    std::string out;
    for (size_t p : positions)
        out += (out.empty() ? "" : " ") + words[p];
    return out;
}

/* Whether the untaken words between `positions` (in order) are what a key may have between its words:
 * exactly one content word, with at most MAX_INSERTED_WORDS words in all. Why one content word: with
 * function words alone between, the words between carry the sense ("page without refreshing" is not
 * "page refreshing"). */
bool fits_between(const std::vector<std::string> &words, const std::vector<bool> &taken,
                  const std::vector<size_t> &positions)
{
    size_t inserted = 0, content = 0;
    for (size_t p = positions.front() + 1; p < positions.back(); p++) {
        if (taken[p] || std::find(positions.begin(), positions.end(), p) != positions.end())
            continue;
        inserted++;
        content += is_function_word(words[p]) ? 0 : 1;
    }
    return inserted <= MAX_INSERTED_WORDS && content == 1;
}

/* The positions of `words` making the concept that starts at `start` (not yet taken): the longest run of
 * up to MAX_NAME_WORDS untaken words that is a technology name or a thesaurus key, else the word alone.
 * A thesaurus key of more words whose words come in order with one content word between (fits_between)
 * wins over a shorter run: "share data between react components" holds "between components", asked of
 * React; "while the content is loading" holds "while loading". The words between are left for the
 * concepts after. Only in a question in words (`phrased`): keywords typed without function words are
 * meant word for word ("entity relationship diagram" is not the key "entity diagram" plus
 * "relationship"). */
std::vector<size_t> concept_at(const Xapian::Database &db, const std::vector<std::string> &words,
                               const std::vector<bool> &taken, size_t start, bool phrased)
{
    std::vector<size_t> best;
    for (size_t p = start; p < words.size() && !taken[p] && best.size() < MAX_NAME_WORDS; p++)
        best.push_back(p);
    while (best.size() > 1 && !is_synonym_key(db, words_at(words, best)) &&
           !Thesaurus::builtin().expansions(words_at(words, best)))
        best.pop_back();
    if (!phrased)
        return best;
    /* Untaken positions after start within reach of a key of MAX_NAME_WORDS words with words between. */
    std::vector<size_t> reach;
    for (size_t p = start + 1; p < words.size() && reach.size() < MAX_NAME_WORDS - 1 + MAX_INSERTED_WORDS; p++) {
        if (!taken[p])
            reach.push_back(p);
    }
    /* Every ordered choice of words in reach, as a bitmask: at most 31. */
    for (uint32_t pick = 1; pick < (uint32_t{1} << reach.size()); pick++) {
        std::vector<size_t> positions{start};
        for (size_t b = 0; b < reach.size(); b++) {
            if (pick & (uint32_t{1} << b))
                positions.push_back(reach[b]);
        }
        if (positions.size() > best.size() && positions.size() <= MAX_NAME_WORDS &&
            fits_between(words, taken, positions) && Thesaurus::builtin().expansions(words_at(words, positions)))
            best = positions;
    }
    return best;
}


/* `query` with each word term replaced by the same word in the heading-path field (S<word>,
 * ZS<stem>), for heading_query(). Terms of other fields (technology mentions, paths) match no
 * heading; a phrase becomes the AND of its words, as that field has no positions. */
Xapian::Query in_heading_path(const Xapian::Query &query, const Xapian::Stem &stem)
{
    using Q = Xapian::Query;
    if (query.get_type() == Q::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        if (term.size() > 1 && term[0] == 'Z' && std::islower(static_cast<unsigned char>(term[1])))
            return Q("ZS" + term.substr(1));
        if (!term.empty() && (std::islower(static_cast<unsigned char>(term[0])) ||
                              std::isdigit(static_cast<unsigned char>(term[0]))))
            return Q(Q::OP_OR, Q("S" + term), Q("ZS" + stem(term)));
        return Q(Q::MatchNothing);
    }
    std::vector<Q> subs;
    for (size_t i = 0; i < query.get_num_subqueries(); i++)
        subs.push_back(in_heading_path(query.get_subquery(i), stem));
    switch (query.get_type()) {
    case Q::OP_AND:
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
        return Q(Q::OP_AND, subs.begin(), subs.end());
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_ELITE_SET:
    case Q::OP_MAX:
        return Q(Q::OP_OR, subs.begin(), subs.end());
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE:
    case Q::OP_AND_NOT:
    case Q::OP_FILTER:
        return subs.empty() ? Q(Q::MatchNothing) : subs.front();
    default:
        return Q(Q::MatchNothing);
    }
}

} // namespace

PlainQuery::PlainQuery(const Xapian::Database &db, const std::string &text, nx_matching_t strategy)
    : strategy_(strategy)
{
    const std::vector<std::string> words = split_words(text);
    const bool only_function_words = std::all_of(words.begin(), words.end(), is_function_word);
    /* A function word inside a thesaurus phrase ("results into pages", "in the background") still says
     * the question is in words: the asker's phrasing, not keywords meant word for word. */
    phrased_ = !only_function_words && std::any_of(words.begin(), words.end(), is_function_word);
    std::vector<bool> taken(words.size(), false);
    for (size_t i = 0; i < words.size(); i++) {
        if (taken[i])
            continue;
        const std::vector<size_t> at = concept_at(db, words, taken, i, phrased_);
        for (size_t position : at)
            taken[position] = true;
        const std::string concept_text = words_at(words, at);
        /* A question made only of function words ("to be or not to be") keeps them all. */
        if (at.size() == 1 && is_function_word(concept_text) && !only_function_words)
            append_listed(ignored_, concept_text);
        else if (concepts_.size() < MAX_CONCEPTS)
            add_concept(db, concept_text);
        else
            append_listed(ignored_, concept_text);
    }
    /* So is a sentence without a function word ("write clear git commit messages"): five words or more,
     * some of them the asker's own (no technology, no thesaurus key). Keywords are fewer words ("entity
     * relationship diagram") or names the documentation knows ("docker compose postgres redis"). */
    if (!phrased_ && words.size() >= MIN_WORDS_OF_A_SENTENCE) {
        for (size_t i = 0; i < concepts_.size() && !phrased_; i++)
            phrased_ = !documented(i);
    }
}

void PlainQuery::add_concept(const Xapian::Database &db, const std::string &text)
{
    Xapian::QueryParser parser = make_query_parser(db);
    parser.set_default_op(Xapian::Query::OP_AND);
    const Xapian::Query typed = parser.parse_query(text, query_flags());
    if (typed.empty())
        return;
    const std::vector<std::string> *expansions = Thesaurus::builtin().expansions(text);
    for (query_concept &known : concepts_) {
        if (known.text == text)
            return;
        /* Why: "crashes … fails" or "live online" say one thing twice; as two concepts the
         * question would weigh it twice and count a learner who has it as holding two concepts. */
        if (expansions && known.expansions && *expansions == *known.expansions) {
            known.text += " " + text;
            known.query = Xapian::Query(Xapian::Query::OP_SYNONYM, known.query, typed);
            return;
        }
    }
    query_concept added;
    added.text = text;
    added.query = typed;
    added.tech = tech_of(typed);
    added.expansions = expansions;
    if (expansions) {
        std::vector<Xapian::Query> forms;
        for (const std::string &other : *expansions)
            forms.push_back(is_synonym_key(db, other) ? parser.parse_query(other, query_flags()) : documentation_words(other));
        /* The words as typed weigh on their own, beside the documentation words as one synonym: merged into
         * that synonym, a rare word typed ("rbac") took the frequency of its commonest expansion
         * ("permissions") and a section naming it weighed no more than one saying "permission denied". */
        added.query = Xapian::Query(Xapian::Query::OP_OR, typed,
                                    Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end()));
    }
    concepts_.push_back(std::move(added));
}

void PlainQuery::count_documents(const Xapian::Database &db, bool remote, const search_scope &scope,
                                 PostingCache *cache)
{
    for (query_concept &each : concepts_) {
        each.docs = matching_docs(db, scope.apply(each.query), remote, cache);
        each.frequency = static_cast<Xapian::doccount>(each.docs->count());
        each.idf = std::log((db.get_doccount() + 1.0) / (each.frequency + 0.5));
    }
    order_drops();
}

void PlainQuery::order_drops()
{
    drop_order_.resize(concepts_.size());
    std::iota(drop_order_.begin(), drop_order_.end(), size_t{0});
    /* Later words first (LAST, and the tie-break of FREQUENCY); a concept nothing matches first of all. */
    std::reverse(drop_order_.begin(), drop_order_.end());
    std::stable_sort(drop_order_.begin(), drop_order_.end(), [&](size_t a, size_t b) {
        const bool a_absent = concepts_[a].frequency == 0, b_absent = concepts_[b].frequency == 0;
        if (a_absent != b_absent)
            return a_absent;
        if (strategy_ == NX_MATCH_FREQUENCY)
            return concepts_[a].frequency > concepts_[b].frequency;
        return false;
    });
}

concept_mask PlainQuery::mask_of(Xapian::docid did) const
{
    concept_mask mask = 0;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (concepts_[i].docs->contains(did))
            mask |= concept_mask{1} << i;
    }
    return mask;
}

unsigned PlainQuery::tier_count() const
{
    if (strategy_ == NX_MATCH_ALL || concepts_.empty())
        return 1;
    return static_cast<unsigned>(concepts_.size());
}

concept_mask PlainQuery::required(unsigned tier) const
{
    concept_mask mask = all();
    for (unsigned j = 0; j < tier && j < drop_order_.size(); j++)
        mask &= ~(concept_mask{1} << drop_order_[j]);
    return mask;
}

unsigned PlainQuery::missing_count(concept_mask mask) const
{
    unsigned missing = 0;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (concepts_[i].frequency > 0 && !(mask & (concept_mask{1} << i)))
            missing++;
    }
    if (mask == 0 || (strategy_ == NX_MATCH_ALL && (mask & all()) != all()))
        return tier_count();
    return std::min(missing, tier_count() - 1);
}

Xapian::Query PlainQuery::heading_query(size_t i) const
{
    return in_heading_path(concepts_[i].query, schema_stemmer());
}

Xapian::Query PlainQuery::combined(concept_mask mask, Xapian::Query::op op) const
{
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (mask & (concept_mask{1} << i))
            parts.push_back(concepts_[i].query);
    }
    if (parts.empty())
        return Xapian::Query(Xapian::Query::MatchNothing);
    return Xapian::Query(op, parts.begin(), parts.end());
}

Xapian::Query PlainQuery::tier_query(unsigned tier) const
{
    const concept_mask needed = required(tier);
    Xapian::Query query = all_of(needed);
    if (tier > 0) {
        const concept_mask earlier = all() & ~required(tier - 1) & ~needed;
        if (earlier)
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, any_of(earlier));
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, concepts_[drop_order_[tier - 1]].query);
    }
    return query;
}

std::unique_ptr<DocSet> PlainQuery::docs_with(concept_mask mask) const
{
    std::unique_ptr<DocSet> docs;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (!(mask & (concept_mask{1} << i)))
            continue;
        if (!docs)
            docs = std::make_unique<DocSet>(*concepts_[i].docs);
        else
            docs->intersect(*concepts_[i].docs);
    }
    return docs ? std::move(docs) : std::make_unique<DocSet>(0);
}

unsigned PlainQuery::learner_slack() const
{
    if (strategy_ != NX_MATCH_FREQUENCY || !phrased_)
        return 0;
    const size_t informative = static_cast<size_t>(std::count_if(
        concepts_.begin(), concepts_.end(), [](const query_concept &each) { return each.frequency > 0; }));
    return informative >= MIN_CONCEPTS_FOR_SLACK ? 1 : 0;
}

bool PlainQuery::documented(size_t i) const
{
    return concepts_[i].expansions != nullptr || !concepts_[i].tech.empty();
}

double PlainQuery::coverage(concept_mask mask) const
{
    double held = 0, total = 0;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (concepts_[i].frequency == 0)
            continue; /* nobody can have it: it says nothing about who answers best */
        const double information = concepts_[i].idf * (phrased_ && !documented(i) ? ASKERS_WORD_SHARE : 1.0);
        total += information;
        if (mask & (concept_mask{1} << i))
            held += information;
    }
    return total > 0 ? held / total : 0;
}

std::string PlainQuery::texts(concept_mask mask) const
{
    std::string out;
    for (size_t i = 0; i < concepts_.size(); i++) {
        if (mask & (concept_mask{1} << i))
            append_listed(out, concepts_[i].text);
    }
    return out;
}

} // namespace nx_shim
