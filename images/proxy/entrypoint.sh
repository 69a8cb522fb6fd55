#!/bin/sh
# paude proxy entrypoint.
# Starts as root, hands the host-mounted (read-write) log directory to the
# proxy user, checks the launcher-rendered configuration, then runs squid in
# the foreground; squid drops to "proxy" itself (cache_effective_user).
# Arguments starting with "-" are passed to squid; any other command is run
# as is (for debugging: docker run ... paude-proxy:dev squid -v).
set -eu

if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    exec "$@"
fi

CONF=${PAUDE_PROXY_CONF:-/etc/paude-proxy/squid.conf}
LOGDIR=/var/log/paude-proxy

if [ ! -r "$CONF" ]; then
    echo "paude-proxy: configuration $CONF not found (is /etc/paude-proxy mounted?)" >&2
    exit 64
fi

mkdir -p "$LOGDIR"
touch "$LOGDIR/access.log" "$LOGDIR/cache.log"
chown proxy:proxy "$LOGDIR" "$LOGDIR/access.log" "$LOGDIR/cache.log"

if ! out=$(squid -k parse -f "$CONF" 2>&1); then
    printf '%s\n' "$out" >&2
    echo "paude-proxy: $CONF does not parse" >&2
    exit 65
fi

exec squid -N -d 1 -f "$CONF" "$@"
