package io.paude.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in secret detectors, used when gitleaks is not on the PATH: tokens of common providers by their
 * documented prefixes, private key blocks, and assignments of high-entropy values to names that say "key",
 * "secret", "token" or "password".
 */
final class Detectors {
    private record Rule(String id, Pattern pattern, int group) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("aws-access-key", Pattern.compile("\\b((?:AKIA|ASIA)[0-9A-Z]{16})\\b"), 1),
            new Rule("github-token", Pattern.compile("\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,})\\b"), 1),
            new Rule("github-token", Pattern.compile("\\b(github_pat_[A-Za-z0-9_]{50,})\\b"), 1),
            new Rule("slack-token", Pattern.compile("\\b(xox[abposr]-[A-Za-z0-9-]{10,})\\b"), 1),
            new Rule("google-api-key", Pattern.compile("\\b(AIza[0-9A-Za-z_\\-]{35})"), 1),
            new Rule("stripe-key", Pattern.compile("\\b((?:sk|rk)_live_[0-9A-Za-z]{16,})\\b"), 1),
            new Rule("private-key", Pattern.compile("(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)"), 1));

    /** NAME = value, NAME: value, "name": "value"; the name must say what it holds (found by its keyword first). */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(?:api[_-]?key|secret|token|passw(?:or)?d|passwd|pwd|access[_-]?key|auth)[A-Za-z0-9_.-]*"
                    + "[\"']?\\s*[:=]\\s*[\"']?([^\\s\"'`,;]{8,})");
    static final double ENTROPY_THRESHOLD = 3.0;
    /** Substrings one of which every finding contains (lower case): a cheap test before the regular expressions. */
    private static final List<String> ANCHORS = List.of("akia", "asia", "gh", "xox", "aiza", "_live_", "private key",
            "key", "secret", "token", "passw", "pwd", "auth");

    private Detectors() {
    }

    /** Findings of one file's text. */
    static List<Finding> scan(String file, String text) {
        List<Finding> out = new ArrayList<>();
        if (!anchored(text.toLowerCase(Locale.ROOT))) {
            return out;
        }
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (!anchored(line.toLowerCase(Locale.ROOT))) {
                continue;
            }
            boolean matched = false;
            for (Rule r : RULES) {
                Matcher m = r.pattern.matcher(line);
                if (m.find()) {
                    out.add(new Finding(file, lineNo, r.id, Finding.mask(m.group(r.group))));
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                Matcher m = ASSIGNMENT.matcher(line);
                if (m.find() && looksLikeSecret(m.group(1))) {
                    out.add(new Finding(file, lineNo, "generic-assignment", Finding.mask(m.group(1))));
                }
            }
        }
        return out;
    }

    private static boolean anchored(String lower) {
        for (String a : ANCHORS) {
            if (lower.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** A literal of enough entropy, not a reference to something else (a variable, a call, a placeholder). */
    static boolean looksLikeSecret(String value) {
        if (value.matches(".*[(){}\\[\\]$<>%].*")) {
            return false;
        }
        if (value.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
            return false; // self.api_key, config.token
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String placeholder : List.of("changeme", "example", "placeholder", "your_", "xxxx", "****", "dummy", "redacted")) {
            if (lower.contains(placeholder)) {
                return false;
            }
        }
        return entropy(value) >= ENTROPY_THRESHOLD;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        int[] counts = new int[128];
        int other = 0;
        for (char c : s.toCharArray()) {
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double h = 0;
        for (int n : counts) {
            if (n > 0) {
                double p = (double) n / s.length();
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = (double) other / s.length();
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }
}
