@task-8 @threat-terminal-injection @engine-independent
Feature: Nothing the agent writes can drive the user's terminal through what paude prints

  The agent chooses the argv and the working directories of what it runs, the URLs it asks for, the names of the
  files it writes and of the plugins it plants, and the content of paude.json. paude prints all of them: in
  `paude audit`, `paude plugins audit`, `paude secrets scan`, `paude list`, `paude config trust`, in its warnings and
  in its errors. Printed raw, an escape sequence among them would be obeyed by the user's terminal: set the window
  title (OSC 0), write the clipboard (OSC 52), erase a line (CSI 2K, or the one-byte C1 CSI 0x9b), or return the
  cursor (CR) to write over a warning. paude prints every control character (C0, DEL, C1) and every character that
  reorders or hides text as a visible escape, in the notation this feature writes them in: the user sees what the
  agent did, and the terminal obeys none of it.

  Rule: paude audit shows what the agent ran with its escape sequences visible, and obeyed by nothing

    Scenario: argv and a working directory holding terminal escape sequences are printed escaped
      Given a sandbox with the default allowlist
      When the agent runs /bin/echo in the directory "term\x1b[31mdir" with these arguments:
        | what                          | argument                |
        | set the window title (OSC 0)  | \x1b]0;pwned\x07        |
        | write the clipboard (OSC 52)  | \x1b]52;c;cGF1ZGU=\x07  |
        | erase the line (CSI 2K)       | \x1b[2K                 |
        | clear the screen (C1 CSI 2J)  | \u009b2J                |
        | a carriage return             | all good\rhidden        |
        | DEL                           | del\x7f                 |
        | a line break                  | one\npaude: all clear   |
      When the user runs "paude audit SESSION --json" on their terminal
      Then paude printed no control character but its line breaks
      And the JSON paude printed holds everything the agent planted, with its raw control characters
      When the user runs "paude audit SESSION" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed everything the agent planted, escaped as written above
      And no line paude printed starts with "paude: all clear"

    # squid refuses a request line with a C0 control or DEL (400, logged as error:invalid-request) and percent-encodes
    # the bytes above 0x7f, so its log never holds them raw; the request the agent sent is in the record all the same.
    Scenario: URLs holding control characters reach neither the proxy's log nor the terminal raw
      Given a sandbox with the default allowlist
      When the agent sends the proxy a GET request for each of these URLs:
        | url                                    | answer | logged as                     |
        | http://evil.com/title\x1b]0;pwned\x07  | 400    | error:invalid-request         |
        | http://evil.com/erase\x1b[2K           | 400    | error:invalid-request         |
        | http://evil.com/del\x7f                | 400    | error:invalid-request         |
        | http://evil.com/csi\u009b2J            | 403    | http://evil.com/csi%C2%9B2J   |
      Then the proxy answered each request with the status in the table
      And the proxy's log holds no control character, and logged each request as in the table
      When the user runs "paude audit SESSION --json" on their terminal
      Then paude printed no control character but its line breaks
      And the JSON paude printed holds everything the agent planted, with its raw control characters
      When the user runs "paude audit SESSION" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed everything the agent planted, escaped as written above
      And paude printed "DENIED    403   GET http://evil.com/csi%C2%9B2J"

  Rule: names the agent chose are printed escaped by every command and message that names them

    @task-9
    Scenario: secret files whose names hold escape sequences are named escaped by the end-of-session warning, the scan and the refusal
      Given a sandbox with the default allowlist
      When the agent writes the file "\x1b]0;pwned\x07notes\x1b[2K.txt" holding "aws_id = 'AKIAQ3EGUIVZ7XN2R4TB'"
      And the agent writes the file "id_rsa\x1b]52;c;cGF1ZGU=\x07" holding "not a key"
      Then the workspace holds "\x1b]0;pwned\x07notes\x1b[2K.txt", its name with the raw control characters
      And the workspace holds "id_rsa\x1b]52;c;cGF1ZGU=\x07", its name with the raw control characters
      When the user runs "paude stop SESSION" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed "were NOT masked"
      And paude printed "id_rsa\x1b]52;c;cGF1ZGU=\x07"
      When the user runs "paude secrets scan --json --workspace WORKSPACE" on their terminal
      Then paude printed no control character but its line breaks
      And the JSON paude printed holds everything the agent planted, with its raw control characters
      When the user runs "paude secrets scan --workspace WORKSPACE" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed "\x1b]0;pwned\x07notes\x1b[2K.txt:1: "
      When the user runs "paude start --agent shell --workspace WORKSPACE --egress-network EGRESS" on their terminal
      Then paude exits with code 77 and the error names "\x1b]0;pwned\x07notes\x1b[2K.txt:1: "
      And paude printed no control character but its line breaks

    @task-7
    Scenario: plugins planted under names holding escape sequences are named escaped by the audit, the refusal and the approval
      Given a sandbox with the default allowlist
      When the agent adds the project slash command "\x1b]0;pwned\x07review"
      And the agent adds the project MCP server "\x1b]52;c;cGF1ZGU=\x07db" that starts "node \x1b[2Kserver.js"
      Then the workspace holds ".claude/commands/\x1b]0;pwned\x07review.md", its name with the raw control characters
      When the user runs "paude plugins audit --json --workspace WORKSPACE" on their terminal
      Then paude printed no control character but its line breaks
      And the JSON paude printed holds everything the agent planted, with its raw control characters
      When the user runs "paude plugins audit --workspace WORKSPACE" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed everything the agent planted, escaped as written above
      When the user runs "paude start --agent shell --workspace WORKSPACE --egress-network EGRESS" on their terminal
      Then paude exits with code 77 and the error names "project:command:\x1b]0;pwned\x07review (not trusted"
      And paude printed no control character but its line breaks
      When the user runs "paude plugins trust project:mcp:\x1b]52;c;cGF1ZGU=\x07db --workspace WORKSPACE" on their terminal
      Then paude printed "paude: trusted project:mcp:\x1b]52;c;cGF1ZGU=\x07db at sha256:"
      And paude printed no control character but its line breaks

    Scenario: a workspace directory whose name holds escape sequences is named escaped by paude's warnings and paude list
      Given a sandbox with the default allowlist
      When the agent makes the directory "proj\x1b]0;pwned\x07\x1b[2K" in the workspace
      And the user starts a session in the workspace's directory "proj\x1b]0;pwned\x07\x1b[2K" on their terminal
      Then the session runs in that directory, its name with the raw control characters
      And paude printed no control character but its line breaks
      And paude printed "proj\x1b]0;pwned\x07\x1b[2K is not a git repository"
      When the user runs "paude list" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed everything the agent planted, escaped as written above

  Rule: a file shown for the user's approval is shown with its control characters visible

    @area-config
    Scenario: a carriage return in the paude.json the agent wrote cannot hide a line from the user who approves it
      Given a sandbox with the default allowlist
      When the agent writes a paude.json in which a carriage return hides the line that allows "evil.com":
        """
        {
          "allowDomains": ["evil.com"],\r  "limits": {"pids": 512, "nofile": 4096},
          "gitBackups": {"keep": 10}
        }
        """
      Then the workspace's paude.json is valid JSON that allows "evil.com", with its carriage return
      When the user runs "paude config trust --workspace WORKSPACE" on their terminal
      Then paude printed no control character but its line breaks
      And paude printed '"allowDomains": ["evil.com"],\r  "limits": {"pids": 512'
      And paude printed "paude: trusted "
