/* Progress output (see progress.h). The bar is redrawn in place with a carriage return and an
 * erase-line escape; it is only ever drawn on a terminal, so logs never see escape codes. */
#include "progress.h"

#include <string.h>

#define BAR_WIDTH 24

static double elapsed(const progress *p)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

static void clear_bar(progress *p)
{
    if (!p->drawn) return;
    fputs("\r\033[K", p->out);
    p->drawn = false;
}

static void draw_bar(progress *p, const char *current)
{
    char bar[BAR_WIDTH + 1];
    size_t filled = p->total ? p->done * BAR_WIDTH / p->total : BAR_WIDTH;
    for (size_t i = 0; i < BAR_WIDTH; i++) bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    double seconds = elapsed(p);
    fprintf(p->out, "\r\033[K%s [%s] %zu/%zu %.1f repos/s %.40s", p->phase, bar, p->done, p->total,
            seconds > 0 ? (double)p->done / seconds : 0.0, current ? current : "");
    fflush(p->out);
    p->drawn = true;
}

void progress_start(progress *p, FILE *out, bool bar, const char *phase, size_t total)
{
    *p = (progress){.out = out, .bar = bar, .phase = phase, .total = total};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    if (p->bar && total) draw_bar(p, "");
}

void progress_item(progress *p, const char *current, const char *line, bool important)
{
    p->done++;
    if (!p->bar) {
        fprintf(p->out, "nexus-index: %s\n", line);
        fflush(p->out);
        return;
    }
    if (important) {
        clear_bar(p);
        fprintf(p->out, "nexus-index: %s\n", line);
    }
    draw_bar(p, current);
}

void progress_note(progress *p, const char *line)
{
    clear_bar(p);
    fprintf(p->out, "nexus-index: %s\n", line);
    fflush(p->out);
}

void progress_finish(progress *p)
{
    clear_bar(p);
    fflush(p->out);
}
