@area-config @threat-config-tampering
Feature: The agent cannot weaken its next sandbox through the project's configuration

  paude reads a project file, paude.json, from the workspace. The agent can write the workspace, so a
  prompt-injected agent could add evil.com to the allowlist of the next session. paude honours a project file
  only when the user approved its exact content; a new or changed file stops the start and says why.

  Scenario: a paude.json written by the agent stops the next start
    Given a sandbox with the default allowlist
    When the agent writes a paude.json that allows "evil.com"
    And the user starts the next session in that workspace
    Then paude exits with code 77 and the error names "paude.json"
    And the error says how to fix it
    And nothing of paude was created

  Scenario: once the user approves the file, its allowlist applies
    Given a workspace whose paude.json allows "example.com"
    When the user approves the project configuration
    And the user runs a command in that workspace that fetches "http://example.com/"
    Then the command's output is the page of "example.com"

  Scenario: approving is tied to the exact content
    Given a workspace whose paude.json allows "example.com"
    When the user approves the project configuration
    And the project configuration is changed to allow "evil.com"
    And the user starts the next session in that workspace
    Then paude exits with code 77 and the error names "changed since you last approved it"
