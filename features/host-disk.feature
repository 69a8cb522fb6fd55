@threat-host-disk
Feature: The agent cannot fill the host's disk through paude's logs

  Whatever the agent writes ends up in a file on the host: the commands it runs in the audit streams, the requests
  it makes in the proxy's access log (and squid's cache log), what the agent of `paude run` prints in the engine's log
  of its container.
  Each of them is capped by the session's log cap (--audit-max-size): it rotates within the cap. The audit streams
  and the proxy's access log keep their first part and their newest records and count what the cap removed, so a
  flood cannot push out what the agent did first; the engine's log of the agent keeps its newest lines. The files are measured on the host; the
  small cap of 64k keeps the runs short.

  Rule: the proxy's logs stay within the cap, and its first and newest decisions stay in the audit

    @task-8 @threat-audit-flooding
    Scenario: a proxy flooded with long URLs keeps its logs within the cap, its first and newest decisions still audited
      Given a sandbox with an audit cap of 64k
      When the agent is denied a request to "first.invalid", sends 600 requests with 9000-byte URLs through the proxy, then one to "newest.invalid"
      Then the proxy's access log on the host is at most 64k in at most 4 parts, its first part kept and parts after it dropped
      And squid's cache log on the host is in at most 4 files of at most a quarter of 64k and 8k more each, and it was rotated
      And the audit log records a request to "first.invalid" that was denied with status 403
      And the audit log records a request to "newest.invalid" that was denied with status 403
      But the audit log no longer records a request to "flood-300.invalid"
      And paude audit says how many requests the cap dropped and from when, after the request to "first.invalid"

  Rule: the engine's log of what the agent prints stays within the cap

    @task-11
    Scenario: an agent flooding its output keeps the engine's log of it within the cap
      When the agent of a paude run with an audit cap of 64k writes 2000 lines of 100 bytes, then "newest-output"
      Then the engine reports the logs of the agent and the proxy capped at 64k
      And the engine's log of the agent on the host is at most 64k, though more was written
      And the engine's log of the agent ends with "newest-output" and no longer holds the first line
