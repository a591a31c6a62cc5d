# Sourced after daemon.sh: a host to switch (tools/interop/live-switch, tools/bench-switch).
# Uses $w (the host's work folder), sets $pid; $xs is the xsconvert that writes successors.

# switch_host: a fresh oxenstored in $w (its run dir $w/run is /var/run/xenstored in its
# namespace), with guests 1 and 2 introduced on ring pages the caller can map ($w/rings),
# event-channel bindings kept in $w/evtchn, and a host-shaped store.
switch_host() {
    mkdir "$w/rings" "$w/evtchn"
    export INTEROP_RINGS=$w/rings INTEROP_EVTCHN=$w/evtchn XENSTORED_PATH=$w/run/socket
    start ox "$w"
    ready "$w" || { cat "$w/daemon.log" >&2; echo "$(basename "$0"): oxenstored did not start" >&2; exit 1; }
    pid=$(cat "$w/pid")
    xs "$w" xenstore-write /local/domain/0/name Domain-0 /local/domain/0/domid 0
    for d in 1 2; do
        local mfn=$((1052948 + d)) vm=/vm/0000000$d-0000-4000-8000-00000000000$d
        truncate -s 4096 "$w/rings/ring-dom$d"
        ln -s "ring-dom$d" "$w/rings/mfn-$mfn"   # oxenstored maps a guest's ring by its mfn
        "$here/xsclient.py" introduce $d $mfn $((d + 1))
        xs "$w" xenstore-write /local/domain/$d/name "guest-$d" /local/domain/$d/domid $d /local/domain/$d/vm $vm \
            /local/domain/$d/store/ring-ref $mfn /local/domain/$d/store/port $((d + 1)) \
            /local/domain/$d/control/shutdown "" /local/domain/$d/data/hello "from setup" \
            /local/domain/$d/device/vif/0/state 4 /local/domain/$d/device/vif/0/backend /local/domain/0/backend/vif/$d/0 \
            /local/domain/0/backend/vif/$d/0/state 4 /local/domain/0/backend/vif/$d/0/frontend-id $d \
            $vm/name "guest-$d" $vm/uuid 0000000$d-0000-4000-8000-00000000000$d
        xs "$w" xenstore-chmod -r /local/domain/$d n0 r$d
        xs "$w" xenstore-chmod -r /local/domain/$d/data n$d r0
        xs "$w" xenstore-chmod -r /local/domain/$d/device n$d r0
        xs "$w" xenstore-chmod -r /local/domain/$d/control n$d
        xs "$w" xenstore-chmod -r /local/domain/0/backend/vif/$d n0 r$d
    done
    xs "$w" xenstore-chmod /local/domain/2/data/hello n2 r1
    xs "$w" xenstore-write /local/domain/2/data/secret for-2
    xs "$w" xenstore-chmod /local/domain/2/data/secret n2
    xs "$w" xenstore-write /local/domain/0/odd/comma "a,b,,c" /local/domain/0/odd/bytes '\x01\x7f\xff\tnl\n' \
        /local/domain/0/odd/empty "" /local/domain/0/odd/utf8 "grüße ✓"
}

# add_nodes N: N nodes more, /local/domain/0/load/gG/nJ with 100 under each gG (a listing
# cannot read a directory of thousands), written by dom0 in batches of 500
add_nodes() {
    local i=0 j args
    while [ $i -lt "$1" ]; do
        args=()
        for ((j = i; j < i + 500 && j < $1; j++)); do args+=("/local/domain/0/load/g$((j / 100))/n$j" "value-$j"); done
        xs "$w" xenstore-write "${args[@]}"
        i=$j
    done
}

# setup_successor NAME PROFILE DAEMON ORIGINAL [setup options...]: $w/NAME and $w/NAME.conf
setup_successor() {
    local name=$1 profile=$2 daemon=$3 original=$4; shift 4
    "$xs" live-switch setup --to "$profile" --daemon "$daemon" --original "$original" \
        --socket "$w/run/socket" --status-file "$w/run/live-switch.status" -o "$w/$name" "$@" >/dev/null
}
to_c_417() { setup_successor "$1" xenstored-4.17 "$bin/xenstored" "$bin/oxenstored" "${@:2}" --option -N \
    --env XENSTORED_RUNDIR=/var/run/xenstored --env "INTEROP_PROCXEN=$w/run" --env "LD_PRELOAD=$lib/procxen.so"; }
to_ox() { setup_successor "$1" oxenstored "$bin/oxenstored" "$2" --option --config-file --option "${3:-$w/run/oxenstored.conf}" \
    --option --no-fork; }
