@task-2 @threat-credentials @rootless-core @gvisor-core
Feature: No GitHub CLI authentication inside the sandbox

  A logged-in gh can create pull requests, releases and gists, and delete repositories. paude never mounts
  ~/.config/gh and never passes GH_TOKEN, GITHUB_TOKEN or their kin, so the gh of the agent image is not logged in
  even when the user's is.

  @threat-allowed-domain-abuse
  Scenario: gh reports not logged in although the user is logged in on the host
    Given the user's home has a logged-in gh configuration
    And the launcher's environment has GH_TOKEN, GITHUB_TOKEN, GH_ENTERPRISE_TOKEN and GITHUB_ENTERPRISE_TOKEN set
    And a sandbox with the default allowlist
    Then gh in the agent works but reports that it is not logged into any host
    And the agent has no ~/.config/gh directory, though it may create one of its own
    And the engine reports no mount from the user's ~/.config/gh for the agent
    And none of those tokens is in the agent's environment, by /proc/self/environ, /proc/1/environ and the engine's record
