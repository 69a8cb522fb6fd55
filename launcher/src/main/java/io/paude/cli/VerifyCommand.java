package io.paude.cli;

import io.paude.config.ConfigLoader;
import io.paude.plan.ImageRefs;
import io.paude.policy.PolicyException;
import io.paude.runtime.ContainerEngine;
import io.paude.runtime.EngineKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the guarantee suite on this machine, without the source tree: against this engine and "
                + "the images paude uses (paude-agent and paude-proxy of this version, or $PAUDE_AGENT_IMAGE and "
                + "$PAUDE_PROXY_IMAGE). Needs paude-verify.jar next to paude.jar.",
            "Prints a line per scenario, then a table of scenarios passed and failed per task and threat area. "
                + "Exit 0 when every scenario that ran passed, 1 when one failed or none ran. The whole suite takes "
                + "about a quarter of an hour."},
        footer = {"", "Examples:",
            "  # certify this machine: every scenario on the default engine",
            "  paude verify",
            "",
            "  # the baseline scenarios on Docker, with the HTML report in ./paude-report",
            "  paude verify --engine docker --tags @area-baseline --report paude-report",
            "",
            "  # the network exfiltration task on Podman, without its known Podman failure",
            "  paude verify --engine podman --tags '@task-4 and not @podman-known-failure'"})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engineOption;

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "Only the scenarios this Cucumber tag expression selects, e.g. '@task-4 and not @real-agent'.")
    String tags;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write the Cucumber HTML report (cucumber.html), the threat-model page (threat-model.html),"
                    + " JUnit XML (cucumber.xml) and the table (summary.txt) into DIR.")
    Path report;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path launcher = launcherJar();
        VerifySuite suite = VerifySuite.find(launcher).orElseThrow(() -> new PolicyException(
                "the guarantee suite " + VerifySuite.JAR + " is not next to " + launcher,
                "install paude from its release archive, whose lib/ holds both jars (docs/install.md), or copy it"
                        + " there from a build (mvn package puts it in step-defs/target/" + VerifySuite.JAR + ")"));
        ContainerEngine engine = engineOption.engine(new ConfigLoader(Services.paths()).user().engine());
        ImageRefs images = ImageRefs.from(System.getenv());
        for (String image : List.of(images.agent(), images.proxy())) {
            if (!engine.imageExists(image)) {
                throw new PolicyException("image " + image + " is missing on " + engine.kind().id()
                        + "; paude verify certifies the images you use", "build it with 'paude images build --engine "
                        + engine.kind().id() + "', or set PAUDE_AGENT_IMAGE / PAUDE_PROXY_IMAGE to the images you use");
            }
        }
        Path socket = VerifySuite.podmanSocket(System.getenv(), Files::exists);
        if (engine.kind() == EngineKind.PODMAN && System.getenv("DOCKER_HOST") == null && !Files.exists(socket)) {
            throw new PolicyException("podman's API socket " + socket + " is missing (the suite's fixtures use it)",
                    "start it: systemctl enable --now podman.socket (systemctl --user as a user), or set DOCKER_HOST");
        }
        Path javaHome = Path.of(System.getProperty("java.home"));
        ProcessBuilder pb = new ProcessBuilder(suite.argv(javaHome.resolve("bin").resolve("java"), launcher,
                engine.kind(), tags, report)).redirectErrorStream(true);
        pb.environment().putAll(VerifySuite.env(System.getenv(), javaHome, engine.kind(), socket));
        Process p = pb.start();
        // SIGTERM to paude ends the suite too (its scenarios' sandboxes are labelled: 'paude prune' removes leftovers)
        Thread stop = new Thread(p::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        PrintWriter out = spec.commandLine().getOut();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.println(line);
                out.flush();
            }
        }
        int exit = p.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return exit;
    }

    /** The jar this launcher runs from; the suite drives the same one. */
    private static Path launcherJar() {
        try {
            return Path.of(VerifyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's jar", e);
        }
    }
}
