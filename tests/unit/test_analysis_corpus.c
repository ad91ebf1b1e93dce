/* Measures section kinds, technology detection and challenge extraction on the shared corpus
 * against labels written by reading 20 READMEs (tests/data/labels), and fails below the floors. */
#include "analysis.h"
#include "nx_taxonomy.h"
#include "sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SKIP 77 /* ctest SKIP_RETURN_CODE: no corpus here */

/* Floors, a little below the figures measured on these labels (kinds 0.987,
 * technology precision 0.911 and recall 0.917, challenge recall 1.000). The
 * rules were tuned on the whole corpus, these 20 READMEs included, so the
 * figures are optimistic for unseen text. Recall was 0.955 before the context
 * rules of rules version 7: the 4 pairs they lost here are all Git whose only
 * evidence is a `git clone` command (disabling that one rule brings all 4
 * back), which ../shared/JUDGING.md says is not Git coverage: these labels
 * predate that rule. */
#define MIN_KIND_ACCURACY 0.95
#define MIN_TECH_PRECISION 0.88
#define MIN_TECH_RECALL 0.90
#define MIN_CHALLENGE_RECALL 0.95

#define MAX_LINE 4096

typedef struct analysed_file {
    char learner[256];
    char path[512];
    md_sections sections;
    section_kind *kinds;
    bool loaded;
} analysed_file;

static const char *corpus;
static int verbose;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *grown = realloc(data, cap *= 2);
            if (!grown) {
                free(data);
                data = NULL;
            }
            data = grown;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

static bool analyse(analysed_file *file, const char *learner, const char *path)
{
    if (file->loaded && strcmp(file->learner, learner) == 0 && strcmp(file->path, path) == 0)
        return true;
    if (file->loaded) {
        md_sections_free(&file->sections);
        free(file->kinds);
    }
    *file = (analysed_file){0};
    snprintf(file->learner, sizeof file->learner, "%s", learner);
    snprintf(file->path, sizeof file->path, "%s", path);
    char full[2048];
    snprintf(full, sizeof full, "%s/repos/%s/files/%s", corpus, learner, path);
    size_t len;
    char *text = read_all(full, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", full);
        return false;
    }
    int rc = md_sections_split(text, len, NULL, &file->sections);
    free(text);
    if (rc != 0)
        return false;
    file->kinds = calloc(file->sections.count + 1, sizeof *file->kinds);
    for (size_t i = 0; i < file->sections.count; i++)
        file->kinds[i] = analysis_classify_section(file->sections.items[i].heading_path, file->sections.items[i].body);
    file->loaded = true;
    return true;
}

static void release(analysed_file *file)
{
    if (file->loaded) {
        md_sections_free(&file->sections);
        free(file->kinds);
    }
    *file = (analysed_file){0};
}

/* Splits a TAB-separated line in place; returns the field count. */
static size_t fields_of(char *line, char **fields, size_t max)
{
    line[strcspn(line, "\r\n")] = '\0';
    size_t n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static FILE *open_labels(const char *dir, const char *name)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fprintf(stderr, "cannot read %s\n", path);
    return f;
}

/* ---- Kinds ----------------------------------------------------------------- */

static bool measure_kinds(const char *dir, double *accuracy)
{
    FILE *f = open_labels(dir, "sections.tsv");
    if (!f)
        return false;
    analysed_file file = {0};
    char line[MAX_LINE];
    unsigned total = 0, right = 0;
    while (fgets(line, sizeof line, f)) {
        char *v[4];
        if (line[0] == '#' || fields_of(line, v, 4) != 4 || !analyse(&file, v[0], v[1]))
            continue;
        const char *anchor = strcmp(v[2], "-") == 0 ? "" : v[2];
        const md_section *found = NULL;
        size_t index = 0;
        for (size_t i = 0; i < file.sections.count && !found; i++)
            if (strcmp(file.sections.items[i].anchor, anchor) == 0)
                found = &file.sections.items[(index = i)];
        total++;
        const char *got = found ? analysis_kind_id(file.kinds[index]) : "(no such section)";
        if (strcmp(got, v[3]) == 0)
            right++;
        else if (verbose)
            printf("  kind %s %s #%s: expected %s, got %s\n", v[0], v[1], v[2], v[3], got);
    }
    fclose(f);
    release(&file);
    *accuracy = total ? (double)right / total : 0;
    printf("section kinds: %u/%u right, accuracy %.3f\n", right, total, *accuracy);
    return total > 0;
}

/* ---- Technologies ------------------------------------------------------------ */

static bool listed(const char *ids, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = ids; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, id, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static bool measure_technologies(const char *dir, const nx_taxonomy *tax, double *precision, double *recall)
{
    FILE *f = open_labels(dir, "technologies.tsv");
    if (!f)
        return false;
    analysed_file file = {0};
    char line[MAX_LINE];
    unsigned tp = 0, fp = 0, fn = 0;
    size_t count = nx_taxonomy_count(tax);
    bool *covered = calloc(count, sizeof *covered);
    while (covered && fgets(line, sizeof line, f)) {
        char *v[3];
        if (line[0] == '#' || fields_of(line, v, 3) != 3 || !analyse(&file, v[0], v[1]))
            continue;
        memset(covered, 0, count * sizeof *covered);
        for (size_t i = 0; i < file.sections.count; i++) {
            tech_mentions m;
            const md_section *s = &file.sections.items[i];
            if (analysis_detect_section(tax, s->markdown, strlen(s->markdown), file.kinds[i], &m) != 0)
                continue;
            for (size_t k = 0; k < m.count; k++)
                covered[m.items[k].tech] |= m.items[k].strength == TECH_COVERED;
            tech_mentions_free(&m);
        }
        const char *expected = strcmp(v[2], "-") == 0 ? "" : v[2];
        for (size_t t = 0; t < count; t++) {
            const char *id = nx_taxonomy_get(tax, t)->id;
            bool want = listed(expected, id);
            tp += covered[t] && want;
            fp += covered[t] && !want;
            fn += !covered[t] && want;
            if (verbose && covered[t] != want)
                printf("  tech %s: %s %s\n", v[0], covered[t] ? "unexpected" : "missed", id);
        }
        for (const char *p = expected; *p;) { /* a label naming no technology is a typo */
            size_t len = strcspn(p, ",");
            char id[128];
            snprintf(id, sizeof id, "%.*s", (int)len, p);
            if (nx_taxonomy_lookup(tax, id) < 0)
                printf("  label %s names unknown technology '%s'\n", v[0], id);
            p += len + (p[len] == ',');
        }
    }
    free(covered);
    fclose(f);
    release(&file);
    *precision = tp + fp ? (double)tp / (tp + fp) : 0;
    *recall = tp + fn ? (double)tp / (tp + fn) : 0;
    printf("technologies covered: %u right, %u wrong, %u missed; precision %.3f, recall %.3f\n", tp, fp, fn,
           *precision, *recall);
    return tp + fn > 0;
}

/* ---- Challenges --------------------------------------------------------------- */

static bool measure_challenges(const char *dir, double *recall)
{
    FILE *f = open_labels(dir, "challenges.tsv");
    if (!f)
        return false;
    analysed_file file = {0};
    char line[MAX_LINE];
    unsigned expected_total = 0, found_total = 0, matched = 0;
    while (fgets(line, sizeof line, f)) {
        char *v[3];
        if (line[0] == '#' || fields_of(line, v, 3) != 3 || !analyse(&file, v[0], v[1]))
            continue;
        challenge_pairs pairs;
        if (analysis_extract_challenges(&file.sections, &pairs) != 0)
            continue;
        unsigned expected = (unsigned)atoi(v[2]);
        unsigned found = (unsigned)pairs.count;
        expected_total += expected;
        found_total += found;
        matched += found < expected ? found : expected;
        if (verbose && found != expected)
            printf("  challenges %s: expected %u pairs, found %u\n", v[0], expected, found);
        if (verbose > 1)
            for (size_t i = 0; i < pairs.count; i++)
                printf("    [%s] => [%s]\n", pairs.items[i].challenge, pairs.items[i].solution);
        challenge_pairs_free(&pairs);
    }
    fclose(f);
    release(&file);
    *recall = expected_total ? (double)matched / expected_total : 0;
    printf("challenge pairs: %u expected, %u found, %u matched; recall %.3f\n", expected_total, found_total,
           matched, *recall);
    return expected_total > 0;
}

int main(int argc, char **argv)
{
    corpus = getenv("NEXUS_CORPUS");
    verbose = getenv("NEXUS_VERBOSE") ? atoi(getenv("NEXUS_VERBOSE")) : 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s LABELS_DIR (corpus in $NEXUS_CORPUS)\n", argv[0]);
        return 2;
    }
    char probe[2048];
    snprintf(probe, sizeof probe, "%s/manifest.tsv", corpus ? corpus : "");
    FILE *manifest = corpus ? fopen(probe, "r") : NULL;
    if (!manifest) {
        printf("skipped: no corpus at $NEXUS_CORPUS\n");
        return SKIP;
    }
    fclose(manifest);
    nx_taxonomy *tax;
    char *error;
    if (nx_taxonomy_load_default(&tax, &error) != 0) {
        fprintf(stderr, "%s\n", error);
        free(error);
        return 1;
    }
    double kinds = 0, precision = 0, recall = 0, challenges = 0;
    bool ok = measure_kinds(argv[1], &kinds) && measure_technologies(argv[1], tax, &precision, &recall) &&
              measure_challenges(argv[1], &challenges);
    nx_taxonomy_free(tax);
    if (!ok) {
        fprintf(stderr, "labels missing or unreadable\n");
        return 1;
    }
    bool pass = kinds >= MIN_KIND_ACCURACY && precision >= MIN_TECH_PRECISION && recall >= MIN_TECH_RECALL &&
                challenges >= MIN_CHALLENGE_RECALL;
    if (!pass)
        fprintf(stderr, "below the floors: kinds >= %.2f, precision >= %.2f, recall >= %.2f, challenges >= %.2f\n",
                MIN_KIND_ACCURACY, MIN_TECH_PRECISION, MIN_TECH_RECALL, MIN_CHALLENGE_RECALL);
    return pass ? 0 : 1;
}
