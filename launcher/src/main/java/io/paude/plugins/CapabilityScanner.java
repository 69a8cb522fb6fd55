package io.paude.plugins;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds, by static scanning, what a plugin's text can do: network access, file system writes, process execution,
 * dynamic code evaluation. It is deliberately eager: a false alarm costs a look, a miss costs a backdoor. It cannot
 * see through obfuscation, which is why a changed plugin needs approval again whatever the scan says.
 */
public final class CapabilityScanner {
    /** How a text is read: patterns that only make sense in a shell are not applied to JavaScript. */
    public enum Language { SCRIPT, PYTHON, SHELL, MARKDOWN }

    private static final int MAX_PER_CAPABILITY = 5;

    private record Rule(Capability capability, Pattern pattern) {
    }

    private static final List<Rule> ANY = List.of(
            rule(Capability.NETWORK, "\\bfetch\\s*\\("),
            rule(Capability.NETWORK, "(require|import)\\s*\\(\\s*['\"](node:)?(https?|http2|net|tls|dgram|undici|node-fetch|axios)['\"]"),
            rule(Capability.NETWORK, "\\bfrom\\s+['\"](node:)?(https?|http2|net|tls|dgram|undici|node-fetch|axios)['\"]"),
            rule(Capability.NETWORK, "\\b(axios|XMLHttpRequest|WebSocket|urllib|httpx|http\\.client|aiohttp)\\b"),
            rule(Capability.NETWORK, "\\brequests\\.(get|post|put|patch|delete|request|Session)\\b|\\bsocket\\.(socket|create_connection)\\b"),
            rule(Capability.NETWORK, "\\b(curl|wget|ncat|socat|scp|rsync)\\b|\\bnc\\s+-|/dev/(tcp|udp)/"),
            rule(Capability.EXEC, "child_process|\\bexecSync\\b|\\bexecFile(Sync)?\\b|\\bspawn(Sync)?\\s*\\(|\\bexeca\\b|shelljs"),
            rule(Capability.EXEC, "\\bsubprocess\\b|\\bos\\.(system|popen|exec\\w*|spawn\\w*|fork)\\b|\\bBun\\.spawn|\\bDeno\\.(run|Command)\\b"),
            rule(Capability.FS_WRITE, "\\bfs\\.(promises\\.)?(write\\w*|append\\w*|rm\\w*|unlink\\w*|mkdir\\w*|rename\\w*|copy\\w*|cp\\w*"
                    + "|createWriteStream|chmod\\w*|chown\\w*|symlink\\w*|truncate\\w*)\\b"),
            rule(Capability.FS_WRITE, "\\b(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|unlinkSync|rmSync|mkdirSync)\\b"),
            rule(Capability.FS_WRITE, "\\bopen\\s*\\([^)]*['\"][wax]b?\\+?['\"]|\\bshutil\\.(rmtree|move|copy\\w*)|\\bos\\.(remove|unlink|rename|"
                    + "replace|makedirs|mkdir|rmdir|chmod)\\b|\\.write_(text|bytes)\\s*\\("),
            rule(Capability.EVAL, "\\beval\\s*\\(|\\bnew\\s+Function\\s*\\(|\\bvm\\.(run\\w*|Script|compileFunction)\\b|\\brunIn(New|This)Context\\b"),
            rule(Capability.EVAL, "__import__\\s*\\(|\\bimportlib\\b|\\b(node|deno|bun)\\s+(-e|--eval)\\b|\\bpython3?\\s+-c\\b"));

    /** Only where a shell reads the text: hook commands, shell scripts, a command's {@code !`...`} lines. */
    private static final List<Rule> SHELL = List.of(
            rule(Capability.EXEC, "\\b(ba|z|da)?sh\\s+-c\\b|\\|\\s*(ba|z)?sh\\b|\\bxargs\\b|\\bnohup\\b|\\bsetsid\\b"),
            rule(Capability.FS_WRITE, "[^\\s<>=\\-]\\s*>>?\\s*[~/$\\w.\"']"),
            rule(Capability.FS_WRITE, "(^|[;&|(`]\\s*|\\s)(rm|mv|cp|dd|tee|truncate|chmod|chown|ln|mkdir|touch|install|sed\\s+-i)\\s"),
            rule(Capability.EVAL, "(^|[;&|(`]\\s*|\\s)(eval|source|\\.)\\s+[\"'$<(]"));

    private static final List<Rule> PYTHON = List.of(rule(Capability.EVAL, "(?<![.\\w])(exec|compile)\\s*\\("));

    private static final List<Rule> SCRIPT = List.of(rule(Capability.EXEC, "(?<![.\\w])exec\\s*\\("));

    private static final Pattern MD_BASH_LINE = Pattern.compile("(^|\\s)!`");
    private static final Pattern MD_BASH_TOOL = Pattern.compile("(?i)^allowed-tools:.*\\bBash\\b");

    private CapabilityScanner() {
    }

    private static Rule rule(Capability c, String regex) {
        return new Rule(c, Pattern.compile(regex));
    }

    public static Language languageOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".py")) {
            return Language.PYTHON;
        }
        if (n.endsWith(".sh") || n.endsWith(".bash") || n.endsWith(".zsh")) {
            return Language.SHELL;
        }
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return Language.MARKDOWN;
        }
        return Language.SCRIPT;
    }

    /** Language of a file, refined by its first line ({@code #!/bin/sh}, {@code #!/usr/bin/env python3}). */
    public static Language languageOf(String fileName, String text) {
        String first = text.lines().findFirst().orElse("");
        if (first.startsWith("#!")) {
            if (first.contains("python")) {
                return Language.PYTHON;
            }
            if (first.matches(".*\\b(ba|z|da)?sh\\b.*")) {
                return Language.SHELL;
            }
            return Language.SCRIPT;
        }
        return languageOf(fileName);
    }

    /** Scans a text; {@code where} names it in the findings ({@code file} gives {@code file:LINE}). */
    public static List<Finding> scan(String where, String text, Language lang) {
        Map<Capability, List<Finding>> found = new EnumMap<>(Capability.class);
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            List<Rule> rules = new ArrayList<>(ANY);
            switch (lang) {
                case SHELL -> rules.addAll(SHELL);
                case PYTHON -> rules.addAll(PYTHON);
                case SCRIPT -> rules.addAll(SCRIPT);
                case MARKDOWN -> {
                    if (MD_BASH_LINE.matcher(line).find()) {
                        rules.addAll(SHELL);
                        add(found, new Finding(Capability.EXEC, where + ":" + (i + 1), line));
                    }
                    if (MD_BASH_TOOL.matcher(line).find()) {
                        add(found, new Finding(Capability.EXEC, where + ":" + (i + 1), line));
                    }
                }
            }
            for (Rule r : rules) {
                if (r.pattern().matcher(line).find()) {
                    add(found, new Finding(r.capability(), where + ":" + (i + 1), line));
                }
            }
        }
        List<Finding> all = new ArrayList<>();
        found.values().forEach(all::addAll);
        return all;
    }

    private static void add(Map<Capability, List<Finding>> found, Finding f) {
        List<Finding> list = found.computeIfAbsent(f.capability(), k -> new ArrayList<>());
        boolean sameLine = list.stream().anyMatch(e -> e.where().equals(f.where()));
        if (!sameLine && list.size() < MAX_PER_CAPABILITY) {
            list.add(f);
        }
    }
}
