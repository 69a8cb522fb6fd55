/*
 * paude-recorder: the command audit of a paude sandbox (task 8).
 *
 *   paude-recorder [--ptrace] [--detached] [--ready FILE] --uid UID --gid GID --log SHELL-COMMAND -- COMMAND [ARG...]
 *
 * Runs COMMAND as UID:GID with no capabilities (empty bounding, inheritable and ambient sets) under a seccomp
 * filter that hands every execve/execveat of COMMAND and of everything it starts, however started, to this
 * recorder (seccomp user notification). The recorder, root and outside the filter, reads the program, argv,
 * working directory, parent pid and user of the calling process, writes one JSON line, seizes the caller (ptrace,
 * no stop) and lets the call go on; when the exec succeeds, it writes what the new process runs and has as
 * arguments before its first instruction, and lets it go. The filter refuses the agent ptrace and process_vm_writev.
 * It holds a pidfd of every process it saw exec, and writes its end (exit code or signal) when it ends.
 * Processes are stopped only at exec (at the call, and as the new program starts), not at fork, at exit or at any
 * other system call.
 *
 * The filter is inherited by every child and cannot be removed; it also refuses the agent a seccomp listener of its
 * own (a newer filter's notification would take precedence). The agent cannot signal or trace the recorder
 * (another uid, no capabilities). If the recorder dies, the kernel fails every later exec of the filtered processes
 * with ENOSYS: nothing runs unrecorded (fail closed). Without --detached the recorder is the container's PID 1:
 * it ends when COMMAND has ended and every filtered process is gone, with COMMAND's status, and its death ends
 * the container. With --detached (paude exec) the calling process becomes COMMAND, and the recorder goes on in the
 * background, a grandchild adopted by PID 1, until the last process of that command is gone.
 *
 * With --ptrace (for gVisor, whose kernel refuses a seccomp listener: without it the recorder says so and exits 125
 * before COMMAND runs), the recorder traces COMMAND and everything it starts instead (paude-recorder-ptrace.c): same
 * roles, options, privilege drop and lines; if the recorder dies, every process it traces is killed.
 *
 * With --ready (PID 1 only), COMMAND starts once FILE exists: the launcher creates it when the session's proxy
 * accepts connections, so the container can start while the proxy does, and the agent never runs before its only
 * way out is there. After READY_TIMEOUT_S without it, the recorder exits 125 and COMMAND never runs.
 *
 * Lines go to the standard input of SHELL-COMMAND (run by /bin/sh, as root, outside the filter), which rotates
 * them. If it ends, the recorder ends (fail closed). Format, one JSON object a line:
 *   {"ev":"exec","id":N,"t":S.US,"pid":P,"ppid":Q,"uid":U,"gid":G,"cwd":"...","prog":"...","argv":[...]}
 *     (+ "missing":true when no such file existed as the call was made: it most likely failed with ENOENT;
 *      "long":[{"arg":K,"len":L,"sha256":"..."}] for arguments over MAX_STR bytes, of which argv keeps the first
 *      MAX_STR; "cut":true,"argc":N when there were more than MAX_ARGS arguments; "unreadable":true when argv could
 *      not be read)
 *   {"ev":"ran","id":N,"t":S.US,"pid":P,"prog":"...","argv":[...],"same":B}   (exec N succeeded: the file the new
 *     process runs, its arguments as it has them before its first instruction, and whether that file is the one
 *     exec N named; + "long", "cut" as above)
 *   {"ev":"failed","id":N,"t":S.US}   (exec N never ran: its caller went on, or ended)
 *   {"ev":"killed","t":S.US,"pgrp":G,"procs":N,"refused_for_s":S}   (PID 1 ended a fork bomb: see end_bomb)
 *   {"ev":"exit","id":N,"t":S.US,"pid":P,"code":C}  or  ..."signal":K}   (the end of exec N's process; neither
 *     when its status could not be had)
 *   {"ev":"end","t":S.US[,"code":C | ,"signal":K]}   (written last, with COMMAND's end for PID 1: a stream
 *     without it was cut)
 *   {"ev":"error","what":"..."}   (why the recorder stopped, when it could still write)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "paude-recorder.h"

/* pidfs (Linux 6.13+): the exit status of a process, kept for its pidfd after the process was reaped (6.15+). */
struct pidfd_info {
    uint64_t mask;
    uint64_t cgroupid;
    uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
    int32_t exit_code;
    uint32_t coredump_mask;
    uint32_t spare1;
};
#define PIDFD_INFO_PID (1UL << 0)
#define PIDFD_INFO_CREDS (1UL << 1)
#define PIDFD_INFO_EXIT (1UL << 3)
#define PIDFD_GET_INFO _IOWR(0xFF, 11, struct pidfd_info)


sigset_t handled;   /* SIGCHLD and, for PID 1, the signals passed on to the command */
/* PID 1's signalfd of those signals, made as soon as they are blocked. Made later, under gVisor, it never reported a
   stop that came while PID 1 waited for the proxy: that SIGTERM stayed pending, unseen, until the engine's SIGKILL.
   (A detached recorder makes its own in the process that reads it: gVisor binds a signalfd to the task that made it.) */
int signal_fd = -1;
int log_fd = -1;
pid_t log_pid = -1;
pid_t command_pid = -1;
int command_status = -1;
static char *out;          /* the lines written and not yet handed to the log writer, then the line being built */
size_t out_len;
static size_t out_cap;
static long long out_due_ms = -1;   /* when the lines held must be handed on (CLOCK_MONOTONIC ms); -1: none held */

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Ends the recorder (125), saying why on stderr (unless on_stderr is 0: already said) and as the log's last line. */
static void stop(const char *what, int on_stderr) {
    int e = errno;
    if (on_stderr) dprintf(2, "paude-recorder: %s: %s\n", what, strerror(e));
    /* the lines held, then the reason (a write that fails here fails silently: the error goes to stderr too) */
    size_t whole = out_len;   /* the whole lines: not a line being built */
    while (whole && out[whole - 1] != '\n') whole--;
    for (size_t done = 0; log_fd >= 0 && done < whole;) {
        ssize_t w = write(log_fd, out + done, whole - done);
        if (w <= 0) break;
        done += (size_t)w;
    }
    if (log_fd >= 0) dprintf(log_fd, "{\"ev\":\"error\",\"what\":\"%s: %s\"}\n", what, strerror(e));
    /* PID 1's end kills every process of the container: the log writer first writes what it has */
    if (log_fd >= 0) close(log_fd);
    if (log_pid > 0) waitpid(log_pid, NULL, 0);
    _exit(125);
}

void die(const char *what) { stop(what, 1); }

void put(const char *s, size_t n) {
    if (out_len + n + 1 > out_cap) {
        out_cap = (out_len + n + 1) * 2;
        out = realloc(out, out_cap);
        if (!out) die("out of memory");
    }
    memcpy(out + out_len, s, n);
    out_len += n;
}

void puts_(const char *s) { put(s, strlen(s)); }

void putf(const char *fmt, long long a) {
    char b[64];
    int n = snprintf(b, sizeof b, fmt, a);
    put(b, (size_t)n);
}

/* A JSON string of arbitrary bytes: valid UTF-8 kept, control characters escaped, invalid bytes as U+FFFD. */
void put_json(const unsigned char *s, size_t n) {
    put("\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == '"' || c == '\\') { put("\\", 1); put((const char *)&s[i], 1); i++; continue; }
        if (c < 0x20 || c == 0x7f) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); put(b, 6); i++; continue; }
        if (c < 0x80) { put((const char *)&s[i], 1); i++; continue; }
        size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
        int ok = len && i + len <= n && c < 0xf5;
        for (size_t k = 1; ok && k < len; k++) ok = (s[i + k] & 0xc0) == 0x80;
        if (ok) { put((const char *)&s[i], len); i += len; } else { put("\xef\xbf\xbd", 3); i++; }
    }
    put("\"", 1);
}

void put_time(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char b[48];
    int n = snprintf(b, sizeof b, "\"t\":%lld.%06ld", (long long)ts.tv_sec, ts.tv_nsec / 1000);
    put(b, (size_t)n);
}

/* ---------- SHA-256 (FIPS 180-4), for arguments longer than the record keeps ---------- */

struct sha256 { uint32_t h[8]; uint64_t n; unsigned char b[64]; size_t used; };
static const uint32_t K256[64] = {
    0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,
    0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,
    0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,
    0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,
    0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,
    0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,
    0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2 };
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha_block(struct sha256 *c, const unsigned char *p) {
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4*i] << 24 | (uint32_t)p[4*i+1] << 16 | (uint32_t)p[4*i+2] << 8 | p[4*i+3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i-15], 7) ^ ROR(w[i-15], 18) ^ (w[i-15] >> 3), s1 = ROR(w[i-2], 17) ^ ROR(w[i-2], 19) ^ (w[i-2] >> 10);
        w[i] = w[i-16] + s0 + w[i-7] + s1;
    }
    memcpy(v, c->h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) + K256[i] + w[i];
        uint32_t t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) c->h[i] += v[i];
}
static void sha_init(struct sha256 *c) {
    static const uint32_t h0[8] = { 0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19 };
    memcpy(c->h, h0, sizeof h0);
    c->n = 0;
    c->used = 0;
}
static void sha_add(struct sha256 *c, const unsigned char *p, size_t n) {
    c->n += n;
    while (n) {
        size_t k = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->b + c->used, p, k);
        c->used += k; p += k; n -= k;
        if (c->used == 64) { sha_block(c, c->b); c->used = 0; }
    }
}
static void sha_hex(struct sha256 *c, char hex[65]) {
    uint64_t bits = c->n * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    sha_add(c, &pad, 1);
    while (c->used != 56) sha_add(c, &zero, 1);
    for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha_add(c, len, 8);
    for (int i = 0; i < 8; i++) snprintf(hex + 8 * i, 9, "%08x", c->h[i]);
}

/* ---------- argument vectors: each argument's first MAX_STR bytes, and the length and SHA-256 of a longer one ---------- */

#define MAX_ARG_BYTES (128 * 1024 + 1)   /* the kernel refuses a longer argument (MAX_ARG_STRLEN) */
struct arg { unsigned char head[MAX_STR]; size_t len; struct sha256 sha; };
static struct arg cur_arg;
static char *longs;        /* ",{\"arg\":K,\"len\":L,\"sha256\":\"...\"}" for each long argument of the vector */
static size_t longs_len, longs_cap;

static void arg_begin(void) { cur_arg.len = 0; sha_init(&cur_arg.sha); }
static void arg_bytes(const unsigned char *p, size_t n) {
    if (cur_arg.len < MAX_STR) {
        size_t k = MAX_STR - cur_arg.len < n ? MAX_STR - cur_arg.len : n;
        memcpy(cur_arg.head + cur_arg.len, p, k);
    }
    cur_arg.len += n;
    sha_add(&cur_arg.sha, p, n);
}
/* Puts argument k (its head) into the line; a longer one is noted for the vector's "long" list. */
static void arg_end(int k) {
    if (k) put(",", 1);
    put_json(cur_arg.head, cur_arg.len < MAX_STR ? cur_arg.len : MAX_STR);
    if (cur_arg.len <= MAX_STR) return;
    char hex[65], b[160];
    sha_hex(&cur_arg.sha, hex);
    int n = snprintf(b, sizeof b, "%s{\"arg\":%d,\"len\":%zu,\"sha256\":\"%s\"}", longs_len ? "," : "", k, cur_arg.len, hex);
    if (longs_len + (size_t)n + 1 > longs_cap) {
        longs_cap = (longs_len + (size_t)n + 1) * 2;
        longs = realloc(longs, longs_cap);
        if (!longs) die("out of memory");
    }
    memcpy(longs + longs_len, b, (size_t)n + 1);
    longs_len += (size_t)n;
}
static void put_longs(void) {
    if (!longs_len) return;
    puts_(",\"long\":[");
    put(longs, longs_len);
    put("]", 1);
    longs_len = 0;
}

/* Lines are held for at most HOLD_MS (or until HOLD_BYTES are held) and handed to the log writer in one write: each
   write wakes the writer, whose time counts against the agent's CPU quota, and one write per line (three per exec)
   cost more than the exec itself. The agent cannot reach what the recorder holds (it cannot signal, trace or read
   root's processes); the host ending the container with SIGKILL could lose the last HOLD_MS of lines, SIGTERM does
   not (PID 1 ends the command and writes everything). If the log writer is gone, the recorder ends (fail closed). */
#define HOLD_MS 5
#define HOLD_BYTES (32 * 1024)
static void write_out(void) {
    size_t done = 0;
    while (done < out_len) {
        ssize_t w = write(log_fd, out + done, out_len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { out_len = done = 0; die("the audit log writer stopped; ending the session (fail closed)"); }
        done += (size_t)w;
    }
    out_len = 0;
    out_due_ms = -1;
}

/* Ends the line; it is written within HOLD_MS. */
void flush_line(void) {
    put("\n", 1);
    if (out_len >= HOLD_BYTES) write_out();
    else if (out_due_ms < 0) out_due_ms = now_ms() + HOLD_MS;
}

/* The epoll timeout that writes the held lines in time (writing them when they are due). */
int hold_timeout(int timeout) {
    if (out_due_ms < 0) return timeout;
    long long left = out_due_ms - now_ms();
    if (left <= 0) {
        write_out();
        return timeout;
    }
    return timeout < 0 || left < timeout ? (int)left : timeout;
}

/* ---------- reading the calling process ---------- */

/* gVisor has no process_vm_readv (ENOSYS), and refuses /proc/PID/mem of all but the tracer's own children: there
   the recorder, the tracer of every process (--ptrace), reads a word at a time (PTRACE_PEEKDATA). */
static size_t peek_read(pid_t pid, uint64_t addr, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        uint64_t at = (addr + got) & ~(uint64_t)7;
        size_t skip = (size_t)(addr + got - at);
        errno = 0;
        long word = ptrace(PTRACE_PEEKDATA, pid, (void *)(uintptr_t)at, 0);
        if (word == -1 && errno) break;
        size_t k = 8 - skip < n - got ? 8 - skip : n - got;
        memcpy((char *)buf + got, (char *)&word + skip, k);
        got += k;
    }
    return got;
}

/* Reads up to n bytes at addr of pid's memory; returns the count read (short at an unmapped page).
   process_vm_readv needs CAP_SYS_PTRACE only (/proc/PID/mem is also mode 0600 of the agent's user). */
static size_t mem_read(pid_t pid, uint64_t addr, void *buf, size_t n) {
    static int no_vm_readv;
    if (no_vm_readv) return peek_read(pid, addr, buf, n);
    size_t got = 0;
    while (got < n) {
        size_t page_left = 4096 - ((addr + got) & 4095);
        size_t want = n - got < page_left ? n - got : page_left;
        struct iovec local = { (char *)buf + got, want }, remote = { (void *)(uintptr_t)(addr + got), want };
        ssize_t r = process_vm_readv(pid, &local, 1, &remote, 1, 0);
        if (r < 0 && errno == ENOSYS && got == 0) {
            no_vm_readv = 1;
            return peek_read(pid, addr, buf, n);
        }
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

/* A NUL-terminated string at addr (at most MAX_STR bytes); length in *len, -1 when unreadable. */
static int mem_string(pid_t pid, uint64_t addr, unsigned char *buf, size_t *len) {
    size_t got = 0;
    while (got < MAX_STR) {
        size_t chunk = MAX_STR - got < 256 ? MAX_STR - got : 256;
        size_t r = mem_read(pid, addr + got, buf + got, chunk);
        void *nul = memchr(buf + got, 0, r);
        if (nul) { *len = (size_t)((unsigned char *)nul - buf); return 0; }
        got += r;
        if (r < chunk) return got ? (*len = got, 0) : -1;
    }
    *len = got;
    return 0;
}

/* One argument at addr into cur_arg, read whole (the kernel takes at most 128 KiB of it); -1 when unreadable. */
static int mem_arg(pid_t pid, uint64_t addr) {
    static unsigned char buf[4096];
    arg_begin();
    size_t got = 0;
    while (got < MAX_ARG_BYTES) {
        size_t chunk = got < 256 ? 256 : sizeof buf;   /* most arguments are short: a first small read */
        size_t r = mem_read(pid, addr + got, buf, chunk);
        unsigned char *nul = memchr(buf, 0, r);
        if (nul) { arg_bytes(buf, (size_t)(nul - buf)); return 0; }
        arg_bytes(buf, r);
        got += r;
        if (r < chunk) return got ? 0 : -1;
    }
    return 0;
}

/* Tgid, PPid and the real uid and gid of a task, from one read of /proc/TID/status. */
static void status_of(pid_t tid, long *tgid, long *ppid, long *uid, long *gid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return;
    buf[n] = 0;
    struct { const char *name; long *value; } f[] = { {"\nTgid:", tgid}, {"\nPPid:", ppid}, {"\nUid:", uid}, {"\nGid:", gid} };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        char *p = strstr(buf, f[k].name);
        if (p) *f[k].value = strtol(p + strlen(f[k].name), NULL, 10);
    }
}

ssize_t link_of(pid_t pid, const char *what, char *buf, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, what);
    ssize_t n = readlink(path, buf, size - 1);
    if (n >= 0) buf[n] = 0;
    return n;
}

/* ---------- processes followed until they end ---------- */

struct tracked tracked[MAX_TRACKED];
int n_tracked;
static int epfd;
long long next_id = 1;

void put_end(int status) {
    if (status < 0) put("}", 1);   /* ended, status unknown */
    else if (WIFSIGNALED(status)) putf(",\"signal\":%lld}", WTERMSIG(status));
    else putf(",\"code\":%lld}", WEXITSTATUS(status));
}

void end_tracked(int i, int status) {
    puts_("{\"ev\":\"exit\",\"id\":");
    putf("%lld", tracked[i].id);
    put(",", 1);
    put_time();
    putf(",\"pid\":%lld", tracked[i].pid);
    put_end(status);
    flush_line();
    if (tracked[i].pidfd >= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, tracked[i].pidfd, NULL);
        close(tracked[i].pidfd);
    }
    tracked[i] = tracked[--n_tracked];
}

int find_tracked(pid_t pid) {
    for (int i = 0; i < n_tracked; i++) if (tracked[i].pid == pid) return i;
    return -1;
}

/* The status of a process that ended, by its pidfd (after it was reaped) or /proc (a zombie). -1: not yet. */
static int ended_status(struct tracked *t) {
    struct pidfd_info info = { .mask = PIDFD_INFO_EXIT };
    if (ioctl(t->pidfd, PIDFD_GET_INFO, &info) == 0 && (info.mask & PIDFD_INFO_EXIT)) return info.exit_code;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", t->pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p || p[1] != ' ' || p[2] != 'Z') return -1;   /* not a zombie: a new process with the same pid */
    int field = 2;
    for (; *p && field < 52; p++) if (*p == ' ') field++;
    return field == 52 ? atoi(p) : -1;
}

/* Called when the pidfd says the process ended. A status neither source has yet (reaped between the two reads) is
   asked again at the next wake-up; a kernel without pidfd exit information (before 6.15) may never have it for a
   process its parent already reaped: after a few tries its end is written without a status. */
static void check_tracked(int i, int ended) {
    int st = ended_status(&tracked[i]);
    if (st >= 0) end_tracked(i, st);
    else if (ended && ++tracked[i].tries > 3) end_tracked(i, -1);
}

/* ---------- what the kernel executed ---------- */

/* The recorder reads an exec's path and arguments from the caller's memory, and the kernel reads them again when
   the call goes on: a second thread could change them in between. So each caller is also seized (ptrace, no stop)
   for the length of its exec: when the exec succeeds, the kernel stops the new program before its first instruction
   (PTRACE_EVENT_EXEC) and the recorder writes a "ran" line with the file it runs (/proc/PID/exe, set by the kernel)
   and the arguments it has (/proc/PID/cmdline, in its new memory), then lets it go. When the exec fails, the caller
   comes back from it (a signal stop, its next exec, its end) and a "failed" line says that exec never ran. */
struct pending pending[MAX_PENDING];
int n_pending;

int find_pending(pid_t tid) {
    for (int i = 0; i < n_pending; i++) if (pending[i].tid == tid) return i;
    return -1;
}

void drop_pending(int i, int failed) {
    if (failed) {
        puts_("{\"ev\":\"failed\",\"id\":");
        putf("%lld", pending[i].id);
        put(",", 1);
        put_time();
        put("}", 1);
        flush_line();
    }
    pending[i] = pending[--n_pending];
}

static void follow_exec(pid_t tid, long long id, const struct stat *file) {
    int i = find_pending(tid);
    if (i >= 0) {   /* its previous exec failed (execvp trying each directory of PATH): it is still seized */
        drop_pending(i, 1);
    } else if (n_pending == MAX_PENDING
            || ptrace(PTRACE_SEIZE, tid, 0, (void *)(long)(PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) != 0) {
        return;   /* not followed: its line has no "ran" */
    }
    pending[n_pending++] = (struct pending){ tid, id, file != NULL, file ? file->st_dev : 0, file ? file->st_ino : 0, 0 };
}

void write_ran(pid_t pid, const struct pending *p) {
    static char exe[PATH_MAX + 1];
    static unsigned char buf[65536];
    char path[64];
    if (link_of(pid, "exe", exe, sizeof exe) < 0) strcpy(exe, "?");
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    struct stat sb;
    int same = p->have_file && stat(path, &sb) == 0 && sb.st_dev == p->dev && sb.st_ino == p->ino;
    puts_("{\"ev\":\"ran\",\"id\":");
    putf("%lld", p->id);
    put(",", 1);
    put_time();
    putf(",\"pid\":%lld", pid);
    puts_(",\"prog\":");
    put_json((unsigned char *)exe, strlen(exe));
    puts_(",\"argv\":[");
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC), k = 0, open_arg = 0;
    if (fd >= 0) {
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            size_t start = 0;
            for (size_t j = 0; j < (size_t)n; j++) {
                if (buf[j]) continue;
                if (!open_arg) arg_begin();
                arg_bytes(buf + start, j - start);
                if (k < MAX_ARGS) arg_end(k);
                k++;
                open_arg = 0;
                start = j + 1;
            }
            if (start < (size_t)n) {
                if (!open_arg) { arg_begin(); open_arg = 1; }
                arg_bytes(buf + start, (size_t)n - start);
            }
        }
        close(fd);
        if (open_arg) { if (k < MAX_ARGS) arg_end(k); k++; }
    }
    put("]", 1);
    put_longs();
    puts_(same ? ",\"same\":true" : ",\"same\":false");
    if (k > MAX_ARGS) putf(",\"cut\":true,\"argc\":%lld", k);
    put("}", 1);
    flush_line();
}

/* A seized process stopped: at its exec (which succeeded), or at a signal (its exec failed). Either way it is let go
   at once, with its signal. */
static void traced_stop(pid_t pid, int st) {
    int i = find_pending(pid);
    if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
        if (i < 0) {   /* a thread other than the leader exec'd: it now has the leader's pid */
            unsigned long former = 0;
            if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &former) == 0) i = find_pending((pid_t)former);
        }
        if (i >= 0) write_ran(pid, &pending[i]);
        ptrace(PTRACE_DETACH, pid, 0, 0);
        if (i >= 0) drop_pending(i, 0);
        return;
    }
    ptrace(PTRACE_DETACH, pid, 0, (void *)(long)((st >> 16) ? 0 : WSTOPSIG(st)));
    if (i >= 0) drop_pending(i, 1);
}

/* ---------- one exec ---------- */

long long put_exec_line(pid_t tid, int at, const uint64_t args[6], int pfd, long *tgid_out, struct stat *file,
        int *have_file_out) {
    uint64_t path_addr = args[at ? 1 : 0], argv_addr = args[at ? 2 : 1];   /* execveat(dirfd, path, argv, envp, flags) */
    static unsigned char str[MAX_STR + 1];
    static char cwd[PATH_MAX], prog[PATH_MAX + 64];
    long tgid = tid, ppid = 0, uid = -1, gid = -1;

    /* The caller's ids: from its pidfd in one call (Linux 6.13+; a thread that is not its process's leader has
       none), else from /proc. */
    struct pidfd_info info = { .mask = PIDFD_INFO_PID | PIDFD_INFO_CREDS };
    if (pfd >= 0 && ioctl(pfd, PIDFD_GET_INFO, &info) == 0
            && (info.mask & (PIDFD_INFO_PID | PIDFD_INFO_CREDS)) == (PIDFD_INFO_PID | PIDFD_INFO_CREDS)) {
        tgid = info.tgid; ppid = info.ppid; uid = info.ruid; gid = info.rgid;
    } else {
        status_of(tid, &tgid, &ppid, &uid, &gid);
    }
    if (link_of(tid, "cwd", cwd, sizeof cwd) < 0) strcpy(cwd, "?");

    /* the program, as the kernel will resolve it */
    size_t len = 0;
    int readable = mem_string(tid, path_addr, str, &len) == 0;
    str[readable ? len : 0] = 0;
    int by_fd = at && (args[4] & AT_EMPTY_PATH) && len == 0;   /* execveat(fd, "", ...): fexecve */
    if (by_fd) {
        char fdl[32];
        snprintf(fdl, sizeof fdl, "fd/%d", (int)args[0]);
        if (link_of(tid, fdl, prog, sizeof prog) < 0) strcpy(prog, "?");
    } else {
        snprintf(prog, sizeof prog, "%s", (char *)str);
    }
    /* An exec of a file that does not exist fails with ENOENT and runs nothing (execvp tries every directory of
       PATH): such an attempt is still recorded, marked "missing", for the file could appear between this look and
       the kernel's. Resolved as the kernel will: from the caller's root, working directory or execveat's directory. */
    int missing = 0, have_file = 0;
    struct stat sb;
    if (by_fd) {
        char fdp[64];
        snprintf(fdp, sizeof fdp, "/proc/%d/fd/%d", tid, (int)args[0]);
        have_file = stat(fdp, &sb) == 0;
    }
    if (readable && prog[0] && !by_fd) {
        char base[PATH_MAX + 64];
        if (prog[0] == '/') snprintf(base, sizeof base, "/proc/%d/root%s", tid, prog);
        else if (at && (int)args[0] != AT_FDCWD)
            snprintf(base, sizeof base, "/proc/%d/fd/%d/%s", tid, (int)args[0], prog);
        else snprintf(base, sizeof base, "/proc/%d/cwd/%s", tid, prog);
        have_file = stat(base, &sb) == 0;
        missing = !have_file && errno == ENOENT;
    }

    /* A pid already followed either exec'd again (same process: its pidfd has not ended) or was reused. */
    int i = find_tracked((pid_t)tgid);
    if (i >= 0 && tracked[i].pidfd >= 0) check_tracked(i, 0);

    long long id = next_id++;
    puts_("{\"ev\":\"exec\",\"id\":");
    putf("%lld", id);
    put(",", 1);
    put_time();
    putf(",\"pid\":%lld", tgid);
    putf(",\"ppid\":%lld", ppid);
    putf(",\"uid\":%lld", uid);
    putf(",\"gid\":%lld", gid);
    puts_(",\"cwd\":");
    put_json((unsigned char *)cwd, strlen(cwd));
    puts_(",\"prog\":");
    put_json((unsigned char *)prog, strlen(prog));
    puts_(",\"argv\":[");
    int cut = 0, unreadable = !readable;
    uint64_t ptrs[64];
    size_t have = 0;
    for (int k = 0; readable && argv_addr; k++) {
        if ((size_t)k % 64 == 0) have = mem_read(tid, argv_addr + 8 * (uint64_t)k, ptrs, sizeof ptrs) / 8;
        if (k >= MAX_ARGS) {   /* beyond what the record keeps: only counted */
            if ((size_t)k % 64 >= have || !ptrs[k % 64]) { cut = k; break; }
            continue;
        }
        if ((size_t)k % 64 >= have) { unreadable = 1; break; }
        uint64_t p = ptrs[k % 64];
        if (!p) break;
        if (mem_arg(tid, p) != 0) { unreadable = 1; break; }
        arg_end(k);
    }
    put("]", 1);
    put_longs();
    if (missing) puts_(",\"missing\":true");
    if (cut) putf(",\"cut\":true,\"argc\":%lld", cut);
    if (unreadable) puts_(",\"unreadable\":true");
    put("}", 1);
    *tgid_out = tgid;
    *have_file_out = have_file;
    if (have_file) *file = sb;
    return id;
}

static void record_exec(int listener, struct seccomp_notif *req) {
    pid_t tid = (pid_t)req->pid;
    /* the pidfd gives the caller's ids, then follows the process until it ends */
    int pfd = (int)syscall(SYS_pidfd_open, tid, 0);
    long tgid;
    int have_file;
    struct stat sb;
    size_t line_start = out_len;
    uint64_t args[6];
    memcpy(args, req->data.args, sizeof args);
    long long id = put_exec_line(tid, req->data.nr != __NR_execve, args, pfd, &tgid, &sb, &have_file);

    /* The caller may have died (and its pid been reused) while we read: then this line is not written. */
    uint64_t nid = req->id;
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &nid) != 0) {
        out_len = line_start;
        if (pfd >= 0) close(pfd);
        return;
    }
    flush_line();
    follow_exec(tid, id, have_file ? &sb : NULL);

    int i = find_tracked((pid_t)tgid);
    if (i >= 0 || n_tracked == MAX_TRACKED) {   /* the same process exec'd again (or too many to follow) */
        if (i >= 0) tracked[i].id = id;
        if (pfd >= 0) close(pfd);
        return;
    }
    if (pfd >= 0 && tgid != tid) {
        close(pfd);
        pfd = -1;
    }
    if (pfd < 0) pfd = (int)syscall(SYS_pidfd_open, (pid_t)tgid, 0);
    if (pfd < 0) return;
    tracked[n_tracked] = (struct tracked){ (pid_t)tgid, pfd, id, 0 };
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)pfd + 16 };
    epoll_ctl(epfd, EPOLL_CTL_ADD, pfd, &ev);
    n_tracked++;
}

static void handle_notification(int listener) {
    static struct seccomp_notif *req;
    static struct seccomp_notif_resp *resp;
    if (!req) {
        struct seccomp_notif_sizes sizes;
        if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) die("seccomp sizes");
        req = calloc(1, sizes.seccomp_notif > sizeof *req ? sizes.seccomp_notif : sizeof *req);
        resp = calloc(1, sizes.seccomp_notif_resp > sizeof *resp ? sizes.seccomp_notif_resp : sizeof *resp);
        if (!req || !resp) die("out of memory");
    }
    memset(req, 0, sizeof *req);
    if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, req) != 0) return;   /* the caller died meanwhile */
    record_exec(listener, req);
    memset(resp, 0, sizeof *resp);
    resp->id = req->id;
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
}

/* ---------- the filtered side ---------- */

#define NO_LISTENER "this kernel refuses seccomp user notification (SECCOMP_FILTER_FLAG_NEW_LISTENER), as gVisor " \
    "does: run the recorder with --ptrace (the launcher does for --runtime runsc)"

/* The filter of the command's processes: the architecture check, then mid (the mode's own rules, given the call's
   number, which they leave loaded; they jump nowhere beyond themselves), then the rules both modes share. Installed
   with flags, after no_new_privs; returns what seccomp() returns. */
long install_command_filter(const struct sock_filter *mid, size_t n, unsigned int flags) {
    static const struct sock_filter head[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#if defined(__x86_64__)
        /* x32 system calls (a second execve number): refused */
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
#endif
    };
    static const struct sock_filter tail[] = {
        /* Writing another process's memory or tracing it would let the agent change an exec's arguments between the
           recorder's read and the kernel's, or take over a process before its filter is in place: refused (EPERM). */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_process_vm_writev, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        /* A newer filter's user notification takes precedence over this one's notification (or trace stop), and its
           listener could let an exec go on unrecorded: the agent may install filters, never one with a listener. */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 5),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SECCOMP_SET_MODE_FILTER, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SECCOMP_FILTER_FLAG_NEW_LISTENER, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    static struct sock_filter f[64];
    size_t h = sizeof head / sizeof head[0], t = sizeof tail / sizeof tail[0];
    if (h + n + t > sizeof f / sizeof f[0]) { errno = E2BIG; die("the seccomp filter"); }
    memcpy(f, head, sizeof head);
    memcpy(f + h, mid, n * sizeof *mid);
    memcpy(f + h + n, tail, sizeof tail);
    struct sock_fprog prog = { .len = (unsigned short)(h + n + t), .filter = f };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("no_new_privs");
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

/* The filter of the default mode; -1 when the kernel has no seccomp user notification (EINVAL). */
static int install_filter(void) {
    static const struct sock_filter mid[] = {
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    int fd = (int)install_command_filter(mid, sizeof mid / sizeof mid[0], SECCOMP_FILTER_FLAG_NEW_LISTENER);
    if (fd < 0 && errno == EINVAL) return -1;   /* gVisor: no seccomp user notification */
    if (fd < 0) die("installing the seccomp filter");
    return fd;
}

/* Becomes uid:gid with no capability and no way back (empty bounding, inheritable and ambient sets). */
void drop_to(uid_t uid, gid_t gid) {
    if (setgroups(0, NULL) != 0) die("setgroups");
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) die("dropping the bounding set");
    }
    if (setresgid(gid, gid, gid) != 0) die("setresgid");
    if (setresuid(uid, uid, uid) != 0) die("setresuid");
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    memset(d, 0, sizeof d);
    if (syscall(SYS_capset, &h, d) != 0) die("capset");
    /* setresuid left the process non-dumpable: no process of the agent's uid can attach to it or write its memory
       until its exec of the command, after which the filter is in place (the kernel makes the new program dumpable). */
}

static void send_fd(int sock, int fd) {
    char dummy = 'l';
    struct iovec iov = { &dummy, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    if (sendmsg(sock, &m, 0) != 1) die("handing the listener to the recorder");
}

static int recv_fd(int sock) {
    char dummy;
    struct iovec iov = { &dummy, 1 };
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.b, .msg_controllen = sizeof u.b };
    if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1) die("receiving the listener");
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (!c && dummy == 'E') { errno = EINVAL; stop(NO_LISTENER, 0); }
    if (!c || c->cmsg_type != SCM_RIGHTS) { errno = EPROTO; die("receiving the listener"); }
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

static long status_field(pid_t pid, const char *name) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strstr(buf, name);
    return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

/* The recorder checks what it received before it lets the command run: a seccomp listener, from the command's
   process, which runs as the agent's uid with no_new_privs and exactly one filter more than the recorder (its own). */
static void check_listener(int fd, pid_t sender, uid_t uid) {
    char l[16], link[64];
    snprintf(l, sizeof l, "fd/%d", fd);
    uint64_t id = 0;
    errno = EPROTO;
    if (link_of(getpid(), l, link, sizeof link) < 0 || strcmp(link, "anon_inode:seccomp notify") != 0)
        die("what the command handed over is not a seccomp listener");
    if (ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0 || errno != ENOENT)
        die("what the command handed over is not a seccomp listener");
    long mine = status_field(getpid(), "\nSeccomp_filters:"), theirs = status_field(sender, "\nSeccomp_filters:");
    errno = EPROTO;
    if (mine < 0 || theirs != mine + 1 || status_field(sender, "\nNoNewPrivs:") != 1
            || status_field(sender, "\nUid:") != (long)uid)
        die("the command's process is not as the recorder left it (filters, no_new_privs or uid)");
}

/* The filtered side: drop, filter, hand the listener over, wait until the recorder is ready, run the command. */
static void become_command(int sock, uid_t uid, gid_t gid, char **command) {
    child_signals();
    signal(SIGPIPE, SIG_DFL);   /* the recorder ignores it; the agent's programs must not inherit that */
    drop_to(uid, gid);
    int listener = install_filter();
    if (listener < 0) {   /* said here, where the caller sees it (paude exec); the recorder only logs it */
        dprintf(2, "paude-recorder: %s; the command was not run\n", NO_LISTENER);
        if (write(sock, "E", 1) != 1) _exit(125);
        _exit(125);
    }
    send_fd(sock, listener);
    close(listener);
    char ok;
    if (read(sock, &ok, 1) != 1) { errno = EPIPE; die("the recorder did not start"); }
    close(sock);
    execvp(command[0], command);
    dprintf(2, "paude-recorder: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
}

/* ---------- the recorder's side ---------- */

void start_log(const char *shell_command) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) die("pipe");
    log_pid = fork();
    if (log_pid < 0) die("fork");
    if (log_pid == 0) {
        child_signals();
        dup2(p[0], 0);
        execl("/bin/sh", "sh", "-c", shell_command, (char *)NULL);
        _exit(127);
    }
    close(p[0]);
    log_fd = p[1];
    signal(SIGPIPE, SIG_IGN);
}

/* The last line of a stream: the recorder ended as it should (with the command's status for PID 1). */
void finish(int status, int has_status) {
    puts_("{\"ev\":\"end\",");
    put_time();
    if (has_status) put_end(status); else put("}", 1);
    flush_line();
    write_out();
    close(log_fd);
    if (log_pid > 0) {
        int st;
        while (waitpid(log_pid, &st, 0) < 0 && errno == EINTR) {}
    }
}

/* Reaps children (PID 1 adopts every orphan of the container): their status ends their lines at once. */
static void reap(void) {
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
        if (WIFSTOPPED(st)) {   /* a process seized for its exec (never a child's job-control stop: no WUNTRACED) */
            traced_stop(pid, st);
            continue;
        }
        int p = find_pending(pid);
        if (p >= 0) drop_pending(p, 1);
        if (pid == log_pid) {
            log_pid = -1;
            errno = EPIPE;
            die("the audit log writer stopped; ending the session (fail closed)");
        }
        if (pid == command_pid) command_status = st;
        int i = find_tracked(pid);
        if (i >= 0) end_tracked(i, st);
    }
}

/* ---------- a fork bomb: the sandbox ends it (PID 1) ---------- */

/* A fork bomb does not end by itself: at the pids limit its processes keep replacing each other, and nothing else
   can start (paude exec included). PID 1 looks at the cgroup every second; when the container has been at its pids
   limit (within 2) at every look for BOMB_S seconds and forks were refused meanwhile, it kills the process group
   holding the most processes of the agent's user (as that user: PID 1 has no CAP_KILL), and says so in its log.
   The group may be the agent's own. */
#define BOMB_S 5
const char *seccomp_rules;
uid_t agent_uid;

/* A number from the pids controller's file NAME (cgroup v2, else v1), after PREFIX; -1 when there is none. */
/* The signals PID 1 passes on to the command (relay_signal) */
static const int PASSED[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH };

static void on_passed_signal(int signo) { (void)signo; }

/* In a child of the recorder, before anything else: the passed signals back to their default disposition, then
   unblocked. Unblocked with PID 1's handler still in place, a signal already pending (a terminal's SIGWINCH at attach)
   would run it and break the child's next blocking call with EINTR before it became the command. */
void child_signals(void) {
    for (size_t k = 0; k < sizeof PASSED / sizeof PASSED[0]; k++) signal(PASSED[k], SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &handled, NULL);
}

/* Sends signo to target (a pid, -pgrp, or -1: every process it may signal) as the agent's user. Root without
   CAP_KILL may not signal another user's process; and the real uid must be the agent's too, or kill(-1) would also
   reach root's processes (the log writer): the permission check accepts a match of either. The saved uid stays 0,
   and with it the way back (the effective capabilities return with the effective uid 0). Returns kill's result. */
static int kill_as_agent(pid_t target, int signo) {
    if (setresuid(agent_uid, agent_uid, (uid_t)-1) != 0) return -1;
    int r = kill(target, signo);
    int saved = errno;
    if (setresuid((uid_t)-1, 0, (uid_t)-1) != 0 || setresuid(0, (uid_t)-1, (uid_t)-1) != 0)
        die("returning to root after signalling the agent");
    errno = saved;
    return r;
}

/* A SIGTERM or SIGHUP means the container is being stopped (docker stop): it goes to every process of the agent's
   user, orphans too, which would otherwise keep the recorder waiting until the engine's SIGKILL and leave the
   session's end unrecorded. The others (SIGINT, SIGWINCH, ...) go to the command, while it runs. */
static int term_signal;   /* the SIGTERM or SIGHUP received, if any: the container is being stopped */

void relay_signal(int signo) {
    int all = signo == SIGTERM || signo == SIGHUP;
    if (signo == SIGCHLD || (!all && (command_pid <= 0 || command_status >= 0))) return;
    if (all) term_signal = signo;
    kill_as_agent(all ? -1 : command_pid, signo);
}

/* The command's first exec, seen by the tracer (--ptrace). A stop that came while the recorder was still starting
   the command (waiting for the proxy, or its child not yet the agent's user) reached no process of the agent: the
   signal goes again now, or the command would run on until the engine's SIGKILL. */
void command_execs(void) {
    static int seen;
    if (seen++ == 0 && term_signal) kill_as_agent(-1, term_signal);
}

static long pids_value(const char *name, const char *prefix) {
    const char *dirs[] = { "/sys/fs/cgroup/", "/sys/fs/cgroup/pids/" };
    for (size_t k = 0; k < sizeof dirs / sizeof dirs[0]; k++) {
        char path[64], buf[256];
        snprintf(path, sizeof path, "%s%s", dirs[k], name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (n <= 0) continue;
        buf[n] = 0;
        char *p = strstr(buf, prefix);
        if (!p || p[strlen(prefix)] < '0' || p[strlen(prefix)] > '9') return -1;   /* "max": no limit */
        return strtol(p + strlen(prefix), NULL, 10);
    }
    return -1;
}

static void end_bomb(void) {
    static pid_t groups[MAX_PENDING];
    static int counts[MAX_PENDING];
    int n_groups = 0;
    DIR *d = opendir("/proc");
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        struct stat sb;
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        if (stat(path, &sb) != 0 || sb.st_uid != agent_uid) continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t r = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (r <= 0) continue;
        buf[r] = 0;
        char *p = strrchr(buf, ')');
        int ppid, pgrp;
        char state;
        if (!p || sscanf(p + 1, " %c %d %d", &state, &ppid, &pgrp) != 3 || pgrp <= 0) continue;
        int k = 0;
        while (k < n_groups && groups[k] != pgrp) k++;
        if (k == n_groups) {
            if (n_groups == MAX_PENDING) continue;
            groups[n_groups] = pgrp;
            counts[n_groups++] = 0;
        }
        counts[k]++;
    }
    closedir(d);
    int best = -1;
    for (int k = 0; k < n_groups; k++) if (best < 0 || counts[k] > counts[best]) best = k;
    if (best < 0) return;
    /* as the agent's user (kill_as_agent); group 1 is PID 1's own, which the agent's first command shares: then
       every process of the agent's user */
    pid_t target = groups[best] == 1 ? -1 : -groups[best];
    struct timespec pause = { 0, 20 * 1000 * 1000 };
    for (int tries = 0; tries < 10 && kill_as_agent(target, SIGKILL) == 0; tries++) nanosleep(&pause, NULL);   /* zombies: 0 too */
    puts_("{\"ev\":\"killed\",");
    put_time();
    putf(",\"pgrp\":%lld", groups[best]);
    putf(",\"procs\":%lld", counts[best]);
    putf(",\"refused_for_s\":%lld}", BOMB_S);
    flush_line();
}

/* The agent's processes (entries of /proc owned by its uid): under gVisor, which shows no cgroup files, what the
   pids limit (there RLIMIT_NPROC, enforced by gVisor's kernel at fork) counts. */
static long agent_procs(void) {
    DIR *d = opendir("/proc");
    if (!d) return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        struct stat sb;
        char path[300];
        snprintf(path, sizeof path, "/proc/%s", e->d_name);
        if (stat(path, &sb) == 0 && sb.st_uid == agent_uid) n++;
    }
    closedir(d);
    return n;
}

void watch_pids(void) {
    static struct timespec last;
    static long refused_at_start = -1;
    static int at_limit;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (last.tv_sec && (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 < 1000) return;
    last = now;
    long max = pids_value("pids.max", ""), current = pids_value("pids.current", ""), refused = pids_value("pids.events", "max ");
    struct rlimit nproc;
    if (max < 0 && current < 0 && getrlimit(RLIMIT_NPROC, &nproc) == 0 && nproc.rlim_cur != RLIM_INFINITY
            && nproc.rlim_cur < 65536) {
        /* no pids controller to read (gVisor): the agent's process limit is RLIMIT_NPROC, and a bomb keeps its
           processes at it; there is no count of refused forks, so being at the limit all along is the sign */
        max = (long)nproc.rlim_cur;
        current = agent_procs();
        refused = at_limit + 1;
    }
    if (max < 0 || current < 0 || refused < 0 || current < max - 2) {
        at_limit = 0;
        return;
    }
    if (at_limit++ == 0) refused_at_start = refused;
    if (at_limit > BOMB_S && refused > refused_at_start) {
        end_bomb();
        at_limit = 0;
    }
}

static void supervise(int listener, int pid1) {
    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) die("epoll");
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev) != 0) die("epoll");
    int sfd = signal_fd >= 0 ? signal_fd : signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) die("signalfd");
    ev.data.u64 = 2;
    epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &ev);
    int hung_up = 0;
    struct timespec quiet = {0};
    for (;;) {
        struct epoll_event evs[64];
        int timeout = hold_timeout(hung_up ? 50 : pid1 ? 1000 : -1);
        int n = epoll_wait(epfd, evs, 64, timeout);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) die("epoll_wait");
        for (int k = 0; k < n; k++) {
            uint64_t tag = evs[k].data.u64;
            if (tag == 1) {
                if (evs[k].events & EPOLLIN) handle_notification(listener);
                if ((evs[k].events & EPOLLHUP) && !(evs[k].events & EPOLLIN)) {
                    hung_up = 1;
                    epoll_ctl(epfd, EPOLL_CTL_DEL, listener, NULL);
                    clock_gettime(CLOCK_MONOTONIC, &quiet);
                }
            } else if (tag == 2) {
                struct signalfd_siginfo si;
                while (read(sfd, &si, sizeof si) == sizeof si) {
                    if (pid1) relay_signal((int)si.ssi_signo);
                }
            } else {
                int fd = (int)(tag - 16);
                for (int i = 0; i < n_tracked; i++) {
                    if (tracked[i].pidfd == fd) { check_tracked(i, 1); break; }
                }
            }
        }
        reap();   /* PID 1's children and orphans, and the processes seized for their exec */
        if (pid1 && !hung_up) watch_pids();
        if (hung_up) {
            /* every filtered process has ended: give their parents a moment to reap, then end */
            for (int i = n_tracked - 1; i >= 0; i--) check_tracked(i, 0);
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long waited = (now.tv_sec - quiet.tv_sec) * 1000 + (now.tv_nsec - quiet.tv_nsec) / 1000000;
            if ((n_tracked == 0 || waited > 2000) && (!pid1 || command_status >= 0)) break;
        }
    }
}

/* paude exec: the calling process becomes the command (0 is returned there, once the recorder is detached; it keeps
   sv[0]) and the recorder a grandchild adopted by PID 1, its log started (1 is returned there; it keeps sv[1]). */
int fork_detached(int sv[2], const char *log) {
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
        close(sv[0]);
        setsid();
        pid_t grandchild = fork();
        if (grandchild < 0) die("fork");
        if (grandchild > 0) _exit(0);
        /* the engine's exec ends when its output closes: the recorder keeps none of it (errors go to the log) */
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); }
        start_log(log);
        return 1;
    }
    close(sv[1]);
    int st;
    while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
    return 0;
}

/* --ready: polled every 2 ms (the wait is a few hundred milliseconds, while the proxy starts); signals stay blocked
   meanwhile and are handled once COMMAND runs. */
#define READY_TIMEOUT_S 60
/* Waits for FILE (the proxy is ready). 1 when it appeared; 0 when it did not in time; -SIGNO when the container is
   being stopped meanwhile (SIGTERM or SIGHUP on the signalfd): then the command is never started. */
static int await_ready(const char *file) {
    for (long waited_ms = 0; waited_ms < READY_TIMEOUT_S * 1000L; waited_ms += 2) {
        if (access(file, F_OK) == 0) return 1;
        struct pollfd p = { signal_fd, POLLIN, 0 };
        if (poll(&p, 1, 2) > 0) {
            struct signalfd_siginfo si;
            while (read(signal_fd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGHUP) return -(int)si.ssi_signo;
            }
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    int detached = 0, traced = 0;
    long uid = -1, gid = -1;
    const char *log = NULL;
    const char *ready = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--detached") == 0) detached = 1;
        else if (strcmp(argv[i], "--ptrace") == 0) traced = 1;
        else if (strcmp(argv[i], "--uid") == 0 && i + 1 < argc) uid = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--gid") == 0 && i + 1 < argc) gid = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc) log = argv[++i];
        else if (strcmp(argv[i], "--ready") == 0 && i + 1 < argc) ready = argv[++i];
        else if (strcmp(argv[i], "--seccomp-rules") == 0 && i + 1 < argc) seccomp_rules = argv[++i];
        else if (strcmp(argv[i], "--") == 0) { i++; break; }
        else break;
    }
    if (uid <= 0 || gid <= 0 || !log || i >= argc || (ready && detached) || (seccomp_rules && !traced)) {
        dprintf(2, "usage: paude-recorder [--ptrace [--seccomp-rules FILE]] [--detached] [--ready FILE] --uid UID --gid GID --log SHELL-COMMAND -- COMMAND [ARG...]\n"
                   "(UID and GID must not be 0: the recorded command never runs as root; --ready is for PID 1 only)\n");
        return 125;
    }
    if (seccomp_rules && access(seccomp_rules, R_OK) != 0) { /* checked before anything starts: the command would not */
        dprintf(2, "paude-recorder: cannot read the seccomp rules %s: %s; the command was not run\n", seccomp_rules,
                strerror(errno));
        return 125;
    }
    char **command = &argv[i];
    /* Reading another user's memory and exit status takes CAP_SYS_PTRACE: without it the record would be
       incomplete (argv unreadable, exit codes shown as 0), so the recorder refuses to start. */
    struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0 || !(d[CAP_SYS_PTRACE / 32].effective & (1u << (CAP_SYS_PTRACE % 32)))) {
        dprintf(2, "paude-recorder: needs CAP_SYS_PTRACE to read what the agent runs (the container must add it)\n");
        return 125;
    }
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    if (!detached) {
        /* A PID namespace's init is sent only the signals it has a handler for (pid_namespaces(7)): with the default
           disposition the engine's SIGTERM would be dropped before it reached the signalfd. The handler never runs
           (the signals stay blocked and are read from the signalfd); execve resets it in what the recorder starts. */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_passed_signal;
        for (size_t k = 0; k < sizeof PASSED / sizeof PASSED[0]; k++) {
            sigaddset(&handled, PASSED[k]);
            sigaction(PASSED[k], &sa, NULL);
        }
    }
    sigprocmask(SIG_BLOCK, &handled, NULL);
    if (!detached && (signal_fd = signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) die("signalfd");
    agent_uid = (uid_t)uid;
    if (traced && detached) return ptrace_detached((uid_t)uid, (gid_t)gid, log, command);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) die("socketpair");

    if (detached) {
        pid_t caller = getpid();   /* the process that becomes the command */
        if (fork_detached(sv, log)) {
            int listener = recv_fd(sv[1]);
            check_listener(listener, caller, (uid_t)uid);
            if (write(sv[1], "k", 1) != 1) die("ready");
            close(sv[1]);
            supervise(listener, 0);
            finish(0, 0);
            return 0;
        }
        become_command(sv[0], (uid_t)uid, (gid_t)gid, command);
    }

    /* PID 1: the recorder stays; its child becomes the command, once the proxy is ready */
    int readiness = ready ? await_ready(ready) : 1;
    if (readiness == 0) {
        dprintf(2, "paude-recorder: %s did not appear within %d s (the session's proxy never became ready); "
                   "the agent was not started\n", ready, READY_TIMEOUT_S);
        return 125;
    }
    if (readiness < 0) {
        dprintf(2, "paude-recorder: the container was stopped (%s) before the proxy was ready; the agent was not started\n",
                strsignal(-readiness));
        return 128 - readiness;
    }
    start_log(log);
    if (traced) return ptrace_pid1((uid_t)uid, (gid_t)gid, command);
    command_pid = fork();
    if (command_pid < 0) die("fork");
    if (command_pid == 0) {
        close(sv[0]);
        close(log_fd);
        become_command(sv[1], (uid_t)uid, (gid_t)gid, command);
    }
    close(sv[1]);
    int listener = recv_fd(sv[0]);
    check_listener(listener, command_pid, (uid_t)uid);
    if (write(sv[0], "k", 1) != 1) die("ready");
    close(sv[0]);
    supervise(listener, 1);
    finish(command_status, 1);
    return WIFSIGNALED(command_status) ? 128 + WTERMSIG(command_status) : WEXITSTATUS(command_status);
}
