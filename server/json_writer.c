/* JSON written straight into a buffer (see json_writer.h): commas placed by a flag, strings
 * validated as UTF-8 in one pass and copied in runs between the bytes that need escaping. */
#include "json_writer.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void comma(nx_json_writer_t *w)
{
    if (w->after_value)
        nx_buf_append_char(&w->out, ',');
}

void nx_jw_begin_object(nx_json_writer_t *w)
{
    comma(w);
    nx_buf_append_char(&w->out, '{');
    w->after_value = false;
}

void nx_jw_end_object(nx_json_writer_t *w)
{
    nx_buf_append_char(&w->out, '}');
    w->after_value = true;
}

void nx_jw_begin_array(nx_json_writer_t *w)
{
    comma(w);
    nx_buf_append_char(&w->out, '[');
    w->after_value = false;
}

void nx_jw_end_array(nx_json_writer_t *w)
{
    nx_buf_append_char(&w->out, ']');
    w->after_value = true;
}

/* The escape of one byte below 0x20, '"' or '\\' (jansson's choice of short forms). */
static void append_escape(nx_buf *out, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *short_form = NULL;
    switch (c) {
    case '"': short_form = "\\\""; break;
    case '\\': short_form = "\\\\"; break;
    case '\b': short_form = "\\b"; break;
    case '\f': short_form = "\\f"; break;
    case '\n': short_form = "\\n"; break;
    case '\r': short_form = "\\r"; break;
    case '\t': short_form = "\\t"; break;
    default: break;
    }
    if (short_form) {
        nx_buf_append(out, short_form, 2);
        return;
    }
    char unicode[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    nx_buf_append(out, unicode, sizeof unicode);
}

/* "text" with valid UTF-8 `text`: runs of plain bytes copied at once. */
static void append_quoted(nx_buf *out, const char *text, size_t len)
{
    nx_buf_append_char(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        nx_buf_append(out, text + run, i - run);
        append_escape(out, c);
        run = i + 1;
    }
    nx_buf_append(out, text + run, len - run);
    nx_buf_append_char(out, '"');
}

/* Bytes before the first one a string cannot copy as is: an escape or the start of a multi-byte
 * sequence to validate. Most keys and values are plain ASCII throughout. */
static size_t plain_ascii_prefix(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            break;
        i++;
    }
    return i;
}

static void write_string(nx_buf *out, const char *text, size_t len)
{
    size_t plain = plain_ascii_prefix(text, len);
    if (plain == len) {
        nx_buf_append_char(out, '"');
        nx_buf_append(out, text, len);
        nx_buf_append_char(out, '"');
        return;
    }
    if (nx_utf8_valid(text + plain, len - plain)) {
        append_quoted(out, text, len);
        return;
    }
    nx_buf repaired = {0};
    nx_utf8_sanitize(&repaired, text, len);
    if (repaired.failed)
        out->failed = true;
    else
        append_quoted(out, repaired.data ? repaired.data : "", repaired.len);
    nx_buf_free(&repaired);
}

void nx_jw_key(nx_json_writer_t *w, const char *key)
{
    comma(w);
    write_string(&w->out, key, strlen(key));
    nx_buf_append_char(&w->out, ':');
    w->after_value = false;
}

void nx_jw_string_n(nx_json_writer_t *w, const char *text, size_t len)
{
    comma(w);
    write_string(&w->out, text, len);
    w->after_value = true;
}

void nx_jw_string(nx_json_writer_t *w, const char *text)
{
    nx_jw_string_n(w, text ? text : "", text ? strlen(text) : 0);
}

void nx_jw_string_or_null(nx_json_writer_t *w, const char *text)
{
    if (text && text[0])
        nx_jw_string(w, text);
    else
        nx_jw_null(w);
}

/* A number or literal already in JSON form. */
static void write_literal(nx_json_writer_t *w, const char *text, size_t len)
{
    comma(w);
    nx_buf_append(&w->out, text, len);
    w->after_value = true;
}

void nx_jw_integer(nx_json_writer_t *w, int64_t value)
{
    char text[24];
    int len = snprintf(text, sizeof text, "%" PRId64, value);
    write_literal(w, text, (size_t)len);
}

void nx_jw_member_string(nx_json_writer_t *w, const char *key, const char *text)
{
    nx_jw_key(w, key);
    nx_jw_string(w, text);
}

void nx_jw_member_integer(nx_json_writer_t *w, const char *key, int64_t value)
{
    nx_jw_key(w, key);
    nx_jw_integer(w, value);
}

/* "1e+300" -> "1e300", "1e-05" -> "1e-5", as jansson writes exponents; returns the new length. */
static size_t trim_exponent(char *text, size_t len)
{
    char *e = strchr(text, 'e');
    if (!e)
        return len;
    char *digits = e + 1;
    if (*digits == '+')
        memmove(digits, digits + 1, strlen(digits + 1) + 1);
    else if (*digits == '-')
        digits++;
    size_t zeros = 0;
    while (digits[zeros] == '0' && digits[zeros + 1])
        zeros++;
    memmove(digits, digits + zeros, strlen(digits + zeros) + 1);
    return strlen(text);
}

void nx_jw_real(nx_json_writer_t *w, double value)
{
    if (!isfinite(value)) {
        nx_jw_null(w);
        return;
    }
    char text[40];
    int len = snprintf(text, sizeof text, "%.17g", value);
    /* A real stays a real when read back: "3" would come back as an integer. */
    if (!strpbrk(text, ".eE"))
        len += snprintf(text + len, sizeof text - (size_t)len, ".0");
    write_literal(w, text, trim_exponent(text, (size_t)len));
}

void nx_jw_bool(nx_json_writer_t *w, bool value)
{
    write_literal(w, value ? "true" : "false", value ? 4 : 5);
}

void nx_jw_null(nx_json_writer_t *w)
{
    write_literal(w, "null", 4);
}

char *nx_jw_take(nx_json_writer_t *w)
{
    char *text = w->out.failed ? NULL : nx_buf_take(&w->out);
    nx_buf_free(&w->out);
    w->after_value = false;
    return text;
}

void nx_jw_free(nx_json_writer_t *w)
{
    nx_buf_free(&w->out);
    w->after_value = false;
}
