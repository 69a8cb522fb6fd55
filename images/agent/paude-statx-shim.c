/*
 * paude-statx-shim: a compatibility shim for gVisor 20221219 (Debian's runsc, `paude run --runtime runsc`), loaded
 * into every dynamically linked program of the agent image through /etc/ld.so.preload.
 *
 * That gVisor's statx() refuses the flag AT_NO_AUTOMOUNT with EINVAL, and Debian 12's coreutils pass it: under runsc
 * `ls /` says "cannot access '/': Invalid argument". This statx() makes the call as asked and, only when it failed
 * with EINVAL and AT_NO_AUTOMOUNT was set, once more without that flag (which changes nothing in a container: no
 * automount point is there to trigger). Under runc the kernel never fails so, and the shim does nothing.
 *
 * It is not a security measure: the agent can bypass it (static programs, raw system calls, unsetting nothing but
 * its own convenience), and nothing relies on it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int statx(int dirfd, const char *restrict path, int flags, unsigned int mask, struct statx *restrict buf) {
    long r = syscall(SYS_statx, dirfd, path, flags, mask, buf);
    if (r < 0 && errno == EINVAL && (flags & AT_NO_AUTOMOUNT))
        r = syscall(SYS_statx, dirfd, path, flags & ~AT_NO_AUTOMOUNT, mask, buf);
    return (int)r;
}
