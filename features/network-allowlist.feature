@task-4 @threat-exfiltration @rootless-core
Feature: The agent reaches only allowlisted hosts, and only through the proxy (task 4)

  Anything the agent can read, it can send to a server that will keep it. So the agent's container sits on an
  internal network with no route out; its only way out is a per-session squid proxy that allows the hosts the
  user names (by default none: features/exfiltration-google.feature says why). These scenarios allow one exact
  host and one suffix entry, so the lookalikes below are tried against both kinds. They run against real
  containers; "the internet" is a fixture server on an isolated network answering for every name used.

  Background:
    Given a sandbox that allows "oauth2.googleapis.com" and ".fixture.test"

  Rule: allowlisted hosts are reachable through the proxy, over HTTP and HTTPS

    Scenario: an allowlisted host answers over plain HTTP
      When the agent fetches "http://oauth2.googleapis.com/token"
      Then the fetch succeeds with the page of "oauth2.googleapis.com"
      And the proxy's access log shows "oauth2.googleapis.com" allowed

    @gvisor-core
    Scenario: an allowlisted host answers over HTTPS through a CONNECT tunnel
      When the agent fetches "https://oauth2.googleapis.com/token"
      Then the fetch succeeds with the page of "oauth2.googleapis.com"

  Rule: every other host is refused by the proxy with a 403 that names it

    @threat-lookalike @threat-plain-http @gvisor-core
    Scenario Outline: <url> is refused by the proxy while an allowlisted host works
      When the agent fetches "<url>"
      Then the proxy refuses it with 403 naming "<host>"
      And the proxy's access log shows "<host>" denied
      But the agent can still fetch "https://oauth2.googleapis.com/control"

      Examples:
        | url                                | host                    |
        | http://evil.com/steal?data=x       | evil.com                |
        | https://evil.com/                  | evil.com                |
        | https://evilgoogleapis.com/        | evilgoogleapis.com      |

      @variant
      Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
        | url                                | host                    |
        | http://example.com/                | example.com             |
        | https://example.com/               | example.com             |
        | http://googleapis.com.evil.com/    | googleapis.com.evil.com |
        | http://fixture.test.evil.com/      | fixture.test.evil.com   |
        | https://evilfixture.test/          | evilfixture.test        |

    @threat-port
    Scenario: an allowlisted host on a port other than 443 cannot be tunnelled to
      When the agent fetches "https://oauth2.googleapis.com:8443/"
      Then the proxy refuses it with 403 naming "oauth2.googleapis.com"
      But the agent can still fetch "https://oauth2.googleapis.com/control"

    @threat-raw-ip
    Scenario: a raw IP destination is refused, even the address of an allowlisted host
      When the agent fetches the test internet by its IP address through the proxy
      Then the proxy refuses it with 403
      But the agent can still fetch "http://oauth2.googleapis.com/control"

    @threat-proxy-manager
    Scenario: squid's own manager pages are refused
      When the agent asks the proxy for its manager page "/squid-internal-mgr/info"
      Then the proxy refuses it with 403
      But the agent can still fetch "http://oauth2.googleapis.com/control"

  Rule: there is no route around the proxy

    @threat-dns @threat-proxy-bypass @gvisor-core
    Scenario: without the proxy an outside name cannot even be resolved
      When the agent fetches "http://oauth2.googleapis.com/" bypassing the proxy
      Then the fetch fails because the name cannot be resolved
      And the agent cannot resolve "oauth2.googleapis.com" or "evil.com" itself
      But the agent can still fetch "http://oauth2.googleapis.com/control"

    @threat-proxy-bypass @gvisor-core
    Scenario: without the proxy the address of the test internet is unreachable
      When the agent connects directly to the test internet's IP address
      Then the connection fails because there is no route
      But the agent can still fetch "http://oauth2.googleapis.com/control"

    @gvisor-core
    Scenario: the engine reports the agent on an internal network only, and the proxy as its only way out
      Then the engine reports the agent attached to exactly one network, which is internal
      And the engine reports the proxy attached to that network and to the egress network
      And the agent's proxy settings point at the proxy's address on that network

  Rule: the host is not reachable from the agent

    @threat-host-services @gvisor-core
    Scenario: a service listening on the host cannot be reached from the agent
      Given a service listening on all the host's addresses
      When the agent tries to reach that service at its network gateway and at the egress network's gateway
      Then every attempt fails for lack of a route
      And the service received no connection from the agent
      But the agent can still fetch "http://oauth2.googleapis.com/control"
