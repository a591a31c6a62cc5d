# Sourced: start, reach and stop the real daemons fetched by ./fetch into $INTEROP_DIR.
# Each daemon gets its own work folder W (run dir, socket, dom0's ring page, log); nothing
# outside W is written, and only the pid recorded in W is ever signalled.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$INTEROP_DIR/root/usr/lib/xen-4.17/bin
lib=$INTEROP_DIR/lib

# start c|ox W [DUMP]: a fresh daemon, or one restoring DUMP as a live-update successor does.
start() {
    local daemon=$1 w=$2 dump=${3:-} launch=("$here/launch")
    mkdir -p "$w/run"
    # dom0's xenstore event-channel port and ring page (/proc/xen/xsd_port, xsd_kva in a dom0)
    printf 1 >"$w/run/xsd_port"
    truncate -s 4096 "$w/run/xsd_kva"
    if [ -n "$dump" ]; then launch+=(--dump "$dump" --socket "$w/run/socket"); fi
    if [ "$daemon" = c ]; then
        [ -z "$dump" ] || cp "$dump" "$w/run/state_dump"
        env XENSTORED_RUNDIR="$w/run" XENSTORED_PATH="$w/run/socket" LD_LIBRARY_PATH="$lib" \
            INTEROP_PROCXEN="$w/run" LD_PRELOAD="$lib/procxen.so" \
            "${launch[@]}" -- "$bin/xenstored" -N ${dump:+-U} >"$w/daemon.log" 2>&1 &
    else
        [ -z "$dump" ] || cp "$dump" "$w/run/db"
        ox_config "$w/run"
        ulimit -Hn >"$w/run/nr_open"
        LD_LIBRARY_PATH="$lib" "${launch[@]}" --namespace "$w/run" -- "$bin/oxenstored" \
            --config-file "$w/run/oxenstored.conf" --no-fork ${dump:+--live --restart} >"$w/daemon.log" 2>&1 &
    fi
    echo $! >"$w/pid"
}

# Debian's oxenstored.conf with the files it names moved into the run dir, and a 1 s ring scan.
ox_config() {
    local run=$1
    grep -vE '^\s*(pid-file|xenstored-kva|xenstored-port|persistent|ring-scan-interval)\b' \
        "$INTEROP_DIR/root/etc/xen/oxenstored.conf" >"$run/oxenstored.conf"
    cat >>"$run/oxenstored.conf" <<CONF
pid-file = $run/xenstored.pid
xenstored-kva = $run/xsd_kva
xenstored-port = $run/xsd_port
persistent = false
ring-scan-interval = 1
xenstored-log-file = $run/xenstored.log
access-log-file = $run/access.log
CONF
}

alive() { kill -0 "$(cat "$1/pid")" 2>/dev/null; }

# ready W: until the daemon answers on its socket (0), or it died / 30 s passed (1).
ready() {
    local w=$1 i
    for ((i = 0; i < 600; i++)); do
        alive "$w" || return 1
        [ -S "$w/run/socket" ] && XENSTORED_PATH="$w/run/socket" LD_LIBRARY_PATH="$lib" \
            timeout 5 "$INTEROP_DIR/root/usr/bin/xenstore-exists" / 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

stop() {
    local w=$1 pid i
    pid=$(cat "$w/pid" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$w/pid"
}

# xs W TOOL ARGS...: Debian's client TOOL (xenstore-ls, xenstore-write, xenstore-control...)
xs() {
    local w=$1 tool=$2; shift 2
    local exe=$INTEROP_DIR/root/usr/bin/$tool
    [ "$tool" != xenstore-control ] || exe=$bin/$tool
    XENSTORED_PATH="$w/run/socket" LD_LIBRARY_PATH="$lib" "$exe" "$@"
}

# listing W: the store as `xenstore-ls -f -p /` prints it. oxenstored lists its special nodes as
# children of / (`/@releaseDomain = ""   (n0)`); C lists them nowhere (nor gives their
# permissions: GET_PERMS on them is EINVAL).
listing() { xs "$1" xenstore-ls -f -p /; }
