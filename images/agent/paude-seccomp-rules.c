/*
 * paude-seccomp-rules: loads paude's seccomp profile, written as plain rules by the launcher
 * (launcher/src/main/java/io/paude/plan/SeccompProfile.java, rules()), into the calling process with libseccomp.
 *
 * Under gVisor the runtime applies the engine's profile to the container's first process only, never to a process
 * started by exec; the recorder (--ptrace --seccomp-rules FILE) therefore loads the same profile itself into every
 * process it starts, before that process runs the agent's command. Format, one rule a line ('#' starts a comment):
 *   default errno N                      the action of every system call no rule names
 *   allow NAME [ARG MASK VALUE]          allowed (when argument ARG masked with MASK equals VALUE)
 *   errno N NAME [ARG MASK VALUE]        refused with errno N (same condition)
 * A name this architecture does not have is skipped, as the engines do; anything else malformed fails the load, and
 * the caller then runs nothing (fail closed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paude-seccomp-rules.h"

static int fail(char *err, size_t len, int line, const char *what) {
    snprintf(err, len, "seccomp rules, line %d: %s", line, what);
    return -1;
}

int paude_load_seccomp_rules(const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "cannot read the seccomp rules %s: %s", path, strerror(errno));
        return -1;
    }
    scmp_filter_ctx ctx = NULL;
    uint32_t fallback = 0;
    char buf[512];
    int line = 0, rc = -1;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        char *hash = strchr(buf, '#');
        if (hash) *hash = 0;
        char *w[8];
        int n = 0;
        for (char *save = NULL, *t = strtok_r(buf, " \t\r\n", &save); t && n < 8; t = strtok_r(NULL, " \t\r\n", &save))
            w[n++] = t;
        if (n == 0) continue;
        if (strcmp(w[0], "default") == 0) {
            if (ctx || n != 3 || strcmp(w[1], "errno") != 0) { fail(err, errlen, line, "bad default"); goto out; }
            fallback = SCMP_ACT_ERRNO((unsigned)atoi(w[2]));
            ctx = seccomp_init(fallback);
            if (!ctx) { fail(err, errlen, line, "seccomp_init failed"); goto out; }
            continue;
        }
        if (!ctx) { fail(err, errlen, line, "a rule before the default"); goto out; }
        uint32_t action;
        int at;
        if (strcmp(w[0], "allow") == 0) {
            action = SCMP_ACT_ALLOW;
            at = 1;
        } else if (strcmp(w[0], "errno") == 0 && n >= 3) {
            action = SCMP_ACT_ERRNO((unsigned)atoi(w[1]));
            at = 2;
        } else {
            fail(err, errlen, line, "unknown action");
            goto out;
        }
        int args = n - at - 1;
        if (args != 0 && args != 3) { fail(err, errlen, line, "a comparison is ARG MASK VALUE"); goto out; }
        int nr = seccomp_syscall_resolve_name(w[at]);
        if (nr == __NR_SCMP_ERROR) continue; /* not a system call of this architecture */
        if (action == fallback && args == 0) continue; /* what the default does anyway (libseccomp refuses it) */
        int r;
        if (args == 0) {
            r = seccomp_rule_add(ctx, action, nr, 0);
        } else {
            unsigned arg = (unsigned)atoi(w[at + 1]);
            scmp_datum_t mask = strtoull(w[at + 2], NULL, 0), value = strtoull(w[at + 3], NULL, 0);
            r = seccomp_rule_add(ctx, action, nr, 1, SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, value));
        }
        if (r < 0) {
            snprintf(err, errlen, "seccomp rules, line %d: %s: %s", line, w[at], strerror(-r));
            goto out;
        }
    }
    if (!ctx) { fail(err, errlen, line, "no default"); goto out; }
    int r = seccomp_load(ctx);
    if (r < 0) {
        snprintf(err, errlen, "cannot load the seccomp rules: %s", strerror(-r));
        goto out;
    }
    rc = 0;
out:
    if (ctx) seccomp_release(ctx);
    fclose(f);
    return rc;
}
