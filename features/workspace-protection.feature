@task-5 @threat-workspace
Feature: Workspace protection: the user is warned when the workspace could not be recovered

  The agent has full read-write access to the workspace, .git included; task 5 of docs/tasks.md rejects
  overlays and snapshots and relies on git: a pushed copy is the backup. So before a start paude warns, and goes
  on, when the workspace is not a git repository or has no remote. Its configuration is read as a file: the
  launcher never runs git in a directory the agent can write.

  Rule: the workspace is read-write at the same path

    Scenario: the agent writes the workspace at the path the user knows
      Given a sandbox with the default allowlist
      Then the engine reports the workspace mounted read-write at the same path
      And a file the agent writes at the workspace's path appears in the user's workspace

  Rule: a workspace that could not be recovered is warned about, and the start goes on

    Scenario: a workspace that is not a git repository
      When the user starts a sandbox on a workspace that is not a git repository
      Then paude warns that the workspace is not a git repository and points to "Workspace protection"
      And the sandbox is running

    Scenario: a git repository without a remote
      Given the workspace is a git repository without a remote
      When the user starts a sandbox on the workspace
      Then paude warns that the repository has no remote and points to "Workspace protection"
      And the sandbox is running

    Scenario: a git repository with a remote is not warned about
      Given the workspace is a git repository pushed to a bare repository on the host
      When the user starts a sandbox on the workspace
      Then paude gives no workspace warning
      And the sandbox is running

  Rule: recovery is a clone of the remote, and the README says so

    Scenario: after the agent destroyed the workspace, a clone of the remote brings the work back
      Given the workspace is a git repository pushed to a bare repository on the host
      And a sandbox with the default allowlist
      When the agent deletes every file of the workspace, .git included
      Then the workspace is empty
      And a clone of the remote has the committed work

    Scenario: the README states the user's responsibility and how to recover
      Then the README's "Workspace protection" section says the user must push before a session
      And it says how to recover by cloning the remote
