/* Growable buffer and UTF-8 validation/repair (see nx_text.h).
 * Decoding follows the Unicode well-formed byte sequences table (no overlongs, no surrogates). */
#include "nx_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool buf_reserve(nx_buf *buf, size_t extra)
{
    if (buf->failed)
        return false;
    if (buf->len + extra + 1 <= buf->cap)
        return true;
    size_t cap = buf->cap ? buf->cap : 64;
    while (cap < buf->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            buf->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *grown = realloc(buf->data, cap);
    if (!grown) {
        buf->failed = true;
        return false;
    }
    buf->data = grown;
    buf->cap = cap;
    return true;
}

void nx_buf_append(nx_buf *buf, const char *bytes, size_t len)
{
    if (!buf_reserve(buf, len))
        return;
    if (len)
        memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void nx_buf_append_str(nx_buf *buf, const char *str)
{
    nx_buf_append(buf, str, strlen(str));
}

void nx_buf_append_char(nx_buf *buf, char c)
{
    nx_buf_append(buf, &c, 1);
}

char *nx_buf_take(nx_buf *buf)
{
    if (buf->failed) {
        nx_buf_free(buf);
        return NULL;
    }
    char *data = buf->data ? buf->data : calloc(1, 1);
    *buf = (nx_buf){0};
    return data;
}

void nx_buf_free(nx_buf *buf)
{
    free(buf->data);
    *buf = (nx_buf){0};
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if ill-formed. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < need)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return need;
}

bool nx_utf8_valid(const char *bytes, size_t len)
{
    const unsigned char *s = (const unsigned char *)bytes;
    size_t i = 0;
    while (i < len) {
        if (s[i] == 0)
            return false;
        size_t n = utf8_sequence_length(s + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

void nx_utf8_sanitize(nx_buf *out, const char *bytes, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *s = (const unsigned char *)bytes;
    size_t run_start = 0, i = 0;
    while (i < len) {
        size_t n = s[i] ? utf8_sequence_length(s + i, len - i) : 0;
        if (n) {
            i += n;
            continue;
        }
        nx_buf_append(out, bytes + run_start, i - run_start);
        if (s[i])
            nx_buf_append(out, replacement, 3);
        i++;
        run_start = i;
    }
    nx_buf_append(out, bytes + run_start, len - run_start);
}

void nx_buf_append_csv_field(nx_buf *buf, const char *text, bool last)
{
    nx_buf_append_char(buf, '"');
    if (text && text[0] && strchr("=+-@\t\r", text[0]))
        nx_buf_append_char(buf, '\'');
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '"')
            nx_buf_append_char(buf, '"');
        nx_buf_append_char(buf, *p);
    }
    nx_buf_append_str(buf, last ? "\"\r\n" : "\",");
}
