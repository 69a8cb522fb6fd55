@area-cli
Feature: Bad input gets a clear error and no half-built sandbox

  A security tool that fails must say what is wrong and how to fix it, and must not leave a half-built sandbox.

  Scenario Outline: an invalid allowlist entry "<entry>" is refused before anything is created
    When the user runs paude with an allowlist entry "<entry>"
    Then paude exits with code 2 and the error names "<entry>"
    And the error says how to fix it
    And nothing of paude was created

    Examples:
      | entry         |
      | *             |
      | *.com         |
      | com           |
      | 1.2.3.4       |
      | exa mple.com  |
      | bücher.de     |

  Scenario: an empty allowlist entry is refused
    When the user runs paude with an allowlist entry ""
    Then paude exits with code 2 and the error names "empty"
    And nothing of paude was created

  Scenario: a workspace that does not exist is refused
    When the user runs paude on a workspace that does not exist
    Then paude exits with code 2 and the error names "does not exist"
    And nothing of paude was created

  Scenario: an unknown agent is refused
    When the user runs paude with the agent "gpt-shell"
    Then paude exits with code 2 and the error names "unknown agent"
    And nothing of paude was created

  Scenario: a missing image is named with the command that builds it
    When the user runs paude with an agent image that does not exist
    Then paude exits with code 125 and the error names "paude images build"
    And nothing of paude was created

  Scenario: an engine that does not answer is reported with a fix
    When the user runs paude against an engine that does not answer
    Then paude exits with code 125 and the error names "fix:"
    And nothing of paude was created

  Scenario: doctor reports the engine, the images and the allowlist, and proves that network aliases resolve
    When the user runs paude doctor
    Then paude exits with code 0 and the output names "image present"
    And paude exits with code 0 and the output names "network aliases resolve"

  Scenario: doctor --json prints its checks as JSON a script can read
    When the user runs paude doctor --json
    Then the JSON names the check "image present" as "ok", and every check has a status, what and fix
    And the JSON names the check "network aliases resolve" as "ok", and every check has a status, what and fix

  @area-lifecycle
  Scenario: list --json names a started session with its state, for a script
    Given a sandbox with the default allowlist
    When the user lists the sessions as JSON
    Then the JSON list names the session with mode "detached", a running agent and a running proxy

  # A podman installed without netavark and aardvark-dns (as --no-install-recommends gives on a fresh machine) makes
  # networks without DNS: the proxy cannot reach a host that is a container by its alias. Docker's user-defined
  # networks always resolve names, so this is Podman's alone. .ci/setup-engine installs and checks the backend.
  @podman-only
  Scenario: an egress network on which names do not resolve is reported by doctor and by the session, with the fix
    Given an egress network on which names do not resolve, with the fixture host example.com on it
    When the user runs paude doctor with that egress network
    Then paude exits with code 1 and the output names "names do not resolve on egress network"
    And paude exits with code 1 and the output names "apt-get install netavark aardvark-dns"
    When the agent fetches http://example.com/ in a session on that egress network
    Then the session warned that names do not resolve on its egress network, with the fix
    And the proxy answered with an error because it could not look the name up
    When the agent fetches http://example.com/ in a session on the egress network
    Then the fixture answered 200, and the session gave no such warning
