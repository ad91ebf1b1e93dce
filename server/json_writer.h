/* A JSON text written straight into a growing buffer: every answer of the server is written by it. The same
 * compact output and escaping as jansson's json_dumps(JSON_COMPACT), which its unit test checks. */
#ifndef NX_JSON_WRITER_H
#define NX_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nx_text.h"

/* Zero-initialise (`nx_json_writer_t w = {0};`). The writer owns `out` until nx_jw_take() or
 * nx_jw_free(). Running out of memory is sticky: every later call does nothing and nx_jw_take()
 * returns NULL, so callers write the whole answer and check once. The caller keeps the calls
 * well nested (a key before each member's value); the writer only places the commas. */
typedef struct nx_json_writer {
    nx_buf out;
    bool after_value; /* a comma goes before the next key or element */
} nx_json_writer_t;

void nx_jw_begin_object(nx_json_writer_t *w);
void nx_jw_end_object(nx_json_writer_t *w);
void nx_jw_begin_array(nx_json_writer_t *w);
void nx_jw_end_array(nx_json_writer_t *w);
/* The name of the next member; escaped like any string. */
void nx_jw_key(nx_json_writer_t *w, const char *key);

/* A string from text that should be UTF-8 but comes from outside: invalid sequences are
 * repaired (U+FFFD, nx_utf8_sanitize). NULL is written as "". */
void nx_jw_string(nx_json_writer_t *w, const char *text);
void nx_jw_string_n(nx_json_writer_t *w, const char *text, size_t len);
/* null for NULL or "", else the string. */
void nx_jw_string_or_null(nx_json_writer_t *w, const char *text);
void nx_jw_integer(nx_json_writer_t *w, int64_t value);
/* As jansson writes a real (17 significant digits, always with a '.' or exponent); null when not finite. */
void nx_jw_real(nx_json_writer_t *w, double value);
void nx_jw_bool(nx_json_writer_t *w, bool value);
void nx_jw_null(nx_json_writer_t *w);
/* A member at once: its key, then the value as above. */
void nx_jw_member_string(nx_json_writer_t *w, const char *key, const char *text);
void nx_jw_member_integer(nx_json_writer_t *w, const char *key, int64_t value);

/* The text written (malloc'd, the caller frees it), or NULL when memory ran out; the writer is
 * left empty either way. */
char *nx_jw_take(nx_json_writer_t *w);
void nx_jw_free(nx_json_writer_t *w);

#endif /* NX_JSON_WRITER_H */
