/* nexus-index: indexes the Markdown files of a cohort's git repositories into the Nexus search index.
 * See `nexus-index --help`; the work happens in run.c. */
#include <git2.h>
#include <signal.h>
#include <stdio.h>

#include "nx_index.h"
#include "options.h"
#include "remote_stub.h"
#include "run.h"

int main(int argc, char **argv)
{
    index_config cfg;
    switch (options_parse(argc, argv, &cfg, stdout, stderr)) {
    case OPTIONS_HELP: return 0;
    case OPTIONS_USAGE: return 2;
    case OPTIONS_RUN: break;
    }
    if (cfg.remote_stub) return remote_stub_print(cfg.index_dir, cfg.remote_stub, stdout, stderr);
    if (options_make_dirs(&cfg, stderr) != 0) return 1;
    /* A credential helper that exits early must not kill the run through a broken pipe. */
    signal(SIGPIPE, SIG_IGN);
    nx_writer_tune_process(); /* before libgit2 or any thread: it sets the environment */
    if (git_libgit2_init() < 0) {
        const git_error *e = git_error_last();
        fprintf(stderr, "nexus-index: cannot start libgit2: %s\n", e ? e->message : "unknown error");
        return 1;
    }
    int status = run_index(&cfg, stdout, stderr);
    git_libgit2_shutdown();
    return status;
}
