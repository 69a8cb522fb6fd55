@task-6 @threat-credentials
Feature: No HTTPS push: no credentials for git inside the sandbox

  git can push over HTTPS with whatever credentials it finds: a credential helper, a stored credentials file, a
  token in a remote URL, or a password typed at a prompt. The sandbox has no helper and no stored credentials
  (even when the host has both), git never prompts, and the launcher warns, with the secret masked, about tokens
  written into the workspace's remote URLs: the one residual risk task 6 of docs/tasks.md accepts.

  Background:
    Given the user's home has a credentials store and a global git configuration that uses it

  Rule: no credential helper and no stored credentials inside

    Scenario: git in the agent finds no credentials anywhere
      Given a sandbox that allows the git forge
      Then the agent's git has no credential helper
      And the agent has no ~/.git-credentials, no ~/.config/git/credentials and no keychain helper
      And asking git for the forge's credentials fails because terminal prompts are disabled

  Rule: push over HTTPS fails for lack of credentials; fetch works

    @threat-allowed-domain-abuse
    Scenario: clone and fetch from the forge work, push is refused with 401
      Given a sandbox that allows the git forge
      When the agent clones the forge's public repository over HTTPS
      Then the clone succeeds
      When the agent commits to the clone and pushes over HTTPS
      Then the push fails because git could not read a user name with terminal prompts disabled
      And the forge answered the push with 401 and received no pack
      And a fetch from the forge still works
      And the forge accepts a push with its credentials, so the server was not the obstacle

  Rule: credentials written into remote URLs are warned about, masked

    Scenario: the launcher warns about a token in a remote URL and never prints it
      Given the workspace is a git repository whose remote URL carries the forge's token
      When the user starts a sandbox on the workspace that allows the git forge
      Then paude warns that the remote carries credentials, showing only a masked token
      And the token appears nowhere in paude's output or in the session's files
      And the sandbox is running

    Scenario: the residual risk is real: with a token in the URL, a push goes through
      Given the workspace is a git repository whose remote URL carries the forge's token
      When the user starts a sandbox on the workspace that allows the git forge
      And the agent pushes a new branch to that remote
      Then the forge received the branch
      And the README documents this residual risk and the user's responsibility
