@task-9 @rootless-core
Feature: Secrets in the workspace stay out of the agent's reach

  The workspace is mounted read-write, and whatever the agent can read it can send to an allowed domain.
  Projects keep secrets next to their code: .env files, private keys, cloud credentials. paude covers each
  secret file with a read-only mount of an unreadable empty file, so every way of reading it ends in
  "Permission denied"; refuses to start when git's objects would still give a masked file away; scans the
  files the agent can read for tokens before the start; and hands the agent the secrets it needs as read-only
  files under /run/secrets, never as environment variables.

  Background:
    Given a workspace holding ".env" with "API_KEY=super_secret_123"
    And a workspace holding "secrets.txt" with "password=hunter2"
    And a workspace holding "notes.txt" with "ordinary notes"

  Rule: secret files read as nothing, through any path, while ordinary files stay readable

    @threat-secret-files @gvisor-core
    Scenario: the Testing Plan's .env and secrets.txt cannot be read, an ordinary file can
      Given a sandbox on that workspace
      Then the agent reads "ordinary notes" from "notes.txt"
      And reading ".env" fails because "Permission denied"
      And reading "secrets.txt" fails because "Permission denied"
      And the engine reports ".env" and "secrets.txt" as read-only mounts in the workspace

    @threat-secret-bypass @gvisor-core
    Scenario: every other way to the masked .env fails for its own reason, and works on an ordinary file
      Given a sandbox on that workspace
      Then each way of reading ".env" fails, and the same way works on an ordinary file:
        | way                 | command                                   | reason                     |
        | a symlink it makes  | ln -s FILE via-link && cat via-link       | Permission denied          |
        | a hard link         | ln FILE hard-link && cat hard-link        | Invalid cross-device link  |
        | cp                  | cp FILE /tmp/copy && cat /tmp/copy        | Permission denied          |
        | tar                 | tar cf /tmp/t.tar FILE && tar xOf /tmp/t.tar | Permission denied          |
        | find -exec cat      | find . -name FILE -exec cat {} +          | Permission denied          |
        | dd by file handle   | dd if=FILE status=none                    | Permission denied          |
        | moving it away      | mv FILE moved && cat moved                | Device or resource busy    |
        | removing the mask   | rm -f FILE && test ! -e FILE              | Device or resource busy    |
        | chmod               | chmod 644 FILE && cat FILE                | Read-only file system      |

    @threat-secret-bypass
    Scenario: a hard link made earlier under an innocent name is masked too
      Given a hard link "docs/innocent.txt" to ".env" made before the start
      And a sandbox on that workspace
      Then reading "docs/innocent.txt" fails because "Permission denied"
      And the agent reads "ordinary notes" from "notes.txt"

    @threat-secret-bypass
    Scenario: a hard link to a secret inside .git is masked too
      Given the workspace is a git repository that tracks "notes.txt"
      And a hard link ".git/info/stash-copy" to ".env" made before the start
      And a sandbox on that workspace
      Then reading ".git/info/stash-copy" fails because "Permission denied"
      And the engine reports ".env" and ".git/info/stash-copy" as read-only mounts in the workspace
      And the agent reads "ordinary notes" from "notes.txt"
      And the agent reads "ref: refs/heads/" from ".git/HEAD"

    @threat-secret-files
    Scenario: every built-in rule masks at any depth; templates, certificates and code stay readable
      Given a workspace holding these files:
        | path                         | content                                              | masked |
        | app/config/.env.production   | DB_URL=marker-envprod                                | yes    |
        | .env.example                 | API_KEY=changeme                                     | no     |
        | deploy/server.key            | marker-serverkey                                     | yes    |
        | deploy/tls.pem               | -----BEGIN PRIVATE KEY----- marker-tlspem            | yes    |
        | deploy/ca.pem                | -----BEGIN CERTIFICATE----- public-ca                | no     |
        | home/.ssh/id_rsa             | marker-idrsa                                         | yes    |
        | keys/id_ed25519              | marker-ided25519                                     | yes    |
        | keys/id_ed25519.pub          | ssh-ed25519 public-key                               | no     |
        | gcp/credentials-prod.json    | {"marker": "credentials"}                            | yes    |
        | app/client_secret.json       | {"marker": "client-secret"}                          | yes    |
        | src/SecretStore.java         | class SecretStore {}                                 | no     |
        | .npmrc                       | //registry.npmjs.org/:_authToken=marker-npmrc        | yes    |
        | web/.npmrc                   | registry=https://registry.npmjs.org/                 | no     |
        | .netrc                       | machine example.com login me password marker-netrc   | yes    |
        | py/.pypirc                   | [pypi] password = marker-pypirc                      | yes    |
      And a sandbox on that workspace
      Then each file marked masked reads "Permission denied" and every other file reads its content

    @threat-secret-files
    Scenario Outline: <kind> is masked; an ordinary file next to it stays readable
      Given a workspace holding "<path>" with "<content>"
      And a workspace holding "<next>" with "ordinary next door"
      And a sandbox on that workspace
      Then reading "<path>" fails because "Permission denied"
      And the agent reads "ordinary next door" from "<next>"
      And the engine reports "<path>" as a read-only mount in the workspace, and "<next>" as none

      Examples:
        | kind                                  | path                  | content                                                | next                  |
        | direnv's .envrc                       | .envrc                | export TOKEN=marker-envrc                              | envrc.txt             |

      @variant
      Examples: variants: the same guarantee by another path; in CI on Docker only (@variant, docs/podman.md)
        | kind                                  | path                  | content                                                | next                  |
        | a .netrc                              | home/.netrc           | machine example.com login me password marker-netrc     | home/netrc.txt        |
        | git's credential store                | .git-credentials      | https://me:marker-gitcred@example.com                  | gitcred.txt           |
        | PostgreSQL's password file            | db/.pgpass            | db:5432:*:me:marker-pgpass                             | db/pgpass.txt         |
        | AWS's shared credentials              | home/.aws/credentials | [default]\naws_secret_access_key=marker-aws            | home/.aws/config      |
        | an .npmrc holding a token             | web/.npmrc            | //registry.npmjs.org/:_authToken=marker-npmrc          | web/npmrc.txt         |
        | a .pypirc holding a password          | py/.pypirc            | [pypi]\npassword = marker-pypirc                       | py/pypirc.txt         |
        | a PKCS#12 key store                   | tls/client.p12        | marker-p12                                             | tls/p12.txt           |
        | a .pfx key store                      | tls/server.pfx        | marker-pfx                                             | tls/pfx.txt           |
        | an OpenSSH private key of any name    | ci/deploy_bot         | -----BEGIN OPENSSH PRIVATE KEY-----\nmarker-openssh    | ci/deploy_bot.pub     |
        | a PEM private key of any name         | notes/backup.txt      | -----BEGIN RSA PRIVATE KEY-----\nmarker-rsa            | notes/todo.txt        |

    @threat-secret-files
    Scenario: the project's configuration adds its own patterns
      Given a workspace holding "config/prod.yml" with "db_password: marker-prod"
      And a workspace holding "config/dev.yml" with "db: local"
      And a trusted project configuration that masks "config/prod.yml"
      And a sandbox on that workspace
      Then reading "config/prod.yml" fails because "Permission denied"
      And the agent reads "db: local" from "config/dev.yml"

    @threat-secret-late-files
    Scenario: a secret file created during the session is not masked, and paude says so when it ends
      Given a sandbox on that workspace
      When the agent writes ".env.late" with "LATE=1"
      And the user stops the session
      Then paude warned that ".env.late" appeared during the session and was not masked

  Rule: a masked file replaced on the host loses its mask, and paude says so, naming it

    # A mask is a mount over the file's name; a rename over that name on the host (an editor's save, git checkout)
    # makes the kernel detach it. Nothing in the sandbox may mount, and no engine adds a mount to a running container,
    # so the mask cannot come back: paude names the file at every paude exec, at the end, and in paude audit.
    @threat-secret-replaced
    Scenario: an editor's save of .env on the host during a session is named in a warning and in the audit
      Given a sandbox on that workspace
      Then reading ".env" fails because "Permission denied"
      And paude exec gave no warning about masks
      When the user saves ".env" on the host as an editor does, with "API_KEY=rotated_456"
      And the agent reads ".env" again
      Then paude exec warned that ".env" is NOT MASKED ANY MORE, and not "secrets.txt"
      And the agent did read "API_KEY=rotated_456": the warning is no false alarm
      And reading "secrets.txt" fails because "Permission denied"
      And paude audit shows ".env" as UNMASKED
      When the user stops the session
      Then paude warned that ".env" is NOT MASKED ANY MORE

  Rule: a masked file that git tracks would be readable from git's objects, so the start is refused

    @threat-secret-git
    Scenario: a tracked .env stops the start with an explanation
      Given the workspace is a git repository that tracks ".env"
      When the user starts a sandbox on that workspace
      Then paude exits with code 77 and the error names "git show HEAD:.env"
      And the error names "--allow-tracked-secrets"
      And nothing of paude was created

    @threat-secret-git
    Scenario: --allow-tracked-secrets starts, warns, records, and the risk is real
      Given the workspace is a git repository that tracks ".env"
      When the user starts a sandbox on that workspace with "--allow-tracked-secrets"
      Then paude warned "--allow-tracked-secrets"
      And the session record lists ".env" under "allowTrackedSecrets"
      And reading ".env" fails because "Permission denied"
      And the agent reads "API_KEY=super_secret_123" through "git show HEAD:.env"

  Rule: secrets the agent needs arrive as read-only files, never as environment

    @threat-secret-env @gvisor-core
    Scenario: --secret gives the value as /run/secrets/NAME and nowhere else
      Given paude's environment holds "API_TOKEN" = "tok-5b1e9c2f7a"
      And a sandbox on that workspace with "--secret" "API_TOKEN"
      Then the agent reads "tok-5b1e9c2f7a" from "/run/secrets/API_TOKEN"
      And writing "/run/secrets/API_TOKEN" fails because "Read-only file system"
      And the agent's /proc/1/environ and /proc/self/environ do not hold "tok-5b1e9c2f7a"
      And the engine's inspect of the agent does not hold "tok-5b1e9c2f7a" and reports "/run/secrets/API_TOKEN" read-only
      When the user stops the session
      Then no file in the session's directory holds "tok-5b1e9c2f7a"

    @threat-secret-env
    Scenario: a --secret whose variable is not set stops the start and names the variable
      When the user starts a sandbox on that workspace with "--secret" "MISSING_TOKEN"
      Then paude exits with code 2 and the error names "MISSING_TOKEN is not set"
      And nothing of paude was created

  Rule: the pre-flight scan stops a start on secrets in files the agent could read

    @threat-secret-scan
    Scenario Outline: a <provider> token in an ordinary file is found, located, and never printed in full
      Given a workspace holding "src/settings.py" with "x = 1\n<line>"
      When the user runs paude secrets scan
      Then paude exits with code 1 and the output names "src/settings.py:2: <rule>"
      And the output does not hold "<value>"

      Examples:
        | provider  | rule               | line                                                      | value                                            |
        | AWS       | aws-access-key     | aws_id = 'AKIAQ3EGUIVZ7XN2R4TB'                           | AKIAQ3EGUIVZ7XN2R4TB                             |
        | GitHub    | github-token       | token = 'ghp_R8dLq2Vx7TnA4wKp9sBz3MfY6hJc1uGe5NoI'       | ghp_R8dLq2Vx7TnA4wKp9sBz3MfY6hJc1uGe5NoI       |
        | Slack     | slack-token        | hook = 'xoxb-2841937465-Vf8Qm2LpZr7T'                     | xoxb-2841937465-Vf8Qm2LpZr7T                     |
        | Google    | google-api-key     | key = 'AIzaSyD8f3Kq9ZpL2mX7vR4tB6nW1cH5jE0gUoY'           | AIzaSyD8f3Kq9ZpL2mX7vR4tB6nW1cH5jE0gUoY           |
        | Stripe    | stripe-key         | stripe = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'               | sk_live_4eC39HqLyjWDarjtT1zdp7dc                 |
        | a PEM key | private-key        | -----BEGIN RSA PRIVATE KEY-----                           | BEGIN RSA PRIVATE KEY                            |
        | generic   | generic-assignment | DB_PASSWORD=Xk29vLq7TzP4mW                                | Xk29vLq7TzP4mW                                   |

    @threat-secret-scan
    Scenario: ordinary code and placeholders are no findings, and masked files are not scanned
      Given a workspace holding "src/app.py" with "api_key = os.environ['API_KEY']\ntoken = self.token\npassword = 'changeme'"
      When the user runs paude secrets scan
      Then paude exits with code 0 and the output names "0 finding(s)"

    @threat-secret-scan
    Scenario: a finding stops the start with file and line; the masked .env does not
      Given a workspace holding "deploy.sh" with "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB"
      When the user starts a sandbox on that workspace
      Then paude exits with code 77 and the error names "deploy.sh:1: aws-access-key"
      And the error does not hold "AKIAQ3EGUIVZ7XN2R4TB"
      And the error does not hold ".env:"
      And nothing of paude was created

    @threat-secret-scan @threat-fail-open
    Scenario: with paude run, a finding stops the start before the agent's command ran, though its container started first
      # paude run starts the agent's container while the scan still runs; its recorder holds the command until the
      # scan passed. A first scan of 20,000 files takes longer than the container's start.
      Given a workspace holding 20000 small files
      And a workspace holding "deploy.sh" with "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB"
      When the user runs "touch ran-marker" with paude run on that workspace
      Then paude exits with code 77 and the error names "deploy.sh:1: aws-access-key"
      And the workspace holds no "ran-marker": the agent's command never ran
      And nothing of paude was created
      When the user runs "touch ran-marker" with paude run on that workspace and "--allow-secrets"
      Then paude exits with code 0 and the error names "--allow-secrets"
      And the workspace holds "ran-marker"

    @threat-secret-scan
    Scenario: --allow-secrets starts anyway, warned and recorded
      Given a workspace holding "deploy.sh" with "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB"
      When the user starts a sandbox on that workspace with "--allow-secrets"
      Then paude warned "--allow-secrets"
      And the session record lists "deploy.sh:1: aws-access-key" under "allowSecrets"

    @threat-secret-scan
    Scenario: a file allowlisted in the configuration does not stop the start
      Given a workspace holding "test/fixtures/fake.txt" with "AKIAQ3EGUIVZ7XN2R4TB"
      And a trusted project configuration that allows "test/fixtures/**"
      When the user starts a sandbox on that workspace
      Then paude exits with code 0 and the output names "paude-"

    @threat-secret-scan
    Scenario: the scan is incremental, and a file whose time was set back is read again
      Given a workspace holding "src/a.txt" with "nothing to see here!"
      When the user runs paude secrets scan with "--json"
      And the user runs paude secrets scan with "--json"
      Then the scan read 0 files and took the rest from its cache
      When "src/a.txt" is changed to "AKIAQ3EGUIVZ7XN2R4TB" keeping its modification time
      And the user runs paude secrets scan with "--json"
      Then the scan read 1 file
      And paude exits with code 1 and the output names "aws-access-key"

    @threat-secret-scan
    Scenario: SARIF output for code-scanning tools
      Given a workspace holding "deploy.sh" with "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB"
      When the user runs paude secrets scan with "--sarif"
      Then paude exits with code 1 and the output names "\"version\" : \"2.1.0\""
      And the output names "\"ruleId\" : \"aws-access-key\""
      And the output does not hold "AKIAQ3EGUIVZ7XN2R4TB"

  Rule: the scan takes its configuration from paude only, never from the workspace

    @threat-scanner-config
    Scenario: a planted .gitleaks.toml and .gitleaksignore that allowlist everything do not hide a token from the scan
      # gitleaks reads the scanned directory's .gitleaks.toml and .gitleaksignore by itself; paude's scan takes
      # neither (gitleaks gets paude's own configuration and ignore file; the built-in detectors read no such file)
      Given a workspace holding "deploy.sh" with "export AWS_ACCESS_KEY_ID=AKIAQ3EGUIVZ7XN2R4TB"
      And the workspace holds a .gitleaks.toml and a .gitleaksignore that allowlist "deploy.sh" line 1 for every rule
      When the user starts a sandbox on that workspace
      Then paude exits with code 77 and the error names "deploy.sh:1: aws-access-"
      And the error does not hold "AKIAQ3EGUIVZ7XN2R4TB"
      And the planted files name that very finding, and gitleaks run on the workspace as it is would report nothing
      And nothing of paude was created

  Rule: .gitignore keeps common secret files out of commits

    @threat-secret-gitignore
    Scenario: missing patterns are reported, added on request, and then covered
      When the user runs paude secrets gitignore
      Then paude exits with code 1 and the output names ".env .env.* *.pem *.key"
      When the user runs paude secrets gitignore with "--add"
      And the user runs paude secrets gitignore
      Then paude exits with code 0 and the output names "covers the common secret patterns"
      And the workspace's .gitignore holds ".env" and "!.env.example"

    @threat-secret-gitignore
    Scenario: starting in a git repository whose .gitignore lacks them warns
      Given the workspace is a git repository that tracks "notes.txt"
      When the user starts a sandbox on that workspace
      Then paude warned ".gitignore does not ignore .env"
