@area-demo @engine-independent
Feature: paude demo: a first session on a small project, in one command

  A new user should see the sandbox work before pointing it at a project of their own. `paude demo` makes a small
  git repository (a README, a function with a bug and its failing test) in ~/paude-demo and starts a session in it as
  `paude run --workspace ~/paude-demo` would: the agent can edit and commit there, and the commits are on the host.
  A later `paude demo` comes back to it as the agent left it; a directory that holds anything paude did not make is
  never written.

  Scenario: the demo's agent creates a file and commits it in the sandbox, and the commit is on the host
    When the user runs paude demo with a command that adds a file and commits it
    Then paude says it made the demo project in "~/paude-demo"
    And the demo project belongs to the user the agent runs as
    And the demo project's history is the agent's commit of that file on top of the demo's first commit

  # Run as root, paude's default demo is in /root, which the agent image keeps private (0700): node and git resolve
  # the workspace from / and must still reach it.
  Scenario: a demo under root's home works for the agent by its absolute path: git sees its repository, node runs its test
    When the user runs paude demo in a new directory under root's home with "git -C $PWD log --format=%s && node $PWD/test.js"
    Then paude exits with code 1 and the output names "The demo project: a sum function and its test"
    And the error names "sum([1, 2, 3]) should be 6"

  Scenario: a second paude demo reuses the project as the agent left it
    Given the user ran paude demo with a command that adds a file and commits it
    When the user runs paude demo again with "git log --format=%s"
    Then paude says it reuses the demo project in "~/paude-demo"
    And the command's output lists the agent's commit above the demo's first commit

  Scenario: without a model credential the demo's agent is a shell, and paude says how to give Claude Code one
    When the user runs paude demo without a model credential and without a terminal
    Then paude exits with code 0 and the error names "no model credential, so the agent is a shell"
    And the error names the three ways to give Claude Code a credential

  Scenario: a directory that holds files paude did not make is refused and left untouched; an empty one becomes the demo
    Given the workspace holds a file of the user's
    When the user runs paude demo on the workspace
    Then paude exits with code 2 and the error names "is not a paude demo"
    And the error says how to fix it
    And the workspace holds only the user's file
    And nothing of paude was created
    When the user runs paude demo with "git log --format=%s" on an empty directory
    Then paude exits with code 0 and the output names "The demo project: a sum function and its test"
