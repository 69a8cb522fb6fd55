@task-4 @baseline @threat-privilege
Feature: The agent runs unprivileged: non-root, no capabilities, no new privileges

  Every other guarantee assumes the agent cannot undo the sandbox from inside. Each property is checked twice:
  in the configuration the engine reports, and from inside the running agent. A non-root process's effective
  capabilities are empty anyway; what matters is the bounding set (CapBnd), which must be empty too.

  Background:
    Given a sandbox with the default allowlist

  Scenario: the agent is not root
    Then the agent's uid is not 0, and the engine reports a non-root user for the agent
    And the agent's files in the workspace belong to the workspace's owner

  Scenario: the agent has no capabilities at all, not even in its bounding set
    Then the agent's effective and bounding capability sets are empty
    And the engine reports that all capabilities are dropped and none added for the agent

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
