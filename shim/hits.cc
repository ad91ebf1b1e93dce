/* Stored hits (see hits.h): values copied out of the document, snippets cut and highlighted
 * by MSet::snippet (stemming only the words that could match), technology lists turned into comma-separated ids. */
#include "hits.h"

#include <bitset>
#include <string>
#include <unordered_map>

#include "hit_record.h"
#include "schema.h"

namespace nx_shim {

namespace {

constexpr unsigned DEFAULT_SNIPPET_LEN = 200;

std::string highlight(const Xapian::MSet &mset, const std::string &text, const snippet_style &style, unsigned flags)
{
    /* MSet::snippet escapes <, > and & in the text itself (tests/unit/test_shim.c checks it). */
    return mset.snippet(text, style.length ? style.length : DEFAULT_SNIPPET_LEN, style.stemmer, flags,
                        style.mark_open ? style.mark_open : "<mark>",
                        style.mark_close ? style.mark_close : "</mark>", "\u2026");
}

/* The best passage with its matches marked; when only a technology term matched (a synonym
 * such as "k8s" for a text saying "Kubernetes"), no word is there to mark: the opening then. */
std::string highlight(const Xapian::MSet &mset, const std::string &text, const snippet_style &style)
{
    /* Exhaustive: the best passage anywhere, not the first acceptable one. No background model:
     * it looks up the frequency of every other word of the text (a quarter of the snippet cost
     * in perf) and chose the same passages on the benchmark queries. */
    std::string best = highlight(mset, text, style, Xapian::MSet::SNIPPET_EXHAUSTIVE);
    if (best.empty() && !text.empty())
        best = highlight(mset, text, style, 0);
    return best;
}

/* The stemmer of snippet_stemmer(): the first bytes of the query's stemmed terms (one byte of one-byte stems,
 * two of the others), and the stems of the words that could match, cached for the query's hits. */
class QueryStems final : public Xapian::StemImplementation {
  public:
    explicit QueryStems(const Xapian::Query &query)
    {
        for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
            const std::string &term = *it;
            if (term.empty() || term[0] != STEMMED_PREFIX)
                continue;
            if (term.size() == 1)
                every_word_ = true;
            else if (term.size() == 2)
                one_byte_.set(static_cast<unsigned char>(term[1]));
            else
                two_bytes_.set(pair_of(term[1], term[2]));
        }
    }

    std::string operator()(const std::string &word) override
    {
        if (!every_word_ && !could_match(word))
            return std::string();
        /* Words that pass are mostly the same few ("the", "to", the query's own words) in every hit. */
        const auto found = stems_.find(word);
        if (found != stems_.end())
            return found->second;
        std::string stem = english_(word);
        if (stems_.size() < MAX_CACHED)
            stems_.emplace(word, stem);
        return stem;
    }

    std::string get_description() const override
    {
        return "english, for the snippets of one query";
    }

  private:
    static size_t pair_of(char first, char second)
    {
        return static_cast<size_t>(static_cast<unsigned char>(first)) << 8 | static_cast<unsigned char>(second);
    }

    /* The word's stem could begin as some stemmed term of the query does. */
    bool could_match(const std::string &word) const
    {
        return one_byte_.test(static_cast<unsigned char>(word[0])) ||
               (word.size() >= 2 && two_bytes_.test(pair_of(word[0], word[1])));
    }

    static constexpr char STEMMED_PREFIX = 'Z';
    static constexpr size_t MAX_CACHED = 4096;
    Xapian::Stem english_ = schema_stemmer();
    std::unordered_map<std::string, std::string> stems_; /* word -> stem, for one query's hits */
    std::bitset<256> one_byte_;
    std::bitset<65536> two_bytes_;
    bool every_word_ = false;
};

/* "a,b" of every technology in slot 12, and of those with strength covered. */
void split_techs(const std::string &value, std::string &all, std::string &covered)
{
    for (const auto &tech : parse_techs_value(value)) {
        all += (all.empty() ? "" : ",") + tech.first;
        if (tech.second >= 2)
            covered += (covered.empty() ? "" : ",") + tech.first;
    }
}

} // namespace

Xapian::Stem snippet_stemmer(const Xapian::Query &query)
{
    return Xapian::Stem(new QueryStems(query));
}

nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const snippet_style &style,
                       const hit_source &source)
{
    const std::string(&slots)[HIT_RECORD_SLOTS] = source.slots;
    nx_stored_hit hit;
    hit.learner = slots[SLOT_LEARNER];
    hit.cohort = slots[SLOT_COHORT];
    hit.repo_url = slots[SLOT_REPO_URL];
    hit.path = slots[SLOT_PATH];
    hit.heading_path = slots[SLOT_HEADING_PATH];
    hit.anchor = slots[SLOT_ANCHOR];
    hit.commit = slots[SLOT_COMMIT];
    hit.commit_time = static_cast<int64_t>(Xapian::sortable_unserialise(slots[SLOT_COMMIT_TIME]));
    hit.type = slots[SLOT_TYPE];
    hit.kind = slots[SLOT_KIND];
    hit.origin = slots[SLOT_ORIGIN];
    hit.heading = slots[SLOT_HEADING];
    split_techs(slots[SLOT_TECHS], hit.techs, hit.covered);
    hit.score = it.get_weight();
    hit.percent = static_cast<unsigned>(it.get_percent());
    hit.snippet = highlight(mset, source.text, style);
    if (hit.type == TYPE_CHALLENGE) {
        hit.challenge = highlight(mset, slots[SLOT_CHALLENGE], style);
        hit.solution = highlight(mset, slots[SLOT_SOLUTION], style);
    }
    return hit;
}

nx_stored_hit make_hit(const Xapian::MSet &mset, const Xapian::MSetIterator &it, const snippet_style &style)
{
    return make_hit(mset, it, style, read_hit_source(it.get_document()));
}

void fill_hit(const nx_stored_hit &stored, nx_hit_t *hit)
{
    hit->learner = stored.learner.c_str();
    hit->cohort = stored.cohort.c_str();
    hit->repo_url = stored.repo_url.c_str();
    hit->path = stored.path.c_str();
    hit->heading_path = stored.heading_path.c_str();
    hit->anchor = stored.anchor.c_str();
    hit->commit = stored.commit.c_str();
    hit->commit_time = stored.commit_time;
    hit->score = stored.score;
    hit->percent = stored.percent;
    hit->snippet = stored.snippet.c_str();
    hit->type = stored.type.c_str();
    hit->kind = stored.kind.c_str();
    hit->origin = stored.origin.c_str();
    hit->heading = stored.heading.c_str();
    hit->techs = stored.techs.c_str();
    hit->covered = stored.covered.c_str();
    hit->challenge = stored.challenge.c_str();
    hit->solution = stored.solution.c_str();
    hit->learner_matches = stored.learner_matches;
}

} // namespace nx_shim
