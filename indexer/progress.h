/* Progress of a run on stderr: on a terminal a bar (done/total, current repository, rate) that
 * keeps failures visible above it; otherwise (cron, systemd) one plain log line per repository. */
#ifndef NX_PROGRESS_H
#define NX_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

typedef struct progress {
    FILE *out;            /* borrowed */
    bool bar;             /* draw a bar (out is a terminal) */
    const char *phase;    /* static: "fetch", "index" */
    size_t total, done;
    struct timespec start;
    bool drawn;           /* a bar is on the current line */
} progress;

/* Starts a phase of `total` items. `bar` is usually isatty(fileno(out)). */
void progress_start(progress *p, FILE *out, bool bar, const char *phase, size_t total);

/* One item finished: `line` (without "nexus-index: " and newline) is logged;
 * on a terminal only `important` lines are kept above the bar. */
void progress_item(progress *p, const char *current, const char *line, bool important);

/* A message outside the counted items (always shown). */
void progress_note(progress *p, const char *line);

/* Clears the bar so ordinary output can follow. */
void progress_finish(progress *p);

#endif /* NX_PROGRESS_H */
