/* nx-index-dump INDEX: everything an index holds, as text in a canonical order, so that two indexes can
 * be compared with diff (tests/e2e/test_incremental_e2e.py: an updated index against a fresh build).
 * Documents are keyed by their unique id term, not by docid (an update keeps docids a fresh build renumbers);
 * left out: the clock times a run writes (slot 16 indexed_at, nexus:last-run). A test tool, not installed. */
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr Xapian::valueno SLOT_INDEXED_AT = 16;

/* Bytes as printable text: control bytes, backslash and non-ASCII escaped. */
std::string shown(const std::string &text)
{
    std::string out;
    for (unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char hex[5];
            snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    return out;
}

std::string id_of(const Xapian::Document &doc)
{
    auto it = doc.termlist_begin();
    it.skip_to("Q");
    return it != doc.termlist_end() && (*it)[0] == 'Q' ? *it : std::string("(no id)");
}

std::string document_text(const Xapian::Document &doc)
{
    std::string out = "document " + shown(id_of(doc)) + "\n  data " + shown(doc.get_data()) + "\n";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
        if (v.get_valueno() != SLOT_INDEXED_AT)
            out += "  value " + std::to_string(v.get_valueno()) + " " + shown(*v) + "\n";
    }
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out += "  term " + shown(*t) + " wdf " + std::to_string(t.get_wdf()) + " positions";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            out += " " + std::to_string(*p);
        out += "\n";
    }
    return out;
}

void dump_tables(const Xapian::Database &db)
{
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
        /* The last run's times and the written stamps (schema.h) tell how the index was written, not what it holds. */
        if (*k != "nexus:last-run" && (*k).rfind("nexus:written:", 0) != 0)
            std::cout << "metadata " << shown(*k) << " " << shown(db.get_metadata(*k)) << "\n";
    }
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        std::cout << "synonym " << shown(*k);
        for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s)
            std::cout << " " << shown(*s);
        std::cout << "\n";
    }
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
        std::cout << "spelling " << shown(*w) << " " << w.get_termfreq() << "\n";
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: nx-index-dump INDEX\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        std::vector<std::string> documents;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
            documents.push_back(document_text(db.get_document(*it)));
        std::sort(documents.begin(), documents.end());
        std::cout << "documents " << documents.size() << "\n";
        for (const std::string &doc : documents)
            std::cout << doc;
        dump_tables(db);
        return 0;
    } catch (const Xapian::Error &e) {
        std::cerr << "nx-index-dump: " << e.get_description() << "\n";
        return 1;
    }
}
