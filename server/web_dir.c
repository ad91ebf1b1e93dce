/* The default page folder of nexus-server (see web_dir.h): found from the program's own path, never from the
 * current folder, so systemd (which starts services in /) and an operator's shell find the same page. */
#include "web_dir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int nx_default_web_dir(char *out, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || (size_t)n >= sizeof exe - 1)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';

    char joined[PATH_MAX + sizeof NEXUS_WEB_FROM_BINDIR + 1];
    int len = snprintf(joined, sizeof joined, "%s/%s", exe, NEXUS_WEB_FROM_BINDIR);
    if (len < 0 || (size_t)len >= sizeof joined)
        return -1;
    /* Canonical when it exists, so messages name /usr/share/nexus/web rather than /usr/bin/../share/…;
     * a missing folder keeps the joined path, which main.c's warning then names. */
    char canonical[PATH_MAX];
    const char *chosen = realpath(joined, canonical) ? canonical : joined;
    if (strlen(chosen) >= size)
        return -1;
    strcpy(out, chosen);
    return 0;
}
