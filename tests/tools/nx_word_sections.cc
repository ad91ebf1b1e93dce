/* nx-word-sections INDEX: for each line "WORD TAB TECH_ID" of standard input, prints
 * "WORD TAB TECH_ID TAB SECTIONS TAB DETECTED": the learners' own sections holding the word (one lowercase word,
 * as the body is indexed) and, of those, the ones in which the indexer detected the technology. Counted here from
 * the posting lists directly, apart from the shim's nx_db_word_tech_sections, so the end-to-end test of query
 * technologies (test_corpus_learners_e2e.py) checks the server's rule against figures it did not compute. Knows
 * the schema's boolean terms (shim/schema.cc) as nx-index-dump knows its slots. A test tool, not installed. */
#include <xapian.h>

#include <iostream>
#include <set>
#include <string>

namespace {

/* Documents indexed by `term`. */
std::set<Xapian::docid> holding(const Xapian::Database &db, const std::string &term)
{
    std::set<Xapian::docid> docs;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
        docs.insert(*it);
    return docs;
}

size_t common(const std::set<Xapian::docid> &a, const std::set<Xapian::docid> &b)
{
    size_t n = 0;
    for (Xapian::docid did : a)
        n += b.count(did);
    return n;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: nx-word-sections INDEX < WORD-TAB-TECH-LINES\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::set<Xapian::docid> own_sections;
        const std::set<Xapian::docid> own = holding(db, "XOown");
        for (Xapian::docid did : holding(db, "XTsection"))
            if (own.count(did))
                own_sections.insert(did);
        std::string line;
        while (std::getline(std::cin, line)) {
            const size_t tab = line.find('\t');
            if (tab == std::string::npos)
                continue;
            const std::string word = line.substr(0, tab), tech = line.substr(tab + 1);
            std::set<Xapian::docid> with_word;
            for (Xapian::docid did : holding(db, word))
                if (own_sections.count(did))
                    with_word.insert(did);
            std::cout << word << '\t' << tech << '\t' << with_word.size() << '\t'
                      << common(with_word, holding(db, "XM" + tech)) << '\n';
        }
        return 0;
    } catch (const Xapian::Error &e) {
        std::cerr << "nx-word-sections: " << e.get_description() << "\n";
        return 1;
    }
}
