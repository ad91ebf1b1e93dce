/* Unit tests of the hit record (shim/hit_record.h): the fields a hit shows, stored ahead of the
 * text in the document data, and the fallback to value slots for documents written before it. */
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <setjmp.h>
#include <string>

extern "C" {
#include <cmocka.h>
}

#include "hit_cache.h"
#include "hit_record.h"

using nx_shim::HIT_RECORD_SLOTS;

static Xapian::Document document_with_values()
{
    Xapian::Document doc;
    for (unsigned slot = 0; slot < HIT_RECORD_SLOTS; slot++)
        doc.add_value(slot, "slot " + std::to_string(slot) + std::string(slot * 20, 'x'));
    doc.add_value(3, ""); /* an empty value (removes the slot) reads back as "" */
    return doc;
}

static void record_carries_every_slot_and_the_text(void **)
{
    Xapian::Document doc = document_with_values();
    const std::string text = "Body with <html> & a \xE2\x80\xA6 in it.";
    doc.set_data(nx_shim::hit_record(doc, text));
    Xapian::Document stripped; /* the record alone must be enough: no values on this one */
    stripped.set_data(doc.get_data());
    const nx_shim::hit_source source = nx_shim::read_hit_source(stripped);
    for (unsigned slot = 0; slot < HIT_RECORD_SLOTS; slot++)
        assert_string_equal(source.slots[slot].c_str(), doc.get_value(slot).c_str());
    assert_string_equal(source.text.c_str(), text.c_str());
}

static void document_without_record_is_read_from_its_values(void **)
{
    Xapian::Document doc = document_with_values();
    doc.set_data("Plain body written by an older indexer.");
    const nx_shim::hit_source source = nx_shim::read_hit_source(doc);
    assert_string_equal(source.slots[0].c_str(), doc.get_value(0).c_str());
    assert_string_equal(source.slots[15].c_str(), doc.get_value(15).c_str());
    assert_string_equal(source.text.c_str(), "Plain body written by an older indexer.");
}

static void truncated_record_falls_back_to_values_without_reading_past_the_end(void **)
{
    Xapian::Document doc = document_with_values();
    const std::string record = nx_shim::hit_record(doc, "text");
    doc.set_data(record.substr(0, 40)); /* cut inside the slots */
    const nx_shim::hit_source source = nx_shim::read_hit_source(doc);
    assert_string_equal(source.slots[7].c_str(), doc.get_value(7).c_str());
    assert_string_equal(source.text.c_str(), "");
}

/* The cache answers what read_hit_source reads, and stays within its bound by starting again when full. */
static void hit_cache_reads_once_and_stays_bounded(void **)
{
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 4; i++) {
        Xapian::Document doc = document_with_values();
        doc.set_data(nx_shim::hit_record(doc, "text " + std::to_string(i) + std::string(400, 'y')));
        db.add_document(doc);
    }
    const nx_shim::hit_source first = nx_shim::read_hit_source(db.get_document(1));
    size_t one = first.text.size(); /* every document has as many bytes */
    for (const std::string &slot : first.slots)
        one += slot.size();
    nx_shim::HitCache cache(3 * one + 10); /* three documents, not four */
    for (Xapian::docid did = 1; did <= 3; did++) {
        const nx_shim::hit_source read = nx_shim::read_hit_source(db.get_document(did));
        assert_string_equal(cache.get(db, did).text.c_str(), read.text.c_str());
    }
    assert_int_equal(cache.size(), 3);
    const size_t three = cache.bytes();
    assert_string_equal(cache.get(db, 2).slots[5].c_str(), db.get_document(2).get_value(5).c_str());
    assert_int_equal(cache.bytes(), three); /* a second look is no second read */
    assert_string_equal(cache.get(db, 4).text.substr(0, 6).c_str(), "text 3");
    assert_int_equal(cache.size(), 1); /* the fourth did not fit: the cache started again */
    assert_true(cache.bytes() < three);
    cache.clear();
    assert_int_equal(cache.size(), 0);
    assert_int_equal(cache.bytes(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_carries_every_slot_and_the_text),
        cmocka_unit_test(document_without_record_is_read_from_its_values),
        cmocka_unit_test(truncated_record_falls_back_to_values_without_reading_past_the_end),
        cmocka_unit_test(hit_cache_reads_once_and_stays_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
