package io.paude.settings;

import io.paude.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A secret the agent legitimately needs, from {@code --secret NAME[=ENVVAR|=@FILE]}: it appears in the agent as the
 * read-only file {@code /run/secrets/NAME}, read from the launcher's variable ENVVAR (default NAME) or from FILE.
 * Never as an environment variable of the container, so it is in neither {@code inspect} nor {@code /proc/PID/environ}.
 */
public record SecretRef(String name, String envVar, Path file) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public SecretRef {
        if (!NAME.matcher(name).matches()) {
            throw new PolicyException("invalid secret name '" + name + "'", "use letters, digits, '_', '.', '-' (e.g. --secret NPM_TOKEN)");
        }
    }

    public static SecretRef parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return new SecretRef(spec, spec, null);
        }
        String name = spec.substring(0, eq);
        String source = spec.substring(eq + 1);
        if (source.startsWith("@")) {
            return new SecretRef(name, null, Path.of(source.substring(1)).toAbsolutePath());
        }
        if (source.isEmpty()) {
            throw new PolicyException("--secret " + spec + " names no source", "use --secret NAME, NAME=ENVVAR or NAME=@FILE");
        }
        return new SecretRef(name, source, null);
    }

    /** The value, read now from the launcher's environment or the file; never logged. */
    public byte[] value(Map<String, String> env) {
        if (file != null) {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new PolicyException("cannot read secret file " + file + " for --secret " + name + ": " + e.getMessage(),
                        "check the path and its permissions");
            }
        }
        String v = env.get(envVar);
        if (v == null) {
            throw new PolicyException("--secret " + name + ": the variable " + envVar + " is not set in paude's environment",
                    "export " + envVar + "=... before starting, or use --secret " + name + "=@FILE");
        }
        return v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public String target() {
        return "/run/secrets/" + name;
    }
}
