/* Reads one section's Markdown with md4c into text units that know their context (list item,
 * task state, table cell, bold lead, image alt text), for detection and challenge extraction. */
#include "analysis_units.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NESTING 64

typedef struct walker {
    md_units *out;
    bool open;     /* a unit is collecting text at the end of out->text */
    md_unit cur;
    MD_BLOCKTYPE stack[MAX_NESTING];
    size_t depth;
    unsigned list_depth;
    bool list_ordered[MAX_NESTING];
    unit_task task[MAX_NESTING];
    size_t table, row, col;
    bool header_cell;
    unsigned image_depth;
    nx_buf alts;        /* image alt texts of the open unit, NUL-separated, emitted after it */
    size_t alt_count;
    bool lead_possible; /* no text yet in the open unit, so a bold span would be its lead */
    bool in_lead;
    bool html_in_tag;
    bool failed;
} walker;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool push_unit(walker *w, md_unit unit)
{
    md_units *out = w->out;
    if (out->count == out->capacity) {
        size_t capacity = out->capacity ? out->capacity * 2 : 32;
        md_unit *grown = realloc(out->items, capacity * sizeof *grown);
        if (!grown)
            return false;
        out->items = grown;
        out->capacity = capacity;
    }
    out->items[out->count++] = unit;
    return true;
}

static void emit_images(walker *w)
{
    size_t at = 0;
    for (size_t i = 0; i < w->alt_count && !w->failed; i++) {
        const char *alt = w->alts.data + at;
        size_t len = strlen(alt);
        at += len + 1;
        if (!len)
            continue;
        md_unit unit = {.type = UNIT_IMAGE, .offset = w->out->text.len, .len = len};
        nx_buf_append(&w->out->text, alt, len + 1);
        if (!push_unit(w, unit))
            w->failed = true;
    }
    w->alts.len = 0;
    w->alt_count = 0;
}

/* Ends the open unit: trims it and keeps it when it has text. */
static void flush(walker *w)
{
    if (w->open) {
        nx_buf *text = &w->out->text;
        while (text->len > w->cur.offset && is_space(text->data[text->len - 1]))
            text->len--;
        w->cur.len = text->len - w->cur.offset;
        if (w->cur.lead > w->cur.len)
            w->cur.lead = w->cur.len;
        if (w->cur.len) {
            nx_buf_append(text, "", 1); /* the unit's terminator */
            if (!push_unit(w, w->cur))
                w->failed = true;
        } else {
            text->len = w->cur.offset;
        }
        w->open = false;
    }
    emit_images(w);
    w->in_lead = false;
}

/* The slot of nesting level `level` (0-based): levels past MAX_NESTING share the deepest one, so that
 * hostile nesting (thousands of "- - - -" levels) costs neither memory nor out-of-bounds accesses. */
static size_t nesting_slot(size_t level)
{
    return level < MAX_NESTING ? level : MAX_NESTING - 1;
}

static MD_BLOCKTYPE innermost_container(const walker *w)
{
    /* Blocks past MAX_NESTING were not recorded: the deepest recorded one stands for them. */
    for (size_t i = w->depth < MAX_NESTING ? w->depth : MAX_NESTING; i-- > 0;) {
        MD_BLOCKTYPE t = w->stack[i];
        if (t == MD_BLOCK_LI || t == MD_BLOCK_TD || t == MD_BLOCK_TH || t == MD_BLOCK_H || t == MD_BLOCK_CODE)
            return t;
    }
    return MD_BLOCK_P;
}

static void open_unit(walker *w, unit_type type)
{
    flush(w);
    w->cur = (md_unit){.type = type, .offset = w->out->text.len};
    if (type == UNIT_ITEM && w->list_depth) {
        w->cur.depth = w->list_depth;
        w->cur.ordered = w->list_ordered[nesting_slot(w->list_depth - 1)];
        w->cur.task = w->task[nesting_slot(w->list_depth - 1)];
    }
    if (type == UNIT_CELL) {
        w->cur.table = w->table;
        w->cur.row = w->row;
        w->cur.col = w->col;
        w->cur.header = w->header_cell;
    }
    w->open = true;
    w->lead_possible = true;
}

static void open_by_context(walker *w)
{
    switch (innermost_container(w)) {
    case MD_BLOCK_LI:
        open_unit(w, UNIT_ITEM);
        break;
    case MD_BLOCK_TD:
    case MD_BLOCK_TH:
        open_unit(w, UNIT_CELL);
        break;
    case MD_BLOCK_CODE:
        open_unit(w, UNIT_CODE);
        break;
    case MD_BLOCK_H:
        open_unit(w, UNIT_HEADING);
        break;
    default:
        open_unit(w, UNIT_PARAGRAPH);
        break;
    }
}

static bool unit_is_empty(const walker *w)
{
    return w->open && w->out->text.len == w->cur.offset;
}

static void enter_list(walker *w, bool ordered)
{
    flush(w);
    md_units *out = w->out;
    if (w->list_depth && out->count) { /* a nested list: its parent item has children */
        md_unit *last = &out->items[out->count - 1];
        if (last->type == UNIT_ITEM && last->depth == w->list_depth)
            last->has_children = true;
    }
    w->list_ordered[nesting_slot(w->list_depth)] = ordered;
    w->list_depth++;
}

static void enter_item(walker *w, const MD_BLOCK_LI_DETAIL *detail)
{
    if (w->list_depth) {
        unit_task task = TASK_NONE;
        if (detail && detail->is_task)
            task = detail->task_mark == ' ' ? TASK_OPEN : TASK_DONE;
        w->task[nesting_slot(w->list_depth - 1)] = task;
    }
    open_unit(w, UNIT_ITEM);
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    walker *w = userdata;
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        enter_list(w, type == MD_BLOCK_OL);
        break;
    case MD_BLOCK_LI:
        enter_item(w, detail);
        break;
    case MD_BLOCK_H:
        open_unit(w, UNIT_HEADING);
        w->cur.level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_P:
        if (innermost_container(w) == MD_BLOCK_LI) {
            if (!unit_is_empty(w) || w->cur.type != UNIT_ITEM)
                open_unit(w, UNIT_ITEM);
        } else {
            open_unit(w, UNIT_PARAGRAPH);
        }
        break;
    case MD_BLOCK_CODE:
        open_unit(w, UNIT_CODE);
        break;
    case MD_BLOCK_HTML:
        open_unit(w, UNIT_PARAGRAPH);
        w->html_in_tag = false;
        break;
    case MD_BLOCK_TABLE:
        flush(w);
        w->table++;
        w->row = (size_t)-1;
        break;
    case MD_BLOCK_TR:
        w->row++;
        w->col = (size_t)-1;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        w->col++;
        w->header_cell = type == MD_BLOCK_TH;
        open_unit(w, UNIT_CELL);
        break;
    default:
        flush(w);
        break;
    }
    if (w->depth < MAX_NESTING)
        w->stack[w->depth] = type;
    w->depth++;
    return w->failed ? -1 : 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)detail;
    walker *w = userdata;
    if (w->depth)
        w->depth--;
    if (type == MD_BLOCK_UL || type == MD_BLOCK_OL) {
        flush(w);
        if (w->list_depth)
            w->list_depth--;
    } else if (type != MD_BLOCK_TR && type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY &&
               type != MD_BLOCK_DOC) {
        flush(w);
    }
    return w->failed ? -1 : 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    walker *w = userdata;
    if (type == MD_SPAN_IMG) {
        w->image_depth++;
    } else if (type == MD_SPAN_STRONG && !w->image_depth) {
        if (!w->open)
            open_by_context(w);
        if (w->lead_possible && unit_is_empty(w))
            w->in_lead = true;
    }
    return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    walker *w = userdata;
    if (type == MD_SPAN_IMG && w->image_depth) {
        w->image_depth--;
        if (!w->image_depth) {
            nx_buf_append(&w->alts, "", 1);
            w->alt_count++;
        }
    } else if (type == MD_SPAN_STRONG && w->in_lead) {
        w->in_lead = false;
        w->lead_possible = false;
        w->cur.lead = w->out->text.len - w->cur.offset;
    }
    return 0;
}

/* Appends text, dropping white space at the very start of a unit. */
static void append(walker *w, const char *s, size_t len)
{
    nx_buf *text = &w->out->text;
    if (text->len == w->cur.offset)
        while (len && is_space(*s)) {
            s++;
            len--;
        }
    if (!len)
        return;
    nx_buf_append(text, s, len);
    if (!w->in_lead)
        w->lead_possible = false;
}

/* Raw HTML keeps only the text between tags; a tag separates words. */
static void append_html(walker *w, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (w->html_in_tag) {
            if (s[i] == '>') {
                w->html_in_tag = false;
                run = i + 1;
            }
            continue;
        }
        if (s[i] == '<') {
            append(w, s + run, i - run);
            append(w, " ", 1);
            w->html_in_tag = true;
        }
    }
    if (!w->html_in_tag && run < len)
        append(w, s + run, len - run);
}

static void append_entity(walker *w, const char *s, size_t len)
{
    static const struct {
        const char *entity;
        const char *text;
    } known[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
                 {"&apos;", "'"}, {"&nbsp;", " "}, {"&rarr;", "\xE2\x86\x92"}, {"&mdash;", "\xE2\x80\x94"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i].entity) == len && memcmp(known[i].entity, s, len) == 0) {
            append(w, known[i].text, strlen(known[i].text));
            return;
        }
    append(w, s, len);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    walker *w = userdata;
    if (w->image_depth) {
        if (type == MD_TEXT_NORMAL || type == MD_TEXT_CODE)
            nx_buf_append(&w->alts, text, size);
        return 0;
    }
    if (type == MD_TEXT_NULLCHAR)
        return 0;
    if (!w->open)
        open_by_context(w);
    switch (type) {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
        nx_buf_append_char(&w->out->text, '\n');
        break;
    case MD_TEXT_ENTITY:
        append_entity(w, text, size);
        break;
    case MD_TEXT_HTML:
        append_html(w, text, size);
        break;
    default:
        append(w, text, size);
        break;
    }
    return w->out->text.failed ? -1 : 0;
}

int md_units_parse(const char *markdown, size_t len, md_units *out)
{
    *out = (md_units){0};
    walker w = {.out = out};
    MD_PARSER parser = {
        .flags = MD_DIALECT_GITHUB,
        .enter_block = on_enter_block,
        .leave_block = on_leave_block,
        .enter_span = on_enter_span,
        .leave_span = on_leave_span,
        .text = on_text,
    };
    if (len > 0xFFFFFFFFu)
        len = 0xFFFFFFFFu; /* md4c sizes are 32-bit; sections are far smaller */
    int rc = md_parse(markdown ? markdown : "", (MD_SIZE)len, &parser, &w);
    flush(&w);
    bool failed = rc != 0 || w.failed || out->text.failed || w.alts.failed;
    nx_buf_free(&w.alts);
    if (failed) {
        md_units_free(out);
        return -1;
    }
    nx_buf_append(&out->text, "", 0); /* data is never NULL, even with no units */
    return out->text.failed ? -1 : 0;
}

void md_units_free(md_units *units)
{
    if (!units)
        return;
    free(units->items);
    nx_buf_free(&units->text);
    *units = (md_units){0};
}
