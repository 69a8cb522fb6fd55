package io.paude.steps.support;

import io.paude.Version;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the images the suite needs exist in the engine under test: the agent and proxy images through the
 * real {@code paude images build}, and the fixture images from images/fixtures. Built once, reused afterwards.
 */
public final class TestImages {
    /** The images under test: the launcher's defaults, or PAUDE_AGENT_IMAGE / PAUDE_PROXY_IMAGE when set. */
    public static final String AGENT = io.paude.plan.ImageRefs.from(System.getenv()).agent();
    public static final String PROXY = io.paude.plan.ImageRefs.from(System.getenv()).proxy();
    /** Fixture images are tagged by the digest of their sources, so a changed fixture is always rebuilt. */
    public static final String FIXTURE_WEB = "paude-fixture-web:" + sourceDigest(Suite.repo().resolve("images/fixtures/web"));
    public static final String FIXTURE_REGISTRY = "paude-fixture-registry:"
            + sourceDigest(Suite.repo().resolve("images/fixtures/registry"));
    /** Built on first use by {@link TestInternet#gitServer()}: only the git scenarios need it. */
    public static final String FIXTURE_GIT = "paude-fixture-git:" + sourceDigest(Suite.repo().resolve("images/fixtures/git"));
    /** Built on first use by {@link TestInternet#dns()}: only the DNS and domain-fronting scenarios need it. */
    public static final String FIXTURE_DNS = "paude-fixture-dns:" + sourceDigest(Suite.repo().resolve("images/fixtures/dns"));
    /** Built on first use by {@link TestInternet#model()}: only the real-agent scenarios need it. */
    public static final String FIXTURE_MODEL = "paude-fixture-model:"
            + sourceDigest(Suite.repo().resolve("images/fixtures/model"));
    private static boolean ready;

    private TestImages() {
    }

    public static synchronized void ensure() {
        if (ready) {
            return;
        }
        Engine.requireRunning();
        if (!exists(AGENT) || !exists(PROXY)) {
            // the host's CAs (a network that re-signs TLS) are trusted for the npm download by default
            List<String> argv = List.of("java", "-jar", Suite.jar().toString(), "images", "build", "--engine", Engine.NAME);
            Cmd.Result r = Cmd.run(argv, Map.of(), Duration.ofMinutes(20));
            if (r.exit() != 0) {
                throw new AssertionError("paude images build failed:\n" + r);
            }
        }
        buildFixture(FIXTURE_WEB, Suite.repo().resolve("images/fixtures/web"));
        buildFixture(FIXTURE_REGISTRY, Suite.repo().resolve("images/fixtures/registry"));
        ready = true;
    }

    static void buildFixture(String tag, Path context) {
        if (exists(tag)) {
            return;
        }
        String base = exists("paude-base:bookworm") ? "paude-base:bookworm" : "debian:bookworm-slim";
        String out = Engine.ok("build", "--tag", tag, "--build-arg", "BASE_IMAGE=" + base, context.toString());
        if (!exists(tag)) {
            throw new AssertionError("fixture image " + tag + " was not built:\n" + out);
        }
    }

    /** The first 12 hex digits of a SHA-256 over the relative paths and contents of the files under dir. */
    public static String sourceDigest(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                md.update(dir.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(java.nio.file.Files.readAllBytes(f));
            }
            return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("cannot read fixture sources in " + dir, e);
        }
    }

    static boolean exists(String image) {
        return Engine.cli("image", "inspect", image).exit() == 0;
    }
}
