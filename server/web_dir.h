/* Where nexus-server finds its page when --web is not given: beside its own installation, so an installed
 * server starts from any current folder and the build tree (laid out the same way) behaves alike. */
#ifndef NX_SERVER_WEB_DIR_H
#define NX_SERVER_WEB_DIR_H

#include <stddef.h>

/* The page's folder relative to the folder holding the nexus-server program, fixed at configure time from the
 * install layout (GNUInstallDirs: ../share/nexus/web for bin/). */
#ifndef NEXUS_WEB_FROM_BINDIR
#define NEXUS_WEB_FROM_BINDIR "../share/nexus/web"
#endif

/* Writes into out (size bytes) NEXUS_WEB_FROM_BINDIR read from the folder of the running program
 * (/proc/self/exe), made canonical when that folder exists. Returns 0, or -1 when the program's own path
 * cannot be read or the result does not fit; out is then unchanged. */
int nx_default_web_dir(char *out, size_t size);

#endif /* NX_SERVER_WEB_DIR_H */
