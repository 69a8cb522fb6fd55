@area-gvisor @threat-kernel-escape
Feature: A second wall: the agent under gVisor

  Every container sandbox shares the host's kernel: a flaw in its system-call surface is one call away from the agent,
  and capabilities, seccomp and no-new-privileges only narrow that surface. With --runtime runsc the agent's container
  runs under gVisor, whose own kernel (the Sentry, a user-space process) answers the agent's system calls; the host's
  kernel sees only the Sentry's few. The proxy stays on the engine's default runtime. Every other guarantee must still
  hold there: CI runs the core of the suite again with the agent under gVisor (docs/gvisor.md, "What is proven").
  Here: that the wall is really there, by what the engine reports and by what the agent sees, against the default
  runtime as the control; what changes under it (the pids limit, the audit's way of following processes).

  Rule: under --runtime runsc the agent's kernel is gVisor's, and paude says so

    Scenario: the agent's processes see gVisor's kernel, the engine reports runsc, and the proxy stays on the default runtime
      Given a sandbox with the limits "--runtime runsc"
      Then the session start printed "paude: runtime: gVisor (runtime runsc)"
      And the engine reports the runtime "runsc" for the agent and the engine's default runtime for the proxy
      And the agent sees gVisor's kernel: release 4.4.0, not the host's
      And the session record names the runtime "runsc"
      And the agent's seccomp filter is in force

    Scenario: on the default runtime the agent shares the host's kernel (the control)
      Given a sandbox with the limits "--runtime default"
      Then the engine reports the engine's default runtime for the agent
      And the agent sees the host's kernel release
      And the session record names the runtime "default"

    Scenario: paude doctor says gVisor is available, that the seccomp profile is in force under it, and its platform
      When the user runs paude doctor with "--runtime runsc"
      Then paude exits with code 0 and the output names "gVisor available: runtime runsc runs the agent's image on gVisor's kernel with its seccomp profile in force, platform ptrace"

    @area-cli
    Scenario: a runtime paude does not know is refused before anything is created, with the choices
      When the user starts paude with "--runtime kata"
      Then paude exits with code 2 and the error names "unknown runtime 'kata'"
      And the error says how to fix it
      And nothing of paude was created

  Rule: the pids limit is gVisor's own under runsc, and a fork bomb still meets it

    @area-cli
    Scenario: a pids limit whose gVisor threads would take a quarter of the host's process ids is refused, with the most allowed
      When the user starts paude with "--runtime runsc --pids-limit 4000"
      Then paude exits with code 2 and the error names "--pids-limit 4000 under gVisor would let the session hold up to 193024 of this host's"
      And the error says how to fix it
      And nothing of paude was created

    # The host's pids cgroup counts the Sentry's threads, up to about 32 per task of the sandbox: at that limit the
    # Sentry itself fails and the whole sandbox dies. So under gVisor the agent's limit is RLIMIT_NPROC, which gVisor's
    # kernel enforces at fork (EAGAIN); the host's cgroup limit is a backstop 48 times larger plus 1024; and a limit
    # whose backstop would take more than a quarter of the host's process ids is refused. No cgroup files show inside
    # gVisor: PID 1 (the recorder) ends a bomb when the agent's processes stay at the limit for 5 s.
    @task-11 @threat-resource-exhaustion
    Scenario: a fork bomb under gVisor fails with EAGAIN at the agent's limit while the host answers
      Given a sandbox with the limits "--runtime runsc --pids-limit 64 --cpus 0.5 --memory 1g"
      Then the engine reports for the agent under gVisor a process limit of 64 and a host pids backstop of 4096
      When the agent leaves a fork bomb running while the host is probed for 4 seconds
      Then a command on the host answered within 2 seconds throughout the bomb
      And the sandbox ends the bomb within 40 seconds, and paude audit says it killed it at the pids limit
      And the bomb's forks failed with "Resource temporarily unavailable"
      And the agent can run commands again after the bomb

  Rule: an interactive shell under gVisor reads what the user types

    # gVisor 20221219 knows system call 270 as "pselect", not Linux's "pselect6", and runsc resolves the engine's
    # seccomp profile with its own table: a profile that named only "pselect6" refused it (EPERM) in the agent's first
    # process, and readline, which waits for a key with pselect6, took that for the end of input, so bash ended at its
    # first prompt. paude's profile names both (plan/SeccompProfile); the shell of a terminal on the default runtime is
    # the control (session-lifecycle.feature). The raw call's timeout is at address 1: the kernel's own "Bad address"
    # shows the call got past the filter, whose refusal said "Operation not permitted".
    Scenario: an interactive shell under gVisor waits at its prompt and runs what the user types
      Given a sandbox with the limits "--runtime runsc"
      Then the engine reports a seccomp profile for the agent that allows "pselect6" by gVisor's name "pselect" too
      When the agent's first process under gVisor makes the system call "pselect6:0:0:0:0:1:0" and, as controls, getpid and a plain clone
      Then the controls succeed and "pselect6:0:0:0:0:1:0" fails with "Bad address"
      When the user opens a shell with paude from a terminal with "--runtime runsc" and types a command
      Then the command ran with a terminal attached

  Rule: a command that reaches the memory limit under gVisor ends the sandbox, and paude exec says so at once

    # The host's OOM killer sees gVisor's kernel as one process: at the memory limit it kills the Sentry, and the whole
    # sandbox with it (under runc only the command dies: resource-limits.feature). The engine's exec would then wait on
    # the vanished sandbox forever; the launcher watches the agent's container during an exec under gVisor and ends it.
    @task-11 @threat-resource-exhaustion
    Scenario: a memory hog under gVisor ends its sandbox, and paude exec returns 137 naming the memory limit instead of waiting
      Given a sandbox with the limits "--runtime runsc --memory 256m"
      When the agent allocates 64 MiB
      Then the command succeeds
      When the agent allocates memory without end
      Then the command is killed with exit code 137
      And paude said the sandbox ended at the memory limit under gVisor and that the session is over
      And the engine reports the agent's container ended by the memory limit
