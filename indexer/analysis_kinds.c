/* Section kinds: keyword rules over the normalised words of each heading of a section's path
 * (last heading first, then ancestors), with the body's content deciding when no heading does. */
#include "analysis.h"
#include "analysis_units.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PATH_SEPARATOR " \xE2\x80\xBA " /* " › ", as sections.c joins heading paths */
#define MAX_WORDS 32
#define MAX_HEADING 512
#define ROUTE_REACH 40

static const char *const kind_ids[KIND_COUNT] = {
    [KIND_OTHER] = "other",
    [KIND_OVERVIEW] = "overview",
    [KIND_FEATURES] = "features",
    [KIND_TECHNOLOGIES] = "technologies",
    [KIND_CONCEPTS] = "concepts",
    [KIND_CHALLENGES] = "challenges",
    [KIND_SOLUTIONS] = "solutions",
    [KIND_BEST_PRACTICES] = "best-practices",
    [KIND_SETUP] = "setup",
    [KIND_CONFIGURATION] = "configuration",
    [KIND_API] = "api",
    [KIND_STRUCTURE] = "structure",
    [KIND_DEPLOYMENT] = "deployment",
    [KIND_TESTING] = "testing",
    [KIND_COLLABORATION] = "collaboration",
    [KIND_BOILERPLATE] = "boilerplate",
    [KIND_ROADMAP] = "roadmap",
};

const char *analysis_kind_id(section_kind kind)
{
    return kind < KIND_COUNT ? kind_ids[kind] : "other";
}

section_kind analysis_kind_from_id(const char *id)
{
    for (int k = 0; id && k < KIND_COUNT; k++)
        if (strcmp(kind_ids[k], id) == 0)
            return (section_kind)k;
    return KIND_COUNT;
}

/* Patterns are words that must follow each other in the heading; a word
 * ending in '*' matches any word it begins. Rules are tried in this order,
 * so "Challenges & Solutions" is a challenge and "API Testing" is testing. */
typedef struct kind_rule {
    section_kind kind;
    const char *const *patterns;
} kind_rule;

static const char *const roadmap_words[] = {
    "future*", "roadmap*", "road map", "next step*", "to do", "todo*", "upcoming", "planned", "wishlist",
    "coming soon", "what s next", "potential improvement*", "possible improvement*", "further improvement*",
    "improvements to make", "extension idea*", "ideas for improvement*", "stretch goal*", "nice to have",
    /* A schedule of work to come ("3-Week Development Plan › Week 1 › Day 1-2: Setup"); "Project Planning and
     * Database Design" (a part of the programme) and "Plan B" (a fallback) are not plans of the learner's work. */
    "development plan*", "implementation plan*", "project plan", "project plans", "action plan*", "work plan*",
    "sprint plan*", "release plan*", NULL};
static const char *const problem_statement[] = {"problem statement", "problem definition", NULL};
static const char *const challenge_words[] = {
    "challeng*", "problem*", "difficult*", "obstacle*", "hurdle*", "pain point*", "struggle*", "issues faced",
    "issues encountered", "what went wrong", NULL};
static const char *const solution_words[] = {"solution*", "solved", "how i solved", "resolution*", "workaround*",
                                             NULL};
static const char *const practice_words[] = {
    "best practic*", "takeaway*", "take away*", "lesson*", "reflection*", "insight*", "tips", "good practic*",
    "principles", "personal growth", "conclusion*", "final thoughts", NULL};
static const char *const collaboration_words[] = {
    "collaborat*", "teamwork", "team work", "communication", "community", "discord", "pair programming",
    "working with", "team", NULL};
static const char *const testing_words[] = {"test", "tests", "testing", "tested", "coverage", "qa",
                                            "quality assurance", "unit test*", "pytest", "jest", NULL};
static const char *const deployment_words[] = {
    "deploy*", "hosting", "hosted", "production", "live demo", "live", "demo", "ci cd", "ci", "cicd",
    "continuous integration", "continuous deployment", "pipeline*", "release*", NULL};
static const char *const configuration_words[] = {
    "configur*", "config", "environment variable*", "env", "env variables", "env vars", "settings", "secrets",
    "dotenv", "environment config*", NULL};
static const char *const api_words[] = {
    "api", "apis", "endpoint*", "queries", "mutations", "example request*", "request*", "response*", "swagger",
    "routes", "graphql api", "rest api", "openapi", "error handling", "status codes", NULL};
static const char *const structure_words[] = {
    "structur*", "architectur*", "layout", "directory", "folder*", "tree", "schema", "database schema", "erd",
    "entity relationship*", "data model*", "models", "file organization", NULL};
static const char *const technology_words[] = {
    "tech", "technolog*", "stack", "tools", "tooling", "built with", "languages", "frameworks", "libraries",
    "tools used", "dependencies used", NULL};
static const char *const setup_words[] = {
    "install*", "setup", "set up", "setting up", "getting started", "get started", "quick start", "quickstart",
    "prerequisit*", "requirement*", "run", "running", "local development",
    "development setup", "development server", "clone", "migrat*", "virtual environment", "build", "building",
    "start", "scripts", "available scripts", "commands", "troubleshoot*", "local setup", NULL};
static const char *const concept_words[] = {
    "concept*", "learning*", "learned", "learnt", "what i learn*", "fundamental*", "theory", "knowledge",
    "skills", "key skills", NULL};
/* A contribution guide's parts: "Pull Request Process" is no API, "Feature Requests" no feature of the project.
 * Tried after the learning-journey kinds, so "Challenges › Merge conflicts in pull requests" stays a challenge. */
static const char *const contribution_words[] = {"pull request*", "feature request*", "bug report*",
                                                 "reporting bug*", "reporting issue*", NULL};
static const char *const feature_words[] = {"feature*", "functionalit*", "capabilit*", "what it does",
                                            "highlights", "modules", "user stories", "flow", "user journey*",
                                            NULL};
/* "Usage" is setup when it shows commands, else what a user can do. */
static const char *const usage_words[] = {"usage", "how to use", "app usage", NULL};
static const char *const overview_words[] = {
    "overview", "introduction", "intro", "about", "about the project", "description", "summary", "objective*",
    "goal*", "purpose", "background", "what is", "motivation", "vision", "context", "case study", NULL};
static const char *const boilerplate_words[] = {
    "licen*", "contribut*", "author*", "acknowledg*", "credit*", "contact*", "support", "code of conduct",
    "maintainer*", "thank*", "about me", "connect", "lets connect", "let s connect", "sponsor*", "table of contents", "contents", "toc",
    "learn more", "reference*", "resources", "links", "feedback", "show your support", "reach out",
    "useful links", "disclaimer", NULL};

static const kind_rule rules[] = {
    {KIND_OVERVIEW, problem_statement},   {KIND_CHALLENGES, challenge_words},
    {KIND_SOLUTIONS, solution_words},     {KIND_BEST_PRACTICES, practice_words},
    {KIND_COLLABORATION, collaboration_words}, {KIND_TESTING, testing_words},
    {KIND_DEPLOYMENT, deployment_words},  {KIND_CONFIGURATION, configuration_words},
    {KIND_BOILERPLATE, contribution_words}, {KIND_FEATURES, feature_words},       {KIND_API, api_words},
    {KIND_STRUCTURE, structure_words},    {KIND_TECHNOLOGIES, technology_words},
    {KIND_SETUP, setup_words},            {KIND_CONCEPTS, concept_words},
    {KIND_COUNT, usage_words},
    {KIND_OVERVIEW, overview_words},      {KIND_BOILERPLATE, boilerplate_words},
};

/* A heading as lowercase ASCII words; other bytes (emoji, punctuation,
 * numbering) separate words. "⚔️ Challenges & Solutions" → challenges, solutions. */
typedef struct heading_words {
    char text[MAX_HEADING + 1];
    const char *words[MAX_WORDS];
    size_t count;
} heading_words;

static void split_words(const char *heading, size_t len, heading_words *out)
{
    out->count = 0;
    if (len > MAX_HEADING)
        len = MAX_HEADING;
    size_t w = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)heading[i];
        if (isalpha(c)) {
            if (!in_word && out->count < MAX_WORDS)
                out->words[out->count++] = &out->text[w];
            in_word = true;
            out->text[w++] = (char)tolower(c);
            continue;
        }
        if (in_word)
            out->text[w++] = '\0';
        in_word = false;
    }
    out->text[w] = '\0';
}

static bool word_matches(const char *pattern, size_t plen, const char *word)
{
    if (plen && pattern[plen - 1] == '*')
        return strncmp(word, pattern, plen - 1) == 0;
    return strlen(word) == plen && strncmp(word, pattern, plen) == 0;
}

/* True when the pattern's words occur consecutively in the heading. */
static bool pattern_in(const char *pattern, const heading_words *h)
{
    for (size_t start = 0; start < h->count; start++) {
        if (h->words[start][0] != pattern[0])
            continue; /* cheap first-letter test: most starts fail here */
        const char *p = pattern;
        size_t i = start;
        bool ok = true;
        while (*p && ok) {
            size_t plen = strcspn(p, " ");
            ok = i < h->count && word_matches(p, plen, h->words[i]);
            i++;
            p += plen;
            p += *p == ' ';
        }
        if (ok)
            return true;
    }
    return false;
}

static bool any_pattern(const char *const *patterns, const heading_words *h)
{
    for (size_t i = 0; patterns[i]; i++)
        if (pattern_in(patterns[i], h))
            return true;
    return false;
}

static section_kind kind_of_heading(const heading_words *h)
{
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
        if (any_pattern(rules[r].patterns, h))
            return rules[r].kind;
    return KIND_OTHER;
}

/* The headings of a path, last first. */
typedef struct path_parts {
    const char *start[MAX_WORDS];
    size_t len[MAX_WORDS];
    size_t count;
} path_parts;

static void split_path(const char *path, path_parts *out)
{
    out->count = 0;
    const char *p = path;
    size_t sep = strlen(PATH_SEPARATOR);
    while (*p && out->count < MAX_WORDS) {
        const char *next = strstr(p, PATH_SEPARATOR);
        size_t len = next ? (size_t)(next - p) : strlen(p);
        out->start[out->count] = p;
        out->len[out->count++] = len;
        if (!next)
            break;
        p = next + sep;
    }
}

/* The line past its prompt and quote marks ("$ ", "> "), where a command starts. */
static const char *command_start(const char *line)
{
    while (*line == ' ' || *line == '\t' || *line == '$' || *line == '>')
        line++;
    return line;
}

static unsigned commands_at(const char *start)
{
    static const char *const commands[] = {"pip install", "pip3 install", "npm install", "npm i ", "npm run",
                                           "yarn ", "pnpm ", "git clone", "python manage.py", "python3 manage.py",
                                           "docker compose up", "docker-compose up", "source venv", "cd ", NULL};
    if (!strchr("pnygdsc", *start) || !*start)
        return 0; /* no command starts with another letter */
    unsigned found = 0;
    for (size_t i = 0; commands[i]; i++)
        found += commands[i][0] == *start && strncmp(start, commands[i], strlen(commands[i])) == 0;
    return found;
}

static unsigned routes_in(const char *line, size_t head)
{
    static const char *const routes[] = {"GET /", "POST /", "PUT /", "PATCH /", "DELETE /", NULL};
    if (!memchr(line, '/', head))
        return 0; /* every route has one */
    unsigned found = 0;
    for (size_t i = 0; routes[i]; i++)
        found += memmem(line, head, routes[i], strlen(routes[i])) != NULL;
    return found;
}

/* Looks at each line of the body for commands, HTTP routes and file trees. */
static section_kind kind_of_body(const char *body)
{
    unsigned command_lines = 0, route_lines = 0, tree_lines = 0;
    for (const char *line = body; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        command_lines += commands_at(command_start(line));
        size_t head = len < ROUTE_REACH ? len : ROUTE_REACH; /* "- `GET /api/…`": the route opens the line */
        route_lines += routes_in(line, head);
        tree_lines += memmem(line, len, "\xE2\x94\x9C\xE2\x94\x80", 6) != NULL; /* "├─" */
        line = end ? end + 1 : NULL;
    }
    if (tree_lines >= 2)
        return KIND_STRUCTURE;
    if (route_lines >= 2)
        return KIND_API;
    if (command_lines >= 1)
        return KIND_SETUP;
    return KIND_OTHER;
}

/* Learning-journey sections whose sub-headings name topics: under
 * "Challenges", "### 1. Debugging API errors" is a challenge, not API docs. */
static bool is_container(section_kind kind)
{
    return kind == KIND_CHALLENGES || kind == KIND_SOLUTIONS || kind == KIND_BEST_PRACTICES ||
           kind == KIND_CONCEPTS || kind == KIND_TECHNOLOGIES || kind == KIND_COLLABORATION;
}

/* A lone heading naming the project ("ALX Project Nexus — E-Commerce API") is
 * the README's title, whatever else its words say. */
static bool is_project_title(const heading_words *h)
{
    static const char *const title_words[] = {"nexus", "alx", "prodev", NULL};
    for (size_t i = 0; i < h->count; i++)
        for (size_t t = 0; title_words[t]; t++)
            if (strcmp(h->words[i], title_words[t]) == 0)
                return true;
    return false;
}

/* kind_of_body() computed at most once per section: a usage heading and the fallback may both ask. */
typedef struct body_kind {
    const char *body;
    section_kind kind;
    bool known;
} body_kind;

static section_kind body_kind_get(body_kind *b)
{
    if (!b->known) {
        b->kind = kind_of_body(b->body);
        b->known = true;
    }
    return b->kind;
}

section_kind analysis_classify_section(const char *heading_path, const char *body)
{
    path_parts parts;
    split_path(heading_path ? heading_path : "", &parts);
    heading_words words;
    body_kind by_body = {.body = body ? body : ""};
    for (size_t i = 0; i < parts.count; i++) { /* a roadmap covers its whole subtree */
        split_words(parts.start[i], parts.len[i], &words);
        if (any_pattern(roadmap_words, &words))
            return KIND_ROADMAP;
    }
    if (parts.count == 1 && is_project_title(&words))
        return KIND_OVERVIEW;
    section_kind nearest = KIND_OTHER;
    for (size_t i = parts.count; i-- > 0;) {
        split_words(parts.start[i], parts.len[i], &words);
        section_kind kind = kind_of_heading(&words);
        if (kind == KIND_COUNT)
            kind = body_kind_get(&by_body) == KIND_SETUP ? KIND_SETUP : KIND_FEATURES;
        /* The README's title names the project, so it may suggest a kind ("… API") but not
         * claim every section: "My ProDev Backend Learning Journal" must not make setup "concepts". */
        bool title = i == 0 && parts.count > 1 && is_project_title(&words);
        if (is_container(kind) && !title)
            return kind;
        if (title && is_container(kind))
            continue;
        if (nearest == KIND_OTHER)
            nearest = kind;
    }
    if (nearest != KIND_OTHER)
        return nearest;
    if (body_kind_get(&by_body) != KIND_OTHER)
        return by_body.kind;
    return parts.count <= 1 ? KIND_OVERVIEW : KIND_OTHER;
}

/* An open to-do list: at least two unchecked task items ("- [ ] Set up Redis"), none checked, the unchecked
 * ones at least half of the section's list items and at least as many as its paragraphs. Work still to do,
 * whatever the heading says ("Day 3-4: User Management", "Success Metrics"); a list with a checked item
 * ("- [x] JWT auth") records work done beside it, and a paragraph per item is prose. A list its heading calls a
 * checklist ("Production Checklist": "- [ ] Set DEBUG=False") is a procedure the reader ticks off each time, as
 * setup steps are, not work to come. */
#define OPEN_TASKS_MIN 2

static bool called_a_checklist(const char *heading_path)
{
    path_parts parts;
    split_path(heading_path ? heading_path : "", &parts);
    heading_words words;
    static const char *const checklist_words[] = {"checklist*", "check list*", NULL};
    for (size_t i = 0; i < parts.count; i++) {
        split_words(parts.start[i], parts.len[i], &words);
        if (any_pattern(checklist_words, &words))
            return true;
    }
    return false;
}

bool analysis_units_open_tasks(const char *heading_path, const md_units *units)
{
    if (called_a_checklist(heading_path))
        return false;
    size_t open = 0, done = 0, items = 0, paragraphs = 0;
    for (size_t i = 0; i < units->count; i++) {
        const md_unit *u = &units->items[i];
        items += u->type == UNIT_ITEM;
        paragraphs += u->type == UNIT_PARAGRAPH;
        open += u->type == UNIT_ITEM && u->task == TASK_OPEN;
        done += u->type == UNIT_ITEM && u->task == TASK_DONE;
    }
    return open >= OPEN_TASKS_MIN && done == 0 && 2 * open >= items && open >= paragraphs;
}

/* "Deployment Options › Option 2: Heroku", "Add Monitoring (Optional)", "Alternative: MySQL": what the
 * learner offers a reader, not what they did. The singular "option" is the numbered or lettered one
 * (digits are not words here); "Configuration Options" and "Filtering options" describe the learner's
 * own project and do not count. */
static const char *const offering_words[] = {
    "option", "optional", "alternative*", "deployment option*", "hosting option*", "deploy option*", NULL};

/* "Backend Deployment (Example with Heroku)", "AWS Deployment (Example)": a bracket saying the steps are an
 * example. "Example Endpoints" and "Usage Examples" show the learner's own project and do not count. */
static bool bracketed_example(const char *part, size_t len)
{
    static const char cue[] = "(example";
    for (size_t at = 0; at + sizeof cue - 1 <= len; at++)
        if (strncasecmp(part + at, cue, sizeof cue - 1) == 0)
            return true;
    return false;
}

bool analysis_heading_offers(const char *heading_path)
{
    path_parts parts;
    split_path(heading_path ? heading_path : "", &parts);
    heading_words words;
    for (size_t i = 0; i < parts.count; i++) {
        split_words(parts.start[i], parts.len[i], &words);
        if (any_pattern(offering_words, &words) || bracketed_example(parts.start[i], parts.len[i]))
            return true;
    }
    return false;
}
