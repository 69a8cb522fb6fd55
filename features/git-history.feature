@task-10
Feature: The agent cannot lose the project's git history

  The agent writes the workspace, .git included: `rm -rf .git`, a destructive rebase, `git reset --hard`, a forced
  branch deletion or `git gc --prune=now` can lose history that was never pushed. Before every session the launcher
  copies the repository's history (refs, tags, stashes, reflogs and the objects they reach) to the host, where no
  sandbox can reach it; inside, git keeps reflogs and objects whatever the agent configures; when the session ends
  the launcher says what was lost and how to get it back; and `paude git restore` brings it back. What the agent
  plants in .git to run later on the host (hooks, executable config keys) is reported too.

  Background:
    Given a git repository in the workspace with branches "main" and "topic", tags "v1" and "v2" and two stash entries

  Rule: A verifiable backup of the whole history is taken on the host before each session, out of the agent's reach

    @threat-history-loss
    Scenario: the backup holds every ref, tag and stash of the repository and passes git fsck
      When a sandbox starts on the workspace
      Then the launcher printed where the git backup went
      And the latest git backup holds every ref of the repository and both stash entries
      And "paude git backups --verify" lists the backup as complete

    @threat-history-loss
    Scenario: the backup directory is neither mounted into the sandbox nor reachable from it
      When a sandbox starts on the workspace
      Then no mount of the agent holds the git backups or a directory above them
      And the agent cannot list the git backup directory: "No such file or directory"
      But the agent can list the workspace's .git directory

    @threat-history-loss @engine-independent
    Scenario Outline: only the last N backups are kept, and pruning is announced (<set by>)
      Given backups are limited to 2 per repository by <set by>
      When 3 sessions start and stop on the workspace
      Then 2 git backups of the workspace remain, the newest ones
      And the launcher announced that it pruned the oldest backup

      Examples:
        | set by                |
        | the command-line flag |
        | the user's config     |

  Rule: Inside the sandbox git keeps every reflog entry and object, whatever the agent writes into git's config

    @threat-history-loss
    Scenario: the engine reports git's keep-everything settings in the agent's environment
      When a sandbox starts on the workspace
      Then the agent's environment sets "core.logAllRefUpdates" to "always" through GIT_CONFIG_COUNT
      And the agent's environment sets "gc.reflogExpire" to "never" through GIT_CONFIG_COUNT
      And the agent's environment sets "gc.reflogExpireUnreachable" to "never" through GIT_CONFIG_COUNT
      And the agent's environment sets "gc.pruneExpire" to "never" through GIT_CONFIG_COUNT
      And the agent's environment sets "gc.auto" to "0" through GIT_CONFIG_COUNT

    @threat-history-loss
    Scenario: the agent's "git config gc.* now" does not make git gc drop a reset-away commit
      Given a sandbox started on the workspace
      When the agent sets gc.reflogExpire, gc.reflogExpireUnreachable and gc.pruneExpire to "now" in the repository's config, resets main by two commits and runs git gc
      Then git inside still reports "never" for gc.pruneExpire
      And the reset-away commit is still in main's reflog and its object exists
      But the same commands in a clone without the session's git environment lose the commit

    @threat-history-loss
    Scenario: a destructive rebase and a hard reset are undone from the reflog inside the sandbox
      Given a sandbox started on the workspace
      When the agent rewrites every commit of main with "git rebase --root --force-rebase"
      Then main no longer points at the commit it had before the session
      When the agent runs "git reset --hard main@{1}" in the repository
      Then main points at the commit it had before the session
      When the agent runs "git reset --hard HEAD~2" in the repository
      And the agent runs "git reset --hard HEAD@{1}" in the repository
      Then main points at the commit it had before the session

  Rule: Whatever the agent did to .git, the history of the backup comes back

    @threat-history-loss
    Scenario: after rm -rf .git inside the sandbox, paude git restore brings back every ref, tag and stash
      Given a sandbox started on the workspace
      And the agent changed a tracked file
      When the agent runs "rm -rf .git" in the repository
      Then git inside the sandbox says "not a git repository"
      When the user stops the session
      Then the launcher reported that .git is gone, with the command that restores it
      When the user runs "paude git restore"
      Then every ref, tag and stash entry is as it was before the session
      And git fsck is clean in the workspace
      And the changed tracked file still has the agent's content

    @threat-history-loss
    Scenario Outline: <loss> is reported at session end with a command that recovers it, even after the agent pruned its objects
      Given a sandbox started on the workspace
      When the agent runs "<command>" in the repository
      And the agent also creates a new branch "feature" (a change that loses nothing)
      And the agent expires every reflog and prunes unreachable objects with "git gc --prune=now"
      And the user stops the session
      Then the launcher reported "<report>" for "<ref>" with a recovery command
      But the launcher did not report the new branch "feature"
      When the user runs the recovery command the launcher printed for "<ref>"
      Then "<ref>" is as it was before the session
      And git fsck is clean in the workspace

      Examples:
        | loss                 | command                          | report                                 | ref              |
        | a deleted branch     | git branch -D topic              | deleted                                | refs/heads/topic |

      @variant
      Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
        | loss                 | command                          | report                                 | ref              |
        | a rewritten branch   | git reset --hard HEAD~2          | history rewritten (not a fast-forward) | refs/heads/main  |
        | a moved tag          | git tag -f v1 HEAD~2             | tag moved                              | refs/tags/v1     |

    @threat-history-loss
    Scenario: restore refuses to replace a healthy .git unless forced, and then keeps the old one
      When the user runs "paude git restore" without a session having damaged anything
      Then it fails with exit code 2 because ".git is a healthy repository"
      And the repository's refs are unchanged
      When the user runs "paude git restore --force"
      Then it succeeds and the previous .git is kept beside the restored one
      And every ref, tag and stash entry is as it was before the session

  Rule: What the agent leaves in .git to run later on the host is reported when the session ends

    @threat-delayed-execution
    Scenario Outline: <change> is reported with what changed
      Given a sandbox started on the workspace
      When the agent runs "<command>" in the repository
      And the agent runs "git config alias.co checkout && git config user.name agent" in the repository
      And the user stops the session
      Then the launcher warned that the session changed "<reported>"
      But the launcher did not warn about "alias.co" or "user.name"

      Examples:
        | change                   | command                                                                        | reported             |
        | a new hook               | printf '#!/bin/sh\necho hi\n' > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit | .git/hooks/pre-commit |
        | core.fsmonitor           | git config core.fsmonitor 'touch /tmp/pwned'                                   | core.fsmonitor       |

      @variant
      Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
        | change                   | command                                                                        | reported             |
        | core.hooksPath           | git config core.hooksPath .githooks                                            | core.hookspath       |
        | core.sshCommand          | git config core.sshCommand 'sh -c id'                                          | core.sshcommand      |
        | a shell alias            | git config alias.st '!sh -c id'                                                | alias.st             |

  Rule: The recovery procedure is documented and the documented commands exist

    @threat-history-loss
    Scenario: every "paude git" command of the README's recovery procedure is accepted by the launcher
      Then every "paude git" command in the README's section "Recovering git history" is accepted by the launcher
