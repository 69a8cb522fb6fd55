@task-10 @host-side @engine-independent
Feature: Nothing the agent leaves in the workspace runs on the host

  The sandbox holds inside the container; what remains is the host side. paude's own commands read what the agent
  wrote in the workspace, and some act on it: the backup at each start, the report at each end, `paude git backups`
  and every `paude git restore`, the tracked-secret check and the secrets scan. Git on the host never runs under the
  repository's configuration (docs/host-git.md lists every key and file of git that can run a program, and why none
  applies): it reads a private view of the refs with paude's configuration, refs are restored as files, and a rebuilt
  .git gets a configuration paude writes. The end-of-session report names every planted change, and
  `paude git restore --config` puts back what was there before the session.

  Rule: host-side git never runs what the agent planted

    @threat-host-git
    Scenario Outline: <plant> planted by the agent runs at no host-side command of paude, and is reported
      Given a git repository in the workspace with a commit on main and an untracked secret file
      When the agent plants "<plant>" in the repository and rewrites main, inside the sandbox
      Then the session's end report named the planted change, with the command that puts back the configuration
      When the user runs every host-side paude command on the workspace, in the order a recovery takes
      Then none of them ran the planted program
      But the planted program runs when the user runs "<trigger>"-like plain git in a copy of the planted workspace outside paude

      Examples:
        | plant                                      | trigger                 |
        | core.fsmonitor                             | git status              |
        | a reference-transaction hook               | git update-ref          |
        | core.hooksPath                             | git update-ref          |
        | core.sshCommand behind url.insteadOf       | git fetch               |
        | credential.helper                          | git credential fill     |
        | core.editor                                | git commit              |
        | diff.external                              | git diff                |
        | a filter named in .gitattributes           | git add                 |
        | a filter named in .git/info/attributes     | git add                 |
        | include.path                               | git status              |
        | includeIf.gitdir                           | git status              |
        | config.worktree                            | git status              |
        | .git/config as a symbolic link             | git status              |
        | protocol.ext.allow with an ext:: remote    | git fetch               |
        | a submodule's config under .git/modules    | git -C sub status       |

  Rule: a workspace may not hold what guards the host

    @task-5 @threat-host-state
    Scenario Outline: a workspace that <is> <place> is refused before anything starts
      When the user starts a session whose workspace is <workspace>
      Then the start is refused because the workspace "<is>" "<place>", with the fix
      And nothing of paude was created
      When the user starts a session whose workspace is a-project-in-the-home-directory
      Then the session runs

      Examples:
        | workspace                              | is        | place                                      |
        | the-home-directory                     | is        | your home directory                        |
        | a-directory-holding-the-home-directory | contains  | your home directory                        |
        | paude's-state-directory                | is inside | paude's state directory                    |
        | the-agent's-host-configuration         | is        | the agent's configuration on the host      |
        | the-paude-checkout                     | is        | the paude installation                     |
        | the-engine's-socket-directory          | contains  | the container engine's storage or socket   |
