@task-4 @threat-exfiltration
Feature: Sessions are isolated, opt-in full network is explicit, and nothing is left behind (task 4)

  Task 4's acceptance criteria: the proxy's lifecycle is tied to the agent, concurrent sessions each have their
  own proxy, and full network access (research mode) needs an explicit flag, prints a warning and is recorded.

  Scenario: --allow-network gives full access, warns, and is recorded
    When the user runs a command with full network access that fetches "http://example.com/"
    Then the command's output is the page of "example.com"
    And paude warned that the agent has full network access
    And the session record says the network was open

  Scenario: the default sandbox refuses the same request that research mode allows
    When the user runs a command in a default sandbox that fetches "http://example.com/"
    Then the command's output shows the proxy's refusal naming "example.com"

  @threat-cross-session
  Scenario: two concurrent sessions each have their own proxy and cannot reach each other
    Given two sandboxes that allow "oauth2.googleapis.com" started at the same time
    Then the first agent cannot reach the second sandbox's proxy or agent
    And each sandbox has its own proxy on its own network
    But each agent can fetch "http://oauth2.googleapis.com/" through its own proxy

  Scenario: a run removes every container and network of its session
    When the user runs a command in a default sandbox
    Then the command's exit code is passed through
    And no container or network of that session remains

  Scenario: the session record and proxy log live in the user's state directory
    When the user runs a command in a default sandbox that fetches "http://evil.com/"
    Then the session's directory under the state directory holds its record and the proxy's access log

  @threat-fail-open @gvisor-core
  Scenario: the agent's command starts only once the proxy accepts connections
    The agent's container starts while the proxy does; its PID 1, the audit recorder, holds the agent's command back
    until the launcher has read in squid's log that it accepts connections. The very first request goes through.
    When the user runs a command in a sandbox that allows "oauth2.googleapis.com", shows its PID 1 and fetches "http://oauth2.googleapis.com/"
    Then the command's output is the page of "oauth2.googleapis.com"
    And PID 1 of the agent's container held the command back until the launcher's proxy-ready file appeared
    And the session's first command was recorded after squid accepted connections and the launcher said so

  @threat-fail-open
  Scenario: when the proxy dies the agent is offline and paude says so
    Given a sandbox that allows "oauth2.googleapis.com"
    When the proxy of the sandbox is killed
    And the agent fetches "http://oauth2.googleapis.com/"
    Then the fetch fails because the proxy is gone
    And paude warned that the proxy is down and the agent is offline
