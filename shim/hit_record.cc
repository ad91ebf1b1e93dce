/* Hit records (see hit_record.h): length-prefixed value slots ahead of the text in the
 * document data, written once by the indexer and parsed without allocation beyond the strings. */
#include "hit_record.h"

#include <cstring>

namespace nx_shim {

namespace {

constexpr char MAGIC[] = {'\0', 'N', 'X', 'H', '1'};
constexpr size_t MAGIC_LEN = sizeof MAGIC;

void put_varint(std::string &out, size_t value)
{
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

/* Reads a varint at `pos`; false when the data ends inside it or it is absurdly long. */
bool get_varint(const std::string &data, size_t &pos, size_t &value)
{
    value = 0;
    for (unsigned shift = 0; pos < data.size() && shift < 64; shift += 7) {
        const unsigned char byte = static_cast<unsigned char>(data[pos++]);
        value |= static_cast<size_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

bool has_record(const std::string &data)
{
    return data.size() >= MAGIC_LEN && memcmp(data.data(), MAGIC, MAGIC_LEN) == 0;
}

/* False (and `out` unspecified) when the record is damaged. */
bool parse_record(const std::string &data, hit_source &out)
{
    size_t pos = MAGIC_LEN;
    for (unsigned slot = 0; slot < HIT_RECORD_SLOTS; slot++) {
        size_t length = 0;
        if (!get_varint(data, pos, length) || length > data.size() - pos)
            return false;
        out.slots[slot].assign(data, pos, length);
        pos += length;
    }
    out.text.assign(data, pos, std::string::npos);
    return true;
}

hit_source from_values(const Xapian::Document &doc, std::string data)
{
    hit_source out;
    for (unsigned slot = 0; slot < HIT_RECORD_SLOTS; slot++)
        out.slots[slot] = doc.get_value(slot);
    out.text = std::move(data);
    return out;
}

} // namespace

std::string hit_record(const Xapian::Document &doc, const std::string &text)
{
    std::string record(MAGIC, MAGIC_LEN);
    for (unsigned slot = 0; slot < HIT_RECORD_SLOTS; slot++) {
        const std::string value = doc.get_value(slot);
        put_varint(record, value.size());
        record += value;
    }
    return record + text;
}

hit_source read_hit_source(const Xapian::Document &doc)
{
    std::string data = doc.get_data();
    hit_source out;
    if (has_record(data) && parse_record(data, out))
        return out;
    /* Written before records existed, or damaged: the value slots are the truth. */
    return from_values(doc, has_record(data) ? std::string() : std::move(data));
}

} // namespace nx_shim
