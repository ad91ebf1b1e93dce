/* Technologies signalled by repository files: path globs (Dockerfile, .github/workflows/NAME.yml)
 * and named packages in requirements*.txt, package.json dependencies or any other file's words. */
#include "analysis.h"
#include "glob_filter.h"

#include <ctype.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_GLOB 256
#define MAX_PACKAGE 128

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A glob without '/' matches the file name; with '/', the end of the path at
 * a folder boundary (".github/workflows/NAME.yml" matches "api/.github/workflows/ci.yml"). */
static bool path_matches(const char *glob, const char *path)
{
    if (!strchr(glob, '/'))
        return fnmatch(glob, base_name(path), FNM_CASEFOLD) == 0;
    for (const char *p = path; p; p = strchr(p, '/')) {
        if (*p == '/')
            p++;
        if (fnmatch(glob, p, FNM_CASEFOLD | FNM_PATHNAME | FNM_PERIOD) == 0)
            return true;
    }
    return false;
}

/* Package names compare case-insensitively with '_' and '.' as '-' (PEP 503). */
static bool same_package(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = (char)tolower((unsigned char)a[i]), y = (char)tolower((unsigned char)b[i]);
        x = x == '_' || x == '.' ? '-' : x;
        y = y == '_' || y == '.' ? '-' : y;
        if (x != y)
            return false;
    }
    return true;
}

/* requirements.txt: one requirement per line, "name[extras]==version ; markers # comment". */
static bool requirement_listed(const char *content, size_t len, const char *package)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && (content[i] == ' ' || content[i] == '\t'))
            i++;
        size_t start = i;
        while (i < len && (isalnum((unsigned char)content[i]) || strchr("-_.", content[i])))
            i++;
        if (i > start && same_package(content + start, i - start, package))
            return true;
        while (i < len && content[i] != '\n')
            i++;
        i++;
    }
    return false;
}

static bool dependency_declared(const char *content, size_t len, const char *package)
{
    static const char *const sections[] = {"dependencies", "devDependencies", "peerDependencies",
                                           "optionalDependencies", NULL};
    json_t *root = json_loadb(content, len, 0, NULL);
    bool found = false;
    for (size_t i = 0; root && sections[i] && !found; i++) {
        json_t *deps = json_object_get(root, sections[i]);
        found = json_is_object(deps) && json_object_get(deps, package) != NULL;
    }
    json_decref(root);
    return found;
}

static bool is_word_byte(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

static bool word_present(const char *content, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; n && i + n <= len; i++) {
        if (strncasecmp(content + i, name, n) != 0)
            continue;
        bool starts = i == 0 || !is_word_byte(content[i - 1]);
        bool ends = i + n == len || !is_word_byte(content[i + n]);
        if (starts && ends)
            return true;
    }
    return false;
}

static bool content_names(const char *path, const char *content, size_t len, const char *name)
{
    const char *file = base_name(path);
    if (strcasecmp(file, "package.json") == 0)
        return dependency_declared(content, len, name);
    size_t flen = strlen(file);
    if (flen > 4 && strcasecmp(file + flen - 4, ".txt") == 0)
        return requirement_listed(content, len, name);
    return word_present(content, len, name);
}

/* "GLOB" or "GLOB:NAME" against one file (`name`: the path's last part). Most signals are ruled out by
 * glob_cannot_match() before the glob is copied out of the signal and given to fnmatch(). */
static bool signal_matches(const char *signal, const char *path, const char *name, const char *content, size_t len)
{
    size_t glob_len = strcspn(signal, ":");
    if (glob_len >= MAX_GLOB || glob_cannot_match(signal, glob_len, memchr(signal, '/', glob_len) ? path : name))
        return false;
    char glob[MAX_GLOB];
    memcpy(glob, signal, glob_len);
    glob[glob_len] = '\0';
    if (!path_matches(glob, path))
        return false;
    if (!signal[glob_len])
        return true;
    return content && content_names(path, content, len, signal + glob_len + 1);
}

/* "requirements/base.txt" is read as "requirements-base.txt", so that the
 * requirements*.txt signals cover split requirement folders too. */
static const char *effective_path(const char *path, char *buf, size_t size)
{
    const char *file = base_name(path);
    size_t flen = strlen(file);
    bool txt = flen > 4 && strcasecmp(file + flen - 4, ".txt") == 0;
    bool in_folder = file - path >= 13 && strncasecmp(file - 13, "requirements/", 13) == 0 &&
                     (file - path == 13 || file[-14] == '/');
    if (!txt || !in_folder || snprintf(buf, size, "requirements-%s", file) >= (int)size)
        return path;
    return buf;
}

int analysis_detect_file(const nx_taxonomy *taxonomy, const char *path, const char *content, size_t len,
                         tech_mentions *out)
{
    *out = (tech_mentions){0};
    if (!taxonomy || !path)
        return 0;
    char renamed[MAX_GLOB];
    path = effective_path(path, renamed, sizeof renamed);
    const char *name = base_name(path);
    size_t count = nx_taxonomy_count(taxonomy);
    for (size_t t = 0; t < count; t++) {
        const nx_technology *tech = nx_taxonomy_get(taxonomy, t);
        unsigned matched = 0;
        for (size_t s = 0; s < tech->signal_count; s++)
            matched += signal_matches(tech->signals[s], path, name, content, len);
        if (!matched)
            continue;
        tech_mention *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
        if (!grown) {
            tech_mentions_free(out);
            return -1;
        }
        out->items = grown;
        out->items[out->count++] = (tech_mention){.tech = t, .count = matched, .strength = TECH_COVERED};
    }
    return 0;
}
