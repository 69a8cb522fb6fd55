/*
 * paude-recorder --ptrace: the same record, kept by tracing the command instead of seccomp user notification, for
 * kernels without the latter: gVisor (runsc 20221219 refuses SECCOMP_FILTER_FLAG_NEW_LISTENER with EINVAL; it has
 * ptrace, but neither pidfd_open nor process_vm_readv). Same roles, options, privilege drop and lines.
 *
 * The recorder seizes the command's process before it drops its privileges (the process waits on a socket until
 * then), with PTRACE_O_EXITKILL: if the recorder dies, every process it traces is killed (fail closed). Every new
 * task is attached before it runs (TRACEFORK, TRACEVFORK, TRACECLONE). The command's filter hands each
 * execve/execveat to the tracer (SECCOMP_RET_TRACE: without a tracer the call fails with ENOSYS), refuses clone with
 * CLONE_UNTRACED (a child the tracer would not see) and clone3 (ENOSYS: its flags are in memory, out of a filter's
 * reach; glibc falls back to clone), and, as in the default mode, ptrace, process_vm_writev and a seccomp listener.
 *
 * At an exec's seccomp stop the recorder writes the "exec" line (the tracee's memory a word at a time with
 * PTRACE_PEEKDATA where process_vm_readv is missing) and resumes it to the end of the call: a syscall stop that
 * returns an error is a "failed" line, a PTRACE_EVENT_EXEC the "ran" line. The recorder reads the call's number
 * from the registers, never from the filter's data, which a filter of the agent's own could set. Other stops:
 * signals are passed on, group-stops listened to (PTRACE_LISTEN: the process stays stopped), everything else resumed
 * at once. Ends come from waitpid: an "exit" line for every process that exec'd. docs/gvisor-recorder.md says more.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "paude-recorder.h"
#include "paude-seccomp-rules.h"

#define SEIZE_OPTIONS (PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK \
        | PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD)

/* ---------- the tasks traced (every thread of every process of the command) ---------- */

struct task { pid_t tid; int started; };
static struct task tasks[MAX_TRACKED];
static int n_tasks;

static struct task *task_of(pid_t tid) {
    for (int i = 0; i < n_tasks; i++) if (tasks[i].tid == tid) return &tasks[i];
    if (n_tasks == MAX_TRACKED) return NULL;
    tasks[n_tasks] = (struct task){ tid, 0 };
    return &tasks[n_tasks++];
}

static void task_gone(pid_t tid) {
    for (int i = 0; i < n_tasks; i++) {
        if (tasks[i].tid == tid) { tasks[i] = tasks[--n_tasks]; return; }
    }
}

/* A safety net: a task whose end was never reported (gone, not even a zombie) is forgotten. */
static void sweep_tasks(void) {
    for (int i = n_tasks - 1; i >= 0; i--) {
        if (kill(tasks[i].tid, 0) != 0 && errno == ESRCH) tasks[i] = tasks[--n_tasks];
    }
}

/* ---------- registers ---------- */

/* The system call number, arguments and return register of a stopped tracee; -1 when they cannot be read. */
static int regs_of(pid_t tid, long *nr, uint64_t args[6], long *ret) {
#if defined(__x86_64__)
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, tid, 0, &r) != 0) return -1;
    *nr = (long)r.orig_rax;
    uint64_t a[6] = { r.rdi, r.rsi, r.rdx, r.r10, r.r8, r.r9 };
    *ret = (long)r.rax;
#else
    struct user_pt_regs r;
    struct iovec io = { &r, sizeof r };
    if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &io) != 0) return -1;
    *nr = (long)r.regs[8];
    uint64_t a[6] = { r.regs[0], r.regs[1], r.regs[2], r.regs[3], r.regs[4], r.regs[5] };
    *ret = (long)r.regs[0];
#endif
    memcpy(args, a, sizeof a);
    return 0;
}

/* Whether a syscall stop is a call's entry. Linux (5.3+) says so (PTRACE_GET_SYSCALL_INFO) and, since 4.8, stops
   at the seccomp stop after the entry: the next syscall stop is the exit. gVisor says nothing (EIO) and stops at
   the seccomp stop before the entry: there the entry comes first, its return register still -ENOSYS. */
static int at_entry(pid_t tid, const struct pending *p, long ret) {
    unsigned char info[128];
    long n = ptrace((enum __ptrace_request)0x420e /* PTRACE_GET_SYSCALL_INFO */, tid, (void *)sizeof info, info);
    if (n > 0) return info[0] == 1;   /* PTRACE_SYSCALL_INFO_ENTRY */
    return !p->entered && ret == -ENOSYS;
}

/* ---------- stops ---------- */

/* Resumes a tracee: to its next syscall stop while its exec is under way. */
static void resume(pid_t tid, int sig) {
    ptrace(find_pending(tid) >= 0 ? PTRACE_SYSCALL : PTRACE_CONT, tid, 0, (void *)(long)sig);
}

static void seccomp_stop(pid_t tid) {
    long nr, ret;
    uint64_t args[6];
    if (regs_of(tid, &nr, args, &ret) != 0 || (nr != __NR_execve && nr != __NR_execveat)) {
        resume(tid, 0);   /* a stop asked for by a filter of the agent's own */
        return;
    }
    int i = find_pending(tid);
    if (i >= 0) drop_pending(i, 1);   /* its previous exec ended unseen (a signal came in between): it failed */
    long tgid;
    int have_file;
    struct stat sb;
    long long id = put_exec_line(tid, nr == __NR_execveat, args, -1, &tgid, &sb, &have_file);
    flush_line();
    if (n_pending < MAX_PENDING) {
        pending[n_pending++] = (struct pending){ tid, id, have_file, have_file ? sb.st_dev : 0,
                have_file ? sb.st_ino : 0, 0 };
    }
    i = find_tracked((pid_t)tgid);
    if (i >= 0) tracked[i].id = id;   /* the same process exec'd again */
    else if (n_tracked < MAX_TRACKED) tracked[n_tracked++] = (struct tracked){ (pid_t)tgid, -1, id, 0 };
    ptrace(PTRACE_SYSCALL, tid, 0, 0);
}

static void syscall_stop(pid_t tid) {
    int i = find_pending(tid);
    long nr, ret;
    uint64_t args[6];
    if (i < 0 || regs_of(tid, &nr, args, &ret) != 0) {
        ptrace(PTRACE_CONT, tid, 0, 0);
        return;
    }
    if (at_entry(tid, &pending[i], ret)) {
        pending[i].entered = 1;
        ptrace(PTRACE_SYSCALL, tid, 0, 0);
        return;
    }
    drop_pending(i, 1);   /* the call returned: a successful exec stops at PTRACE_EVENT_EXEC first */
    ptrace(PTRACE_CONT, tid, 0, 0);
}

static void exec_stop(pid_t pid) {
    if (pid == command_pid) command_execs();
    unsigned long former = (unsigned long)pid;
    ptrace(PTRACE_GETEVENTMSG, pid, 0, &former);
    int i = find_pending(pid);
    if ((pid_t)former != pid) {   /* a thread other than the leader exec'd: it now has the leader's pid */
        if (i >= 0) drop_pending(i, 1);   /* the leader's own exec, if any, never ran */
        i = find_pending((pid_t)former);
        task_gone((pid_t)former);
    }
    if (i >= 0) {
        write_ran(pid, &pending[i]);
        drop_pending(i, 0);
    }
    ptrace(PTRACE_CONT, pid, 0, 0);
}

static void ended(pid_t pid, int st) {
    if (pid == log_pid) {
        log_pid = -1;
        errno = EPIPE;
        die("the audit log writer stopped; ending the session (fail closed)");
    }
    int i = find_pending(pid);
    if (i >= 0) drop_pending(i, 1);
    if (pid == command_pid) command_status = st;
    i = find_tracked(pid);
    if (i >= 0) end_tracked(i, st);
    task_gone(pid);
}

static void stopped(pid_t tid, int st) {
    int sig = WSTOPSIG(st), event = (unsigned)st >> 16;
    struct task *t = task_of(tid);
    int first = t && !t->started;
    if (t) t->started = 1;
    if (sig == (SIGTRAP | 0x80)) { syscall_stop(tid); return; }
    switch (event) {
    case PTRACE_EVENT_SECCOMP: seccomp_stop(tid); return;
    case PTRACE_EVENT_EXEC: exec_stop(tid); return;
    case PTRACE_EVENT_FORK: case PTRACE_EVENT_VFORK: case PTRACE_EVENT_CLONE: {
        unsigned long child;
        if (ptrace(PTRACE_GETEVENTMSG, tid, 0, &child) == 0) task_of((pid_t)child);
        resume(tid, 0);
        return;
    }
    case PTRACE_EVENT_STOP:
        /* the first stop of a new task: let it run; a group-stop (job control): it stays stopped until SIGCONT */
        if (!first && (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)) {
            ptrace(PTRACE_LISTEN, tid, 0, 0);
        } else {
            resume(tid, 0);
        }
        return;
    case 0:
        resume(tid, sig);   /* a signal for the tracee: delivered */
        return;
    default:
        resume(tid, 0);
    }
}

/* Handles every stop and end until the command has ended (PID 1) and every traced task is gone. */
static void trace_all(int pid1) {
    int sfd = signal_fd >= 0 ? signal_fd : signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) die("signalfd");
    long long last_sweep = 0;
    for (;;) {
        int st;
        pid_t pid;
        while ((pid = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
            if (WIFSTOPPED(st)) stopped(pid, st);
            else if (WIFEXITED(st) || WIFSIGNALED(st)) ended(pid, st);
        }
        int no_children = pid < 0 && errno == ECHILD;
        if ((n_tasks == 0 || no_children) && (!pid1 || command_status >= 0)) return;
        if (pid1) watch_pids();
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
        if (ms - last_sweep >= 1000) {
            sweep_tasks();
            last_sweep = ms;
        }
        struct pollfd p = { sfd, POLLIN, 0 };
        int n = poll(&p, 1, hold_timeout(1000));
        if (n < 0 && errno != EINTR) die("poll");
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == sizeof si) {
            if (pid1) relay_signal((int)si.ssi_signo);
        }
    }
}

/* ---------- the traced side ---------- */

static void install_trace_filter(void) {
    static const struct sock_filter mid[] = {
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execve, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_execveat, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
        /* a child the tracer would not follow: refused (EPERM); clone3's flags are out of reach: ENOSYS */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_UNTRACED, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
    };
    if (install_command_filter(mid, sizeof mid / sizeof mid[0], 0) != 0) die("installing the seccomp filter");
}

/* Waits until the recorder traces this process, then drops, filters and runs the command. */
static void become_traced(int sock, uid_t uid, gid_t gid, char **command) {
    child_signals();
    signal(SIGPIPE, SIG_DFL);
    char ok;
    if (read(sock, &ok, 1) != 1) { errno = EPIPE; die("the recorder did not start"); }
    close(sock);
    drop_to(uid, gid);
    if (seccomp_rules) { /* paude's profile, which runsc gives no process of exec (paude-seccomp-rules.c) */
        char err[256];
        if (paude_load_seccomp_rules(seccomp_rules, err, sizeof err) != 0) {
            dprintf(2, "paude-recorder: %s; the command was not run\n", err);
            _exit(125);
        }
    }
    install_trace_filter();
    execvp(command[0], command);
    dprintf(2, "paude-recorder: cannot run %s: %s\n", command[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
}

static void seize(pid_t pid, int sock) {
    if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(long)SEIZE_OPTIONS) != 0) die("tracing the command (PTRACE_SEIZE)");
    task_of(pid)->started = 1;
    if (write(sock, "k", 1) != 1) die("ready");
    close(sock);
}

int ptrace_pid1(uid_t uid, gid_t gid, char **command) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) die("socketpair");
    command_pid = fork();
    if (command_pid < 0) die("fork");
    if (command_pid == 0) {
        close(sv[0]);
        close(log_fd);
        log_fd = -1;
        become_traced(sv[1], uid, gid, command);
    }
    close(sv[1]);
    seize(command_pid, sv[0]);
    trace_all(1);
    finish(command_status, 1);
    return WIFSIGNALED(command_status) ? 128 + WTERMSIG(command_status) : WEXITSTATUS(command_status);
}

int ptrace_detached(uid_t uid, gid_t gid, const char *log, char **command) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) die("socketpair");
    pid_t self = getpid();   /* becomes the command */
    if (fork_detached(sv, log)) {
        seize(self, sv[1]);
        trace_all(0);
        finish(0, 0);
        return 0;
    }
    become_traced(sv[0], uid, gid, command);
    return 125;
}
