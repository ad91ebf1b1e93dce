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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_carries_every_slot_and_the_text),
        cmocka_unit_test(document_without_record_is_read_from_its_values),
        cmocka_unit_test(truncated_record_falls_back_to_values_without_reading_past_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
