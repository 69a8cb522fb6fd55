package io.paude.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * paude's own seccomp profile, applied to every container instead of the engine's default, so the kernel surface
 * the agent can reach is the same on Docker and Podman (podman 4.3's default lets any user create a user namespace,
 * and allows keyctl and io_uring). Pure: the planner writes it into the session's configuration directory.
 *
 * <p>Default deny. The system calls an agent's tools use are allowed by name. The ones below in {@link #DENIED} are
 * refused with EPERM ("Operation not permitted"), so a refusal names itself. Everything else (calls this list does
 * not know, including those of kernels newer than it) gets ENOSYS, so a program falls back as it would on an older
 * kernel. {@code clone} is allowed only without namespace flags; {@code clone3}, whose flags seccomp cannot read,
 * gets ENOSYS and the C library falls back to {@code clone}. 32-bit system calls are not in the profile and are
 * refused. process_vm_readv and seccomp stay allowed: the audit recorder needs them (it reads the agent's execs'
 * arguments and installs the filter that hands it every exec; it refuses the agent a seccomp listener of its own).
 * ptrace stays allowed for the agent's own debugging tools; the agent cannot trace the recorder (another uid).
 */
public final class SeccompProfile {
    /** The profile's file name in a container's configuration directory. */
    public static final String FILE = "seccomp.json";

    /** Refused with EPERM, by reason. */
    public static final Map<String, List<String>> DENIED = Map.of(
            "namespaces and mounts (privilege regain, escape)", List.of("unshare", "setns", "mount", "umount2",
                    "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
                    "mount_setattr"),
            "kernel and host administration", List.of("init_module", "finit_module", "delete_module", "kexec_load",
                    "kexec_file_load", "reboot", "swapon", "swapoff", "acct", "syslog", "iopl", "ioperm", "uselib",
                    "vhangup", "quotactl", "quotactl_fd", "lookup_dcookie", "clock_settime", "clock_adjtime",
                    "settimeofday", "sethostname", "setdomainname"),
            "kernel attack surface an agent does not need", List.of("bpf", "perf_event_open", "userfaultfd",
                    "keyctl", "add_key", "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register",
                    "fanotify_init", "open_by_handle_at", "name_to_handle_at", "move_pages", "migrate_pages",
                    "memfd_secret", "modify_ldt"));

    /** Namespace flags of clone(2): CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET. */
    static final long[] NAMESPACE_FLAGS = {0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L, 0x10000000L,
        0x20000000L, 0x40000000L};
    static final long CLONE_NAMESPACES = Arrays.stream(NAMESPACE_FLAGS).reduce(0, (a, b) -> a | b);
    static final int EPERM = 1;
    static final int ENOSYS = 38;

    /** Allowed by name (x86_64 and aarch64 names; a name the architecture lacks is ignored by the runtime). */
    static final Set<String> ALLOWED = Arrays.stream("""
            accept accept4 access adjtimex alarm arch_prctl bind brk capget capset chdir chmod chown clock_getres
            clock_gettime clock_nanosleep close close_range connect copy_file_range creat dup dup2 dup3 epoll_create
            epoll_create1 epoll_ctl epoll_pwait epoll_pwait2 epoll_wait eventfd eventfd2 execve execveat exit exit_group
            faccessat faccessat2 fadvise64 fallocate fanotify_mark fchdir fchmod fchmodat fchown fchownat fcntl fdatasync
            fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstatfs fsync ftruncate futex futex_waitv
            futimesat get_mempolicy get_robust_list get_thread_area getcpu getcwd getdents getdents64 getegid geteuid
            getgid getgroups getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid getresuid
            getrlimit getrusage getsid getsockname getsockopt gettid gettimeofday getuid getxattr inotify_add_watch
            inotify_init inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents io_setup io_submit
            ioctl ioprio_get ioprio_set kcmp kill landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown
            lgetxattr link linkat listen listxattr llistxattr lremovexattr lseek lsetxattr lstat madvise mbind membarrier
            memfd_create mincore mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mprotect mq_getsetattr mq_notify
            mq_open mq_timedreceive mq_timedsend mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock munlockall
            munmap nanosleep newfstatat open openat openat2 pause personality pidfd_getfd pidfd_open pidfd_send_signal pipe
            pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll prctl pread64 preadv preadv2 prlimit64 process_madvise
            process_mrelease process_vm_readv process_vm_writev pselect6 ptrace pwrite64 pwritev pwritev2 read readahead
            readlink readlinkat readv recvfrom recvmmsg recvmsg remap_file_pages removexattr rename renameat renameat2
            restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
            rt_sigtimedwait rt_tgsigqueueinfo sched_get_priority_max sched_get_priority_min sched_getaffinity sched_getattr
            sched_getparam sched_getscheduler sched_rr_get_interval sched_setaffinity sched_setattr sched_setparam
            sched_setscheduler sched_yield seccomp select semctl semget semop semtimedop sendfile sendmmsg sendmsg sendto
            set_mempolicy set_mempolicy_home_node set_robust_list set_thread_area set_tid_address setfsgid setfsuid setgid
            setgroups setitimer setpgid setpriority setregid setresgid setresuid setreuid setrlimit setsid setsockopt
            setuid setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 socket socketpair splice stat
            statfs statx symlink symlinkat sync sync_file_range syncfs sysfs sysinfo tee tgkill time timer_create
            timer_delete timer_getoverrun timer_gettime timer_settime timerfd_create timerfd_gettime timerfd_settime times
            tkill truncate umask uname unlink unlinkat ustat utime utimensat utimes vfork vmsplice wait4 waitid write
            writev
            """.split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));

    /**
     * The names gVisor gives system calls that Linux names otherwise, by Linux's name. runsc applies the engine's profile
     * to the agent's first process itself ({@code --oci-seccomp}) and resolves the profile's names with its own table;
     * a name it does not know is dropped, and the call falls to the default action. gVisor 20221219 (Debian 12's) names
     * system call 270 "pselect", so an allowed "pselect6" was refused (EPERM), and readline, which waits for a key with
     * pselect6, took that for the end of input: an interactive bash under gVisor ended at its first prompt. The profile
     * allows both names; runc and crun ignore the one their table lacks, as for the other architecture's names.
     */
    static final Map<String, String> GVISOR_NAMES = Map.of("pselect6", "pselect");

    private SeccompProfile() {
    }

    /** The profile as the engines' JSON format (the one Docker and Podman both read with --security-opt seccomp=). */
    public static String json() {
        StringBuilder s = new StringBuilder();
        s.append("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": ").append(ENOSYS).append(",\n");
        s.append("  \"archMap\": [\n");
        s.append("    {\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": []},\n");
        s.append("    {\"architecture\": \"SCMP_ARCH_AARCH64\", \"subArchitectures\": []}\n  ],\n");
        s.append("  \"syscalls\": [\n");
        Set<String> allowed = new TreeSet<>(ALLOWED);
        ALLOWED.stream().map(GVISOR_NAMES::get).filter(Objects::nonNull).forEach(allowed::add);
        s.append("    {\"names\": ").append(names(allowed)).append(", \"action\": \"SCMP_ACT_ALLOW\"},\n");
        s.append("    {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": ")
                .append(CLONE_NAMESPACES).append(", \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n");
        for (long flag : NAMESPACE_FLAGS) {
            // with a namespace flag: refused with EPERM, like unshare, rather than the default ENOSYS
            s.append("    {\"names\": [\"clone\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": ").append(EPERM)
                    .append(", \"args\": [{\"index\": 0, \"value\": ").append(flag).append(", \"valueTwo\": ").append(flag)
                    .append(", \"op\": \"SCMP_CMP_MASKED_EQ\"}]},\n");
        }
        s.append("    {\"names\": [\"clone3\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": ").append(ENOSYS).append("},\n");
        s.append("    {\"names\": ").append(names(denied())).append(", \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": ")
                .append(EPERM).append("}\n");
        s.append("  ]\n}\n");
        return s.toString();
    }

    /** The profile's file name, as the rules the recorder loads itself ({@link #rules}). */
    public static final String RULES_FILE = "seccomp.rules";

    /**
     * The same profile as {@link #json}, as plain rules for the audit recorder to load with libseccomp where the
     * runtime does not apply the engine's profile to every process: gVisor's runsc applies it to the container's first
     * process only (with {@code --oci-seccomp}), never to a process started by {@code exec}. One rule a line:
     * {@code default errno N}, then {@code ACTION SYSCALL [ARG MASK VALUE]} with ACTION {@code allow} or
     * {@code errno N}; the optional comparison is "argument ARG masked with MASK equals VALUE".
     */
    public static String rules() {
        StringBuilder s = new StringBuilder("# paude's seccomp profile (plan/SeccompProfile.java), as the recorder loads it\n");
        s.append("default errno ").append(ENOSYS).append('\n');
        ALLOWED.forEach(n -> s.append("allow ").append(n).append('\n'));
        s.append("allow clone 0 ").append(CLONE_NAMESPACES).append(" 0\n");
        for (long flag : NAMESPACE_FLAGS) {
            s.append("errno ").append(EPERM).append(" clone 0 ").append(flag).append(' ').append(flag).append('\n');
        }
        s.append("errno ").append(ENOSYS).append(" clone3\n");
        denied().forEach(n -> s.append("errno ").append(EPERM).append(' ').append(n).append('\n'));
        return s.toString();
    }

    static Set<String> denied() {
        return DENIED.values().stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String names(Set<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
