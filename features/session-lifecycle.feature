@area-lifecycle @threat-fail-open
Feature: A session's lifecycle is tied to the launcher, and nothing outlives it

  Task 4 ties the proxy's lifecycle to the agent. A sandbox that outlives its launcher keeps a proxy and a
  network around, and a crashed launcher must not leave them for good. Ctrl-C and SIGTERM tear a session down
  as cleanly as a normal exit; what a killed launcher left behind is found and removed by `paude prune`.

  Scenario: SIGTERM to the launcher removes the whole session
    Given a long-running command started with paude run
    When the launcher receives SIGTERM
    Then the launcher exits
    And no container or network of the running session remains

  Scenario: Ctrl-C (SIGINT) to the launcher removes the whole session
    Given a long-running command started with paude run
    When the launcher receives SIGINT
    Then the launcher exits
    And no container or network of the running session remains

  Scenario: what a killed launcher left behind is removed by paude prune
    Given a long-running command started with paude run
    When the launcher is killed without a chance to clean up
    Then the session's containers are still there
    When the user runs paude prune
    Then no container or network of the running session remains

  Scenario: sessions started for longer work are listed, run commands, and are stopped
    Given a sandbox with the default allowlist
    When the user lists the sessions
    Then the list shows the session with a running agent and a running proxy
    And a command run in the session with paude exec passes its exit code through
    When the user stops the session
    Then no container or network of the current session remains
    And paude prune leaves other users' sessions alone

  Scenario: a session opened from a terminal is interactive; a command run from a script is not
    When the user opens a shell with paude from a terminal and types a command
    Then the command ran with a terminal attached
    When the user runs the same command with paude from a script
    Then the command ran without a terminal
