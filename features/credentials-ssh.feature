@task-1 @threat-credentials @rootless-core
Feature: No SSH push: nothing of the host's SSH reaches the agent

  An agent that could push over SSH could put code into any repository the user can write to. paude mounts
  nothing of ~/.ssh (keys, known_hosts, config) and forwards no agent socket, and the sandbox has no route to port
  22 anyway. The test internet has a real git forge with a key-only sshd under an allowlisted name, so the push
  fails because of the sandbox, not because nothing answers.

  Background:
    Given the user's home has SSH keys, a known_hosts file and an SSH config
    And the launcher's environment has SSH_AUTH_SOCK set

  Rule: nothing of ~/.ssh and no agent socket reach the agent

    @gvisor-core
    Scenario: the agent has no SSH keys, no known_hosts and no agent socket
      Given a sandbox that allows the git forge
      Then the agent has no ~/.ssh directory
      And no file in the agent's filesystem holds the host's private key
      And the engine reports no mount from the user's ~/.ssh for the agent
      And the agent's environment has no SSH_AUTH_SOCK, by /proc/self/environ, /proc/1/environ and the engine's record

  Rule: git push over SSH fails, while local commits work

    @task-6
    Scenario: push over SSH to an allowlisted forge fails for lack of a route and of a key
      Given the workspace is a git repository whose remote is the git forge over SSH
      And a sandbox that allows the git forge
      When the agent commits a change in the workspace
      Then the commit succeeds
      When the agent pushes to the remote
      Then the push fails because the forge's name cannot be resolved for SSH
      And the agent's TCP connection to the forge's address on port 22 fails because there is no route
      And the proxy refuses a tunnel to the forge on port 22 with 403
      And the forge accepts SSH from a holder of its key, so the server was not the obstacle
