/* Private: the fields a hit shows, stored in the document data ahead of its text, so showing a
 * hit reads one record instead of looking up fifteen value slots (each a B-tree search). */
#ifndef NX_SHIM_HIT_RECORD_H
#define NX_SHIM_HIT_RECORD_H

#include <string>

#include <xapian.h>

namespace nx_shim {

/* Value slots a record carries: 0 (learner) to 15 (solution), see schema.h. */
constexpr unsigned HIT_RECORD_SLOTS = 16;

/* The document data of a section or challenge whose values are already set: a record of its
 * value slots 0..15, then `text` (what snippets are cut from). Layout: the 5 bytes "\0NXH1",
 * then per slot a varint byte length and the bytes, then the text. Text arrives through the C API
 * as NUL-terminated strings, so data written without a record never starts with a NUL byte. */
std::string hit_record(const Xapian::Document &doc, const std::string &text);

/* A hit's fields and text, from its record, or from its value slots and data for documents
 * written before records existed (they keep working until re-indexed, only slower). */
struct hit_source {
    std::string slots[HIT_RECORD_SLOTS];
    std::string text;
};
hit_source read_hit_source(const Xapian::Document &doc);

} // namespace nx_shim

#endif
