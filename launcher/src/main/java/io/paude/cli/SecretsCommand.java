package io.paude.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paude.SafeJson;
import io.paude.config.PaudeConfig;
import io.paude.secrets.Finding;
import io.paude.secrets.GitignoreCheck;
import io.paude.secrets.SecretFiles;
import io.paude.secrets.SecretScanner;
import io.paude.settings.Resolver;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "secrets", mixinStandardHelpOptions = true, description = "Secrets in the workspace: the pre-flight scan and .gitignore.",
        subcommands = {SecretsCommand.Scan.class, SecretsCommand.Gitignore.class},
        footer = {"", "Examples:",
            "  # the scan a session runs before it starts, alone",
            "  paude secrets scan",
            "",
            "  # add the secret-file patterns .gitignore is missing",
            "  paude secrets gitignore --add"})
public final class SecretsCommand {

    @Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Run the pre-flight scan alone: secrets in workspace files the agent could read.",
                "Masked and allowlisted files are left out. Exit 0 when clean, 1 on findings."},
            footer = {"", "Examples:",
                "  # the current directory",
                "  paude secrets scan",
                "",
                "  # another project, findings as JSON",
                "  paude secrets scan --json --workspace ~/project",
                "",
                "  # SARIF for a code-scanning tool",
                "  paude secrets scan --sarif > secrets.sarif"})
    static final class Scan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory. Default: the current directory.")
        Path workspace;

        @ArgGroup(exclusive = true)
        Format format = new Format();

        static final class Format {
            @Option(names = "--json", description = "Findings as JSON.")
            boolean json;

            @Option(names = "--sarif", description = "Findings as SARIF 2.1.0.")
            boolean sarif;
        }

        @Override
        public Integer call() throws Exception {
            Path ws = (workspace != null ? workspace : Path.of("")).toAbsolutePath().normalize();
            PaudeConfig.SecretSettings settings = Resolver.secretFiles(Services.config(ws, false));
            List<Path> masked = SecretFiles.withPatterns(settings.mask()).find(ws);
            SecretScanner.Result r = new SecretScanner(Services.paths().state(), System.getenv())
                    .scan(ws, new HashSet<>(masked), settings.allow());
            var out = spec.commandLine().getOut();
            ObjectMapper json = SafeJson.on(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);
            if (format.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("workspace", ws.toString());
                doc.put("scanner", r.scanner());
                doc.put("masked", masked.stream().map(Path::toString).toList());
                doc.put("filesRead", r.filesRead());
                doc.put("filesCached", r.filesCached());
                doc.put("findings", r.findings());
                out.println(json.writeValueAsString(doc));
            } else if (format.sarif) {
                out.println(json.writeValueAsString(sarif(r)));
            } else {
                r.findings().forEach(out::println);
                out.println("paude: " + r.findings().size() + " finding(s) (" + r.scanner() + " scan, " + masked.size()
                        + " masked file(s) left out)");
            }
            out.flush();
            return r.findings().isEmpty() ? ExitCodes.OK : 1;
        }

        private static Map<String, Object> sarif(SecretScanner.Result r) {
            List<Map<String, Object>> results = r.findings().stream().map((Finding f) -> Map.<String, Object>of(
                    "ruleId", f.rule(),
                    "level", "error",
                    "message", Map.of("text", "possible secret " + f.preview()),
                    "locations", List.of(Map.of("physicalLocation", Map.of(
                            "artifactLocation", Map.of("uri", f.file()),
                            "region", Map.of("startLine", f.line())))))).toList();
            Map<String, Object> run = Map.of("tool", Map.of("driver", Map.of("name", "paude-secrets-" + r.scanner(),
                    "informationUri", "https://github.com/paude")), "results", results);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            doc.put("version", "2.1.0");
            doc.put("runs", List.of(run));
            return doc;
        }
    }

    @Command(name = "gitignore", mixinStandardHelpOptions = true,
            description = {"List the common secret patterns the workspace's .gitignore does not cover; --add appends them.",
                "Exit 0 when all are covered (or were added), 1 when some are missing."},
            footer = {"", "Examples:",
                "  # the patterns the current directory's .gitignore is missing",
                "  paude secrets gitignore",
                "",
                "  # append them to it",
                "  paude secrets gitignore --add"})
    static final class Gitignore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Project directory. Default: the current directory.")
        Path workspace;

        @Option(names = "--add", description = "Append the missing patterns to .gitignore.")
        boolean add;

        @Override
        public Integer call() {
            Path ws = (workspace != null ? workspace : Path.of("")).toAbsolutePath().normalize();
            var out = spec.commandLine().getOut();
            List<String> missing = add ? GitignoreCheck.add(ws) : GitignoreCheck.missing(ws);
            if (missing.isEmpty()) {
                out.println("paude: .gitignore covers the common secret patterns");
            } else {
                out.println((add ? "paude: added to " : "paude: missing from ") + ws.resolve(".gitignore") + ": " + String.join(" ", missing));
            }
            out.flush();
            return missing.isEmpty() || add ? ExitCodes.OK : 1;
        }
    }
}
