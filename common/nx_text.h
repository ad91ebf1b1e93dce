/* Text helpers shared by the indexer and the server: a growable byte buffer
 * and UTF-8 hygiene for strings that come from repositories or HTTP clients. */
#ifndef NX_TEXT_H
#define NX_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A growable, always NUL-terminated byte buffer. Zero-initialise it
 * (`nx_buf b = {0};`); it owns `data` until nx_buf_free() or nx_buf_take(). */
typedef struct nx_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an allocation failed; later appends are ignored */
} nx_buf;

void nx_buf_append(nx_buf *buf, const char *bytes, size_t len);
void nx_buf_append_str(nx_buf *buf, const char *str);
void nx_buf_append_char(nx_buf *buf, char c);
/* Returns the contents as a malloc'd string the caller frees (never NULL
 * unless allocation failed) and leaves the buffer empty. */
char *nx_buf_take(nx_buf *buf);
void nx_buf_free(nx_buf *buf);

/* Appends `text` (NULL: empty) as one CSV field: quoted, quotes doubled, and a leading = + - @ tab or CR
 * defused with an apostrophe so a spreadsheet shows the text instead of running it as a formula; then
 * "," or, for the `last` field of a row, CRLF. */
void nx_buf_append_csv_field(nx_buf *buf, const char *text, bool last);

/* True when bytes[0..len) is well-formed UTF-8 without NUL bytes. */
bool nx_utf8_valid(const char *bytes, size_t len);

/* Appends bytes[0..len) to `out` as valid UTF-8: ill-formed sequences become
 * U+FFFD and NUL bytes are dropped. */
void nx_utf8_sanitize(nx_buf *out, const char *bytes, size_t len);

#endif /* NX_TEXT_H */
