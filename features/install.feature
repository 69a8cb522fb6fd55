@area-install @engine-independent
Feature: paude installs from its release archive and runs without the source tree

  Users install paude from paude-<version>.tar.gz (docs/install.md), not from this repository. Unpacked anywhere,
  even read-only and reached through a symlink, its command must run, find the guarantee suite for 'paude verify'
  in the archive's lib/, and keep what it writes (its start-up cache) in the user's own directories.

  Background:
    Given paude installed from its release archive into a fresh directory outside the checkout, made read-only

  Scenario: the archive holds the command, both jars with the sources they read, completion and the command pages
    Then the installation holds bin/paude, lib/paude.jar, lib/paude-verify.jar, the bash completion and the command pages
    And its lib/paude.jar is the launcher under test, with the agent and proxy image sources inside
    And its lib/paude-verify.jar carries the features and the fixture image sources the suite reads

  Scenario: the installed command runs through a symlink from the user's directory and writes only to the user's cache
    When the user runs the installed "paude --version"
    Then it exits with code 0 and prints the version the archive is named after
    And its start-up cache is in the user's cache directory
    When the user runs the installed "paude verify --help"
    Then it exits with code 0 and prints "paude-verify.jar"
    And the installation is unchanged

  Scenario: the installed paude verify runs the suite of the archive's lib/, and says what is missing without it
    When the user runs the installed "paude verify" with a tag that selects no scenario
    Then the guarantee suite of the installation ran against the installation's lib/paude.jar
    And it exits with code 1 and prints "NOT CERTIFIED: no scenario ran"
    When the installation's lib/paude-verify.jar is removed
    And the user runs the installed "paude verify" with a tag that selects no scenario
    Then it exits with code 2 and prints "paude-verify.jar is not next to"
    And the error says how to fix it
