/* The cohort file parser: TSV lines `learner<TAB>url[<TAB>cohort]` into a list of entries.
 * Bad lines are reported and skipped; only a duplicate learner (or no memory) stops the parse. */
#include "cohort.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nx_text.h"
#include "redact.h"

#define MAX_COLUMNS 3
#define MAX_LEARNER_LEN 100
/* Longest excerpt of a bad value quoted back in a message: enough to recognise it. */
#define MAX_QUOTED_LEN 60

/* A slice of the input text: fields are not NUL-terminated until copied out. */
typedef struct span {
    const char *p;
    size_t len;
} span;

typedef struct parser {
    const char *source;
    const char *url_template;
    cohort_report_fn report;
    void *report_ctx;
    unsigned line;
    bool seen_content; /* a non-comment line came before: a later "learner" line is not a header */
    size_t cap;
    cohort *out;
} parser;

static void report(const parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void report(const parser *ps, const char *fmt, ...)
{
    if (!ps->report) return;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char message[1024];
    if (ps->line)
        snprintf(message, sizeof message, "%s:%u: %s", ps->source, ps->line, what);
    else
        snprintf(message, sizeof message, "%s: %s", ps->source, what);
    ps->report(ps->report_ctx, message);
}

/* Copies a value from the file into `out` fit for a message: valid UTF-8, no
 * control characters, shortened with "…" when long. */
static void quote_value(span v, char *out, size_t out_size)
{
    nx_buf clean = {0};
    nx_utf8_sanitize(&clean, v.p, v.len < MAX_QUOTED_LEN ? v.len : MAX_QUOTED_LEN);
    if (clean.failed || !clean.data) {
        snprintf(out, out_size, "…");
        nx_buf_free(&clean);
        return;
    }
    for (size_t i = 0; i < clean.len; i++)
        if ((unsigned char)clean.data[i] < 0x20 || clean.data[i] == 0x7f) clean.data[i] = '?';
    snprintf(out, out_size, "%s%s", clean.data, v.len > MAX_QUOTED_LEN ? "…" : "");
    nx_buf_free(&clean);
}

static span trim(span s)
{
    while (s.len && (s.p[0] == ' ' || s.p[0] == '\r')) s.p++, s.len--;
    while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\r')) s.len--;
    return s;
}

static bool span_equals_ci(span s, const char *word)
{
    return strlen(word) == s.len && strncasecmp(s.p, word, s.len) == 0;
}

static bool is_login_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* GitHub logins are letters, digits and hyphens; '_' and '.' are tolerated for
 * other hosts. The name also becomes a folder name in the cache, so a name
 * made only of dots is refused. */
static const char *learner_problem(span name)
{
    if (name.len > MAX_LEARNER_LEN) return "is longer than 100 characters";
    bool only_dots = true;
    for (size_t i = 0; i < name.len; i++) {
        if (!is_login_char(name.p[i]))
            return memchr(name.p, ' ', name.len) ? "is not a GitHub login (columns are separated by tabs)"
                                                  : "is not a GitHub login (letters, digits, '-', '_', '.')";
        if (name.p[i] != '.') only_dots = false;
    }
    return only_dots ? "is not a GitHub login" : NULL;
}

static bool starts_with(span s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.len >= n && strncasecmp(s.p, prefix, n) == 0;
}

/* Only https and local paths are fetched: other transports either need
 * credentials we do not have (ssh), are unauthenticated (http, git) or are a
 * way to smuggle options into git (a leading '-'). */
static const char *url_problem(span url)
{
    if (url.len == 0) return "url is empty";
    for (size_t i = 0; i < url.len; i++)
        if ((unsigned char)url.p[i] < 0x20 || url.p[i] == 0x7f) return "url contains a control character";
    if (!nx_utf8_valid(url.p, url.len)) return "url is not valid UTF-8";
    if (url.p[0] == '-') return "url must not start with '-'";
    if (starts_with(url, "https://")) return url.len > strlen("https://") ? NULL : "url has no host";
    if (memmem(url.p, url.len, "://", 3)) return "url scheme is not supported (only https:// or a local path)";
    /* Without a scheme, `host:path` and `user@host:path` mean ssh to git. */
    if (url.p[0] != '/' && memchr(url.p, ':', url.len))
        return "url looks like an ssh address (only https:// or a local path)";
    return NULL;
}

static char *dup_span(span s)
{
    char *copy = malloc(s.len + 1);
    if (!copy) return NULL;
    memcpy(copy, s.p, s.len);
    copy[s.len] = '\0';
    return copy;
}

/* The template with every "{learner}" replaced by the name. */
static char *url_from_template(const char *tmpl, span learner)
{
    static const char placeholder[] = "{learner}";
    nx_buf url = {0};
    const char *at;
    while ((at = strstr(tmpl, placeholder)) != NULL) {
        nx_buf_append(&url, tmpl, (size_t)(at - tmpl));
        nx_buf_append(&url, learner.p, learner.len);
        tmpl = at + strlen(placeholder);
    }
    nx_buf_append_str(&url, tmpl);
    return nx_buf_take(&url);
}

/* Splits a line on tabs. Trailing empty columns (spreadsheets add them) do not
 * count. Returns the number of columns, or MAX_COLUMNS + 1 when there are more. */
static size_t split_columns(span line, span cols[MAX_COLUMNS])
{
    size_t n = 0;
    const char *p = line.p, *end = line.p + line.len;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        span col = trim((span){p, (size_t)((tab ? tab : end) - p)});
        if (n < MAX_COLUMNS)
            cols[n] = col;
        else if (col.len)
            return MAX_COLUMNS + 1;
        n++;
        if (!tab) break;
        p = tab + 1;
    }
    if (n > MAX_COLUMNS) n = MAX_COLUMNS;
    while (n > 0 && cols[n - 1].len == 0) n--;
    return n;
}

static const cohort_entry *find_learner(const cohort *c, span name)
{
    for (size_t i = 0; i < c->count; i++)
        if (strlen(c->entries[i].learner) == name.len && strncasecmp(c->entries[i].learner, name.p, name.len) == 0)
            return &c->entries[i];
    return NULL;
}

static void entry_free(cohort_entry *e)
{
    free(e->learner);
    free(e->url);
    free(e->cohort);
}

static int append_entry(parser *ps, cohort_entry *e)
{
    if (ps->out->count == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;
        cohort_entry *grown = realloc(ps->out->entries, cap * sizeof *grown);
        if (!grown) return -1;
        ps->out->entries = grown;
        ps->cap = cap;
    }
    ps->out->entries[ps->out->count++] = *e;
    return 0;
}

/* The cohort name is free text shown to users: repaired rather than refused. */
static char *clean_cohort_name(span name)
{
    nx_buf clean = {0};
    nx_utf8_sanitize(&clean, name.p, name.len);
    return nx_buf_take(&clean);
}

/* Builds the entry of one learner line. Returns 0 (added, or skipped with a
 * report) or -1 on a fatal problem. */
static int add_learner(parser *ps, span cols[MAX_COLUMNS], size_t ncols)
{
    span learner = cols[0];
    char quoted[MAX_QUOTED_LEN * 4 + 8];
    const char *problem = learner_problem(learner);
    if (problem) {
        quote_value(learner, quoted, sizeof quoted);
        report(ps, "learner '%s' %s; line skipped", quoted, problem);
        return 0;
    }
    const cohort_entry *first = find_learner(ps->out, learner);
    if (first) {
        quote_value(learner, quoted, sizeof quoted);
        report(ps, "duplicate learner '%s' (first on line %u)", quoted, first->line);
        return -1;
    }
    cohort_entry e = {.line = ps->line};
    bool url_given = ncols >= 2 && cols[1].len > 0;
    e.url = url_given ? dup_span(cols[1]) : url_from_template(ps->url_template, learner);
    if (!e.url) goto nomem;
    problem = url_problem(url_given ? cols[1] : (span){e.url, strlen(e.url)});
    if (problem) {
        /* The message is logged: a user:password@ in the url must not be. */
        char *shown = url_redacted(e.url);
        quote_value(shown ? (span){shown, strlen(shown)} : (span){"", 0}, quoted, sizeof quoted);
        free(shown);
        report(ps, "%s: '%s'; line skipped", problem, quoted);
        entry_free(&e);
        return 0;
    }
    e.learner = dup_span(learner);
    e.cohort = clean_cohort_name(ncols >= 3 ? cols[2] : (span){"", 0});
    if (!e.learner || !e.cohort || append_entry(ps, &e) != 0) goto nomem;
    return 0;
nomem:
    entry_free(&e);
    report(ps, "out of memory");
    return -1;
}

static int parse_line(parser *ps, span line)
{
    span whole = trim(line);
    if (whole.len == 0) return 0;
    size_t lead = 0;
    while (lead < whole.len && (whole.p[lead] == '\t' || whole.p[lead] == ' ')) lead++;
    if (lead < whole.len && whole.p[lead] == '#') return 0;

    span cols[MAX_COLUMNS] = {{0}};
    size_t ncols = split_columns(line, cols);
    if (ncols == 0) return 0; /* only tabs and spaces */
    bool first_content = !ps->seen_content;
    ps->seen_content = true;
    if (ncols > MAX_COLUMNS) {
        report(ps, "too many columns (expected learner, url, cohort); line skipped");
        return 0;
    }
    if (first_content && span_equals_ci(cols[0], "learner")) return 0; /* header */
    if (cols[0].len == 0) {
        report(ps, "no learner name in the first column; line skipped");
        return 0;
    }
    return add_learner(ps, cols, ncols);
}

int cohort_parse(const char *text, size_t len, const char *source_name, const char *url_template, cohort *out,
                 cohort_report_fn report_fn, void *report_ctx)
{
    *out = (cohort){0};
    parser ps = {
        .source = source_name ? source_name : "cohort",
        .url_template = url_template ? url_template : COHORT_DEFAULT_URL_TEMPLATE,
        .report = report_fn,
        .report_ctx = report_ctx,
        .out = out,
    };
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        ps.line++;
        if (parse_line(&ps, (span){p, (size_t)(line_end - p)}) != 0) {
            cohort_free(out);
            return -1;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

/* The folder holding `path`, as an absolute path when it can be resolved. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? dup_span((span){path, slash == path ? 1 : (size_t)(slash - path)}) : strdup(".");
    if (!dir) return NULL;
    char *absolute = realpath(dir, NULL);
    if (!absolute) return dir;
    free(dir);
    return absolute;
}

/* Relative local paths in the file mean "next to the cohort file", wherever
 * the indexer is started from. */
static int resolve_relative_urls(cohort *c, const char *cohort_path)
{
    char *dir = NULL;
    for (size_t i = 0; i < c->count; i++) {
        char *url = c->entries[i].url;
        if (url[0] == '/' || strncasecmp(url, "https://", 8) == 0) continue;
        if (!dir && !(dir = folder_of(cohort_path))) return -1;
        nx_buf joined = {0};
        nx_buf_append_str(&joined, dir);
        nx_buf_append_char(&joined, '/');
        nx_buf_append_str(&joined, strncmp(url, "./", 2) == 0 ? url + 2 : url);
        char *resolved = nx_buf_take(&joined);
        if (!resolved) {
            free(dir);
            return -1;
        }
        free(url);
        c->entries[i].url = resolved;
    }
    free(dir);
    return 0;
}

static int read_file(const char *path, nx_buf *out, const char **why)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return -1;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) nx_buf_append(out, chunk, n);
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) *why = strerror(saved);
    else if (out->failed) *why = "out of memory";
    return failed || out->failed ? -1 : 0;
}

int cohort_load(const char *path, const char *url_template, cohort *out, cohort_report_fn report_fn,
                void *report_ctx)
{
    *out = (cohort){0};
    nx_buf text = {0};
    const char *why = NULL;
    parser ps = {.source = path, .report = report_fn, .report_ctx = report_ctx};
    if (read_file(path, &text, &why) != 0) {
        report(&ps, "cannot read: %s", why);
        nx_buf_free(&text);
        return -1;
    }
    int rc = cohort_parse(text.data ? text.data : "", text.len, path, url_template, out, report_fn, report_ctx);
    nx_buf_free(&text);
    if (rc != 0) return -1;
    if (resolve_relative_urls(out, path) != 0) {
        report(&ps, "out of memory");
        cohort_free(out);
        return -1;
    }
    return 0;
}

void cohort_free(cohort *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->count; i++) entry_free(&c->entries[i]);
    free(c->entries);
    *c = (cohort){0};
}
