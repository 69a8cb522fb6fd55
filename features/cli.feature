@task-4 @cli
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

  Scenario: doctor reports the engine, the images and the allowlist
    When the user runs paude doctor
    Then paude exits with code 0 and the output names "image present"
