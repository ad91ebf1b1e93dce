/* The run lock (see lock.h): flock() decides who holds it, the pid inside says who that is.
 * The kernel releases a flock when its holder dies, so SIGKILL never leaves the index locked. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nx_text.h"

static pid_t read_pid(int fd)
{
    char text[32] = "";
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n <= 0) return 0;
    text[n] = '\0';
    long pid = strtol(text, NULL, 10);
    return pid > 0 ? (pid_t)pid : 0;
}

static int write_pid(int fd)
{
    char text[32];
    int len = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0) return -1;
    return pwrite(fd, text, (size_t)len, 0) == len ? 0 : -1;
}

/* True when `fd` is still the file at `path`: a run that finished unlinks the
 * file, and a lock on an unlinked file would guard nothing. */
static int still_linked(int fd, const char *path)
{
    struct stat held, named;
    return fstat(fd, &held) == 0 && stat(path, &named) == 0 && held.st_ino == named.st_ino &&
           held.st_dev == named.st_dev;
}

static lock_result fail_with(FILE *err, const char *what, const char *path)
{
    fprintf(err, "nexus-index: %s %s: %s\n", what, path, strerror(errno));
    return LOCK_ERROR;
}

/* One attempt; -1 in *fd_out means "try again" (the file was replaced meanwhile). */
static lock_result try_lock(run_lock *lock, pid_t *holder, FILE *err, int *again)
{
    *again = 0;
    int fd = open(lock->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail_with(err, "cannot create the lock file", lock->path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK;
        *holder = busy ? read_pid(fd) : 0;
        lock_result r = busy ? LOCK_BUSY : fail_with(err, "cannot lock", lock->path);
        close(fd);
        return r;
    }
    if (!still_linked(fd, lock->path)) {
        close(fd);
        *again = 1;
        return LOCK_ERROR;
    }
    pid_t previous = read_pid(fd);
    if (previous && previous != getpid())
        fprintf(err, "nexus-index: taking over the lock left by pid %ld, which is no longer running (%s)\n",
                (long)previous, kill(previous, 0) == 0 ? "that pid is now another process" : "stale lock");
    if (write_pid(fd) != 0) {
        close(fd);
        return fail_with(err, "cannot write the pid into", lock->path);
    }
    lock->fd = fd;
    return LOCK_ACQUIRED;
}

lock_result run_lock_acquire(run_lock *lock, const char *index_dir, pid_t *holder, FILE *err)
{
    *lock = (run_lock){.fd = -1};
    *holder = 0;
    nx_buf path = {0};
    nx_buf_append_str(&path, index_dir);
    nx_buf_append_str(&path, "/nexus-index.lock");
    lock->path = nx_buf_take(&path);
    if (!lock->path) {
        fprintf(err, "nexus-index: out of memory\n");
        return LOCK_ERROR;
    }
    for (int attempt = 0; attempt < 10; attempt++) {
        int again = 0;
        lock_result r = try_lock(lock, holder, err, &again);
        if (!again) return r;
    }
    fprintf(err, "nexus-index: %s keeps being replaced; is another run starting and stopping?\n", lock->path);
    return LOCK_ERROR;
}

void run_lock_release(run_lock *lock)
{
    if (lock->fd >= 0) {
        /* Unlink while still holding the lock, so a waiting run re-checks and locks the new file. */
        unlink(lock->path);
        close(lock->fd);
    }
    free(lock->path);
    *lock = (run_lock){.fd = -1};
}
