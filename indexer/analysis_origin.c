/* Whose writing a Markdown file is: assistant rule files and test snapshots by path, generator
 * READMEs and copied programme briefs by their telltale text and how much of the file it makes up. */
#include "analysis.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PATH_SEPARATOR " \xE2\x80\xBA "
#define TEMPLATE_OWN_PERCENT 40 /* a template README with less of the learner's own text stays a template */
#define BRIEF_MIN_MARKERS 4
#define BRIEF_PERCENT 50        /* a brief when the brief's sections are at least this much of the file */

const char *analysis_origin_id(file_origin origin)
{
    switch (origin) {
    case FILE_TEMPLATE:
        return "template";
    case FILE_GENERATED:
        return "generated";
    case FILE_BRIEF:
        return "brief";
    default:
        return "own";
    }
}

/* ---- Generated files, by path ------------------------------------------- */

static bool generated_path(const char *path)
{
    static const char *const globs[] = {
        "AGENTS.md", "CLAUDE.md", "GEMINI.md", "CONVENTIONS.md", ".cursorrules", ".windsurfrules",
        ".clinerules", "copilot-instructions.md", "error-context.md", "*.instructions.md", "*.prompt.md", NULL};
    static const char *const folders[] = {".cursor/", ".github/copilot", ".github/instructions/", ".github/prompts/",
                                          ".windsurf/", ".clinerules/", ".kiro/", ".claude/", ".gemini/",
                                          "test-results/", "playwright-report/", ".aider", NULL};
    const char *slash = strrchr(path, '/');
    const char *file = slash ? slash + 1 : path;
    for (size_t i = 0; globs[i]; i++)
        if (fnmatch(globs[i], file, FNM_CASEFOLD) == 0)
            return true;
    for (size_t i = 0; folders[i]; i++) {
        const char *hit = strcasestr(path, folders[i]);
        if (hit && (hit == path || hit[-1] == '/'))
            return true;
    }
    return false;
}

/* ---- Measuring a file by its sections ----------------------------------- */

static bool contains(const char *text, size_t len, const char *needle)
{
    return memmem(text, len, needle, strlen(needle)) != NULL;
}

/* Lowercase ASCII letters, digits and single spaces: "## 🚀 Getting Started" → "getting started". */
static void normalise(const char *heading, char *out, size_t size)
{
    size_t w = 0;
    bool space = false;
    for (const char *c = heading; *c && w + 1 < size; c++) {
        if (isalnum((unsigned char)*c)) {
            if (space && w)
                out[w++] = ' ';
            space = false;
            if (w + 1 < size)
                out[w++] = (char)tolower((unsigned char)*c);
        } else {
            space = true;
        }
    }
    out[w] = '\0';
}

static bool in_list(const char *normalised, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(normalised, list[i]) == 0)
            return true;
    return false;
}

/* Bytes of the file's sections whose heading (or, when `inherit`, an
 * ancestor's heading) is in `headings`, and the file's total. */
static bool has_telltale(const char *text, size_t len);

static void measure(const md_sections *sections, const char *const *headings, bool inherit, size_t *matched,
                    size_t *total)
{
    *matched = *total = 0;
    char normalised[256];
    for (size_t i = 0; i < sections->count; i++) {
        const md_section *s = &sections->items[i];
        size_t bytes = strlen(s->markdown);
        *total += bytes;
        bool hit = false;
        if (inherit) {
            const char *p = s->heading_path;
            while (p && *p && !hit) {
                const char *next = strstr(p, PATH_SEPARATOR);
                size_t len = next ? (size_t)(next - p) : strlen(p);
                char part[256];
                size_t n = len < sizeof part ? len : sizeof part - 1;
                memcpy(part, p, n);
                part[n] = '\0';
                normalise(part, normalised, sizeof normalised);
                hit = in_list(normalised, headings);
                p = next ? next + strlen(PATH_SEPARATOR) : NULL;
            }
        } else {
            normalise(s->heading, normalised, sizeof normalised);
            hit = in_list(normalised, headings);
        }
        if (hit && s->level == 0 && !inherit)
            hit = has_telltale(s->markdown, bytes); /* text before the first heading may be the learner's */
        if (hit)
            *matched += bytes;
    }
}

/* ---- Generator READMEs ---------------------------------------------------- */

static const char *const template_telltales[] = {
    "bootstrapped with [`create-next-app`]",
    "bootstrapped with [Create React App]",
    "This template provides a minimal setup to get React working in Vite",
    "This is an [Expo](https://expo.dev) project created with",
    "generated with [cookiecutter",
    "Built with [Cookiecutter",
    "This project was generated with [Angular CLI]",
    "This template should help get you started developing with Vue 3 in Vite",
    NULL};

/* Headings the generators write ("" is the text before the first heading). */
static const char *const template_headings[] = {
    "", "getting started", "learn more", "deploy on vercel", "available scripts", "npm start", "npm test",
    "npm run build", "npm run eject", "code splitting", "analyzing the bundle size",
    "making a progressive web app", "advanced configuration", "deployment", "npm run build fails to minify",
    "react vite", "react typescript vite", "expanding the eslint configuration", "react compiler",
    "get started", "get a fresh project", "join the community", "getting started with create react app",
    "development server", "code scaffolding", "building", "running unit tests", "running end to end tests",
    "additional resources", "recommended ide setup", NULL};

static bool has_telltale(const char *text, size_t len)
{
    for (size_t i = 0; template_telltales[i]; i++)
        if (contains(text, len, template_telltales[i]))
            return true;
    return false;
}

static bool is_template(const md_sections *sections, const char *text, size_t len)
{
    if (!has_telltale(text, len))
        return false;
    size_t generated, total;
    measure(sections, template_headings, false, &generated, &total);
    size_t own = total - generated;
    return own * 100 < total * TEMPLATE_OWN_PERCENT;
}

/* ---- Programme briefs ------------------------------------------------------ */

/* Headings and sentences of the programme's project briefs, which some
 * learners paste into their README unchanged. */
static const char *const brief_marker_headings[] = {
    "real world application", "implementation process", "git commit workflow", "submission details",
    "evaluation criteria", "project goals", "resources to help learners succeed", NULL};
static const char *const brief_sentences[] = {
    "This case study focuses on", "Developers gain experience with", "By completing this project, you will",
    "The primary objectives of", "Project Nexus is your chance", "may your code be bug-free",
    "learners should explore", "This project simulates", NULL};
static const char *const brief_headings[] = {
    "real world application", "implementation process", "git commit workflow", "submission details",
    "evaluation criteria", "project goals", "overview", "technologies used", "key features", "initial setup",
    "feature development", "optimization", "documentation", "bug fixes", "ui enhancements", "functionality",
    "code quality", "performance", "user experience", "version control", "resources to help learners succeed",
    "project objectives", "objectives of project nexus", "understanding project nexus", "about the project",
    NULL};

static unsigned brief_markers(const md_sections *sections, const char *text, size_t len)
{
    unsigned markers = 0;
    for (size_t i = 0; brief_sentences[i]; i++)
        markers += contains(text, len, brief_sentences[i]);
    char normalised[256];
    for (size_t i = 0; i < sections->count; i++) {
        normalise(sections->items[i].heading, normalised, sizeof normalised);
        markers += in_list(normalised, brief_marker_headings);
    }
    return markers;
}

static bool is_brief(const md_sections *sections, const char *text, size_t len)
{
    if (brief_markers(sections, text, len) < BRIEF_MIN_MARKERS)
        return false;
    size_t brief, total;
    measure(sections, brief_headings, true, &brief, &total);
    return brief * 100 >= total * BRIEF_PERCENT;
}

static file_origin origin_of_split(const md_sections *sections, const char *text, size_t len)
{
    if (is_template(sections, text, len))
        return FILE_TEMPLATE;
    if (is_brief(sections, text, len))
        return FILE_BRIEF;
    return FILE_OWN;
}

file_origin analysis_file_origin(const char *path, const char *text, size_t len)
{
    if (path && generated_path(path))
        return FILE_GENERATED;
    if (!text || !len)
        return FILE_OWN;
    md_sections sections;
    if (md_sections_split(text, len, NULL, &sections) != 0)
        return FILE_OWN; /* out of memory: the benefit of the doubt */
    file_origin origin = origin_of_split(&sections, text, len);
    md_sections_free(&sections);
    return origin;
}

file_origin analysis_file_origin_of(const char *path, const char *text, size_t len, const md_sections *sections)
{
    if (path && generated_path(path))
        return FILE_GENERATED;
    if (!text || !len)
        return FILE_OWN;
    return origin_of_split(sections, text, len);
}
