@rootless
Feature: Rootless Podman, as most Podman users run it: the user's own files, and no session without its limits

  Rootless Podman runs every container inside the user's own user namespace. On a host whose cgroups are v1 (this
  kind of machine: the hybrid layout) it cannot apply CPU, memory or pids limits and drops them with a warning, so
  a runaway agent could exhaust the host. paude asks the engine (podman info: host.security.rootless,
  host.cgroupVersion) and refuses such a session before anything is created, unless the user accepts it with
  --accept-unenforced-limits, which is warned at every start and recorded. These scenarios need rootless Podman on
  cgroup v1 and fail anywhere else; .ci/setup-rootless runs them, and the core features, as an ordinary user
  (docs/podman-rootless.md).

  Background:
    Given the engine is rootless Podman on a host with cgroup v1

  @task-11 @threat-resource-exhaustion
  Scenario: without the opt-in a session is refused, with the reason and the fix, and nothing is created
    When the user starts a sandbox without accepting unenforced limits
    Then paude exits with code 77 and the error names "refused: rootless podman on a host with cgroup v1 cannot enforce the sandbox's CPU, memory and pids limits"
    And the fix names rootful Podman, Docker, cgroup v2 and the opt-in
    And nothing of paude was created
    When the user runs paude doctor
    Then doctor fails the limits check with the same fix
    When the user starts the sandbox again with --accept-unenforced-limits
    Then it starts, the start warned that the limits are not enforced, and the session record says so

  @area-rootless @threat-privilege
  Scenario: files the agent writes in the workspace belong on the host to the user who runs paude
    Given a sandbox with the default allowlist
    Then the engine reports that the agent's container maps the user's own uid to itself (keep-id)
    And a file the agent writes in the workspace is owned on the host by the user running paude, who is not root
