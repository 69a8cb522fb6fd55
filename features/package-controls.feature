@task-12 @threat-supply-chain
Feature: Packages come only from registries the user allowed, and nothing installed outlives the session

  A malicious package runs its install scripts with the agent's rights, and one that persists would run again in
  every later session. So the agent's root file system is read-only (writable tmpfs only at /tmp and the home,
  which vanish with the session), and package registries are not on the default allowlist: an install fails at
  once with a message that names the registry and the alias that allows it. Allowed registries are reached through
  the proxy, whose access log keeps every request. The registries here are fixtures on the test internet.

  Rule: nothing installed persists beyond the session or changes the image

    @gvisor-core
    Scenario: the root file system is read-only and only /tmp and the home are writable
      Given a sandbox with the default allowlist
      Then the engine reports a read-only root with tmpfs only at /tmp, at the agent's home and for the audit recorder
      And writing to /usr/local/lib, /usr/lib/python3/dist-packages, /usr/bin, /etc and /opt fails with "Read-only file system"
      And writing to /tmp, the agent's home and the workspace succeeds

    @gvisor-core
    Scenario: a global npm install fails even with the registry allowed
      Given a sandbox that allows "npm"
      When the agent installs the npm package "paude-demo" globally
      Then the install failed and nothing was added under /usr/local/lib/node_modules
      When the agent installs the npm package "paude-demo" into its home
      Then the install succeeded and the package says "hello from paude-demo (npm)"

    Scenario: packages installed in one session are absent in the next
      Given a sandbox that allows "npm pypi"
      When the agent installs the npm package "paude-demo" into its home
      Then the install succeeded and the package says "hello from paude-demo (npm)"
      When the agent installs the pypi package "paude-demo" into its home
      Then the install succeeded and the package says "hello from paude-demo (pypi)"
      When the session is stopped and a new one started on the same workspace with the same allowlist
      Then neither package is present in the new session

  Rule: registries are not on the default allowlist, and a refused install says how to allow it

    @gvisor-core
    Scenario Outline: a <kind> install is refused by default, at once, naming the registry and the alias
      Given a sandbox that allows "oauth2.googleapis.com"
      When the agent installs the <kind> package "paude-demo" into its home
      Then the install failed within 15 seconds
      And the tool's output shows the proxy's refusal "<tool says>"
      And paude named the registry "<host>" and the fix "--allow-domain <kind>"
      And the registry received no request
      And the agent can still fetch "https://oauth2.googleapis.com/"

      Examples:
        | kind | tool says                                                  | host               |
        | npm  | 403 Forbidden - GET https://registry.npmjs.org/paude-demo | registry.npmjs.org |
        | pypi | Tunnel connection failed: 403 Forbidden                   | pypi.org           |

    Scenario: a plain-HTTP registry request gets the proxy's page naming the host and the aliases
      Given a sandbox that allows "oauth2.googleapis.com"
      When the agent fetches "http://registry.npmjs.org/paude-demo"
      Then the proxy refuses it with 403 naming "registry.npmjs.org"
      And the refusal page names the registry aliases
      And the agent can still fetch "https://oauth2.googleapis.com/"

  Rule: an alias allows exactly its registry's hosts, and installs then work into the session's space

    Scenario Outline: with --allow-domain <kind>, a <kind> install works against the fixture registry
      Given a sandbox that allows "<kind>"
      When the agent installs the <kind> package "paude-demo" into its home
      Then the install succeeded and the package says "hello from paude-demo (<kind>)"
      And the session's allowlist is the default one plus exactly "<hosts>"
      When the agent installs the <other> package "paude-demo" into its home
      Then the install failed within 15 seconds
      And paude named the registry "<other host>" and the fix "--allow-domain <other>"

      Examples:
        | kind | hosts                           | other | other host         |
        | npm  | registry.npmjs.org              | pypi  | pypi.org           |
        | pypi | pypi.org files.pythonhosted.org | npm   | registry.npmjs.org |

  Rule: every installation attempt is visible afterwards

    Scenario: the proxy's access log shows the registry requests, allowed and refused
      Given a sandbox that allows "npm"
      When the agent installs the npm package "paude-demo" into its home
      And the agent installs the pypi package "paude-demo" into its home
      Then the proxy's access log shows "CONNECT registry.npmjs.org:443" allowed
      And the proxy's access log shows "CONNECT pypi.org:443" denied
      And the registry served "/paude-demo/-/paude-demo-1.0.0.tgz" to the session
      When the user stops the session
      Then paude's summary at the stop named the registry "pypi.org" and the fix "--allow-domain pypi"
