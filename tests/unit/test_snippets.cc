/* Unit tests of the snippet stemmer (shim/hits.h): highlighting with snippet_stemmer(query) must give
 * exactly what MSet::snippet gives with the schema's English stemmer, on every text and query tried. */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <setjmp.h>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include <cmocka.h>
}

#include "hits.h"
#include "schema.h"

namespace {

namespace fs = std::filesystem;

/* Markdown of the repository itself (the example cohort, the documentation): real prose and code. */
std::vector<std::string> paragraphs()
{
    std::vector<std::string> out;
    const fs::path root(NX_SOURCE_DIR);
    std::vector<fs::path> files = {root / "README.md", root / "DEVELOPERS.md", root / "bench" / "PROFILING.md"};
    for (const auto &entry : fs::recursive_directory_iterator(root / "examples" / "cohort"))
        if (entry.is_regular_file() && entry.path().extension() == ".md")
            files.push_back(entry.path());
    for (const fs::path &file : files) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        /* Paragraphs of a few hundred bytes to a few kilobytes, as sections are. */
        std::string all = text.str(), current;
        size_t at = 0;
        while (at < all.size()) {
            size_t end = all.find("\n\n", at);
            end = end == std::string::npos ? all.size() : end + 2;
            current += all.substr(at, end - at);
            at = end;
            if (current.size() > 600) {
                out.push_back(current);
                current.clear();
            }
        }
        if (!current.empty())
            out.push_back(current);
    }
    return out;
}

/* Words as Xapian's term generator cuts them: the terms of an indexed text without the stemmed ones. */
std::set<std::string> words_of(const std::vector<std::string> &texts)
{
    std::set<std::string> words;
    Xapian::TermGenerator generator;
    for (const std::string &text : texts) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(text);
        for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
            words.insert(*it);
    }
    return words;
}

/* Endings the English stemmer rewrites, put on common roots, beside the real words. */
std::set<std::string> made_words()
{
    static const char *const roots[] = {"a", "i", "y", "by", "ski", "sky", "die", "lie", "tie", "cry", "hop", "hope",
                                        "gener", "commun", "arsen", "nation", "rate", "happy", "early", "only", "news",
                                        "ab", "ee", "oo", "ss", "ye", "ya", "yo", "ie", "caf\xc3\xa9", "\xc3\xa9t\xc3\xa9"};
    static const char *const endings[] = {"",     "s",    "'s",   "es",     "ies",  "ied",   "ed",    "ing",   "ingly",
                                          "ly",   "edly", "eed",  "eedly",  "sses", "ational", "tional", "enci",
                                          "anci", "izer", "bli",  "alli",   "entli", "eli",   "ousli", "ization",
                                          "ation", "ator", "alism", "aliti", "iviti", "biliti", "fulness", "ousness",
                                          "iveness", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al",
                                          "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
                                          "ism", "ate", "iti", "ous", "ive", "ize", "ion", "e", "ll", "y", "yy", "'"};
    std::set<std::string> words;
    for (const char *root : roots)
        for (const char *ending : endings)
            words.insert(std::string(root) + ending);
    return words;
}

/* What the stemmer relies on: an English stem begins with the word's first two bytes (its only byte). */
void stems_begin_as_their_words(void **state)
{
    (void)state;
    std::set<std::string> words = words_of(paragraphs());
    for (const std::string &word : made_words())
        words.insert(word);
    const Xapian::Stem english = nx_shim::schema_stemmer();
    size_t checked = 0;
    for (const std::string &word : words) {
        const std::string stem = english(word);
        const size_t keep = stem.size() < 2 ? stem.size() : 2;
        if (stem.empty() || word.compare(0, keep, stem, 0, keep) != 0)
            fail_msg("'%s' stems to '%s'", word.c_str(), stem.c_str());
        checked++;
    }
    assert_true(checked > 3000);
}

struct fixture {
    char dir[64];
    std::vector<std::string> texts;
    Xapian::Database db;
};

int setup(void **state)
{
    auto *fx = new fixture;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/nx_snippets_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    fx->texts = paragraphs();
    const std::string path = std::string(fx->dir) + "/db";
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        Xapian::TermGenerator generator = nx_shim::make_term_generator();
        for (const std::string &text : fx->texts) {
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(text);
            doc.set_data(text);
            db.add_document(doc);
        }
        db.commit();
    }
    fx->db = Xapian::Database(path);
    *state = fx;
    return 0;
}

int teardown(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    fs::remove_all(fx->dir);
    delete fx;
    return 0;
}

/* Questions from the texts' own words: each word alone, neighbours as a pair, a phrase and an OR. */
std::vector<std::string> questions(const std::vector<std::string> &texts)
{
    std::vector<std::string> out;
    std::set<std::string> seen;
    const std::set<std::string> words = words_of(texts);
    std::string previous;
    size_t i = 0;
    for (const std::string &word : words) {
        if (word.empty() || (word[0] >= '0' && word[0] <= '9') || i++ % 3)
            continue;
        out.push_back(word);
        if (!previous.empty()) {
            out.push_back(previous + " " + word);
            out.push_back("\"" + previous + " " + word + "\"");
            out.push_back(previous + " OR " + word);
        }
        previous = word;
    }
    out.push_back("\"docker compose\"");
    out.push_back("tests testing tested");
    out.push_back("heading:setup deployment");
    return out;
}

/* Every hit's snippet, both ways, with the flags the shim uses and with Xapian's defaults. */
void same_snippets_as_the_english_stemmer(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    Xapian::QueryParser parser = nx_shim::make_query_parser(fx->db);
    const Xapian::Stem english = nx_shim::schema_stemmer();
    size_t compared = 0, marked = 0;
    for (const std::string &question : questions(fx->texts)) {
        const Xapian::Query query = parser.parse_query(question, nx_shim::query_flags());
        const Xapian::Stem stemmer = nx_shim::snippet_stemmer(query);
        Xapian::Enquire enquire(fx->db);
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const std::string text = it.get_document().get_data();
            for (unsigned flags : {unsigned(Xapian::MSet::SNIPPET_EXHAUSTIVE), 0u}) {
                const std::string expected = mset.snippet(text, 200, english, flags, "<mark>", "</mark>", "...");
                const std::string got = mset.snippet(text, 200, stemmer, flags, "<mark>", "</mark>", "...");
                if (got != expected)
                    fail_msg("q=%s: snippets differ:\n%s\n%s", question.c_str(), expected.c_str(), got.c_str());
                compared++;
                marked += expected.find("<mark>") != std::string::npos;
            }
        }
    }
    assert_true(compared > 10000);
    assert_true(marked > compared / 2);
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems_begin_as_their_words),
        cmocka_unit_test_setup_teardown(same_snippets_as_the_english_stemmer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
