@area-baseline @threat-privilege @rootless-core @gvisor-core
Feature: The agent runs unprivileged: non-root, no capabilities, no new privileges

  Every other guarantee assumes the agent cannot undo the sandbox from inside. Each property is checked twice:
  in the configuration the engine reports, and from inside the running agent. A non-root process's effective
  capabilities are empty anyway; what matters is the bounding set (CapBnd), which must be empty too.
  The container's PID 1 is the audit recorder (task 8): it starts as root with SETUID, SETGID, SETPCAP and
  SYS_PTRACE only, so that it can drop to the agent's user and empty the bounding set before the agent's program
  runs, and read what the agent's processes run. Every process of the agent holds no capability at all.

  Background:
    Given a sandbox with the default allowlist

  Scenario: the agent is not root
    Then the agent's uid is not 0, and the engine reports that the agent's command drops to a non-root user
    And the agent's files in the workspace belong to the workspace's owner

  Scenario: the agent has no capabilities at all, not even in its bounding set
    Then the agent's effective and bounding capability sets are empty
    And every process of the agent's user has empty effective and bounding sets, while PID 1 keeps only the recorder's four
    And the engine reports that all capabilities are dropped and only the recorder's SETUID, SETGID, SETPCAP and SYS_PTRACE added back

  Scenario: the agent cannot gain privileges
    Then the agent's NoNewPrivs flag is set
    And the engine reports no-new-privileges for the agent
    And the image has no setuid or setgid programs

  # paude applies its own seccomp profile (launcher plan/SeccompProfile), not the engine's default: podman 4.3's
  # default lets any user create a user namespace and allows keyctl and io_uring. Each call below is made raw,
  # with arguments that would succeed or fail differently without the profile (a NULL pointer gives EFAULT).
  Scenario: paude's seccomp profile is what the engine applied, and the agent runs under it
    Then the engine reports paude's seccomp profile, not the engine's default, for the agent and the proxy
    And the agent's processes run under seccomp filters: the profile's and the recorder's

  Scenario Outline: the seccomp profile refuses <what> with EPERM while ordinary calls work
    When the agent makes the system call "<call>" and, as controls, getpid and a plain clone
    Then the controls succeed and "<call>" fails with "Operation not permitted"

    Examples:
      | what                                 | call                       |
      | a user namespace (unshare)           | unshare:0x10000000         |
      | a user namespace (clone)             | clone:0x10000011           |
      | a network namespace (clone)          | clone:0x40000011           |
      | joining a namespace (setns)          | setns:0:0                  |
      | the kernel keyring                   | keyctl:0:-3:1              |
      | io_uring                             | io_uring_setup:1:0         |
      | eBPF                                 | bpf:0:0:0                  |
      | perf events                          | perf_event_open:0:0:-1:-1:0 |
      | userfaultfd                          | userfaultfd:0              |
      | file handles (the "shocker" escape)  | open_by_handle_at:0:0:0    |

  @threat-engine-socket
  Scenario: the agent has no engine socket
    Then no container engine socket is reachable from the agent

  Scenario: the agent image carries the pinned Claude Code and the tools an agent needs
    Then Claude Code answers with its pinned version inside the sandbox
    And bash, git, curl and the CA certificates are present inside the sandbox
    And the engine reports that the agent image runs as a non-root user by default
