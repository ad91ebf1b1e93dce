/* "Who covered this?": ranking learners by how substantively their own documents cover a
 * query or a set of technologies, with the best documents as evidence. */
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <set>
#include <unordered_map>

#include "errors.h"
#include "facet_columns.h"
#include "handles.h"
#include "hit_record.h"
#include "hits.h"
#include "learner_logic.h"
#include "matching.h"
#include "query.h"
#include "schema.h"

using namespace nx_shim;

namespace {

constexpr unsigned MAX_LIMIT = 1000;
constexpr unsigned DEFAULT_EVIDENCE = 3;
constexpr unsigned MAX_EVIDENCE = 20;
/* Documents considered per search; the whole match set of any realistic cohort. */
constexpr Xapian::doccount MAX_DOCS = 50000;
/* Documents examined per learner when looking for technology evidence. */
constexpr Xapian::doccount EVIDENCE_POOL = 60;

/* A challenge with its solution says more than a section about the same words. */
constexpr double CHALLENGE_SUBSTANCE = 1.3;
/* A technology list ("Tech Stack", "Key Technologies Covered": kind `technologies`) that shows no code
 * names what was used without saying how; it weighs this much of a section. Why: of the judged learners
 * in the development topics' top 20, those whose best section was such a list averaged grade 1.11 (50 of
 * 63 grade 1), the other kinds 1.27-1.87 but folder trees (`structure`, 1.05; weighing those less did not
 * hold up). A list showing code ("Core Technologies › Next.js › Example Usage") keeps its weight: without
 * that exception the topic "ssr" fell 0.833 → 0.769, with it 0.833 → 0.821. Measured with
 * `quality.py --no-fts5` (bench/PROFILING.md, "Issue 11, fourth round"): topics 0.900 → 0.908, questions
 * 0.777 → 0.778; 0.35 gave topics 0.907 with both the development and held-out sets lower than 0.5. */
constexpr double TECHNOLOGY_LIST = 0.5;
constexpr const char *KIND_TECHNOLOGIES = "technologies";

/* In a phrased question, a section whose heading or a parent heading names the question's words is
 * about them, where one naming them in its body may pass them by: it weighs 1 + HEADING_SUBJECT times
 * the share of the question (PlainQuery::coverage) its heading path names. Why: of the judged learners
 * in the questions' top 10 (every set), those with none of their three evidence sections headed by a
 * word of the question averaged grade 1.41, with all three 1.72. Measured with `quality.py --no-fts5`
 * (bench/PROFILING.md, "Issue 11, fifth round"): questions 0.768 → 0.777, each held-out set higher;
 * 0.35 / 0.75 / 1 gave development sums 43.620 / 43.664 / 43.472 against 43.689 here. Keyword queries
 * are left out: their words are the documents' own, BM25 already weighs a heading's words three
 * times, and with them the topics fell 0.896 → 0.894. */
constexpr double HEADING_SUBJECT = 0.5;

/* A badge or a bare list item names a technology without describing its use. */
constexpr double MENTION_ONLY = 0.25;

struct scored_doc {
    double weight;
    Xapian::docid docid;
};

struct learner_tally {
    std::string learner_key;
    std::vector<scored_doc> docs; /* counting documents */
    uint64_t matches = 0;
    double score = 0;
    concept_mask concepts = 0; /* plain-language questions: the words their own documents have */
    unsigned tier = 0;      /* concepts missing, as PlainQuery::missing_count counts them */
    unsigned sort_tier = 0; /* the tier it is ranked in: tier less the question's slack */
};

/* Diminishing returns: the best document counts fully, each further one EVIDENCE_DECAY as much as
 * the one before, up to EVIDENCE_DOCS of them. Why this slow a decay: a learner is judged by how
 * substantively they wrote about the subject, and several sections on it say more than one long
 * section that happens to hold every word (halving at each document ranked the judged questions
 * at nDCG@10 0.61, this at 0.68, with each third of the set gaining). */
constexpr double EVIDENCE_DECAY = 0.8;
/* A learner's score is their evidence times the share of the question they hold to this power: for
 * keywords, the share itself; for a phrased question, whose words are the asker's and not the
 * documents', a gentler 0.25. With the slack, the judged questions' nDCG@10 (held-out 12, tuned 24) was
 * 0.643 and 0.774 at power 1, 0.668 and 0.781 at 0.25; without it the held-out set fell from 0.673 to 0.666
 * at 0, so the share still counts. */
constexpr double PHRASED_COVERAGE_POWER = 0.25;
constexpr size_t EVIDENCE_DOCS = 10;

double combined(std::vector<scored_doc> &docs)
{
    std::sort(docs.begin(), docs.end(), [](const scored_doc &a, const scored_doc &b) {
        return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
    });
    double score = 0, share = 1;
    for (size_t i = 0; i < docs.size() && i < EVIDENCE_DOCS; i++, share *= EVIDENCE_DECAY)
        score += docs[i].weight * share;
    return score;
}

/* Learner documents of the learners covering every technology in `techs`, by lowercased learner. */
std::unordered_map<std::string, Xapian::docid> learners_covering(const Xapian::Database &db,
                                                                 const std::vector<std::string> &techs,
                                                                 const Xapian::Query &cohorts)
{
    std::vector<Xapian::Query> parts{Xapian::Query(type_term(TYPE_LEARNER)), cohorts};
    for (const std::string &tech : techs)
        parts.emplace_back(learner_tech_term(tech));
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::unordered_map<std::string, Xapian::docid> found;
    for (auto it = mset.begin(); it != mset.end(); ++it)
        found.emplace(it.get_document().get_value(SLOT_LEARNER_KEY), *it);
    return found;
}

std::vector<std::string> lowered(const char *const *values, size_t n)
{
    std::vector<std::string> out;
    for (size_t i = 0; values && i < n; i++) {
        if (values[i] && values[i][0])
            out.push_back(lowercase(values[i]));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

/* Sum over the requested technologies of the learner's evidence weight, with diminishing returns. */
double coverage_score(const Xapian::Document &learner_doc, const std::vector<std::string> &techs)
{
    double score = 0;
    for (const auto &tech : parse_techs_value(learner_doc.get_value(SLOT_TECHS))) {
        if (std::binary_search(techs.begin(), techs.end(), tech.first))
            score += std::log2(1.0 + tech.second);
    }
    return score;
}

/* The learner's technologies among `wanted` ("a,b"), or all of them when `wanted` is empty. */
std::string matched_techs(const Xapian::Document &learner_doc, const std::set<std::string> &wanted)
{
    std::string out;
    for (const auto &tech : parse_techs_value(learner_doc.get_value(SLOT_TECHS))) {
        if (wanted.empty() || wanted.count(tech.first))
            out += (out.empty() ? "" : ",") + tech.first;
    }
    return out;
}

class Ranker {
  public:
    Ranker(nx_db &handle, const nx_learner_request_t &request)
        : db_(handle.db), remote_(handle.remote()), words_(handle.words), columns_(handle.facet_columns()), request_(request), techs_(lowered(request.techs, request.n_techs)),
          cohorts_(any_of(request.cohorts, request.n_cohorts, cohort_term)),
          style_{request.snippet_len, request.mark_open, request.mark_close, nullptr}
    {
        for (const std::string &tech : lowered(request.query_techs, request.n_query_techs))
            query_techs_.insert(tech);
        wanted_techs_ = query_techs_;
        wanted_techs_.insert(techs_.begin(), techs_.end());
    }

    std::unique_ptr<nx_learner_results> run()
    {
        results_ = std::make_unique<nx_learner_results>();
        const bool has_query = request_.query && request_.query[0];
        const bool restricted = !techs_.empty();
        if (restricted || !has_query)
            covering_ = learners_covering(db_, techs_, cohorts_);
        std::vector<learner_tally> tallies = has_query ? tally_query(restricted) : tally_coverage();
        std::sort(tallies.begin(), tallies.end(), [](const learner_tally &a, const learner_tally &b) {
            if (a.sort_tier != b.sort_tier)
                return a.sort_tier < b.sort_tier;
            return a.score != b.score ? a.score > b.score : a.learner_key < b.learner_key;
        });
        results_->total = tallies.size();
        const size_t limit = std::min(request_.limit, MAX_LIMIT);
        for (size_t i = request_.offset; i < tallies.size() && results_->learners.size() < limit; i++)
            results_->learners.push_back(describe(tallies[i], has_query));
        return std::move(results_);
    }

  private:
    Xapian::Query document_types() const
    {
        const Xapian::Query types(Xapian::Query::OP_OR, Xapian::Query(type_term(TYPE_SECTION)),
                                  Xapian::Query(type_term(TYPE_CHALLENGE)));
        return Xapian::Query(Xapian::Query::OP_AND, types, cohorts_);
    }

    /* How much a matching document says about its learner's own coverage, from 0 (nothing: a roadmap,
     * boilerplate, or someone else's words: templates, generated files, copied briefs; see
     * counts_as_own) to above 1 (a challenge with its solution); TECHNOLOGY_LIST for a list of
     * technologies showing no code. */
    double substance(Xapian::docid did)
    {
        if (!counts_as_own(columns_, did))
            return 0;
        if (columns_.type_name(did) == TYPE_CHALLENGE)
            return CHALLENGE_SUBSTANCE;
        if (columns_.kind_name(did) == KIND_TECHNOLOGIES &&
            !std::binary_search(lists_showing_code_.begin(), lists_showing_code_.end(), did))
            return TECHNOLOGY_LIST;
        return 1;
    }

    /* Finds which technology lists among mset_'s documents show code, for substance(). Why this way:
     * those lists are a few hundred documents at most, and skip_to() through the code term's posting
     * list in docid order reads only the chunks holding them, where a bitmap of that list would walk
     * every section showing code (a fifth of the index). Over remote shards, whose posting lists travel
     * whole, their matcher finds them instead. */
    void find_lists_showing_code()
    {
        lists_showing_code_.clear();
        std::vector<Xapian::docid> lists;
        for (auto it = mset_.begin(); it != mset_.end(); ++it) {
            if (columns_.kind_name(*it) == KIND_TECHNOLOGIES)
                lists.push_back(*it);
        }
        if (lists.empty())
            return;
        std::sort(lists.begin(), lists.end());
        if (remote_) {
            const Xapian::Query coded(Xapian::Query::OP_FILTER, query_, Xapian::Query(shows_code_term()));
            matching_docs(db_, coded, true)->each([&](Xapian::docid did) {
                if (std::binary_search(lists.begin(), lists.end(), did))
                    lists_showing_code_.push_back(did);
            });
            return;
        }
        const std::string code = shows_code_term();
        Xapian::PostingIterator post = db_.postlist_begin(code);
        for (Xapian::docid did : lists) {
            post.skip_to(did);
            if (post == db_.postlist_end(code))
                break;
            if (*post == did)
                lists_showing_code_.push_back(did);
        }
    }

    /* Every document matching `query` (within the document types and cohorts), ranked. */
    void match_all(const Xapian::Query &query)
    {
        query_ = filtered(query, document_types());
        Xapian::Enquire enquire(db_);
        enquire.set_query(query_);
        enquire.set_weighting_scheme(ranked_weighting());
        mset_ = enquire.get_mset(0, MAX_DOCS);
        find_lists_showing_code();
        style_.marker = std::make_shared<Highlighter>(mset_, query_);
    }

    std::vector<learner_tally> tally_query(bool restricted)
    {
        const search_scope scope{document_types(), Xapian::Query()};
        const resolved_query resolved = resolve_query(db_, words_, request_.query, scope, false);
        results_->corrected_query = resolved.corrected;
        if (resolved.plain) {
            plain_ = std::make_unique<PlainQuery>(words_, resolved.text, request_.matching);
            plain_->count_documents(db_, remote_, scope);
            return tally_plain(*plain_, restricted);
        }
        return tally_logic(resolved.query, scope, restricted);
    }

    /* A plain-language question: each own document weighs by BM25, by the square root of the
     * share of the question it holds (a section on the question's subject that leaves out a weak
     * word still counts much) and by how it names the technologies asked about. A learner has the words any of
     * their documents has; learners having every word come first, then those missing one (any
     * one: across a learner's documents, the word a peer left out says less than which words they
     * cover), and so on while fewer than the drop threshold were found; within, by evidence. */
    std::vector<learner_tally> tally_plain(const PlainQuery &plain, bool restricted)
    {
        const Xapian::Query any = plain.any_of(plain.all());
        results_->parsed_query = any.get_description();
        match_all(any);
        find_headings_naming(plain);
        std::unordered_map<std::string, learner_tally> by_learner;
        for (auto it = mset_.begin(); it != mset_.end(); ++it) {
            const uint32_t learner = columns_.learner(*it);
            if (learner == FacetColumns::NONE)
                continue;
            const std::string &key = columns_.learners().name(learner);
            if (restricted && !covering_.count(key))
                continue;
            learner_tally &tally = by_learner[key];
            tally.learner_key = key;
            tally.matches++;
            double named = 1;
            const concept_mask mask = named_concepts(plain, *it, &named);
            const double weight = it.get_weight() * substance(*it) * named * std::sqrt(plain.coverage(mask)) *
                                  (1 + HEADING_SUBJECT * plain.coverage(mask & headings_naming(*it)));
            if (mask == 0 || weight <= 0)
                continue;
            tally.concepts |= mask;
            tally.docs.push_back({weight, *it});
        }
        std::vector<learner_tally> tallies;
        std::vector<uint64_t> up_to_tier(plain.tier_count() + 1); /* learners of tier j or an earlier one */
        const unsigned slack = plain.learner_slack();
        const double coverage_power = plain.phrased() ? PHRASED_COVERAGE_POWER : 1.0;
        for (auto &entry : by_learner) {
            learner_tally &tally = entry.second;
            if (tally.docs.empty())
                continue; /* nothing but roadmaps, other people's words and "not used" lines */
            tally.tier = plain.missing_count(tally.concepts);
            tally.sort_tier = tally.tier > slack ? tally.tier - slack : 0;
            tally.score = combined(tally.docs) * std::pow(plain.coverage(tally.concepts), coverage_power);
            up_to_tier[tally.tier]++;
            tallies.push_back(std::move(tally));
        }
        std::partial_sum(up_to_tier.begin(), up_to_tier.end(), up_to_tier.begin());
        const unsigned last = std::max(std::min(slack, plain.tier_count() - 1),
                                       plain.last_tier(drop_threshold_of(request_.drop_threshold),
                                                       [&](unsigned tier) { return up_to_tier[tier]; }));
        tallies.erase(std::remove_if(tallies.begin(), tallies.end(),
                                     [&](const learner_tally &t) { return t.tier > last; }),
                      tallies.end());
        concept_mask everyone_has = plain.all(), someone_lacks = 0;
        for (const learner_tally &tally : tallies) {
            everyone_has &= tally.concepts;
            someone_lacks |= plain.all() & ~tally.concepts;
        }
        results_->terms[NX_TERMS_MATCHED] = plain.texts(tallies.empty() ? 0 : everyone_has);
        results_->terms[NX_TERMS_DROPPED] = plain.texts(someone_lacks);
        results_->terms[NX_TERMS_IGNORED] = plain.ignored();
        return tallies;
    }

    /* For headings_naming(): the documents whose heading path names each concept, for a phrased
     * question only (HEADING_SUBJECT). Not filtered by the scope: only mset_'s documents are asked
     * about, and the filter's posting lists (every section) would be read whole for each concept. */
    void find_headings_naming(const PlainQuery &plain)
    {
        headings_naming_.clear();
        if (!plain.phrased())
            return;
        for (size_t i = 0; i < plain.size(); i++)
            headings_naming_.push_back(matching_docs(db_, plain.heading_query(i), remote_));
    }

    /* The concepts the heading path of `did` names. */
    concept_mask headings_naming(Xapian::docid did) const
    {
        concept_mask mask = 0;
        for (size_t i = 0; i < headings_naming_.size(); i++) {
            if (headings_naming_[i]->contains(did))
                mask |= concept_mask{1} << i;
        }
        return mask;
    }

    /* The concepts a document has, a technology counting only where the document names it (not
     * in "we do not use Redis"); *factor is MENTION_ONLY when it has nothing but technologies
     * merely mentioned. */
    concept_mask named_concepts(const PlainQuery &plain, Xapian::docid did, double *factor) const
    {
        concept_mask mask = plain.mask_of(did);
        bool described = false;
        for (size_t i = 0; i < plain.size(); i++) {
            const concept_mask bit = concept_mask{1} << i;
            if (!(mask & bit))
                continue;
            if (plain.at(i).tech.empty()) {
                described = true;
                continue;
            }
            const unsigned strength = tech_strength(columns_, did, plain.at(i).tech);
            if (strength == 0)
                mask &= ~bit;
            described = described || strength >= 2;
        }
        *factor = described ? 1 : MENTION_ONLY;
        return mask;
    }

    /* A query in the syntax, its operators applied to each learner's whole documentation
     * (learner_logic.h); the learners it holds for are ranked by their documents matching the
     * words it asks for. */
    std::vector<learner_tally> tally_logic(const Xapian::Query &query, const search_scope &scope, bool restricted)
    {
        results_->parsed_query = query.get_description();
        std::vector<Xapian::Query> positive;
        const LearnerSet holds = LearnerLogic(db_, remote_, columns_, scope).evaluate(query, positive);
        match_all(positive.empty() ? Xapian::Query(Xapian::Query::MatchNothing)
                                   : Xapian::Query(Xapian::Query::OP_OR, positive.begin(), positive.end()));
        std::unordered_map<std::string, learner_tally> by_learner;
        for (size_t l = 0; l < holds.size(); l++) {
            const std::string &key = columns_.learners().name(static_cast<uint32_t>(l));
            if (holds[l] && (!restricted || covering_.count(key)))
                by_learner[key].learner_key = key;
        }
        for (auto it = mset_.begin(); it != mset_.end(); ++it) {
            const uint32_t learner = columns_.learner(*it);
            if (learner == FacetColumns::NONE)
                continue;
            auto found = by_learner.find(columns_.learners().name(learner));
            if (found == by_learner.end())
                continue;
            found->second.matches++;
            const double weight = it.get_weight() * substance(*it);
            if (weight > 0)
                found->second.docs.push_back({weight, *it});
        }
        std::vector<learner_tally> tallies;
        for (auto &entry : by_learner) {
            entry.second.score = combined(entry.second.docs);
            tallies.push_back(std::move(entry.second));
        }
        return tallies;
    }

    /* Learners covering every requested technology, by their evidence weights. */
    std::vector<learner_tally> tally_coverage()
    {
        std::vector<learner_tally> tallies;
        for (const auto &entry : covering_) {
            learner_tally tally;
            tally.learner_key = entry.first;
            tally.score = coverage_score(db_.get_document(entry.second), techs_);
            tallies.push_back(std::move(tally));
        }
        return tallies;
    }

    /* How strongly a document names the strongest of `techs` (tech_strength). */
    unsigned strongest(Xapian::docid did, const std::set<std::string> &techs) const
    {
        unsigned best = 0;
        for (const std::string &tech : techs)
            best = std::max(best, tech_strength(columns_, did, tech));
        return best;
    }

    /* The learner's best documents for the requested technologies, weighed like query matches. */
    void technology_evidence(learner_tally &tally)
    {
        std::vector<Xapian::Query> mentions;
        for (const std::string &tech : techs_)
            mentions.emplace_back(mention_term(tech));
        Xapian::Query query(Xapian::Query::OP_OR, mentions.begin(), mentions.end());
        if (request_.highlight && request_.highlight[0]) {
            Xapian::QueryParser parser = make_query_parser(words_);
            parser.set_default_op(Xapian::Query::OP_OR);
            query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                                  field_terms_as_indexed(parser.parse_query(request_.highlight, query_flags())));
        }
        const Xapian::Query types(Xapian::Query::OP_OR, Xapian::Query(type_term(TYPE_SECTION)),
                                  Xapian::Query(type_term(TYPE_CHALLENGE)));
        query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_AND, types, Xapian::Query(learner_term(tally.learner_key))));
        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        enquire.set_weighting_scheme(ranked_weighting());
        mset_ = enquire.get_mset(0, EVIDENCE_POOL);
        query_ = query;
        find_lists_showing_code();
        style_.marker = std::make_shared<Highlighter>(mset_, query);
        std::set<std::string> wanted(techs_.begin(), techs_.end());
        for (auto it = mset_.begin(); it != mset_.end(); ++it) {
            const unsigned strength = strongest(*it, wanted);
            const double weight =
                it.get_weight() * substance(*it) * (strength >= 2 ? 1 : strength ? MENTION_ONLY : 0);
            if (weight > 0)
                tally.docs.push_back({weight, *it});
        }
        tally.matches = mset_.get_matches_estimated();
        combined(tally.docs);
    }

    nx_stored_learner describe(learner_tally &tally, bool has_query)
    {
        nx_stored_learner out;
        out.score = tally.score;
        if (plain_) {
            out.matched_terms = plain_->texts(tally.concepts);
            out.missing_terms = plain_->texts(plain_->all() & ~tally.concepts);
        }
        if (!has_query)
            technology_evidence(tally);
        out.matches = tally.matches;
        const std::string id = learner_id_term(tally.learner_key);
        Xapian::PostingIterator learner_doc = db_.postlist_begin(id);
        const bool profiled = learner_doc != db_.postlist_end(id);
        const unsigned wanted = request_.evidence ? std::min(request_.evidence, MAX_EVIDENCE) : DEFAULT_EVIDENCE;
        for (size_t i = 0; i < tally.docs.size() && out.evidence.size() < wanted; i++)
            out.evidence.push_back(evidence_hit(tally.docs[i]));
        if (profiled) {
            const Xapian::Document doc = db_.get_document(*learner_doc);
            out.learner = doc.get_value(SLOT_LEARNER);
            out.cohort = doc.get_value(SLOT_COHORT);
            out.repo_url = doc.get_value(SLOT_REPO_URL);
            out.commit = doc.get_value(SLOT_COMMIT);
            out.commit_time = static_cast<int64_t>(Xapian::sortable_unserialise(doc.get_value(SLOT_COMMIT_TIME)));
            out.techs = matched_techs(doc, wanted_techs_);
        } else {
            /* A section keeps these fields in its hit record only (schema.h). */
            const hit_source source = read_hit_source(db_.get_document(tally.docs.at(0).docid));
            out.learner = source.slots[SLOT_LEARNER];
            out.cohort = source.slots[SLOT_COHORT];
            out.repo_url = source.slots[SLOT_REPO_URL];
            out.commit = source.slots[SLOT_COMMIT];
            out.commit_time = static_cast<int64_t>(Xapian::sortable_unserialise(source.slots[SLOT_COMMIT_TIME]));
        }
        if (profiled && out.techs.empty() && !out.evidence.empty())
            out.techs = out.evidence.front().covered;
        return out;
    }

    /* A hit for one of the learner's documents, its snippet cut by the current match set's query. */
    nx_stored_hit evidence_hit(const scored_doc &scored)
    {
        for (auto it = mset_.begin(); it != mset_.end(); ++it) {
            if (*it == scored.docid) {
                nx_stored_hit hit = make_hit(it, style_);
                hit.score = scored.weight;
                return hit;
            }
        }
        throw Xapian::InvalidOperationError("evidence document left the match set");
    }

    const Xapian::Database &db_;
    const bool remote_; /* shards behind xapian-tcpsrv (matching_docs()) */
    const Xapian::Database &words_; /* spelling and synonyms (nx_db::words) */
    const FacetColumns &columns_; /* of the revision db_ shows: every match's learner, kind, origin, techs */
    const nx_learner_request_t &request_;
    std::vector<std::string> techs_;
    std::set<std::string> query_techs_, wanted_techs_;
    Xapian::Query cohorts_;
    snippet_style style_; /* its highlighter follows mset_ */
    Xapian::Query query_;
    Xapian::MSet mset_;
    std::unordered_map<std::string, Xapian::docid> covering_;
    std::unique_ptr<PlainQuery> plain_; /* a plain-language question's concepts, to name them per learner */
    std::vector<std::unique_ptr<DocSet>> headings_naming_; /* by concept (find_headings_naming) */
    std::vector<Xapian::docid> lists_showing_code_; /* of mset_, in docid order (find_lists_showing_code) */
    std::unique_ptr<nx_learner_results> results_;
};

} // namespace

extern "C" {

nx_status_t nx_db_rank_learners(nx_db_t *db, const nx_learner_request_t *request, nx_learner_results_t **out)
{
    if (!db || !out)
        return NX_ERR_INVALID_ARG;
    *out = nullptr;
    db->error.clear();
    if (!request)
        return fail(NX_ERR_INVALID_ARG, db->error, "learner request is NULL");
    const bool has_query = request->query && request->query[0];
    if (!has_query && request->n_techs == 0)
        return fail(NX_ERR_INVALID_ARG, db->error, "a query or at least one technology is required");
    if (has_query && strnlen(request->query, 8193) > 8192)
        return fail(NX_ERR_INVALID_ARG, db->error, "query is longer than 8192 bytes");
    try {
        *out = db->at_newest_revision([&] { return Ranker(*db, *request).run(); }).release();
        return NX_OK;
    } catch (...) {
        return status_from_exception(db->error, "ranking learners for", has_query ? request->query : "technologies");
    }
}

uint64_t nx_learner_results_total(const nx_learner_results_t *results)
{
    return results ? results->total : 0;
}

size_t nx_learner_results_count(const nx_learner_results_t *results)
{
    return results ? results->learners.size() : 0;
}

nx_status_t nx_learner_results_get(const nx_learner_results_t *results, size_t i, nx_ranked_learner_t *out)
{
    if (!results || !out || i >= results->learners.size())
        return NX_ERR_INVALID_ARG;
    const nx_stored_learner &stored = results->learners[i];
    out->learner = stored.learner.c_str();
    out->cohort = stored.cohort.c_str();
    out->repo_url = stored.repo_url.c_str();
    out->commit = stored.commit.c_str();
    out->commit_time = stored.commit_time;
    out->score = stored.score;
    out->techs = stored.techs.c_str();
    out->matches = stored.matches;
    out->n_evidence = stored.evidence.size();
    out->matched_terms = stored.matched_terms.c_str();
    out->missing_terms = stored.missing_terms.c_str();
    return NX_OK;
}

nx_status_t nx_learner_results_evidence(const nx_learner_results_t *results, size_t i, size_t j, nx_hit_t *hit)
{
    if (!results || !hit || i >= results->learners.size() || j >= results->learners[i].evidence.size())
        return NX_ERR_INVALID_ARG;
    fill_hit(results->learners[i].evidence[j], hit);
    return NX_OK;
}

const char *nx_learner_results_corrected_query(const nx_learner_results_t *results)
{
    return results ? results->corrected_query.c_str() : "";
}

const char *nx_learner_results_parsed_query(const nx_learner_results_t *results)
{
    return results ? results->parsed_query.c_str() : "";
}

const char *nx_learner_results_terms(const nx_learner_results_t *results, nx_term_role_t role)
{
    if (!results || role < NX_TERMS_MATCHED || role > NX_TERMS_IGNORED)
        return "";
    return results->terms[role].c_str();
}

void nx_learner_results_free(nx_learner_results_t *results)
{
    delete results;
}

} // extern "C"
