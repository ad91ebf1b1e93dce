/* Splits a Markdown file into heading sections of plain text (see sections.h),
 * driving md4c's callbacks and stripping markup, HTML tags and entities as it goes. */
#include "sections.h"

#include "nx_text.h"

#include <ctype.h>
#include <limits.h>
#include <md4c.h>
#include <search.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_SEPARATOR " \xE2\x80\xBA " /* " › " */
#define MAX_LEVEL 6
#define NO_SECTION SIZE_MAX
/* A heading longer than this is cut (at a space when possible) and the rest
 * starts the body: heading paths copy ancestors' text into every section, so
 * unbounded headings would make a hostile file cost quadratic memory. */
#define MAX_HEADING_BYTES 1000
/* The longest entity we try to decode inside raw HTML ("&#x10FFFF;" fits). */
#define MAX_ENTITY_BYTES 32

/* ---- Entities ---------------------------------------------------------- */

static void append_code_point(nx_buf *out, uint32_t cp)
{
    char s[4];
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        nx_buf_append_char(out, (char)cp);
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        nx_buf_append(out, s, 2);
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        nx_buf_append(out, s, 3);
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        nx_buf_append(out, s, 4);
    }
}

/* Parses the digits of "&#NNN;" or "&#xHH;" (without '&', '#' and ';').
 * Returns false when they are not a number. */
static bool parse_numeric_entity(const char *s, size_t len, uint32_t *cp)
{
    int base = 10;
    if (len && (s[0] == 'x' || s[0] == 'X')) {
        base = 16;
        s++;
        len--;
    }
    if (len == 0 || len > 8)
        return false;
    uint32_t value = 0;
    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)s[i];
        int digit;
        if (isdigit(c))
            digit = c - '0';
        else if (base == 16 && isxdigit(c))
            digit = tolower(c) - 'a' + 10;
        else
            return false;
        value = value * (uint32_t)base + (uint32_t)digit;
    }
    *cp = value;
    return true;
}

/* The named entities READMEs actually use; &nbsp; becomes a plain space so
 * that words on either side stay separate words for the index. */
static const struct {
    const char *name;
    const char *text;
} named_entities[] = {
    {"amp", "&"},          {"lt", "<"},           {"gt", ">"},           {"quot", "\""},
    {"apos", "'"},         {"nbsp", " "},         {"ensp", " "},         {"emsp", " "},
    {"copy", "\xC2\xA9"},  {"reg", "\xC2\xAE"},   {"trade", "\xE2\x84\xA2"},
    {"mdash", "\xE2\x80\x94"}, {"ndash", "\xE2\x80\x93"}, {"hellip", "\xE2\x80\xA6"},
    {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"}, {"middot", "\xC2\xB7"}, {"bull", "\xE2\x80\xA2"},
    {"times", "\xC3\x97"}, {"deg", "\xC2\xB0"},   {"euro", "\xE2\x82\xAC"},
    {"rarr", "\xE2\x86\x92"}, {"larr", "\xE2\x86\x90"}, {"hearts", "\xE2\x99\xA5"},
};

/* Appends the decoded form of entity[0..len) ("&amp;", "&#39;", …) and
 * returns true, or returns false and appends nothing if it is not one we know. */
static bool append_entity(nx_buf *out, const char *entity, size_t len)
{
    if (len < 3 || entity[0] != '&' || entity[len - 1] != ';')
        return false;
    const char *inner = entity + 1;
    size_t inner_len = len - 2;
    if (inner[0] == '#') {
        uint32_t cp;
        if (!parse_numeric_entity(inner + 1, inner_len - 1, &cp))
            return false;
        append_code_point(out, cp);
        return true;
    }
    for (size_t i = 0; i < sizeof named_entities / sizeof named_entities[0]; i++) {
        if (strlen(named_entities[i].name) == inner_len &&
            memcmp(named_entities[i].name, inner, inner_len) == 0) {
            nx_buf_append_str(out, named_entities[i].text);
            return true;
        }
    }
    return false;
}

/* ---- Slugs ------------------------------------------------------------- */

/* Decodes the (already valid) UTF-8 sequence at s; returns its length. */
static size_t decode_utf8(const unsigned char *s, size_t avail, uint32_t *cp)
{
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (n > avail || n == 1) {
        *cp = s[0];
        return 1;
    }
    uint32_t value = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        value = (value << 6) | (s[i] & 0x3F);
    *cp = value;
    return n;
}

/* Emoji, pictographs, arrows, dingbats, general punctuation, variation
 * selectors, zero-width joiners and tag characters: GitHub drops these from
 * anchors while keeping letters of every script. */
static bool is_slug_symbol(uint32_t cp)
{
    return (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE007F);
}

char *md_heading_slug(const char *heading)
{
    nx_buf slug = {0};
    const unsigned char *s = (const unsigned char *)heading;
    size_t len = strlen(heading);
    nx_buf_append(&slug, "", 0); /* an all-symbol heading still yields "" */
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = decode_utf8(s + i, len - i, &cp);
            if (!is_slug_symbol(cp))
                nx_buf_append(&slug, (const char *)s + i, n);
            i += n;
            continue;
        }
        if (isalnum(c) || c == '-' || c == '_')
            nx_buf_append_char(&slug, (char)tolower(c));
        else if (c == ' ')
            nx_buf_append_char(&slug, '-');
        i++;
    }
    return nx_buf_take(&slug);
}

/* ---- Whitespace normalisation ----------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Heading text: every whitespace run becomes one space, ends trimmed. */
static void squeeze_spaces(nx_buf *text)
{
    size_t w = 0;
    bool pending_space = false;
    for (size_t r = 0; r < text->len; r++) {
        char c = text->data[r];
        if (is_space(c)) {
            pending_space = w > 0;
            continue;
        }
        if (pending_space)
            text->data[w++] = ' ';
        pending_space = false;
        text->data[w++] = c;
    }
    text->len = w;
    if (text->data)
        text->data[w] = '\0';
}

/* Body text: CR and CRLF become LF, trailing blanks go from every line, runs
 * of blank lines become one, and the whole is trimmed. Indentation (code)
 * inside the text is kept. */
static void tidy_lines(nx_buf *text)
{
    size_t w = 0, newlines = 0;
    size_t line_end = 0; /* w just after the last non-blank character */
    for (size_t r = 0; r < text->len; r++) {
        char c = text->data[r];
        if (c == '\r') {
            if (r + 1 < text->len && text->data[r + 1] == '\n')
                continue;
            c = '\n';
        }
        if (c == '\n') {
            w = line_end;
            if (line_end)
                newlines++; /* leading blank lines of the whole text go */
            continue;
        }
        if (w == 0 && is_space(c))
            continue; /* leading blanks of the whole text */
        if (newlines) {
            text->data[w++] = '\n';
            if (newlines > 1)
                text->data[w++] = '\n';
            newlines = 0;
            line_end = w;
        }
        text->data[w++] = c;
        if (c != ' ' && c != '\t')
            line_end = w;
    }
    text->len = line_end;
    if (text->data)
        text->data[line_end] = '\0';
}

static bool has_visible_text(const nx_buf *text)
{
    for (size_t i = 0; i < text->len; i++)
        if (!is_space(text->data[i]))
            return true;
    return false;
}

static void buf_clear(nx_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

static char last_char(const nx_buf *buf)
{
    return buf->len ? buf->data[buf->len - 1] : '\0';
}

/* Block boundaries: words from neighbouring blocks must never glue together. */
static void ensure_newline(nx_buf *buf)
{
    if (buf->len && last_char(buf) != '\n')
        nx_buf_append_char(buf, '\n');
}

static void ensure_blank_line(nx_buf *buf)
{
    ensure_newline(buf);
    if (buf->len >= 2 && buf->data[buf->len - 2] != '\n')
        nx_buf_append_char(buf, '\n');
}

static void ensure_space(nx_buf *buf)
{
    if (buf->len && !is_space(last_char(buf)))
        nx_buf_append_char(buf, ' ');
}

/* ---- The splitter ------------------------------------------------------ */

typedef enum { HTML_TEXT, HTML_TAG, HTML_COMMENT } html_mode;

/* Where we are inside raw HTML; tags and comments may span md4c text calls. */
typedef struct html_state {
    html_mode mode;
    char quote;      /* the open attribute quote inside a tag, or 0 */
    char name[12];   /* lowercased tag name, truncated */
    size_t name_len;
    bool name_done;
    unsigned dashes; /* consecutive '-' seen inside a comment */
} html_state;

typedef struct splitter {
    md_sections out;
    size_t capacity;
    size_t max_sections;
    size_t open_heading[MAX_LEVEL + 1]; /* index of the open heading per level */
    nx_buf heading;   /* text of the heading being read */
    nx_buf body;      /* body of the last section so far */
    bool in_heading;  /* between enter and leave of a heading block */
    bool folding;     /* that heading is past max_sections: its text is body */
    bool after_image; /* text right after an image's alt text needs a space */
    html_state html;
    /* Where each section's Markdown starts in the parsed text, for md_section.markdown. */
    const char *doc;
    size_t doc_len;
    size_t *starts;       /* per section: offset of its heading line, or NO_SECTION until known */
    size_t *hints;        /* per section: end of the text before its heading, for headings without text */
    size_t last_text_end; /* end of the last text md4c reported from the document */
    bool failed;
} splitter;

static md_section *current_section(splitter *sp)
{
    return &sp->out.items[sp->out.count - 1];
}

static nx_buf *text_target(splitter *sp)
{
    return sp->in_heading && !sp->folding ? &sp->heading : &sp->body;
}

static bool push_section(splitter *sp, unsigned level)
{
    if (sp->out.count == sp->capacity) {
        size_t capacity = sp->capacity ? sp->capacity * 2 : 16;
        md_section *grown = realloc(sp->out.items, capacity * sizeof *grown);
        if (!grown)
            return false;
        sp->out.items = grown;
        size_t *starts = realloc(sp->starts, capacity * sizeof *starts);
        if (!starts)
            return false;
        sp->starts = starts;
        size_t *hints = realloc(sp->hints, capacity * sizeof *hints);
        if (!hints)
            return false;
        sp->hints = hints;
        sp->capacity = capacity;
    }
    sp->starts[sp->out.count] = level == 0 ? 0 : NO_SECTION;
    sp->hints[sp->out.count] = sp->last_text_end;
    sp->out.items[sp->out.count++] = (md_section){.level = level};
    return true;
}

/* Hands the accumulated body to the last section. */
static bool close_body(splitter *sp)
{
    tidy_lines(&sp->body);
    char *body = nx_buf_take(&sp->body);
    if (!body)
        return false;
    current_section(sp)->body = body;
    return true;
}

static void start_heading(splitter *sp, unsigned level)
{
    sp->in_heading = true;
    buf_clear(&sp->heading);
    md_section *last = current_section(sp);
    bool empty_preamble = sp->out.count == 1 && last->level == 0 && !has_visible_text(&sp->body);
    if (empty_preamble) {
        buf_clear(&sp->body);
        last->level = level;
        sp->starts[0] = NO_SECTION;
        sp->hints[0] = sp->last_text_end;
        return;
    }
    if (sp->out.count >= sp->max_sections) {
        sp->folding = true;
        sp->out.folded_headings++;
        ensure_blank_line(&sp->body);
        return;
    }
    if (!close_body(sp) || !push_section(sp, level))
        sp->failed = true;
}

/* Cuts an over-long heading, preferably at a space, and returns where the
 * remainder starts (the heading's length when nothing is cut). */
static size_t heading_cut(const nx_buf *heading)
{
    if (heading->len <= MAX_HEADING_BYTES)
        return heading->len;
    size_t cut = MAX_HEADING_BYTES;
    while (cut > MAX_HEADING_BYTES / 2 && heading->data[cut] != ' ')
        cut--;
    if (heading->data[cut] != ' ') {
        cut = MAX_HEADING_BYTES;
        while (cut > 0 && ((unsigned char)heading->data[cut] & 0xC0) == 0x80)
            cut--; /* never split a UTF-8 sequence */
    }
    return cut;
}

static char *join_heading_path(splitter *sp, unsigned level, const char *heading)
{
    nx_buf path = {0};
    for (unsigned l = 1; l < level; l++) {
        size_t index = sp->open_heading[l];
        if (index == NO_SECTION || sp->out.items[index].heading[0] == '\0')
            continue;
        nx_buf_append_str(&path, sp->out.items[index].heading);
        nx_buf_append_str(&path, PATH_SEPARATOR);
    }
    if (heading[0])
        nx_buf_append_str(&path, heading);
    else if (path.len)
        path.len -= strlen(PATH_SEPARATOR);
    nx_buf_append(&path, "", 0); /* keeps the terminator after a shrink */
    return nx_buf_take(&path);
}

static void finish_heading(splitter *sp)
{
    sp->in_heading = false;
    if (sp->folding) {
        sp->folding = false;
        ensure_blank_line(&sp->body);
        return;
    }
    squeeze_spaces(&sp->heading);
    size_t cut = heading_cut(&sp->heading);
    if (cut < sp->heading.len) /* an empty heading has no buffer at all */
        nx_buf_append(&sp->body, sp->heading.data + cut, sp->heading.len - cut);
    ensure_blank_line(&sp->body);

    md_section *section = current_section(sp);
    section->heading = strndup(sp->heading.data ? sp->heading.data : "", cut);
    if (!section->heading) {
        sp->failed = true;
        return;
    }
    unsigned level = section->level;
    section->heading_path = join_heading_path(sp, level, section->heading);
    if (!section->heading_path)
        sp->failed = true;
    for (unsigned l = level; l <= MAX_LEVEL; l++)
        sp->open_heading[l] = NO_SECTION;
    sp->open_heading[level] = sp->out.count - 1;
}

/* ---- Raw HTML ---------------------------------------------------------- */

static bool tag_is_one_of(const char *name, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(name, *names) == 0)
            return true;
    return false;
}

/* What a dropped tag leaves behind: nothing for inline tags (so "<b>x</b>y"
 * stays one word as a browser shows it), a line break for block tags, a space
 * for anything else. */
static void html_tag_closed(splitter *sp)
{
    static const char *const inline_tags[] = {"a", "abbr", "b", "bdi", "cite", "code", "del", "em",
                                              "i", "img", "ins", "kbd", "mark", "q", "s", "samp",
                                              "small", "span", "strong", "sub", "sup", "u", "var", NULL};
    static const char *const block_tags[] = {"br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
                                             "li", "tr", "table", "thead", "tbody", "ul", "ol", "dl",
                                             "dt", "dd", "details", "summary", "blockquote", "pre",
                                             "hr", "section", "center", "header", "footer", "article",
                                             NULL};
    sp->html.name[sp->html.name_len] = '\0';
    nx_buf *out = text_target(sp);
    if (tag_is_one_of(sp->html.name, inline_tags))
        return;
    if (tag_is_one_of(sp->html.name, block_tags))
        ensure_newline(out);
    else
        ensure_space(out);
}

static void html_open_tag(html_state *html)
{
    *html = (html_state){.mode = HTML_TAG};
}

static void html_tag_byte(splitter *sp, char c)
{
    html_state *html = &sp->html;
    if (html->quote) {
        if (c == html->quote)
            html->quote = 0;
    } else if (c == '>') {
        html->mode = HTML_TEXT;
        html_tag_closed(sp);
    } else if (!html->name_done) {
        if (c == '/' && html->name_len == 0)
            return;
        if (isalnum((unsigned char)c) && html->name_len + 1 < sizeof html->name)
            html->name[html->name_len++] = (char)tolower((unsigned char)c);
        else if (!isalnum((unsigned char)c))
            html->name_done = true;
    } else if (c == '"' || c == '\'') {
        html->quote = c;
    }
}

static void html_comment_byte(html_state *html, char c)
{
    if (c == '-') {
        html->dashes++;
    } else {
        if (c == '>' && html->dashes >= 2)
            html->mode = HTML_TEXT;
        html->dashes = 0;
    }
}

/* Text between tags; returns how many bytes of s it consumed. */
static size_t html_text_run(splitter *sp, const char *s, size_t len)
{
    nx_buf *out = text_target(sp);
    if (s[0] == '&') {
        const char *semi = memchr(s, ';', len < MAX_ENTITY_BYTES ? len : MAX_ENTITY_BYTES);
        if (semi && append_entity(out, s, (size_t)(semi - s) + 1))
            return (size_t)(semi - s) + 1;
        nx_buf_append_char(out, '&');
        return 1;
    }
    if (s[0] == '<') {
        bool comment = len >= 4 && memcmp(s, "<!--", 4) == 0;
        bool tag = len == 1 || isalpha((unsigned char)s[1]) || s[1] == '/' || s[1] == '!' || s[1] == '?';
        if (comment) {
            sp->html = (html_state){.mode = HTML_COMMENT};
            return 4;
        }
        if (tag) {
            html_open_tag(&sp->html);
            return 1;
        }
        nx_buf_append_char(out, '<');
        return 1;
    }
    size_t run = 1;
    while (run < len && s[run] != '<' && s[run] != '&')
        run++;
    nx_buf_append(out, s, run);
    return run;
}

static void html_feed(splitter *sp, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        switch (sp->html.mode) {
        case HTML_TEXT:
            i += html_text_run(sp, s + i, len - i);
            break;
        case HTML_TAG:
            html_tag_byte(sp, s[i++]);
            break;
        case HTML_COMMENT:
            html_comment_byte(&sp->html, s[i++]);
            break;
        }
    }
}

/* ---- md4c callbacks ---------------------------------------------------- */

static int status(const splitter *sp)
{
    bool failed = sp->failed || sp->heading.failed || sp->body.failed;
    return failed ? -1 : 0;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    splitter *sp = userdata;
    switch (type) {
    case MD_BLOCK_H:
        start_heading(sp, ((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        ensure_space(text_target(sp));
        break;
    case MD_BLOCK_DOC:
        break;
    default:
        ensure_newline(text_target(sp));
        break;
    }
    return status(sp);
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)detail;
    splitter *sp = userdata;
    sp->html = (html_state){0}; /* an unclosed tag must not swallow later blocks */
    switch (type) {
    case MD_BLOCK_H:
        finish_heading(sp);
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_QUOTE:
        ensure_blank_line(text_target(sp));
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        ensure_space(text_target(sp));
        break;
    case MD_BLOCK_DOC:
        break;
    default:
        ensure_newline(text_target(sp));
        break;
    }
    return status(sp);
}

/* Images sit beside text or other images (badge rows): keep their alt text
 * apart from the neighbours. Other spans only lose their markup. */
static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    splitter *sp = userdata;
    if (type == MD_SPAN_IMG)
        ensure_space(text_target(sp));
    return status(sp);
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    splitter *sp = userdata;
    if (type == MD_SPAN_IMG)
        sp->after_image = true;
    return status(sp);
}

/* md4c hands out pointers into the document for real text (static strings
 * for line breaks): the first text of a heading locates the heading's line. */
static void note_source_position(splitter *sp, const MD_CHAR *text, MD_SIZE size)
{
    if (text < sp->doc || text >= sp->doc + sp->doc_len)
        return;
    size_t offset = (size_t)(text - sp->doc);
    sp->last_text_end = offset + size;
    if (!sp->in_heading || sp->folding || sp->starts[sp->out.count - 1] != NO_SECTION)
        return;
    while (offset > 0 && sp->doc[offset - 1] != '\n')
        offset--;
    sp->starts[sp->out.count - 1] = offset;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    splitter *sp = userdata;
    note_source_position(sp, text, size);
    nx_buf *out = text_target(sp);
    if (sp->after_image && size && (isalnum((unsigned char)text[0]) || (unsigned char)text[0] >= 0x80))
        ensure_space(out);
    sp->after_image = false;
    switch (type) {
    case MD_TEXT_NULLCHAR:
        break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
        nx_buf_append_char(out, '\n');
        break;
    case MD_TEXT_ENTITY:
        if (!append_entity(out, text, size))
            nx_buf_append(out, text, size);
        break;
    case MD_TEXT_HTML:
        html_feed(sp, text, size);
        break;
    default: /* normal text, code, LaTeX */
        nx_buf_append(out, text, size);
        break;
    }
    return status(sp);
}

/* ---- Putting it together ----------------------------------------------- */

static void free_section(md_section *section)
{
    free(section->heading);
    free(section->heading_path);
    free(section->anchor);
    free(section->body);
    free(section->markdown);
}

void md_sections_free(md_sections *sections)
{
    if (!sections)
        return;
    for (size_t i = 0; i < sections->count; i++)
        free_section(&sections->items[i]);
    free(sections->items);
    *sections = (md_sections){0};
}

/* A heading with no text (a bare "##") never reported its position: it
 * starts at the first non-blank after the line of the text that preceded it. */
static size_t resolved_start(const splitter *sp, size_t i)
{
    if (sp->starts[i] != NO_SECTION)
        return sp->starts[i];
    size_t offset = sp->hints[i];
    while (offset < sp->doc_len && sp->doc[offset] != '\n')
        offset++;
    while (offset < sp->doc_len && is_space(sp->doc[offset]))
        offset++; /* blank lines between that text and the heading */
    return offset;
}

/* Cuts each section's Markdown from its heading line to the next section's. */
static bool assign_markdown(splitter *sp)
{
    size_t start = sp->out.count ? resolved_start(sp, 0) : 0;
    for (size_t i = 0; i < sp->out.count; i++) {
        size_t end = i + 1 < sp->out.count ? resolved_start(sp, i + 1) : sp->doc_len;
        if (end < start)
            end = start;
        size_t trimmed = end;
        while (trimmed > start && is_space(sp->doc[trimmed - 1]))
            trimmed--;
        sp->out.items[i].markdown = strndup(sp->doc + start, trimmed - start);
        if (!sp->out.items[i].markdown)
            return false;
        start = end;
    }
    return true;
}

/* Drops sections with neither heading nor body; gives the preamble its "". */
static bool compact(md_sections *sections)
{
    for (size_t i = 0; i < sections->count; i++) {
        md_section *s = &sections->items[i];
        if (!s->heading)
            s->heading = strdup("");
        if (!s->heading_path)
            s->heading_path = strdup("");
        if (!s->heading || !s->heading_path || !s->body || !s->markdown)
            return false;
    }
    size_t kept = 0;
    for (size_t i = 0; i < sections->count; i++) {
        md_section *s = &sections->items[i];
        if (s->heading[0] == '\0' && s->body[0] == '\0')
            free_section(s);
        else
            sections->items[kept++] = *s;
    }
    sections->count = kept;
    return true;
}

/* GitHub's de-duplication: a repeated slug gets "-N" with N counting up per
 * base slug until the result is unused; results are themselves reserved. */
static char *unique_anchor(struct hsearch_data *seen, char *slug)
{
    ENTRY *base = NULL;
    char *candidate = slug;
    for (;;) {
        ENTRY *found = NULL;
        hsearch_r((ENTRY){.key = candidate}, FIND, &found, seen);
        if (!found)
            break;
        if (!base)
            base = found;
        base->data = (void *)((uintptr_t)base->data + 1);
        nx_buf next = {0};
        char number[24];
        snprintf(number, sizeof number, "-%zu", (size_t)(uintptr_t)base->data);
        nx_buf_append_str(&next, slug);
        nx_buf_append_str(&next, number);
        if (candidate != slug)
            free(candidate);
        candidate = nx_buf_take(&next);
        if (!candidate)
            break;
    }
    if (candidate != slug)
        free(slug);
    return candidate;
}

static bool assign_anchors(md_sections *sections)
{
    struct hsearch_data seen = {0};
    if (!hcreate_r(sections->count * 2 + 8, &seen))
        return false;
    bool ok = true;
    for (size_t i = 0; i < sections->count && ok; i++) {
        md_section *s = &sections->items[i];
        if (s->level == 0) {
            s->anchor = strdup("");
            ok = s->anchor != NULL;
            continue;
        }
        char *slug = md_heading_slug(s->heading);
        s->anchor = slug ? unique_anchor(&seen, slug) : NULL;
        ENTRY *entered = NULL;
        ok = s->anchor && hsearch_r((ENTRY){.key = s->anchor, .data = NULL}, ENTER, &entered, &seen);
    }
    hdestroy_r(&seen);
    return ok;
}

/* md4c takes a 32-bit size; cut longer input at a character boundary. */
static size_t parseable_length(const nx_buf *text)
{
    if (text->len <= UINT_MAX)
        return text->len;
    size_t len = UINT_MAX;
    while (len > 0 && ((unsigned char)text->data[len] & 0xC0) == 0x80)
        len--;
    return len;
}

static int parse(splitter *sp, const nx_buf *clean)
{
    MD_PARSER parser = {
        .flags = MD_DIALECT_GITHUB,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    sp->doc = clean->data ? clean->data : "";
    sp->doc_len = clean->len;
    if (!push_section(sp, 0))
        return -1;
    if (clean->len && md_parse(clean->data, (MD_SIZE)parseable_length(clean), &parser, sp) != 0)
        return -1;
    if (sp->in_heading)
        finish_heading(sp); /* cannot happen with md4c, but never lose the text */
    if (status(sp) != 0 || !close_body(sp) || !assign_markdown(sp))
        return -1;
    if (!compact(&sp->out) || !assign_anchors(&sp->out))
        return -1;
    return 0;
}

int md_sections_split(const char *markdown, size_t len, const md_limits *limits, md_sections *out)
{
    splitter sp = {.max_sections = MD_DEFAULT_MAX_SECTIONS};
    if (limits && limits->max_sections)
        sp.max_sections = limits->max_sections;
    for (unsigned l = 0; l <= MAX_LEVEL; l++)
        sp.open_heading[l] = NO_SECTION;
    *out = (md_sections){0};

    nx_buf clean = {0};
    nx_utf8_sanitize(&clean, markdown ? markdown : "", markdown ? len : 0);
    int rc = clean.failed ? -1 : parse(&sp, &clean);
    nx_buf_free(&clean);
    nx_buf_free(&sp.heading);
    nx_buf_free(&sp.body);
    free(sp.starts);
    free(sp.hints);
    if (rc != 0) {
        md_sections_free(&sp.out);
        return -1;
    }
    *out = sp.out;
    return 0;
}
