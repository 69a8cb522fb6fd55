@real-agent @task-3 @threat-model-credential
Feature: Claude Code's model credential stays outside the sandbox: the proxy's model gateway adds it

  A prompt-injected agent that can read its model credential can use it from anywhere, for as long as it lives. So the
  agent never gets one. The session's proxy has a second port, the model gateway, on the session's internal network
  only: Claude Code sends its model requests there in plain HTTP (ANTHROPIC_BASE_URL, or ANTHROPIC_VERTEX_BASE_URL with
  CLAUDE_CODE_SKIP_VERTEX_AUTH), and the proxy forwards exactly those requests over TLS to the provider's host, with
  the user's credential added and whatever the agent sent in its place removed. The launcher reads the credential on
  the host (an Anthropic API key, a Claude subscription token, or, for Vertex AI, a short-lived access token it mints
  from the application default credentials and renews before it expires) and writes it into the proxy's memory
  through the engine's standard input: it is in no command line, environment, inspect output or file of the host's
  session directory. The agent holds a placeholder. The scenarios run the real Claude Code against the scripted model
  fixture under the provider's real host names, which the gateway reaches over TLS from the fixture's test CA.

  @real-agent-core
  Scenario Outline: Claude Code works with <way>, and nothing in the sandbox holds the credential
    Given the workspace holds "greeting.txt" reading "Hello from the workspace"
    And a scripted model that reads "greeting.txt", replaces "Hello" by "Goodbye" in it, runs "cat greeting.txt" and answers "Done through the gateway."
    And the user's <variable> is "<value>"
    When Claude Code runs "Make the greeting say goodbye" in a started sandbox whose model gateway trusts the fixture's CA
    Then the run exits 0 and Claude Code printed "Done through the gateway."
    And the workspace's "greeting.txt" on the host reads "Goodbye from the workspace"
    And every model request reached "api.anthropic.com" over TLS with the header "<header>" reading "<sent>", and none carried the placeholder
    And the agent's environment sends model requests to the proxy's gateway and holds only the placeholder in <variable>
    And no copy of the credentials is in the agent's files, any of its processes' environment or command line, or the engine's inspect output of the agent and the proxy
    But the same search finds a value planted in the agent's files and in a process's environment

    Examples:
      | way                         | variable                | value                              | header        | sent                                      |
      | an Anthropic API key        | ANTHROPIC_API_KEY       | sk-ant-api03-paude-test-key-0001   | x-api-key     | sk-ant-api03-paude-test-key-0001          |
      | a Claude subscription token | CLAUDE_CODE_OAUTH_TOKEN | sk-ant-oat01-paude-test-token-0002 | authorization | Bearer sk-ant-oat01-paude-test-token-0002 |

  Scenario: Claude Code on Vertex AI gets access tokens minted on the host and renewed while it works; the refresh token never leaves the host
    Given the user's application default credentials hold a refresh token, for a token endpoint on this machine that mints tokens of 20 seconds
    And the user's Vertex AI settings name project "paude-test" in "us-east5"
    And a scripted model that runs "timeout 25 tail -f /dev/null; echo waited" and answers "Done on Vertex AI."
    When Claude Code runs "Wait a little" in a started sandbox whose model gateway trusts the fixture's CA
    Then the run exits 0 and Claude Code printed "Done on Vertex AI."
    And the model's turn 2 request carried the result of its Bash call, without error, holding "waited"
    And each of the model's 2 turns was asked for through Vertex AI's streamRawPredict of project "paude-test" in "us-east5"
    And the model's first turn carried the first access token, and its last turn a renewed one
    And the agent's environment sends Vertex AI requests to the proxy's gateway, with Google's sign-in skipped and no gcloud directory
    And no copy of the credentials is in the agent's files, any of its processes' environment or command line, or the engine's inspect output of the agent and the proxy
    But the same search finds a value planted in the agent's files and in a process's environment

  @real-agent-core
  Scenario: the gateway forwards only model requests, and the forward port never adds the credential
    Given the user's ANTHROPIC_API_KEY is "sk-ant-api03-paude-test-key-0003"
    And a started sandbox whose model gateway trusts the fixture's CA
    When the agent sends a model request to the gateway
    Then the agent got status 200 and "message"
    And the model fixture received "gateway probe" with the user's key
    When the agent asks the gateway for "/v1/files"
    Then the agent got status 403 and "paude: refused by the model gateway: http://api.anthropic.com/v1/files"
    And the model fixture received no request for "/v1/files"
    When the agent sends the model request to "http://api.anthropic.com/v1/messages" through the proxy
    Then the agent got status 403 and "paude: blocked by the sandbox allowlist: api.anthropic.com"

  @threat-agent-loop @real-agent-core @gvisor-core
  Scenario: the interactive start reaches Claude Code's first prompt under a terminal, and a question gets the model's answer
    Given the user's ANTHROPIC_API_KEY is "sk-ant-api03-paude-test-key-0006"
    And a scripted model that answers "Hello from the scripted model."
    When the user starts paude with no command under a terminal, in a sandbox whose model gateway trusts the fixture's CA
    Then Claude Code's prompt appears, with no login, onboarding, folder trust or API key question before it
    When the user types "Say hello"
    Then the terminal shows "Hello from the scripted model."
    And every model request reached "api.anthropic.com" over TLS with the header "x-api-key" reading "sk-ant-api03-paude-test-key-0006", and none carried the placeholder
