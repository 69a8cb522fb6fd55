@task-4 @adversarial
Feature: Known ways around an egress proxy do not work

  Other agent sandboxes were bypassed by tricks that a plain allowlist misses (docs/threat-model.md). Each
  attempt below runs in a sandbox that allows one host and must be refused for the right reason, while a request
  to that allowlisted host in the same sandbox keeps working.

  Background:
    Given a sandbox that allows "oauth2.googleapis.com"

  @threat-proxy-bypass
  Scenario Outline: ignoring the proxy settings does not open a way out: <how>
    When the agent runs "<command>"
    Then the attempt fails because "<reason>"
    And the test internet received no request for "evil.com"
    But the agent can still fetch "https://oauth2.googleapis.com/control"

    Examples:
      | how                         | command                                                                  | reason                 |
      | proxy variables unset       | env -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy curl -sS -m 5 http://evil.com/ | Could not resolve host |
      | --connect-to an allowed name | curl -sS -m 5 --connect-to evil.com:80:oauth2.googleapis.com:80 http://evil.com/ | CONNECT tunnel failed, response 403 |

    @variant
    Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
      | how                         | command                                                                  | reason                 |
      | NO_PROXY=*                  | NO_PROXY='*' no_proxy='*' curl -sS -m 5 http://evil.com/                 | Could not resolve host |
      | curl --noproxy              | curl -sS -m 5 --noproxy '*' https://evil.com/                            | Could not resolve host |

  @threat-raw-ip
  Scenario Outline: raw IP destinations are refused: <url>
    When the agent fetches "<url>"
    Then the proxy refuses it with 403
    But the agent can still fetch "https://oauth2.googleapis.com/control"

    Examples:
      | url                                  |
      | http://169.254.169.254/latest/meta-data/ |
      | http://[fe80::1]/                    |

    @variant
    Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
      | url                                  |
      | https://1.1.1.1/dns-query            |
      | http://0xa9.0xfe.0xa9.0xfe/          |
      | http://2852039166/                   |

  @threat-lookalike
  Scenario Outline: lookalike and userinfo tricks are judged by the real host: <url>
    When the agent fetches "<url>"
    Then the proxy refuses it with 403 naming "<host>"
    But the agent can still fetch "https://oauth2.googleapis.com/control"

    Examples:
      | url                                          | host                    |
      | http://oauth2.googleapis.com.evil.com/       | oauth2.googleapis.com.evil.com |

    @variant
    Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
      | url                                          | host                    |
      | http://oauth2.googleapis.com@evil.com/       | evil.com                |
      | https://googleapis.com.evil.com/             | googleapis.com.evil.com |
      | http://evilgoogleapis.com/                   | evilgoogleapis.com      |

  @threat-port
  Scenario Outline: only ports 80 and 443 of allowlisted hosts: <url>
    When the agent fetches "<url>"
    Then the proxy refuses it with 403
    But the agent can still fetch "https://oauth2.googleapis.com/control"

    Examples:
      | url                                   |
      | https://oauth2.googleapis.com:8443/   |

    @variant
    Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
      | url                                   |
      | http://oauth2.googleapis.com:8080/    |
      | http://oauth2.googleapis.com:22/      |

  @threat-scheme
  Scenario Outline: only plain HTTP and CONNECT go through the proxy, not <scheme>
    When the agent sends the proxy a request for "<url>"
    Then the proxy refuses it with <status> and its access log names the reason "<reason>"
    But the agent can still fetch "http://oauth2.googleapis.com/control"
    And the agent can still fetch "https://oauth2.googleapis.com/control"

    Examples:
      | scheme | url                                | status | reason           |
      | ftp    | ftp://oauth2.googleapis.com:80/    | 403    | ERR_PAUDE_SCHEME |

    @variant
    Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
      | scheme | url                                | status | reason           |
      | gopher | gopher://oauth2.googleapis.com:80/ | 501    | ERR_UNSUP_REQ    |

  @threat-ipv6 @gvisor-core
  Scenario: the agent has no IPv6 path out around the IPv4 rules
    Then the agent has no global IPv6 address and no IPv6 route out
    And a connection to an IPv6 address from the agent fails for lack of a route
    But the agent can still fetch "https://oauth2.googleapis.com/control"

  @threat-privilege
  Scenario Outline: privilege regain fails with a permission error: <how>
    When the agent runs "<command>"
    Then the attempt fails because "<reason>"
    And the agent is still not root

    Examples:
      | how              | command                              | reason                  |
      | sudo             | sudo id                              | not found               |
      | su               | su -c id root                        | Authentication failure  |
      | mount            | mount -t tmpfs none /tmp             | must be superuser       |
      | setpriv to root  | setpriv --reuid=0 id                 | Operation not permitted |
      | chroot           | chroot / id                          | Operation not permitted |
      | unshare -r       | unshare -r id                        | Operation not permitted |
