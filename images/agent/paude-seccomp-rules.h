/* paude-seccomp-rules.c: paude's seccomp profile, from the launcher's plain rules, loaded with libseccomp. */
#ifndef PAUDE_SECCOMP_RULES_H
#define PAUDE_SECCOMP_RULES_H
#include <stddef.h>
/* Loads the rules of PATH as a seccomp filter of the calling thread; 0, or -1 with ERR filled. */
int paude_load_seccomp_rules(const char *path, char *err, size_t errlen);
#endif
