@real-agent @task-7 @threat-persistence
Feature: Hooks under the real Claude Code: only approved ones run, and what the agent writes into its configuration does not come back

  plugins.feature proves the trust gate and the session's private copy of the agent's configuration with shell
  commands. Here the agent is the real `claude` of the agent image, its model the scripted fixture (see
  real-agent.feature): Claude Code itself loads the hooks of the configuration paude gives it, runs them, and hands
  their output to the model; and it is Claude Code's own Write tool that puts a hook into its settings and into the
  workspace's. The hooks are the two kinds that reach the model: a SessionStart hook, whose output Claude Code adds
  to the context of the first request, and a PostToolUse hook that runs a script after each Bash call.

  @ac-audit-process
  Scenario: a hook the user approved runs under the real Claude Code, and the model sees what it did
    Given the user's agent configuration holds a SessionStart hook that prints "APPROVED-SESSION-HOOK" and a PostToolUse hook whose script records each Bash call in the workspace's "hook.log"
    And the user has approved every plugin found
    And a scripted model that runs "echo first-call", then "cat hook.log", and answers "The hook recorded the call."
    When Claude Code runs "Show me what the hook saw" in a sandbox that allows only "api.anthropic.com", the model reached over https
    Then the run exits 0 and Claude Code printed "The hook recorded the call."
    And the model's first request carried the SessionStart hook's output "APPROVED-SESSION-HOOK"
    And the model's turn 3 request carried, among its messages, the result of its Bash call, without error, holding "echo first-call"
    And the workspace's "hook.log" on the host records Claude Code's PostToolUse of the Bash call "echo first-call"
    And paude audit of the run lists the hook's script "/home/paude/.claude/hooks/record.sh" run in the workspace
    And the user's agent configuration on the host is byte for byte what it was

  @ac-audit-process
  Scenario: the same hooks not approved stop the start before Claude Code runs, until the user approves them
    Given the user's agent configuration holds a SessionStart hook that prints "APPROVED-SESSION-HOOK" and a PostToolUse hook whose script records each Bash call in the workspace's "hook.log"
    And a scripted model that runs "echo first-call", then "cat hook.log", and answers "The hook recorded the call."
    When Claude Code runs "Show me what the hook saw" in a sandbox that allows only "api.anthropic.com", the model reached over https
    Then paude exits with code 77 and the error names "hook:settings/PostToolUse/1 (not trusted; can: "
    And the error names "hook:settings/SessionStart/1 (not trusted; can: " and "paude plugins trust NAME"
    And the model was never asked
    And the workspace holds no "hook.log"
    And nothing of paude was created
    When the user approves "hook:settings/PostToolUse/1"
    And the user approves "hook:settings/SessionStart/1"
    And Claude Code runs "Show me what the hook saw" in a sandbox that allows only "api.anthropic.com", the model reached over https
    Then the run exits 0 and Claude Code printed "The hook recorded the call."
    And the model's first request carried the SessionStart hook's output "APPROVED-SESSION-HOOK"
    And the workspace's "hook.log" on the host records Claude Code's PostToolUse of the Bash call "echo first-call"

  # docs/plugins.md: what the agent writes into its configuration stays in that session's copy and nothing copies it
  # back, so the next session starts from the host's configuration without it; a hook in the workspace's
  # .claude/settings.json is a project plugin, which stops the next start until the user approves it at its digest.
  Scenario: hooks Claude Code writes into its own settings and into the workspace's do not run at the next start without approval
    Given the user's agent configuration holds a SessionStart hook that prints "APPROVED-SESSION-HOOK"
    And the user has approved every plugin found
    And a scripted model that has Claude Code write a SessionStart hook printing "PLANTED-USER-HOOK" into its own settings and one printing "PLANTED-PROJECT-HOOK" into the workspace's, and answers "Both hooks written."
    When Claude Code runs "Install the hooks" in a sandbox that allows only "api.anthropic.com", the model reached over https
    Then the run exits 0 and Claude Code printed "Both hooks written."
    And the model's turn 2 request carried the result of its Write call, without error, holding "/home/paude/.claude/settings.json"
    And the model's turn 3 request carried the result of its Write call, without error, holding "/.claude/settings.json"
    And the session's copy of the configuration holds the hook printing "PLANTED-USER-HOOK"
    And the workspace's ".claude/settings.json" on the host holds the hook printing "PLANTED-PROJECT-HOOK"
    And the user's agent configuration on the host is byte for byte what it was
    When Claude Code of the next session runs "Say hello" and the model answers "Hello."
    Then paude exits with code 77 and the error names "project:hook:settings/SessionStart/1 (not trusted; can: process execution"
    And the error names "process execution" and "paude plugins trust NAME"
    And the start refused no other plugin than "project:hook:settings/SessionStart/1"
    And the model was never asked
    And nothing of paude was created
    When the user approves "project:hook:settings/SessionStart/1"
    And Claude Code of the next session runs "Say hello" and the model answers "Hello."
    Then the run exits 0 and Claude Code printed "Hello."
    And the model's first request carried the SessionStart hook's output "APPROVED-SESSION-HOOK"
    And the model's first request carried the SessionStart hook's output "PLANTED-PROJECT-HOOK"
    But no request to the model carried "PLANTED-USER-HOOK"
    And the new session's copy of the configuration holds the user's hook but not "PLANTED-USER-HOOK"
    And the user's agent configuration on the host is byte for byte what it was
