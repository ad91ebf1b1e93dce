/* Private: the facet attributes of every document (learner, kind, cohort, technologies) held in
 * arrays indexed by docid, read once per index revision and shared by every search on a handle. */
#ifndef NX_SHIM_FACET_COLUMNS_H
#define NX_SHIM_FACET_COLUMNS_H

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

struct nx_db; /* handles.h */

namespace nx_shim {

/* Strings numbered densely in the order first seen, so per-value state can live in arrays. */
class Dictionary {
  public:
    uint32_t intern(const std::string &value);
    /* The id of `value`, or NONE when it was never interned. */
    uint32_t find(const std::string &value) const;
    const std::string &name(uint32_t id) const { return names_[id]; }
    size_t size() const { return names_.size(); }

    static constexpr uint32_t NONE = UINT32_MAX;

  private:
    std::unordered_map<std::string, uint32_t> ids_;
    std::vector<std::string> names_;
};

/* What each learner's documents were written from, by lowercased learner: the commit, rules and
 * written-stamp metadata of every shard (schema.h). A learner's documents change only together with
 * these (one transaction), so two revisions where a learner's state is equal hold the same documents
 * for it. */
using LearnerStates = std::unordered_map<std::string, std::string>;

/* The learner states of `parts` (each shard opened alone: a union reads metadata from its first). */
LearnerStates read_learner_states(const std::vector<Xapian::Database> &parts);

/* Why: counting distinct learners per facet value used to read three value slots and parse the
 * technology list of every matching document (get_value costs a B-tree lookup each), which was
 * most of a faceted search; ranking learners read five per match (0.5 s a query at 10k learners).
 * Reading the value streams once per revision turns each match into a few array reads. Memory:
 * about 22 bytes per document plus 3 per technology mention. */
class FacetColumns {
  public:
    /* Reads the columns of `db` at the revision it shows now; Xapian exceptions propagate. */
    explicit FacetColumns(const Xapian::Database &db);
    /* The same, remembering `states` (read at the same revision) so that a later revision can be
     * read as a change of these columns (updated()). */
    FacetColumns(const Xapian::Database &db, LearnerStates states);

    /* The columns of the revision `db` shows now, made from `old` by re-reading only the documents of
     * the learners whose state differs from `old`'s: equal to a full read. nullptr when that cannot be
     * done or would not be cheaper (no states in `old`, a learner removed, many learners changed,
     * document counts that do not add up); the caller then reads the columns whole. */
    static std::shared_ptr<const FacetColumns> updated(const std::shared_ptr<const FacetColumns> &old,
                                                       const Xapian::Database &db, const LearnerStates &states);

    /* The columns of `db` read document by document, all the values of a document at once: for an
     * index with remote shards, where Xapian 1.4 has no value streams and reads each value of each
     * document in a round trip of its own (the first faceted search over the example cohort's three
     * shards on loopback: 15.5 s that way, 1.1 s this way, on a loaded machine). Equal to the
     * constructor's columns. MSet::fetch(), which would ask for a batch before waiting, crashes inside
     * Xapian 1.4.22 over remote shards, so each document is one round trip. */
    static std::shared_ptr<const FacetColumns> read_by_documents(const Xapian::Database &db);

    /* The columns as bytes (in this machine's byte order), and back: for the words database of a remote
     * stub, so that a front server need not read them document by document from the shards.
     * unserialise() gives nullptr for anything it did not write (another byte order included). */
    std::string serialise() const;
    static std::shared_ptr<const FacetColumns> unserialise(const std::string &bytes);
    /* What the columns were read from: its document count and last docid, to check them against. */
    Xapian::doccount doccount() const { return doccount_; }
    Xapian::docid last_docid() const { return static_cast<Xapian::docid>(learner_.empty() ? 0 : learner_.size() - 1); }

    static constexpr uint32_t NONE = Dictionary::NONE;

    /* Dense ids of a document's attributes; NONE when the document has none (or no such docid). */
    uint32_t learner(Xapian::docid did) const { return at(learner_, did); }
    uint32_t kind(Xapian::docid did) const { return at(kind_, did); }
    uint32_t cohort(Xapian::docid did) const { return at(cohort_, did); }
    /* The technology ids of a document: [*begin, *end). Empty for unknown docids. Inline: counting facets
     * asks it of every match. */
    void techs(Xapian::docid did, const uint16_t **begin, const uint16_t **end) const
    {
        if (did + 1 >= tech_start_.size()) {
            *begin = *end = tech_ids_.data();
            return;
        }
        *begin = tech_ids_.data() + tech_start_[did];
        *end = tech_ids_.data() + tech_start_[did + 1];
    }
    /* The strength of each of those technologies, in the same order (slot 12: 2 covered, 1 mentioned). */
    const uint8_t *tech_strengths(Xapian::docid did) const;
    /* A document's kind, origin and type names (slots 10, 11, 9); "" when unset. Learner ranking
     * weighs every match by them. */
    const std::string &kind_name(Xapian::docid did) const { return name_or_empty(kinds_, kind(did)); }
    const std::string &origin_name(Xapian::docid did) const { return name_or_empty(origins_, at(origin_, did)); }
    const std::string &type_name(Xapian::docid did) const { return name_or_empty(types_, at(type_, did)); }

    const Dictionary &learners() const { return learners_; } /* lowercased names (slot 13) */
    const Dictionary &kinds() const { return kinds_; }
    const Dictionary &cohorts() const { return cohorts_; }
    const Dictionary &tech_names() const { return techs_; }

  private:
    static uint32_t at(const std::vector<uint32_t> &column, Xapian::docid did)
    {
        return did < column.size() ? column[did] : NONE;
    }
    static const std::string &name_or_empty(const Dictionary &dict, uint32_t id);
    void read_dictionary_column(const Xapian::Database &db, Xapian::valueno slot, Dictionary &dict,
                                std::vector<uint32_t> &column);
    void read_tech_column(const Xapian::Database &db);
    /* A slot-12 value's interned ids and strengths. */
    std::vector<std::pair<uint16_t, uint8_t>> tech_ids_of(const std::string &value);
    /* Sets every column of `did` from its document (as the full read would), returning its technologies. */
    std::vector<std::pair<uint16_t, uint8_t>> read_document(const Xapian::Database &db, Xapian::docid did);
    /* The same from a document already fetched. */
    std::vector<std::pair<uint16_t, uint8_t>> read_values(const Xapian::Document &doc, Xapian::docid did);
    FacetColumns() = default;
    using TechList = std::vector<std::pair<uint16_t, uint8_t>>;
    /* Rebuilds the technology ranges over `size` docids, those in `replaced` taking their new lists. */
    void rebuild_techs(size_t size, const std::map<Xapian::docid, TechList> &replaced);

    Dictionary learners_, kinds_, cohorts_, techs_, origins_, types_;
    std::vector<uint32_t> learner_, kind_, cohort_, origin_, type_;
    std::vector<uint32_t> tech_start_; /* techs of docid d: tech_ids_[tech_start_[d] .. tech_start_[d + 1]) */
    std::vector<uint16_t> tech_ids_;
    std::vector<uint8_t> tech_strength_; /* parallel to tech_ids_ */
    bool has_states_ = false;
    LearnerStates states_;
    Xapian::doccount doccount_ = 0;
};

/* Facet columns shared by the handles of one nx_db_open() and its siblings (nx_db_open_sibling):
 * columns depend only on the revision, so a server's handles read them once per revision, not
 * once each. */
class ColumnShare {
  public:
    /* The columns of the revision `handle` shows (nx_db::revision_key: its generation and each shard's
     * revision): the shared ones when they are of that revision, else read now (siblings asking meanwhile
     * wait instead of reading them too). An index with remote shards has no revision we can read: the columns
     * its stub's words database carries are shared while they describe the shards (document count and last
     * docid), else each handle reads its own from the documents. A new revision of the same generation updates the previous
     * columns (FacetColumns::updated) instead of reading them whole. */
    std::shared_ptr<const FacetColumns> columns_for(const nx_db &handle);

  private:
    std::mutex mutex_;
    uint64_t key_ = 0;
    std::string stubs_; /* the generation columns_ come from (nx_db::stubs) */
    std::shared_ptr<const FacetColumns> columns_;
    /* A remote stub's: the columns its words database carries (FacetColumns::serialise), read on first need. */
    std::shared_ptr<const FacetColumns> carried_;
};

} // namespace nx_shim

#endif
