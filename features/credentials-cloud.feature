@task-3 @threat-credentials
Feature: Cloud credentials and git configuration are read-only

  By default the gcloud directory is not in the sandbox at all: the proxy's model gateway holds Claude Code's
  credential (model-gateway.feature). `--auth gcloud-mount` is task 3's mode, an explicit opt-in for users who need
  the gcloud CLI inside: an agent that could change the credentials could plant a persistent identity or corrupt the
  user's setup, so the gcloud directory is mounted read-only as a directory, and the host's token refreshes (written
  to a new file and renamed) are seen inside. The global git configuration reaches the agent as a sanitized,
  read-only copy. Only the Vertex variables of one documented list pass from the launcher's environment.

  Background:
    Given the user's home has a gcloud directory with credentials

  Rule: gcloud is not in the sandbox unless the user opts in

    Scenario: by default the gcloud directory is neither mounted nor readable
      Given a sandbox with the default allowlist
      Then the engine reports no mount at ~/.config/gcloud, and the agent finds no gcloud directory
      And the engine reports the agent's git configuration mounted read-only at ~/.config/git

  Rule: in the gcloud-mount mode, gcloud is readable and cannot be changed

    @gvisor-core
    Scenario: the engine mounts the gcloud directory read-only, as a directory
      Given a sandbox in the gcloud-mount mode
      Then the engine reports the user's gcloud directory mounted read-only at ~/.config/gcloud

    @gvisor-core
    Scenario: reading works; creating, changing and deleting fail as a read-only file system
      Given a sandbox in the gcloud-mount mode
      Then the agent can read the gcloud credentials
      And the agent cannot create a file in the gcloud directory: "Read-only file system"
      And the agent cannot change the gcloud credentials: "Read-only file system"
      And the agent cannot delete the gcloud credentials: "Read-only file system"
      And the host's gcloud files are byte-for-byte unchanged

    Scenario: a host-side rewrite of a credentials file is seen inside
      Given a sandbox in the gcloud-mount mode
      When the host replaces the gcloud credentials file by writing a new file and renaming it
      Then the agent reads the new credentials

    Scenario: CLOUDSDK_CONFIG names the gcloud directory on the host
      Given the user's gcloud directory is elsewhere and CLOUDSDK_CONFIG names it
      And a sandbox in the gcloud-mount mode
      Then the agent can read the credentials of that directory at ~/.config/gcloud

  Rule: the git configuration is the user's identity, read-only

    Scenario: the agent commits as the user and cannot change the global git configuration
      Given the user's global git configuration has an identity, a credential helper and a token in a URL rewrite
      And a sandbox in the gcloud-mount mode
      Then the agent's git identity is the user's
      And the agent's global git configuration has no credential helper, URL rewrite or SSH command
      And the agent cannot change its global git configuration: "Read-only file system"
      And the engine reports the agent's git configuration mounted read-only at ~/.config/git

  Rule: only the documented Vertex variables pass from the launcher's environment

    Scenario: Vertex settings pass, secrets of the launcher's environment do not
      Given the launcher's environment has the Vertex settings and these secrets:
        | SSH_AUTH_SOCK                  | /run/user/1000/ssh-agent.sock |
        | GH_TOKEN                       | gho_hostsecret0000000000001   |
        | GITHUB_TOKEN                   | ghp_hostsecret0000000000002   |
        | AWS_SECRET_ACCESS_KEY          | hostsecret0000000000003       |
        | GOOGLE_APPLICATION_CREDENTIALS | /home/user/key.json           |
        | ANTHROPIC_API_KEY              | sk-ant-hostsecret000000004    |
        | NPM_TOKEN                      | npm_hostsecret000000000005    |
      And a sandbox in the gcloud-mount mode
      Then the agent sees the Vertex settings with their values
      And none of those secrets is in the agent's environment, by /proc/self/environ, /proc/1/environ and the engine's record
