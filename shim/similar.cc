/* Similar learners (nx_db_similar_learners): the words of a learner's own sections expanded into a
 * query (relevance-set expansion, as Omega's MORELIKE), run over everyone else's own sections, and
 * combined with the overlap of covered technologies. */
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include "errors.h"
#include "facet_columns.h"
#include "handles.h"
#include "learner_logic.h"
#include "schema.h"
#include "words.h"

using namespace nx_shim;

namespace {

constexpr unsigned MAX_LIMIT = 50;
/* The learner's own documents the expansion reads: enough for any real repository's docs. */
constexpr size_t MAX_RSET = 300;
/* Topic words kept from the expansion, and learners considered from each side. */
constexpr Xapian::termcount TOPICS = 25;
constexpr Xapian::doccount TEXT_CANDIDATES = 60;
constexpr size_t TECH_CANDIDATES = 60;
/* Documents per learner that count towards text similarity (diminishing, as learner ranking does). */
constexpr Xapian::doccount DOCS_PER_LEARNER = 3;
/* How much of the score is writing; the rest is technologies. Writing says more (two learners of one
 * stack may build very different things), but a shared rare stack is a strong reason to pair. */
constexpr double TEXT_SHARE = 0.6;

struct stored_similar {
    std::string learner, cohort, repo_url, shared_techs, shared_topics;
    double score = 0, text_score = 0, tech_score = 0;
};

} // namespace

/* Owned by the caller of nx_db_similar_learners(). */
struct nx_similar {
    std::string topics;
    std::vector<stored_similar> learners;
};

namespace {

/* Words of code blocks and URLs, which sections keep: "def" or "return" in two learners' READMEs says
 * they both pasted Python, not that they worked on the same thing. Sorted, for binary search. */
const char *const CODE_WORDS[] = {
    "async", "await", "bool", "catch", "class", "com", "const", "def", "default", "dict", "echo", "elif",
    "else", "except", "export", "false", "from", "function", "http", "https", "import", "int", "lambda",
    "let", "localhost", "new", "none", "npm", "null", "print", "public", "return", "self", "static", "str",
    "sudo", "this", "true", "try", "undefined", "var", "void", "www",
};

bool is_code_word(const std::string &term)
{
    return std::binary_search(std::begin(CODE_WORDS), std::end(CODE_WORDS), term,
                              [](const auto &a, const auto &b) { return std::string(a) < std::string(b); });
}

/* Expansion terms worth calling topics: plain words (no prefix, no stem), not numbers, not function
 * words, not code (keywords, identifiers_with_underscores), long enough to mean something, and
 * written by someone else too. */
class TopicDecider : public Xapian::ExpandDecider {
  public:
    explicit TopicDecider(const Xapian::Database &db) : db_(db) {}
    bool operator()(const std::string &term) const override
    {
        if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z'))
            return false;
        if (std::all_of(term.begin(), term.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
            return false;
        if (term.find('_') != std::string::npos || is_function_word(term) || is_code_word(term))
            return false;
        return db_.get_termfreq(term) >= 2;
    }

  private:
    const Xapian::Database &db_;
};

/* `query` kept to sections and challenges that are their learner's own words (counts_as_own: own origin,
 * outside roadmaps and boilerplate; learner documents have no origin). Boolean terms, not a MatchDecider:
 * Xapian 1.4 runs no MatchDecider over remote shards. */
Xapian::Query own_writing(const Xapian::Query &query)
{
    const Xapian::Query own(Xapian::Query::OP_FILTER, query, Xapian::Query(origin_term("own")));
    const Xapian::Query not_own[] = {Xapian::Query(kind_term("roadmap")), Xapian::Query(kind_term("boilerplate"))};
    return Xapian::Query(Xapian::Query::OP_AND_NOT, own,
                         Xapian::Query(Xapian::Query::OP_OR, std::begin(not_own), std::end(not_own)));
}

struct candidate {
    double text = 0;   /* combined weight of their best matching documents */
    double tech = 0;   /* idf-weighted shared technologies, then divided by the union */
    std::set<std::string> topics;
    std::vector<std::string> shared_techs;
};

class Similarity {
  public:
    Similarity(nx_db &handle, const std::string &learner)
        : db_(handle.db), columns_(handle.facet_columns()), key_(lowercase(learner))
    {
    }

    /* NULL when the learner has no learner document. */
    std::unique_ptr<nx_similar> run(unsigned limit)
    {
        Xapian::Document self;
        if (!learner_document(key_, self))
            return nullptr;
        auto out = std::make_unique<nx_similar>();
        learner_docs_ = db_.get_termfreq(type_term(TYPE_LEARNER));
        const std::vector<std::string> topics = expand();
        for (const std::string &topic : topics)
            out->topics += (out->topics.empty() ? "" : ",") + topic;
        by_text(topics);
        by_technologies(self);
        rank(self, limit, *out);
        return out;
    }

  private:
    bool learner_document(const std::string &key, Xapian::Document &doc) const
    {
        const std::string id = learner_id_term(key);
        Xapian::PostingIterator it = db_.postlist_begin(id);
        if (it == db_.postlist_end(id))
            return false;
        doc = db_.get_document(*it);
        return true;
    }

    /* The learner's topic words: the best expansion terms of the relevance set made of their own
     * sections and challenges. */
    std::vector<std::string> expand() const
    {
        Xapian::RSet rset;
        const std::string term = learner_term(key_);
        for (Xapian::PostingIterator it = db_.postlist_begin(term);
             it != db_.postlist_end(term) && rset.size() < MAX_RSET; ++it) {
            if (columns_.type_name(*it) != TYPE_LEARNER && counts_as_own(columns_, *it))
                rset.add_document(*it);
        }
        std::vector<std::string> topics;
        if (rset.empty())
            return topics;
        Xapian::Enquire enquire(db_);
        TopicDecider decider(db_);
        const Xapian::ESet eset = enquire.get_eset(TOPICS, rset, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it)
            topics.push_back(*it);
        return topics;
    }

    /* Everyone else's own writing searched with the topic words; a learner's best few documents make
     * their text weight. */
    void by_text(const std::vector<std::string> &topics)
    {
        if (topics.empty())
            return;
        Xapian::Query words(Xapian::Query::OP_OR, topics.begin(), topics.end());
        Xapian::Query query(Xapian::Query::OP_AND_NOT, words, Xapian::Query(learner_term(key_)));
        Xapian::Enquire enquire(db_);
        enquire.set_query(own_writing(query));
        enquire.set_weighting_scheme(ranked_weighting());
        enquire.set_collapse_key(SLOT_LEARNER_KEY, DOCS_PER_LEARNER);
        const Xapian::MSet mset = enquire.get_mset(0, TEXT_CANDIDATES * DOCS_PER_LEARNER);
        std::map<uint32_t, unsigned> seen;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const uint32_t learner = columns_.learner(*it);
            if (learner == FacetColumns::NONE)
                continue;
            candidate &c = candidates_[columns_.learners().name(learner)];
            c.text += it.get_weight() / double(1u << seen[learner]++);
            for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t)
                c.topics.insert(*t);
        }
    }

    /* Inverse document frequency of a technology among learners: one everybody covers says little. */
    double rarity(const std::string &tech) const
    {
        const double covering = db_.get_termfreq(learner_tech_term(tech));
        return std::log((learner_docs_ + 1.0) / (covering + 0.5));
    }

    /* Learners sharing covered technologies, rarer ones counting more: the shared part of the
     * Jaccard sum, read from one posting list per technology of the learner's. */
    void by_technologies(const Xapian::Document &self)
    {
        std::unordered_map<Xapian::docid, double> shared;
        for (const auto &tech : parse_techs_value(self.get_value(SLOT_TECHS))) {
            const std::string term = learner_tech_term(tech.first);
            const double weight = rarity(tech.first);
            for (Xapian::PostingIterator it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
                shared[*it] += weight;
        }
        std::vector<std::pair<double, Xapian::docid>> best;
        for (const auto &entry : shared)
            best.emplace_back(entry.second, entry.first);
        const size_t kept = std::min(best.size(), TECH_CANDIDATES + 1); /* +1: the learner themself */
        std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(kept), best.end(),
                          [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first
                                                                                       : a.second < b.second; });
        for (size_t i = 0; i < kept; i++) {
            const uint32_t learner = columns_.learner(best[i].second);
            if (learner != FacetColumns::NONE && columns_.learners().name(learner) != key_)
                candidates_[columns_.learners().name(learner)];
        }
    }

    /* Technology similarity of one candidate: idf-weighted |A ∩ B| / |A ∪ B|, and the shared ones,
     * rarest first. */
    void compare_technologies(const Xapian::Document &self, const Xapian::Document &other, candidate &c) const
    {
        std::map<std::string, double> mine;
        for (const auto &tech : parse_techs_value(self.get_value(SLOT_TECHS)))
            mine[tech.first] = rarity(tech.first);
        double both = 0, either = 0;
        std::vector<std::pair<double, std::string>> shared;
        for (const auto &tech : parse_techs_value(other.get_value(SLOT_TECHS))) {
            auto found = mine.find(tech.first);
            if (found == mine.end()) {
                either += rarity(tech.first);
                continue;
            }
            both += found->second;
            shared.emplace_back(found->second, tech.first);
        }
        for (const auto &tech : mine)
            either += tech.second;
        c.tech = either > 0 ? both / either : 0;
        std::sort(shared.begin(), shared.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        for (const auto &tech : shared)
            c.shared_techs.push_back(tech.second);
    }

    stored_similar describe(const Xapian::Document &other, const candidate &c, double best_text,
                            const std::vector<std::string> &topic_order) const
    {
        stored_similar out;
        out.learner = other.get_value(SLOT_LEARNER);
        out.cohort = other.get_value(SLOT_COHORT);
        out.repo_url = other.get_value(SLOT_REPO_URL);
        out.text_score = best_text > 0 ? c.text / best_text : 0;
        out.tech_score = c.tech;
        out.score = TEXT_SHARE * out.text_score + (1 - TEXT_SHARE) * out.tech_score;
        for (const std::string &tech : c.shared_techs)
            out.shared_techs += (out.shared_techs.empty() ? "" : ",") + tech;
        for (const std::string &topic : topic_order)
            if (c.topics.count(topic))
                out.shared_topics += (out.shared_topics.empty() ? "" : ",") + topic;
        return out;
    }

    void rank(const Xapian::Document &self, unsigned limit, nx_similar &out)
    {
        double best_text = 0;
        for (const auto &entry : candidates_)
            best_text = std::max(best_text, entry.second.text);
        std::vector<std::string> topic_order;
        for (size_t at = 0, end; at < out.topics.size(); at = end + 1) {
            end = out.topics.find(',', at);
            end = end == std::string::npos ? out.topics.size() : end;
            topic_order.push_back(out.topics.substr(at, end - at));
        }
        for (auto &entry : candidates_) {
            Xapian::Document other;
            if (entry.first == key_ || !learner_document(entry.first, other))
                continue;
            compare_technologies(self, other, entry.second);
            stored_similar found = describe(other, entry.second, best_text, topic_order);
            if (found.score > 0)
                out.learners.push_back(std::move(found));
        }
        std::sort(out.learners.begin(), out.learners.end(), [](const stored_similar &a, const stored_similar &b) {
            return a.score != b.score ? a.score > b.score : a.learner < b.learner;
        });
        if (out.learners.size() > limit)
            out.learners.resize(limit);
    }

    const Xapian::Database &db_;
    const FacetColumns &columns_; /* of the revision db_ shows: whose document, and whether their own words */
    const std::string key_;       /* the learner, lowercased */
    Xapian::doccount learner_docs_ = 0;
    std::map<std::string, candidate> candidates_; /* by lowercased learner */
};

} // namespace

extern "C" {

nx_status_t nx_db_similar_learners(nx_db_t *db, const char *learner, unsigned limit, nx_similar_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    if (is_blank(learner) || strlen(learner) > NX_LEARNER_MAX)
        return fail(NX_ERR_INVALID_ARG, db->error, "learner name is empty or too long");
    if (limit == 0 || limit > MAX_LIMIT)
        return fail(NX_ERR_INVALID_ARG, db->error, "limit must be from 1 to 50");
    try {
        *out = db->at_newest_revision([&] { return Similarity(*db, learner).run(limit); }).release();
        return *out ? NX_OK : fail(NX_ERR_NOT_FOUND, db->error, "no such learner in the index");
    } catch (...) {
        return status_from_exception(db->error, "finding learners similar to", learner);
    }
}

const char *nx_similar_topics(const nx_similar_t *similar)
{
    return similar ? similar->topics.c_str() : "";
}

size_t nx_similar_count(const nx_similar_t *similar)
{
    return similar ? similar->learners.size() : 0;
}

nx_status_t nx_similar_get(const nx_similar_t *similar, size_t i, nx_similar_learner_t *out)
{
    if (!similar || !out || i >= similar->learners.size())
        return NX_ERR_INVALID_ARG;
    const stored_similar &stored = similar->learners[i];
    out->learner = stored.learner.c_str();
    out->cohort = stored.cohort.c_str();
    out->repo_url = stored.repo_url.c_str();
    out->score = stored.score;
    out->text_score = stored.text_score;
    out->tech_score = stored.tech_score;
    out->shared_techs = stored.shared_techs.c_str();
    out->shared_topics = stored.shared_topics.c_str();
    return NX_OK;
}

void nx_similar_free(nx_similar_t *similar)
{
    delete similar;
}

} // extern "C"
