/* See glob_filter.h. */
#include "glob_filter.h"

#include <string.h>
#include <strings.h>

/* A byte that is plain in a glob and compares as strncasecmp() does: anything but a wildcard, a bracket or
 * an escape, and ASCII only (fnmatch() folds case by the locale, which may differ beyond ASCII). */
static bool plain(char c)
{
    return (unsigned char)c < 0x80 && c != '*' && c != '?' && c != '[' && c != ']' && c != '\\';
}

bool glob_cannot_match(const char *glob, size_t glob_len, const char *subject)
{
    size_t head = 0, tail = 0, subject_len = strlen(subject);
    while (tail < glob_len && plain(glob[glob_len - 1 - tail])) tail++;
    if (tail > subject_len || strncasecmp(glob + glob_len - tail, subject + subject_len - tail, tail) != 0)
        return true;
    if (memchr(glob, '/', glob_len)) /* matched against the path's end at any folder: no fixed start */
        return false;
    while (head < glob_len && plain(glob[head])) head++;
    return head > subject_len || strncasecmp(glob, subject, head) != 0;
}
