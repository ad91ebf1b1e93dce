/* Stored hits (see hits.h): values copied out of the document, snippets cut and highlighted
 * (highlighter.h), technology lists turned into comma-separated ids. */
#include "hits.h"

#include <string>

#include "hit_record.h"
#include "schema.h"

namespace nx_shim {

namespace {

constexpr unsigned DEFAULT_SNIPPET_LEN = 200;

std::string highlight(const std::string &text, const snippet_style &style, unsigned flags)
{
    /* Escapes <, > and & in the text itself, as MSet::snippet does (tests/unit/test_shim.c checks it). */
    return (*style.marker)(text, style.length ? style.length : DEFAULT_SNIPPET_LEN, flags,
                           style.mark_open ? style.mark_open : "<mark>", style.mark_close ? style.mark_close : "</mark>",
                           "\u2026");
}

/* The best passage with its matches marked; when only a technology term matched (a synonym
 * such as "k8s" for a text saying "Kubernetes"), no word is there to mark: the opening then. */
std::string highlight(const std::string &text, const snippet_style &style)
{
    /* Exhaustive: the best passage anywhere, not the first acceptable one. No background model:
     * it looks up the frequency of every other word of the text (a quarter of the snippet cost
     * in perf) and chose the same passages on the benchmark queries. */
    std::string best = highlight(text, style, Xapian::MSet::SNIPPET_EXHAUSTIVE);
    if (best.empty() && !text.empty())
        best = highlight(text, style, 0);
    return best;
}

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

nx_stored_hit make_hit(const Xapian::MSetIterator &it, const snippet_style &style,
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
    hit.snippet = highlight(source.text, style);
    if (hit.type == TYPE_CHALLENGE) {
        hit.challenge = highlight(slots[SLOT_CHALLENGE], style);
        hit.solution = highlight(slots[SLOT_SOLUTION], style);
    }
    return hit;
}

nx_stored_hit make_hit(const Xapian::MSetIterator &it, const snippet_style &style)
{
    return make_hit(it, style, read_hit_source(it.get_document()));
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
