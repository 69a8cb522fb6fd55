@task-4 @threat-domain-fronting
Feature: Domain fronting reaches only the address of the allowlisted host

  Domain fronting (docs/threat-model.md) opens a tunnel to an allowed name and then asks, inside TLS, for another one:
  the SNI and the Host header name evil.com while the CONNECT names an allowlisted host. paude's proxy does not
  decrypt TLS, so it cannot see the SNI; what it decides is where the tunnel goes, and it only ever connects to
  the address of the host named in the CONNECT. These scenarios show that the bytes reach the fixture behind the
  allowlisted name (which records the SNI it received) and never the fixture behind evil.com. What remains, a
  server behind an allowlisted address that answers for other names too (a CDN), is a residual risk written in
  docs/threat-model.md.

  Background:
    Given a sandbox that allows "front.googleapis.com", its proxy resolving through the recording DNS server of the test internet

  Scenario: a tunnel to an allowlisted host that names evil.com in TLS goes to the allowlisted host's address only
    When the agent tunnels to "front.googleapis.com" through the proxy and names "evil.com" in TLS and HTTP
    Then the proxy's access log shows "CONNECT front.googleapis.com:443" allowed
    And the fixture behind "front.googleapis.com" received the proxy's TLS hello and request naming "evil.com"
    And the fixture behind "evil.com" received nothing from the proxy, though it answers a hello sent to it directly
    And the recording DNS server received no query for a name containing "evil.com"
    But the agent can still fetch "https://front.googleapis.com/control"

  Scenario: the CONNECT host decides, not the TLS name: a tunnel to evil.com naming an allowlisted host is refused
    When the agent tunnels to "evil.com" through the proxy and names "front.googleapis.com" in TLS and HTTP
    Then the proxy refuses it with 403
    And the fixture behind "evil.com" received nothing from the proxy, though it answers a hello sent to it directly
    And the recording DNS server received no query for a name containing "evil.com"
    But the agent can still fetch "https://front.googleapis.com/control"
