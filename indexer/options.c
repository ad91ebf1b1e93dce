/* Parses nexus-index's command line with getopt_long and prepares the folders it names.
 * Usage errors print a one-line reason and the usage; --help explains everything, cohort format included. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cohort.h"

static const char USAGE[] =
    "Usage: nexus-index --cohort FILE --cache DIR --index DIR [OPTION]...\n";

static const char HELP[] =
    "Indexes the Markdown files of every learner's git repository into a Nexus search index.\n"
    "\n"
    "  --cohort FILE         the cohort file: which learners, where their repositories are (required)\n"
    "  --cache DIR           folder of bare git mirrors, one per learner, kept between runs (required)\n"
    "  --index DIR           the search index (a Xapian database) to create or update (required)\n"
    "  --url-template T      url of learners listed without one; {learner} is replaced by the name\n"
    "                        (default " COHORT_DEFAULT_URL_TEMPLATE ")\n"
    "  --max-file-bytes N    skip Markdown files larger than N bytes (default 1048576)\n"
    "  --jobs N              fetch N repositories at a time while N workers analyse those fetched\n"
    "                        (default 4, at most 64); the index is written in cohort order, so N never\n"
    "                        changes the result\n"
    "  --shards N            write the index as N shards, INDEX/gen-K/shard-0 ... shard-(N-1), each by its\n"
    "                        own thread; a learner's shard is a stable hash of its name (default 1, at most\n"
    "                        16). Searches answer the same whatever N is. Changing N rebuilds the index\n"
    "  --timeout SECONDS     give up on a repository whose fetch takes longer (default 300; 0 = never);\n"
    "                        it is reported as failed and keeps its documents\n"
    "  --report FILE         write a JSON report of the run to FILE (replaced atomically)\n"
    "  --fail-on-errors      exit with status 4 when any repository failed\n"
    "  --remote-stub HOST:PORT,HOST:PORT,...\n"
    "                        index nothing: print the stub file a front server is given as --index STUB to\n"
    "                        search the shards of INDEX served by xapian-tcpsrv, the K-th address serving\n"
    "                        INDEX/gen-K/shard-K (one per shard, or exit 2), and write INDEX/gen-K/words,\n"
    "                        the merged spelling and synonyms the stub names (Xapian reads neither remotely)\n"
    "  --max-sections-per-file N\n"
    "                        split a file into at most N sections; later headings stay in the\n"
    "                        last section's text (default 2000)\n"
    "  --max-repo-files N    index at most N Markdown files per repository, README first (default 1000)\n"
    "  --max-repo-bytes N    index at most N bytes of Markdown per repository (default 33554432)\n"
    "  --max-fetch-bytes N   abandon a clone or fetch that receives more than N bytes (default 536870912)\n"
    "  --help                show this help\n"
    "\n"
    "The cohort file has one learner a line, fields separated by tabs:\n"
    "  learner<TAB>url<TAB>cohort\n"
    "learner is the GitHub login; url is https://... or a local path to a git repository (relative paths\n"
    "are read from the cohort file's folder) and may be left out to use the url template; cohort is an\n"
    "optional label. Lines starting with # and blank lines are ignored, and so is a first line whose first\n"
    "field is 'learner' (a header). Malformed lines are reported as FILE:LINE and skipped; a learner listed\n"
    "twice stops the run.\n"
    "\n"
    "Every run fetches every mirror, then re-indexes only the repositories whose HEAD commit (or the\n"
    "indexer's extraction rules) changed since they were indexed; each learner's documents are replaced\n"
    "in one transaction, so searches see the old set or the new one, never half. Learners no longer in\n"
    "the cohort file lose their documents. A repository that cannot be fetched (network error, deleted,\n"
    "empty, timed out) is reported and keeps its last good documents; a mirror found corrupt is cloned\n"
    "afresh. A running nexus-server picks the changes up without a restart.\n"
    "\n"
    "When there is no index yet, or it was built with another schema, shard count or extraction rules,\n"
    "the whole index is rebuilt beside the one being served (INDEX/gen-K+1) and replaces it in one step\n"
    "(INDEX/XAPIANDB names the shards served) once complete; until then, and if the run fails or is\n"
    "killed, the old index keeps being served.\n"
    "\n"
    "Only one run at a time: the run holds INDEX/nexus-index.lock (with its pid); a lock left by a run\n"
    "that died is taken over. Killing a run at any moment loses only the learner being written.\n"
    "\n"
    "Private repositories: when a server asks for credentials, the token in NEXUS_GIT_TOKEN is offered\n"
    "as the password (user NEXUS_GIT_USER, default x-access-token); without it, `git credential fill`\n"
    "(git's configured credential helper, never a prompt). Credentials and user:password@ parts of urls\n"
    "are never logged, reported, indexed or written to a mirror's config.\n"
    "\n"
    "Output: on a terminal, a progress bar on stderr; otherwise one line per repository. The last line\n"
    "on stdout sums the run up. The report (--report) is JSON: format, started_at, ended_at (UTC ISO\n"
    "8601, and *_unix seconds), duration_seconds, jobs, rules, exit_code, totals {repos, indexed,\n"
    "unchanged, failed, removed, sections}, removed [learners], and repos: one object per cohort line\n"
    "with learner, url, status (indexed|unchanged|failed), action (cloned|fetched|recloned|null), commit,\n"
    "commit_date, previous_commit, sections, duration_seconds, fetch_seconds, error, note.\n"
    "\n"
    "Repository contents are untrusted: symlinks, submodules, binary files and vendored folders are\n"
    "skipped, invalid UTF-8 is repaired, words longer than 64 bytes are not indexed, and the limits\n"
    "above bound the work of each repository. What a limit left out is noted on the repository's line\n"
    "and in its report note.\n"
    "Cohort urls may only be https:// urls or local paths: file://, ssh://, git://, http://,\n"
    "host:path addresses and values starting with '-' are refused.\n"
    "\n"
    "Exit status: 0 when the job was done (even if some repositories failed), 1 when it could not be done\n"
    "(cohort file unreadable or with a duplicate learner, index not writable, every repository failed),\n"
    "2 for usage errors, 3 when another run holds the index, 4 with --fail-on-errors when any repository\n"
    "failed.\n";

enum {
    OPT_COHORT = 256,
    OPT_CACHE,
    OPT_INDEX,
    OPT_URL_TEMPLATE,
    OPT_MAX_FILE_BYTES,
    OPT_JOBS,
    OPT_SHARDS,
    OPT_TIMEOUT,
    OPT_REPORT,
    OPT_FAIL_ON_ERRORS,
    OPT_MAX_SECTIONS,
    OPT_MAX_REPO_FILES,
    OPT_MAX_REPO_BYTES,
    OPT_MAX_FETCH_BYTES,
    OPT_HELP,
    OPT_REMOTE_STUB
};

static const struct option LONG_OPTIONS[] = {
    {"cohort", required_argument, NULL, OPT_COHORT},
    {"cache", required_argument, NULL, OPT_CACHE},
    {"index", required_argument, NULL, OPT_INDEX},
    {"url-template", required_argument, NULL, OPT_URL_TEMPLATE},
    {"max-file-bytes", required_argument, NULL, OPT_MAX_FILE_BYTES},
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"report", required_argument, NULL, OPT_REPORT},
    {"fail-on-errors", no_argument, NULL, OPT_FAIL_ON_ERRORS},
    {"help", no_argument, NULL, OPT_HELP},
    {"remote-stub", required_argument, NULL, OPT_REMOTE_STUB},
    {"max-sections-per-file", required_argument, NULL, OPT_MAX_SECTIONS},
    {"max-repo-files", required_argument, NULL, OPT_MAX_REPO_FILES},
    {"max-repo-bytes", required_argument, NULL, OPT_MAX_REPO_BYTES},
    {"max-fetch-bytes", required_argument, NULL, OPT_MAX_FETCH_BYTES},
    {NULL, 0, NULL, 0},
};

static options_result usage_error(FILE *err, const char *what, const char *detail)
{
    fprintf(err, "nexus-index: %s%s\n%sTry 'nexus-index --help' for every option.\n", what, detail ? detail : "",
            USAGE);
    return OPTIONS_USAGE;
}

static int parse_size(const char *text, size_t *out)
{
    if (!text[0] || text[0] == '-') return -1;
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno || *end || value == 0 || value > SIZE_MAX) return -1;
    *out = (size_t)value;
    return 0;
}

/* A whole number in [min, max]. */
static int parse_unsigned(const char *text, unsigned min, unsigned max, unsigned *out)
{
    if (!text[0] || text[0] == '-') return -1;
    char *end;
    errno = 0;
    unsigned long value = strtoul(text, &end, 10);
    if (errno || *end || value < min || value > max) return -1;
    *out = (unsigned)value;
    return 0;
}

/* One of the --max-* options other than --max-file-bytes into its field. */
static int parse_limit(int opt, const char *text, index_config *cfg)
{
    size_t *field = opt == OPT_MAX_SECTIONS     ? &cfg->max_sections_per_file
                    : opt == OPT_MAX_REPO_FILES ? &cfg->max_repo_files
                    : opt == OPT_MAX_REPO_BYTES ? &cfg->max_repo_bytes
                                                : &cfg->max_fetch_bytes;
    return parse_size(text, field);
}

static options_result check_required(const index_config *cfg, FILE *err)
{
    if (cfg->remote_stub) /* prints a stub of the index as it is: no cohort is read */
        return cfg->index_dir && cfg->index_dir[0] ? OPTIONS_RUN : usage_error(err, "--index DIR is required", NULL);
    if (!cfg->cohort_path || !cfg->cohort_path[0]) return usage_error(err, "--cohort FILE is required", NULL);
    if (!cfg->cache_dir || !cfg->cache_dir[0]) return usage_error(err, "--cache DIR is required", NULL);
    if (!cfg->index_dir || !cfg->index_dir[0]) return usage_error(err, "--index DIR is required", NULL);
    if (cfg->report_path && !cfg->report_path[0]) return usage_error(err, "--report needs a file name", NULL);
    if (cfg->url_template && !strstr(cfg->url_template, "{learner}"))
        return usage_error(err, "--url-template must contain {learner}: ", cfg->url_template);
    return OPTIONS_RUN;
}

options_result options_parse(int argc, char **argv, index_config *cfg, FILE *out, FILE *err)
{
    *cfg = (index_config){
        .max_file_bytes = INDEX_DEFAULT_MAX_FILE_BYTES,
        .jobs = INDEX_DEFAULT_JOBS,
        .shards = INDEX_DEFAULT_SHARDS,
        .timeout_s = INDEX_DEFAULT_TIMEOUT_S,
        .max_sections_per_file = INDEX_DEFAULT_MAX_SECTIONS_PER_FILE,
        .max_repo_files = INDEX_DEFAULT_MAX_REPO_FILES,
        .max_repo_bytes = INDEX_DEFAULT_MAX_REPO_BYTES,
        .max_fetch_bytes = INDEX_DEFAULT_MAX_FETCH_BYTES,
    };
    opterr = 0; /* our messages, not getopt's */
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, ":", LONG_OPTIONS, NULL)) != -1) {
        switch (opt) {
        case OPT_COHORT: cfg->cohort_path = optarg; break;
        case OPT_CACHE: cfg->cache_dir = optarg; break;
        case OPT_INDEX: cfg->index_dir = optarg; break;
        case OPT_URL_TEMPLATE: cfg->url_template = optarg; break;
        case OPT_MAX_FILE_BYTES:
            if (parse_size(optarg, &cfg->max_file_bytes) != 0)
                return usage_error(err, "--max-file-bytes needs a positive number of bytes, not ", optarg);
            break;
        case OPT_JOBS:
            if (parse_unsigned(optarg, 1, INDEX_MAX_JOBS, &cfg->jobs) != 0)
                return usage_error(err, "--jobs needs a number from 1 to 64, not ", optarg);
            break;
        case OPT_SHARDS:
            if (parse_unsigned(optarg, 1, INDEX_MAX_SHARDS, &cfg->shards) != 0)
                return usage_error(err, "--shards needs a number from 1 to 16, not ", optarg);
            break;
        case OPT_TIMEOUT:
            if (parse_unsigned(optarg, 0, 86400, &cfg->timeout_s) != 0)
                return usage_error(err, "--timeout needs a number of seconds from 0 to 86400, not ", optarg);
            break;
        case OPT_REPORT: cfg->report_path = optarg; break;
        case OPT_FAIL_ON_ERRORS: cfg->fail_on_errors = 1; break;
        case OPT_REMOTE_STUB: cfg->remote_stub = optarg; break;
        case OPT_MAX_SECTIONS:
        case OPT_MAX_REPO_FILES:
        case OPT_MAX_REPO_BYTES:
        case OPT_MAX_FETCH_BYTES:
            if (parse_limit(opt, optarg, cfg) != 0)
                return usage_error(err, "limits need a positive whole number, not ", optarg);
            break;
        case OPT_HELP:
            fprintf(out, "%s\n%s", USAGE, HELP);
            return OPTIONS_HELP;
        case ':': return usage_error(err, "missing value for ", argv[optind - 1]);
        default: return usage_error(err, "unknown option ", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error(err, "unexpected argument ", argv[optind]);
    return check_required(cfg, err);
}

/* mkdir -p: every missing folder along `path`. */
static int make_dir_path(const char *path)
{
    char *copy = strdup(path);
    if (!copy) return -1;
    int rc = 0;
    for (char *p = copy + 1; rc == 0; p++) {
        if (*p != '/' && *p != '\0') continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) rc = -1;
        *p = saved;
        if (saved == '\0') break;
    }
    free(copy);
    struct stat st;
    if (rc != 0 || stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int options_make_dirs(const index_config *cfg, FILE *err)
{
    const char *dirs[] = {cfg->cache_dir, cfg->index_dir};
    for (size_t i = 0; i < 2; i++) {
        if (make_dir_path(dirs[i]) != 0) {
            fprintf(err, "nexus-index: cannot create %s: %s\n", dirs[i], strerror(errno));
            return -1;
        }
    }
    return 0;
}
