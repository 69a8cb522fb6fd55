#!/bin/sh
# paude proxy entrypoint. Runs as squid's own user ("proxy") with no capability at all.
#
# The launcher mounts the rendered configuration read-only at /etc/paude-proxy (world-readable files) and the
# session's log directory at /var/log/paude-proxy, where it pre-creates access.log and cache.log writable for
# this user. The entrypoint checks that contract, so a broken start says why, then runs squid in the foreground.
#
# An argument list that does not start with "-" is run as a command instead (debugging:
# docker run --rm paude-proxy:VERSION squid -v); "-..." arguments are passed on to squid.
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
for f in access.log cache.log; do
    if [ ! -w "$LOGDIR/$f" ]; then
        say "$LOGDIR/$f is missing or not writable for $(id -un); the launcher pre-creates it (mode 0666)"
        exit 66
    fi
done
if ! out=$(squid -k parse -f "$CONF" 2>&1); then
    printf '%s\n' "$out" >&2
    say "$CONF does not parse"
    exit 65
fi

exec squid -N -d 1 -f "$CONF" "$@"
