#!/bin/sh
# paude proxy entrypoint.
#
# Runs as root with only CAP_SETUID/CAP_SETGID (+ CAP_CHOWN when it must hand
# files to the proxy user), checks the launcher-rendered configuration, makes
# sure squid (which drops to the "proxy" user) can append to the logs in the
# host-mounted directory, then execs squid in the foreground.
#
# Log files, best first:
#  1. the launcher pre-creates access.log and cache.log, mode 0666, in its own
#     directory: nothing to do, the host user keeps owning and reading them
#     (needs no CAP_CHOWN);
#  2. the directory is writable for root (root-owned, or mode 0777): the files
#     are created here, mode 0644, and chowned to proxy (needs CAP_CHOWN);
#  3. otherwise the directory itself is chowned to proxy (needs CAP_CHOWN) and
#     squid creates the files (mode 0640: the host user may not read them).
#
# An argument list that does not start with "-" is run as a command instead
# (debugging: docker run --rm paude-proxy:dev squid -v); "-..." arguments are
# passed on to squid.
set -eu

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    exec "$@"
fi

CONF=${PAUDE_PROXY_CONF:-/etc/paude-proxy/squid.conf}
LOGDIR=/var/log/paude-proxy

say() { echo "paude-proxy: $*" >&2; }

if [ ! -r "$CONF" ]; then
    say "configuration $CONF not readable (is /etc/paude-proxy mounted, world-readable?)"
    exit 64
fi

if ! out=$(squid -k parse -f "$CONF" 2>&1); then
    printf '%s\n' "$out" >&2
    say "$CONF does not parse"
    exit 65
fi

[ -d "$LOGDIR" ] || { say "$LOGDIR is missing (mount it read-write)"; exit 66; }
chown_dir=no
for f in access.log cache.log; do
    p="$LOGDIR/$f"
    if [ -e "$p" ]; then
        # Left over from an earlier run of this entrypoint: give it back to proxy.
        if [ "$(stat -c %u "$p")" = 0 ]; then chown proxy:proxy "$p"; fi
    elif ( umask 022; : >"$p" ) 2>/dev/null; then
        chown proxy:proxy "$p"
    else
        chown_dir=yes
    fi
done
if [ "$chown_dir" = yes ]; then
    say "cannot create log files in $LOGDIR; handing the directory to the proxy user"
    chown proxy:proxy "$LOGDIR"
fi

exec squid -N -d 1 -f "$CONF" "$@"
