/* Unit tests of the highlighter (shim/highlighter.h): its snippets must be exactly what MSet::snippet gives with
 * the schema's English stemmer, on every hit of every query tried, and on texts made to reach each rule of the
 * word cutting and of the passage's edges. */
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

#include "highlighter.h"
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

/* What the highlighter's filter of words relies on: an English stem begins with the word's first two bytes (its only byte). */
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

/* Texts that reach the rules of word cutting and of the passage's edges: initials, infixes, suffixes, numbers,
 * non-ASCII letters and punctuation, bytes that are not UTF-8, HTML to escape, long words, sentence ends. */
std::vector<std::string> edge_texts()
{
    const std::string filler = "Some words here to move the window along before anything else happens in this text. ";
    const std::vector<std::string> bits = {
        "The U.N.C.L.E. agents and the U.S. docker team met A.B.c and A. Docker.",
        "AT&T and M&S wrote don't, can\xe2\x80\x99t and it's docker's image; O'Reilly docker.",
        "Use C++ or C# or F#, not c+++ or docker++ or docker+compose or x##y; docker#1 docker+.",
        "Pi is 3.14 and 1,000,000 docker 2;3 and 10.5.3 then 7.x and docker.5 ok.",
        "Caf\xc3\xa9 na\xc3\xafve \xc3\x9c" "ber docker \xe2\x80\x9cquoted docker\xe2\x80\x9d \xc2\xbf" "docker? \xc2\xa1Hola! (docker) [compose].",
        "Bad bytes \xff\xfe docker \xc3 compose \xe2\x82 tests \x80 end.",
        "Zero\xe2\x80\x8bwidth docker\xe2\x80\x8d" "compose and middle\xc2\xb7" "dot docker.",
        "<b>docker</b> & compose > tests < setup \"docker\" 'compose' `tests` ~docker~ @docker /docker/ \\docker\\",
        "A very long word " + std::string(70, 'd') + " docker " + std::string(65, 'x') + " compose.",
        "$100 docker %50 compose #tag -docker- +compose+ ...docker!!! compose?! tests... Setup.",
        "docker",
        "   docker compose   ",
        "...docker compose!!!",
        "Docker compose. Docker compose! Docker compose? docker compose docker compose testing tested tests.",
        "First sentence ends here. Docker compose runs the tests, then the deployment is set up.)))))",
        "((((((docker compose tests",
        "docker compose tests -----",
        "tests tested testing tester docker dockers dockerized composing composed composes",
        "x__y snake_case docker_compose __init__ tests_ _docker",
        "\xe4\xb8\xad\xe6\x96\x87 docker \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e compose",
    };
    std::vector<std::string> out;
    for (const std::string &bit : bits) {
        out.push_back(bit);
        out.push_back(filler + bit);
        out.push_back(bit + " " + filler);
        out.push_back(filler + filler + bit + " " + filler + filler);
    }
    return out;
}

/* Every snippet of `texts` under `question`, by MSet::snippet and by the highlighter, at several lengths, with the
 * flags the shim uses and with others; fails on the first difference. Counts into compared and marked. */
void compare(const Xapian::Database &db, const std::string &question, const std::vector<std::string> &texts,
             size_t &compared, size_t &marked)
{
    static const unsigned flag_sets[] = {Xapian::MSet::SNIPPET_EXHAUSTIVE, 0u,
                                         Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH | Xapian::MSet::SNIPPET_EXHAUSTIVE};
    static const size_t lengths[] = {200, 60, 15};
    Xapian::QueryParser parser = nx_shim::make_query_parser(db);
    const Xapian::Stem english = nx_shim::schema_stemmer();
    const Xapian::Query query = parser.parse_query(question, nx_shim::query_flags());
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    nx_shim::Highlighter highlighter(mset, query);
    for (const std::string &text : texts) {
        for (unsigned flags : flag_sets) {
            for (size_t length : lengths) {
                const std::string expected = mset.snippet(text, length, english, flags, "<mark>", "</mark>", "\u2026");
                const std::string got = highlighter(text, length, flags, "<mark>", "</mark>", "\u2026");
                if (got != expected)
                    fail_msg("q=%s len=%zu flags=%u: snippets differ:\n%s\n%s", question.c_str(), length, flags,
                             expected.c_str(), got.c_str());
                compared++;
                marked += expected.find("<mark>") != std::string::npos;
            }
        }
    }
}

/* Every hit's snippet, both ways: the repository's own paragraphs as the index. */
void same_snippets_as_xapian(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    size_t compared = 0, marked = 0;
    for (const std::string &question : questions(fx->texts)) {
        Xapian::QueryParser parser = nx_shim::make_query_parser(fx->db);
        Xapian::Enquire enquire(fx->db);
        enquire.set_query(parser.parse_query(question, nx_shim::query_flags()));
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        std::vector<std::string> hits;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            hits.push_back(it.get_document().get_data());
        compare(fx->db, question, hits, compared, marked);
    }
    assert_true(compared > 30000);
    assert_true(marked > compared / 2);
}

/* The edge texts, under queries of words, stems, phrases of several lengths and initials. */
void same_snippets_on_edge_texts(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    /* "café über" in octal escapes: a hex escape would swallow the "be" of "über". */
    static const char *const questions[] = {
        "docker", "docker compose", "\"docker compose\"", "\"docker compose tests\" \"docker compose\" compose",
        "\"compose tests\" \"docker compose tests\"", "tests testing", "c++ c#", "at&t don't", "uncle u.s.",
        "3.14 1,000,000", "caf\303\251 \303\274ber", "snake_case docker_compose", "setup OR docker", "docker -compose",
        "heading:docker compose", "nothingmatcheshere",
    };
    const std::vector<std::string> texts = edge_texts();
    size_t compared = 0, marked = 0;
    for (const char *question : questions)
        compare(fx->db, question, texts, compared, marked);
    assert_true(marked > compared / 3);
}

/* Known answers, so that a mistake both ways would still show: the stem marks its forms, a phrase is one mark,
 * a passage shorter than the text is cut between words with omission marks, text is escaped. */
void marks_and_passages(void **state)
{
    auto *fx = static_cast<fixture *>(*state);
    Xapian::QueryParser parser = nx_shim::make_query_parser(fx->db);
    const auto snippet = [&](const char *question, const std::string &text, size_t length) {
        const Xapian::Query query = parser.parse_query(question, nx_shim::query_flags());
        Xapian::Enquire enquire(fx->db);
        enquire.set_query(query);
        nx_shim::Highlighter highlighter(enquire.get_mset(0, 10), query);
        return highlighter(text, length, Xapian::MSet::SNIPPET_EXHAUSTIVE, "[", "]", "...");
    };
    assert_string_equal(snippet("testing", "We tested it. Tests <pass> & testing goes on.", 200).c_str(),
                        "We [tested] it. [Tests] &lt;pass&gt; &amp; [testing] goes on.");
    assert_string_equal(snippet("\"docker compose\"", "Run docker compose up, then docker alone.", 200).c_str(),
                        "Run [docker compose] up, then docker alone.");
    const std::string filler = "Words that say nothing at all about the subject of the question go here. ";
    assert_string_equal(snippet("deployment", filler + filler + "The deployment works. " + filler, 30).c_str(),
                        "...[deployment] works. Words that...");
    assert_string_equal(snippet("deployment", filler + "(deployment notes) " + filler, 20).c_str(),
                        "([deployment] notes)...");
}

} // namespace

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems_begin_as_their_words),
        cmocka_unit_test_setup_teardown(same_snippets_as_xapian, setup, teardown),
        cmocka_unit_test_setup_teardown(same_snippets_on_edge_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(marks_and_passages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
