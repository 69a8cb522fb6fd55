@task-8
Feature: Every program the agent starts is recorded, and the agent cannot evade, read, alter or stop the record

  Bash history, PROMPT_COMMAND and wrapper scripts are all bypassed by an agent that runs `bash --norc`, unsets a
  variable, or starts processes from an interpreter. paude records execve itself: PID 1 of the agent container is
  a recorder (paude-recorder, as root) that runs the agent's program as the agent's user with an empty bounding set,
  under a seccomp filter that hands it every execve of every process the agent starts, and that no process can
  remove. Its log is written on the host, in the session's state
  directory, through a directory inside the container that only root can enter. `paude audit` shows the commands
  next to the proxy's decisions as one timeline.

  Rule: every program the agent starts is one JSON line with time, session, pids, program, argv, cwd, user and its end

    @threat-audit-evasion @gvisor-core
    Scenario: commands appear with timestamps, working directory, user and exit codes
      Given a sandbox with the default allowlist
      When the agent runs "mkdir -p sub && cd sub && /bin/true marker-ok; /bin/false marker-fail; sh -c 'kill -9 $$' marker-killed; /bin/no-such-marker 2>/dev/null; true"
      Then the audit log records "/bin/true marker-ok" with exit code 0 in the workspace's "sub" directory
      And the audit log records "/bin/false marker-fail" with exit code 1 in the workspace's "sub" directory
      And the audit log records "sh -c kill -9 $$ marker-killed" killed by SIGKILL
      And the audit log records the attempt to run "/bin/no-such-marker" as missing
      And every recorded command has a UTC time with milliseconds, the session, its parent pid and the agent's user

    @threat-audit-evasion
    Scenario: the log is JSON lines in the documented format, written on the host when the session ends
      Given a sandbox with the default allowlist
      When the agent runs "/bin/echo marker-json"
      And the session is stopped
      Then the session's audit.jsonl exists in the user's state directory and every line is a JSON object
      And each exec line has exactly the fields time, type, session, pid, ppid, program, argv, cwd, user, exit, signal
      And the audit log records "/bin/echo marker-json" with exit code 0

  Rule: recording does not depend on the agent's cooperation

    @threat-audit-evasion @gvisor-core
    Scenario Outline: <evasion> is still recorded
      Given a sandbox with the default allowlist
      When the agent runs:
        """
        <command>
        """
      Then the audit log records a program "<program>" with arguments "<argv>"

      Examples:
        | evasion                         | command                                                                                                     | program     | argv                          |
        | unset PROMPT_COMMAND HISTFILE   | unset PROMPT_COMMAND HISTFILE; /bin/echo evade-unset                                                        | /bin/echo   | /bin/echo evade-unset         |
        | bash --norc --noprofile         | bash --norc --noprofile -c '/bin/echo evade-norc'                                                           | /bin/echo   | /bin/echo evade-norc          |
        | exec -a (a false argv[0])       | bash -c 'exec -a innocent /bin/echo evade-exec-a'                                                           | /bin/echo   | innocent evade-exec-a         |
        | env -i (an empty environment)   | env -i /bin/echo evade-env                                                                                  | /bin/echo   | /bin/echo evade-env           |
        | a Python process spawning       | python3 -c 'import subprocess; subprocess.run(["/bin/echo", "evade-python"])'                                | /bin/echo   | /bin/echo evade-python        |
        | a Node process spawning         | node -e 'require("child_process").execFileSync("/bin/echo", ["evade-node"])'                                | /bin/echo   | /bin/echo evade-node          |
        | a process that daemonizes       | setsid sh -c 'sleep 1; /bin/echo evade-daemon' </dev/null >/dev/null 2>&1 & sleep 3                         | /bin/echo   | /bin/echo evade-daemon        |

    # A newer seccomp filter's user notification takes precedence over the recorder's: with a listener of its own,
    # the agent could let its execs go on unseen. The recorder's filter refuses exactly that.
    @threat-audit-evasion
    Scenario: the agent cannot install a seccomp listener of its own to answer its execs before the recorder
      Given a sandbox with the default allowlist
      Then the agent's processes run under two seccomp filters, the engine's profile and the recorder's
      When the agent installs a seccomp filter with a listener, and then one without
      Then installing the filter with a listener fails with "Operation not permitted"
      But the filter without a listener is installed, and the agent's execs are still recorded

  Rule: the record holds what the kernel executed, not only what the caller asked

    # The recorder reads an exec's path and arguments while the call is held, and the kernel reads them again when
    # it goes on: a second thread can change them in between. The recorder also stops the new program before its
    # first instruction and records the file it runs and the arguments it has.
    @threat-audit-evasion
    Scenario: a program whose path and argument are swapped while its exec is held is recorded as what ran
      Given a sandbox with the default allowlist
      When the agent races 200 execs whose program and argument flip between a decoy and a payload while each exec is held
      Then the payload ran, and each of its runs is recorded as a run of the payload with the arguments it had
      And some of those execs were asked as the decoy, and each of them is flagged with the payload as what ran

    @threat-audit-evasion
    Scenario: the agent can neither trace its own processes nor write their memory
      Given a sandbox with the default allowlist
      When the agent calls ptrace and process_vm_writev on a process of its own, and process_vm_readv on the same process
      Then ptrace and process_vm_writev fail with "Operation not permitted"
      But process_vm_readv reads that process's memory

    @threat-audit-evasion
    Scenario: a daemon the agent left watching for new processes cannot take a paude exec command out of the record
      Given a sandbox with the default allowlist
      And the agent left a daemon that tries to seize every new process of its user
      When the user runs 5 commands "/bin/echo exec-marker-N; sleep 1" through paude exec
      Then each "/bin/echo exec-marker-N" of those 5 is in the audit log with exit code 0
      And the daemon saw the processes of those commands, and each of its attempts to seize one failed with "Operation not permitted"

  Rule: the agent can neither read, modify, delete nor stop the recorder; if the recorder dies the session stops

    @threat-audit-tampering @gvisor-core
    Scenario: the agent's attempts to read, write, truncate or delete the log fail and the log stays intact
      Given a sandbox with the default allowlist
      And the agent has run "/bin/echo marker-before-tampering"
      When the agent tries to read, append to, truncate and delete its audit log
      Then every attempt fails with "Permission denied"
      But the agent can read, append to, truncate and delete a file of its own in /tmp
      And the audit log on the host still records "/bin/echo marker-before-tampering" and the tampering attempts
      And the engine reports the log directory under a root-only tmpfs, mounted from the session's state directory

    @threat-audit-tampering @gvisor-core
    Scenario: killing or tracing the recorder is refused
      Given a sandbox with the default allowlist
      When the agent tries to kill the recorders with SIGKILL and to trace PID 1
      Then the kill attempts fail with "Operation not permitted"
      And tracing PID 1 fails with "Operation not permitted"
      But the agent can kill a process of its own
      And the session still runs and records "/bin/echo still-recorded"

    @threat-audit-tampering @gvisor-core
    Scenario: if the recorder dies the session stops and says why
      Given a sandbox with the default allowlist
      When the recorder, PID 1 of the agent container, is killed from the host
      Then the engine reports the agent container as no longer running
      And running a command in the session fails, saying the audit recorder stopped the session

    @threat-audit-evasion @gvisor-core
    Scenario: the engine stopping the sandbox ends the agent's processes with SIGTERM, and the record keeps each end
      The engine stops a container with a SIGTERM to its PID 1, then a SIGKILL once its grace period is over. PID 1, the
      recorder, passes the SIGTERM on to every process of the agent's user, orphans too: the session ends within the
      grace period, by itself, and each end is recorded. A SIGKILL at the end of the grace period would leave them out.
      Given a sandbox with the default allowlist
      And the agent's command runs
      When the engine stops the agent's container with a grace period of 20 seconds
      Then the agent's container ended by itself within 5 seconds, with exit code 0
      And the audit log records "sleep 3600" killed by SIGTERM

    @threat-audit-evasion @gvisor-core
    Scenario: a stop that comes while the recorder holds the command back ends the container at once, and the command never runs
      Until the session's proxy is ready the recorder, PID 1, holds the agent's command back. A stop in that moment
      (the engine's SIGTERM, right after the start) must not be lost, or the command would start afterwards and run
      until the engine's SIGKILL, its end unrecorded. The recorder is run here by the engine directly, so that the
      moment lasts; the control is the same container whose proxy becomes ready.
      Given a container of the agent image whose recorder holds "sleep 3600" until its proxy is ready
      When its proxy becomes ready
      Then the recorder records "sleep 3600" running
      Given a container of the agent image whose recorder holds "sleep 3600" until its proxy is ready
      When the engine sends that container SIGTERM
      Then that container ended within 3 seconds with exit code 143, its recorder saying "before the proxy was ready; the agent was not started"
      And the recorder never recorded "sleep 3600"

    @threat-audit-tampering @gvisor-core
    Scenario: the agent's processes hold no privilege although the recorder is root
      Given a sandbox with the default allowlist
      Then PID 1 is the recorder running as root, and the agent's shell runs as the workspace's owner
      And the engine reports exactly SETUID, SETGID, SETPCAP and SYS_PTRACE added, only for the recorder

  Rule: logs are bounded and old sessions are pruned

    @threat-audit-flooding
    Scenario: the log rotates at its cap and keeps its start and the newest records
      Given a sandbox with an audit cap of 64k
      When the agent starts 1500 processes "/bin/true rotation-N"
      Then the raw log of that command is at most 64k in at most 4 parts, its first part kept
      And the audit log records "/bin/true rotation-1499" with exit code 0
      And the audit log records "/bin/true rotation-0" with exit code 0
      But the audit log no longer records "/bin/true rotation-700"
      And paude audit says how many execs the cap dropped and from when, after "/bin/true rotation-0"

    # An agent cannot erase its trail by flooding: the start of every stream stays, the drop is said, and an
    # argument cut at 4096 bytes keeps its whole length and a SHA-256 of the whole.
    @threat-audit-flooding
    Scenario: a flood of large execs cannot push a denied request and an earlier command out of the audit
      Given a sandbox with an audit cap of 64k
      When the agent is denied a request to "https://evil.com/" and runs "/bin/echo payload-marker", then floods its record with 300 execs of a 5000-byte argument
      Then paude audit still shows the denied request to "evil.com" and "/bin/echo payload-marker"
      And paude audit says how many execs the cap dropped and from when, after "/bin/echo payload-marker"
      And the flood's exec 150 is gone, and its newest, exec 299, keeps the first 4096 bytes of its argument, its length and its SHA-256

    @threat-audit-flooding
    Scenario: the oldest sessions' logs are pruned by the retention setting
      Given the state directory holds the logs of 4 old sessions, 2 of them older than 30 days
      When a sandbox starts with "--audit-keep-sessions 1"
      Then only the newest old session's log and the new session's are left

  Rule: one timeline shows what ran and what it tried to reach

    @threat-exfiltration
    Scenario: the proxy's decisions are in the same timeline, denied requests highlighted
      Given a sandbox that allows "oauth2.googleapis.com"
      When the agent fetches "https://oauth2.googleapis.com/token" and "https://evil.com/"
      Then the audit log records a request to "oauth2.googleapis.com" that was allowed with status 200
      And the audit log records a request to "evil.com" that was denied with status 403
      And paude audit shows the curl commands and marks the evil.com request "DENIED"
      And paude audit --failed shows the denied request but not the allowed one
      And paude audit --grep evil.com shows only lines that mention evil.com

    @threat-audit-evasion
    Scenario: paude audit --follow shows commands while the session runs
      Given a sandbox with the default allowlist
      And paude audit --follow is watching the session
      When the agent runs "/bin/echo marker-follow"
      Then the followed timeline shows "/bin/echo marker-follow" within 20 seconds
