package io.paude.cli;

import io.paude.images.ImageBuilder;
import io.paude.plan.ImageRefs;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "images", mixinStandardHelpOptions = true, description = "Manage the agent and proxy images.", subcommands = ImagesCommand.Build.class,
        footer = {"", "Examples:",
            "  # build both images on the default engine",
            "  paude images build",
            "",
            "  # on Podman, where no registry can be reached",
            "  paude images build --engine podman --base-from-mirror"})
public final class ImagesCommand {

    @Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Build the agent and proxy images from the Dockerfiles shipped in the launcher.",
                "The agent image carries Claude Code at a pinned version, bash, git, curl and ca-certificates, and runs as a non-root user.",
                "Progress on stderr: each long step (the base image pulled or made with debootstrap, each image built) ends with a",
                "line that gives its time. On a terminal the engine's own output streams too; elsewhere (CI, scripts) it goes to a",
                "log whose last lines are shown if the step fails. A first build takes a few minutes; later ones use the cache."},
            footer = {"", "Examples:",
                "  # base " + ImageBuilder.DEFAULT_BASE + ", pulled if missing, else made from a Debian mirror",
                "  paude images build",
                "",
                "  # no registry: make the base with debootstrap from the host's Debian mirror",
                "  paude images build --base-from-mirror",
                "",
                "  # a network that re-signs TLS with a CA the host's store does not hold",
                "  paude images build --build-ca ~/corp-ca.pem"})
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        EngineOption engineOption;

        @Option(names = "--base", paramLabel = "IMAGE", description = "Base image. Default: " + ImageBuilder.DEFAULT_BASE
                + "; if it cannot be pulled, one is made from a Debian mirror.")
        String base;

        @Option(names = "--base-from-mirror", description = "Do not pull: make the base image (" + ImageBuilder.LOCAL_BASE
                + ") from a Debian mirror with debootstrap (needs root and debootstrap).")
        boolean fromMirror;

        @Option(names = "--mirror", paramLabel = "URL", description = "Debian mirror for --base-from-mirror. Default: the host's apt source, or $PAUDE_DEBIAN_MIRROR.")
        String mirror;

        @Option(names = "--build-ca", paramLabel = "PEM", description = {"Trust this CA certificate while downloading Claude Code "
                + "(networks whose egress re-signs TLS). Repeatable. Not added to the image's trust store. Default: the CAs "
                + "added to the host's trust store, " + ImageBuilder.HOST_CAS + "/*.crt (none there, none trusted)."})
        java.util.List<java.nio.file.Path> buildCas = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            new ImageBuilder(engineOption.engine(null), spec.commandLine().getErr())
                    .build(ImageRefs.from(System.getenv()), base, fromMirror, mirror, buildCas);
            return ExitCodes.OK;
        }
    }
}
