/* paude-recorder: what its two modes share (paude-recorder.c: seccomp user notification, the default;
   paude-recorder-ptrace.c: --ptrace, for gVisor). */
#ifndef PAUDE_RECORDER_H
#define PAUDE_RECORDER_H

#include <linux/audit.h>
#include <linux/filter.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "paude-recorder supports x86_64 and aarch64"
#endif

#define MAX_ARGS 4096      /* arguments read per exec; more are marked "cut" */
#define MAX_STR 4096       /* bytes read per argument (strace -s 4096 did the same) */
#define MAX_TRACKED 65536  /* processes followed at once */
#define MAX_PENDING 4096   /* execs under way at once */

extern sigset_t handled;   /* SIGCHLD and, for PID 1, the signals passed on to the command */
extern int signal_fd;      /* PID 1's signalfd of them, made when they are blocked; -1 when detached */
extern int log_fd;
extern pid_t log_pid;
extern pid_t command_pid;
extern int command_status;
extern uid_t agent_uid;
extern const char *seccomp_rules; /* --seccomp-rules FILE (--ptrace): paude's profile, loaded into the command */
extern size_t out_len;     /* the bytes held: a line being built starts here */

/* writing lines */
void die(const char *what);
void put(const char *s, size_t n);
void puts_(const char *s);
void putf(const char *fmt, long long a);
void put_time(void);
void put_end(int status);
void flush_line(void);
int hold_timeout(int timeout);
void start_log(const char *shell_command);
int fork_detached(int sv[2], const char *log);
void finish(int status, int has_status);

/* processes whose end is written ("exit"): by thread-group id; pidfd -1 when the end comes from waitpid (--ptrace) */
struct tracked { pid_t pid; int pidfd; long long id; int tries; };
extern struct tracked tracked[MAX_TRACKED];
extern int n_tracked;
int find_tracked(pid_t pid);
void end_tracked(int i, int status);

/* execs under way (the "exec" line written, the "ran" or "failed" one not yet) */
struct pending { pid_t tid; long long id; int have_file; dev_t dev; ino_t ino; int entered; };
extern struct pending pending[MAX_PENDING];
extern int n_pending;
int find_pending(pid_t tid);
void drop_pending(int i, int failed);
void write_ran(pid_t pid, const struct pending *p);

/* The "exec" line of thread tid's execve (at = 0) or execveat (at = 1) with arguments args, its ids from pidfd pfd
   (-1: from /proc). Returns its id; *tgid is the caller's process, *file (when *have_file) what the path named. */
long long put_exec_line(pid_t tid, int at, const uint64_t args[6], int pfd, long *tgid, struct stat *file,
        int *have_file);
void drop_to(uid_t uid, gid_t gid);
long install_command_filter(const struct sock_filter *mid, size_t n, unsigned int flags);
void watch_pids(void);
/* PID 1 passes a stop or interrupt on to the command, as an init would (a no-op for SIGCHLD or after the command) */
void relay_signal(int signo);
/* --ptrace: the command's first exec is seen; a stop signal that came before it reached nothing and goes again */
void command_execs(void);
/* In a child of the recorder: the passed signals back to SIG_DFL, then unblocked (before it becomes anything else) */
void child_signals(void);

/* --ptrace (paude-recorder-ptrace.c) */
int ptrace_pid1(uid_t uid, gid_t gid, char **command);
int ptrace_detached(uid_t uid, gid_t gid, const char *log, char **command);

#endif
