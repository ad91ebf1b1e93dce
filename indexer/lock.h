/* The run lock: <index>/nexus-index.lock, held with flock() for the whole run, holding the pid.
 * Two runs never write at once; a lock left by a killed run is taken over (the kernel drops flocks). */
#ifndef NX_LOCK_H
#define NX_LOCK_H

#include <stdio.h>
#include <sys/types.h>

typedef enum lock_result {
    LOCK_ACQUIRED, /* this run holds the lock */
    LOCK_BUSY,     /* another live run holds it; *holder is its pid (0 if unknown) */
    LOCK_ERROR,    /* the lock file cannot be created or locked; a message went to `err` */
} lock_result;

typedef struct run_lock {
    int fd;       /* owned; -1 when not held */
    char *path;   /* owned */
} run_lock;

/* Takes the lock of the index in `index_dir`. A file left behind by a dead
 * run (its pid no longer running) is taken over, saying so on `err`. */
lock_result run_lock_acquire(run_lock *lock, const char *index_dir, pid_t *holder, FILE *err);

/* Removes the lock file and releases the lock. Safe on a lock not held. */
void run_lock_release(run_lock *lock);

#endif /* NX_LOCK_H */
