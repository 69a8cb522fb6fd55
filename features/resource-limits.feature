@task-11 @threat-resource-exhaustion
Feature: The agent's resources are limited, so a runaway or hostile agent cannot starve the host

  An agent that forks without end, allocates without end, opens files without end or fills its scratch space
  must hit a wall inside its own sandbox, not take the host (and the user's other work) down with it. Every limit
  is always set, sized from the host by default and configurable per project and by flags; each is checked by what
  the engine reports and by hitting it from inside the agent. The small explicit limits below keep the runs short.

  Rule: every limit is set, reported, and in force inside the agent

    @gvisor-core
    Scenario: the limits asked for are what the engine reports and what the agent sees
      Given a sandbox with the limits "--cpus 0.5 --memory 256m --pids-limit 64 --nofile 256 --tmp-size 16m"
      Then the session start printed "paude: limits: cpus 0.50, memory 256m (no swap beyond it), pids 64, open files 256, tmpfs 16m each"
      And the engine reports for the agent 0.5 CPUs, 256m of memory with no swap beyond it, 64 pids and 256 open files
      And the engine reports 16m tmpfs at /tmp and at the agent's home and a read-only root
      And the engine reports the proxy's own limits
      And the agent sees a CPU quota of 0.5 cores, 256m of memory, 64 pids and 256 open files

    Scenario: the defaults are sized from the host and reported by doctor
      When the user runs paude doctor
      Then paude exits with code 0 and the output names "limits: cpus"
      And the output names the proxy's limits
      Given a sandbox with the default allowlist
      Then the engine reports the default limits for this host on the agent

  Rule: CPU use is capped

    Scenario: two busy processes together get no more than the CPU quota
      Given a sandbox with the limits "--cpus 0.5"
      When the agent keeps two processes busy for 3 seconds
      Then they used at most 0.6 CPU-seconds per second, and at least 0.2

  Rule: a fork bomb hits the pids limit, the host stays responsive, and the sandbox ends the bomb

    # A bomb does not end by itself: at the limit its processes keep replacing each other and nothing else can start.
    # The test never kills it: PID 1 (the recorder) sees forks refused at the limit for 5 s on end and kills the
    # process group holding most of the agent's processes, and the audit says so.
    Scenario Outline: a fork bomb at the <which> limits fails with EAGAIN while the host answers, and the sandbox ends it
      Given a sandbox with the limits "<limits>"
      When the agent leaves a fork bomb running while the host is probed for 4 seconds
      Then a command on the host answered within 2 seconds throughout the bomb
      And the launcher answered within 20 seconds during the bomb
      And the sandbox ends the bomb within 40 seconds, and paude audit says it killed it at the pids limit
      And the bomb's forks failed with "Resource temporarily unavailable"
      And the kernel counted forks refused at the pids limit of <pids>
      And the agent can run commands again after the bomb

      Examples:
        | which   | limits                                   | pids |
        | small   | --pids-limit 64 --cpus 0.5 --memory 256m | 64   |
        | default |                                          | 512  |

    Scenario: a session with a fork bomb still running stops cleanly
      Given a sandbox with the limits "--pids-limit 64 --cpus 0.5 --memory 256m"
      When the agent leaves a fork bomb running
      Then the user can stop the session within 30 seconds
      And no container or network of the current session remains

  Rule: memory is capped and an OOM kill is reported as such

    Scenario: a memory hog in a session is OOM-killed and paude says so
      Given a sandbox with the limits "--memory 256m"
      When the agent allocates 64 MiB
      Then the command succeeds
      When the agent allocates memory without end
      Then the command is killed with exit code 137
      And paude reported that it was OOM-killed with the memory limit "256m"
      And the kernel counted an OOM kill in the agent's memory cgroup

    @podman-known-failure
    Scenario: an agent run with paude run that exhausts its memory is reported as OOM-killed
      When the user runs a memory hog with paude run and "--memory 256m"
      Then paude exits with code 137 and the error names "the agent was OOM-killed (memory limit 256m)"

  Rule: open files and scratch space are capped

    @gvisor-core
    Scenario: opening files past the limit fails with EMFILE
      Given a sandbox with the limits "--nofile 256"
      When the agent opens 200 files at once
      Then the command succeeds
      When the agent opens files until it cannot
      Then it failed with "Too many open files" after fewer than 256

    @gvisor-core
    Scenario Outline: filling <where> fails with ENOSPC at the configured size
      Given a sandbox with the limits "--tmp-size 16m"
      When the agent writes 8 MiB to <where>
      Then the command succeeds
      When the agent writes 64 MiB to <where>
      Then it failed with "No space left on device" after at most 16 MiB

      Examples:
        | where       |
        | /tmp        |
        | /home/paude |

  Rule: the limits do not get in the way of normal work

    Scenario: everyday development commands work within the default limits
      Given a sandbox with the default allowlist
      Then the agent can init a git repository and commit to it
      And the agent can run node, npm and python
      And the agent can compile and run a small program
      And the agent can create and list 500 files

  Rule: invalid limits get a clear error before anything is created

    Scenario Outline: the invalid limit "<flag>" is refused
      When the user starts paude with "<flag>"
      Then paude exits with code 2 and the error names "<names>"
      And no container or network was created for the workspace

      Examples:
        | flag                | names              |
        | --cpus 0            | --cpus             |
        | --cpus -1           | --cpus             |
        | --memory lots       | not a size         |
        | --memory 10m        | at least 64m       |
        | --pids-limit 1      | at least 16        |
        | --pids-limit many   | --pids-limit       |
        | --nofile 3          | --nofile           |
        | --tmp-size 0m       | --tmp-size         |
