@task-4 @baseline @threat-privilege
Feature: The agent runs unprivileged: non-root, no capabilities, no new privileges

  Every other guarantee assumes the agent cannot undo the sandbox from inside. Each property is checked twice:
  in the configuration the engine reports, and from inside the running agent. A non-root process's effective
  capabilities are empty anyway; what matters is the bounding set (CapBnd), which must be empty too.
  The container's PID 1 is the audit recorder (task 8): it starts as root with SETUID, SETGID and SETPCAP only,
  so that it can drop to the agent's user and empty the bounding set before the agent's program runs. Every
  process of the agent holds no capability at all.

  Background:
    Given a sandbox with the default allowlist

  Scenario: the agent is not root
    Then the agent's uid is not 0, and the engine reports that the agent's command drops to a non-root user
    And the agent's files in the workspace belong to the workspace's owner

  Scenario: the agent has no capabilities at all, not even in its bounding set
    Then the agent's effective and bounding capability sets are empty
    And every process of the agent's user has empty effective and bounding sets, while PID 1 keeps only the recorder's three
    And the engine reports that all capabilities are dropped and only the recorder's SETUID, SETGID and SETPCAP added back

  Scenario: the agent cannot gain privileges
    Then the agent's NoNewPrivs flag is set
    And the engine reports no-new-privileges for the agent
    And the image has no setuid or setgid programs

  @threat-engine-socket
  Scenario: the agent has no engine socket
    Then no container engine socket is reachable from the agent

  Scenario: the agent image carries the pinned Claude Code and the tools an agent needs
    Then Claude Code answers with its pinned version inside the sandbox
    And bash, git, curl and the CA certificates are present inside the sandbox
    And the engine reports that the agent image runs as a non-root user by default
