# Sourced by xen.d/scenario inside dom0: the host, the guests, a switch and the checks.
bin=/usr/lib/xen-4.17/bin
ox_daemon=$bin/oxenstored c_daemon=$bin/xenstored
switches=/etc/xen/xsconvert
consoles=/var/log/xen/console
daemon_log=/var/log/xen/xenstored-stderr.log
work=/root
passed=0 failed=0 phase=0 extra_nodes=false

say() { echo "xen-interop: $*"; }

# check DESCRIPTION COMMAND...: COMMAND must succeed; its output is shown when it does not
check() {
    local what=$1 started=$SECONDS; shift
    if "$@" >"$work/check.out" 2>&1; then say "ok   $what"; passed=$((passed + 1))
    else say "FAIL $what"; head -25 "$work/check.out" | sed 's/^/xen-interop:      | /'; failed=$((failed + 1)); fi
    echo "$((SECONDS - started)) $what" >>"$work/check-times"
}

# expect_failure DESCRIPTION COMMAND...: a negative control, COMMAND must fail
expect_failure() {
    local what=$1; shift
    if "$@" >"$work/check.out" 2>&1; then say "FAIL $what (it passed)"; head -25 "$work/check.out" | sed 's/^/xen-interop:      | /'; failed=$((failed + 1))
    else say "ok   $what"; passed=$((passed + 1)); fi
}

finish() {
    say "   the slowest checks (seconds): $(sort -rn "$work/check-times" 2>/dev/null | head -8 | awk '{printf "%s%s", (NR > 1 ? "; " : ""), $0}')"
    say "   the scenario took $SECONDS s"
    say "$passed passed, $failed failed"
    exit 0
}

# Waits up to SECONDS for COMMAND to succeed.
until_true() {
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}

# ---- the host ----

# oxenstored as Debian starts it (its own pid file), but in the foreground so that its
# stderr (and its successors', and C xenstored's) is kept; then xen-init-dom0 and xenconsoled.
start_host() {
    oxenstored --no-fork --pid-file /run/xenstore.pid 2>>"$daemon_log" &
    pid=$!
    until_true 30 xenstore-exists / 2>/dev/null || { say "FAIL oxenstored did not start"; cat "$daemon_log"; finish; }
    xen-init-dom0 >/dev/null 2>&1 || say "xen-init-dom0 failed"
    xenconsoled --log=guest --log-dir="$consoles" || say "xenconsoled failed"
    start_bridge
    say "oxenstored runs as pid $pid"
}

# ---- the guests ----

# guest_config NAME pv|pvh [WORD|SETTING...]: a SETTING ("key = value") is a line of the xl
# configuration; a WORD goes on the guest's kernel command line, where guest-init reads it
# (xs-interval=S, xs-tx-loop)
guest_config() {
    local name=$1 type=$2 words= arg; shift 2
    for arg; do case $arg in *' = '*) ;; *) words+=" $arg" ;; esac; done
    {
        echo "name = \"$name\""
        echo "type = \"$type\""
        echo 'kernel = "/guest/vmlinux"'
        echo 'ramdisk = "/guest/initrd.gz"'
        # (what the guest's kernel need not do under the emulator: a quarter of its boot)
        echo "extra = \"console=hvc0 quiet mitigations=off cryptomgr.notests init_on_alloc=0 apparmor=0 audit=0 nowatchdog$([ "$type" = pv ] || echo ' clocksource=xen tsc=unstable')$words\""
        echo 'memory = 128'
        echo 'vcpus = 1'
        echo 'on_poweroff = "destroy"'
        echo 'on_crash = "preserve"'
        echo 'on_reboot = "preserve"'   # (a PVH guest's triple fault is a reboot: kept, to be told apart)
        for arg; do case $arg in *' = '*) echo "$arg" ;; esac; done
    } >"$work/$name.cfg"
}
guest_type() { sed -n 's/^type = "\(.*\)"/\1/p' "$work/$1.cfg"; }
domid() { cat "$work/$1.domid"; }
console() { tr -d '\r' <"$consoles/guest-$1.log" 2>/dev/null; }
home() { echo "/local/domain/$(domid "$1")"; }

# A guest that died in the emulator (a PVH guest triple-faults in its clock code under TCG,
# about once in five runs) is not a switch failure: its xl dmesg says so.
emulator_fault() {  # DOMID
    xl dmesg 2>/dev/null | grep -E "d$1v[0-9].*([Tt]riple fault|Unhandled)" | tail -3
}

# alive NAME: the guest's domain exists and has neither shut down nor crashed
alive() { xl list "$(domid "$1")" 2>/dev/null | awk 'NR == 2 && $5 !~ /[sc]/ {found = 1} END {exit !found}'; }

# emulated NAME: the guest is gone, and its xl dmesg says the emulator killed it (a line the
# harness reads: it then runs the whole boot once more)
emulated() {
    alive "$1" && return 1
    local fault; fault=$(emulator_fault "$(domid "$1")" | tail -1)
    [ -n "$fault" ] || return 1
    say "emulator-fault: $1 ($(guest_type "$1"), domain $(domid "$1")) died in the emulator, not of a switch: $fault"
}

# start_guests NAME...: xl create for each, one after the other (xl creates one domain at a
# time: each holds its lock), then until each has written its counter (they boot together); a
# guest that died of an emulator fault while booting is started once more
start_guests() {
    local name started=$SECONDS
    for name; do create "$name"; done
    say "   xl create $*: $((SECONDS - started)) s"
    for name; do
        until_true 240 eval 'guest_counting "$name" || [ -n "$(emulator_fault "$(domid "$name")")" ]'
        if guest_counting "$name"; then
            say "   $name ($(guest_type "$name"), domain $(domid "$name")) writes its counter, $((SECONDS - started)) s after the first xl create"
            continue
        fi
        if [ -n "$(emulator_fault "$(domid "$name")")" ]; then
            say "note: $name (domain $(domid "$name")) died of an emulator fault while booting, started again: $(emulator_fault "$(domid "$name")" | tail -1)"
            xl destroy "$name" 2>/dev/null
            create "$name" && until_true 240 guest_counting "$name" && continue
        fi
        say "FAIL $name (domain $(domid "$name")) did not start writing its counter; xl, its console and Xen say:"
        { tail -30 "$work/$name.create"; xl list; console "$name" | tail -10; xl dmesg | tail -10; } 2>&1 | sed 's/^/xen-interop:      | /'
        failed=$((failed + 1))
    done
}
# create NAME: xl create (at most 120 s), its domid kept
create() {
    local status=0
    timeout 120 xl -vvv create "$work/$1.cfg" >"$work/$1.create" 2>&1 || { status=$?; echo "xl create failed or hung" >>"$work/$1.create"; }
    xl domid "$1" >"$work/$1.domid" 2>/dev/null || true
    # A domain left half made (nodes, but never introduced to the store) makes a switch refuse:
    # "node owned by a domain without a ring connection". It goes.
    [ $status -eq 0 ] || xl destroy "$1" 2>/dev/null || true
    return $status
}
guest_counting() { console "$1" | grep -q '^ack '; }

counter() { xenstore-read "$(home "$1")/data/counter"; }
counter_rises() {  # NAME [BEFORE]: its counter in the store grows (past BEFORE) within 20 s
    local before=${2:-}; [ -n "$before" ] || before=$(counter "$1") || return 1
    until_true 20 counter_above "$1" "$before" || { echo "counter stayed at $before"; console "$1" | tail -5; return 1; }
}
counter_above() { local now; now=$(counter "$1") && [ "$now" -gt "$2" ]; }

# snapshot NAME...: the guests paused together, for a moment; each one's last acknowledged
# value, the store's counter and slots, and the data/tx nodes of a guest running transactions,
# kept for no_lost_write and tx_atomic
snapshot() {
    local name id
    for name; do xl pause "$(domid "$name")"; done
    sleep 1   # what the guests wrote to their consoles reaches the logs
    for name; do
        console "$name" | sed -n 's/^ack \([0-9]*\).*/\1/p' | tail -1 >"$work/$name.last"
        counter "$name" >"$work/$name.now" 2>&1
        xenstore-ls "$(home "$name")/data/slot" 2>&1 | tr -d '"' >"$work/$name.slots"
        # (only a guest running transactions has them: each read is a round trip under the emulator)
        if grep -q xs-tx-loop "$work/$name.cfg"; then
            for id in a b c d; do xenstore-read "$(home "$name")/data/tx/$id" 2>/dev/null; done | tr '\n' ' ' >"$work/$name.tx"
        fi
    done
    for name; do xl unpause "$(domid "$name")"; done
}

# no_lost_write NAME: at the last snapshot, the guest's last acknowledged value was the store's
# counter (or one behind it: a write answered, not yet logged), each of the 63 values before it
# was in its slot, and no write failed
no_lost_write() {
    local name=$1 last now i value
    last=$(cat "$work/$name.last") now=$(cat "$work/$name.now")
    console "$name" | grep FAILED && { echo "writes failed"; return 1; }
    [ -n "$last" ] && { [ "$now" = "$last" ] || [ "$now" = $((last + 1)) ]; } ||
        { echo "store counter $now, last acknowledged $last"; return 1; }
    for ((i = last > 62 ? last - 62 : 1; i <= last; i++)); do
        value=$(sed -n "s/^$((i % 64)) = //p" "$work/$name.slots")
        [ "$value" = "$i" ] || { echo "slot $((i % 64)) holds '$value', acknowledged $i"; return 1; }
    done
}

# tx_atomic NAME: at the last snapshot, the 4 nodes each of the guest's transactions writes
# held one number (all of a transaction or none of it), and no transaction failed
tx_atomic() {
    local a b c d; read -r a b c d <"$work/$1.tx"
    console "$1" | grep 'tx FAILED' && { echo "transactions failed"; return 1; }
    [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] && [ "$a" = "$d" ] || { echo "data/tx/a..d: $a $b $c $d"; return 1; }
}
# tx_rises NAME: the guest's transactions keep committing (its "tx N" log, every 10th, grows
# within 30 s)
tx_count() { console "$1" | sed -n 's/^tx \([0-9]*\)$/\1/p' | tail -1 | grep . || echo 0; }
tx_rises() {
    local before; before=$(tx_count "$1")
    until_true 30 eval '[ "$(tx_count '"$1"')" -gt '"$before"' ]' || { echo "no transaction logged past $before"; return 1; }
}

# ---- a network device (netback in dom0, netfront in the guest, on the bridge xenbr0) ----

# The bridge the guests' vifs join; dom0 is 10.0.0.1 on it, a guest 10.0.0.(10 + its domain id)
start_bridge() {
    brctl addbr xenbr0 && echo 0 >/sys/class/net/xenbr0/bridge/forward_delay &&
        ip addr add 10.0.0.1/24 dev xenbr0 && ip link set xenbr0 up || say "FAIL the bridge xenbr0 could not be made"
}
# newest_vif NAME: the index of the guest's newest vif (xl network-list)
newest_vif() { xl network-list "$1" 2>/dev/null | awk 'NR > 1 && $1 ~ /^[0-9]+$/ {n = $1} END {print n}'; }
# vif_connected NAME INDEX: netback's and netfront's ends of the vif both reach state 4
# (Connected) within 60 s, and dom0 reaches the guest through it
vif_connected() {
    local id; id=$(domid "$1")
    local back=/local/domain/0/backend/vif/$id/$2/state front=/local/domain/$id/device/vif/$2/state
    until_true 60 eval '[ "$(xenstore-read '"$back"' 2>/dev/null)" = 4 ] && [ "$(xenstore-read '"$front"' 2>/dev/null)" = 4 ]' ||
        { echo "backend state $(xenstore-read "$back" 2>&1), frontend state $(xenstore-read "$front" 2>&1)"; xl network-list "$1"; return 1; }
    reaches "$1"
}
# reaches NAME: dom0 pings the guest over the bridge (within 30 s: the guest brings the
# interface up within a second of seeing it)
reaches() {
    until_true 30 ping -c 1 -W 2 "10.0.0.$((10 + $(domid "$1")))" >/dev/null 2>&1 ||
        { echo "no answer from 10.0.0.$((10 + $(domid "$1")))"; console "$1" | grep '^net' | tail -3; return 1; }
}
# vif_gone NAME INDEX: both ends' nodes are gone within 60 s and xl lists it no more
vif_gone() {
    local id; id=$(domid "$1")
    until_true 60 eval '! xenstore-exists /local/domain/0/backend/vif/'"$id/$2"' 2>/dev/null && ! xenstore-exists /local/domain/'"$id"'/device/vif/'"$2"' 2>/dev/null' ||
        { echo "after 60 s:"; xenstore-ls -f "/local/domain/0/backend/vif/$id" 2>&1 | head -5; return 1; }
    ! xl network-list "$1" | awk 'NR > 1 {print $1}' | grep -qx "$2"
}
# attach NAME WHAT: xl network-attach under the running daemon, then both ends connected
attach() {
    timeout 120 xl network-attach "$1" bridge=xenbr0 >"$work/attach.out" 2>&1 || { say "   xl network-attach $1 failed: $(tail -3 "$work/attach.out" | tr '\n' ' ')"; }
    check "$2: a vif attached to $1 now connects (netback and netfront state 4) and dom0 reaches $1 through it" vif_connected "$1" "$(newest_vif "$1")"
}

# poke NAME VALUE: dom0 writes the guest's watched node
poke() { xenstore-write "$(home "$1")/data/poke" "$2"; }
watch_fired() {  # NAME VALUE: the guest logged the event (within 20 s)
    until_true 20 logged "$1" "watch $2" || { console "$1" | grep '^watch' | tail -3; return 1; }
}
logged() { console "$1" | grep -qx "$2"; }  # NAME LINE: the guest's console has LINE

# ---- the daemon ----

daemon_exe() { readlink "/proc/$pid/exe"; }

# store_speed WHEN: how many reads a second one dom0 client gets (200 in one process), and the
# daemon's CPU time so far: what the emulator leaves of the store, for reading the timings
store_speed() {
    local t0=$EPOCHREALTIME t1 us cpu
    xenstore-read $(for _ in $(seq 200); do echo /local/domain/0/name; done) >/dev/null 2>&1
    t1=$EPOCHREALTIME; us=$((10#${t1/./} - 10#${t0/./}))
    cpu=$(awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$pid/stat")   # (USER_HZ: 100 on Linux)
    say "   $1: the store answers $((200000000 / us)) reads a second (one dom0 client); the daemon used $cpu s of CPU so far, $SECONDS s into the scenario"
}

# VIRQ_DOM_EXC (3) is bound exactly once among dom0's event channels
virq_bound_once() {
    lsevtchn 0 >"$work/lsevtchn" 2>&1
    local n; n=$(grep -c 'Virtual IRQ 3$' "$work/lsevtchn")
    [ "$n" -eq 1 ] || { echo "VIRQ_DOM_EXC bound $n times:"; grep 'Virtual IRQ' "$work/lsevtchn"; return 1; }
}

# event-channel and VIRQ errors in dom0's kernel log and Xen's
evtchn_errors() {
    { dmesg; xl dmesg; } 2>/dev/null | grep -iE '(evtchn|event.channel|virq).*(err|fail|exist|invalid)|(err|fail).*(evtchn|event.channel|virq)'
}

# The store as dom0 lists it, comparable across daemons: no special nodes (oxenstored lists
# them); without what the guests and this harness keep writing between the two listings (a
# guest's data/slot/K, new while its counter is under 64, and data/poke, which fires its
# watch: no_lost_write and watch_fired check those); /tool/xenstored and the guests' counters
# without their values.
listing() {
    xenstore-ls -f -p | grep -v '^/@' | grep -Ev '^/local/domain/[0-9]+/data/(poke|slot/[0-9]+) = ' |
        sed -E 's#^(/tool/xenstored|/local/domain/[0-9]+/data/(counter|tx/[a-z])) = "[^"]*"#\1 = ""#' | LC_ALL=C sort
}

# The successors, as a host's administrator writes them (docs/live-switch.md)
setup_successors() {
    mkdir -p "$switches"
    xsconvert live-switch setup --to xenstored-4.17 --daemon "$c_daemon" --option --pid-file --option /run/xenstore.pid \
        --original "$ox_daemon" -o "$switches/to-c" >/dev/null || say "FAIL live-switch setup to-c"
    xsconvert live-switch setup --to oxenstored --daemon "$ox_daemon" --option --no-fork --option --pid-file --option /run/xenstore.pid \
        --original "$c_daemon" -o "$switches/to-ox" >/dev/null || say "FAIL live-switch setup to-ox"
}

# switch NAME WHAT: the live update with successor $switches/NAME, as the runbook says
switch() {
    local name=$1 what=$2
    # (compared by after_switch; not taken at 6 500 extra nodes, where xenstore-ls, a request
    # for each node's value, children and permissions, takes minutes under the emulator)
    if ! $extra_nodes; then
        local started=$SECONDS
        listing >"$work/before.$((phase + 1)).ls"
        say "   the listing before: $(wc -l <"$work/before.$((phase + 1)).ls") nodes, $((SECONDS - started)) s"
    fi
    evtchn_errors >"$work/errors.before.$((phase + 1))"
    live_update "$switches/$name" "$what"
    timeout 90 xsconvert live-switch wait --config "$switches/$name.conf" --timeout 60 >"$work/wait.$phase" 2>&1 || wait_status=$?
    say "   live-switch wait: exit $wait_status: $(head -1 "$work/wait.$phase")"
    local share; share=$(sed -n "s/.*xsconvert's share \([0-9.]*\) s.*/\1/p" /run/xenstored/xsconvert-live-switch.status 2>/dev/null)
    [ -z "$share" ] || sed -i "\$s/\$/|$share/" "$work/pauses"
    say "   successor: $(grep -o "xsconvert's share [0-9.]* s.*" /run/xenstored/xsconvert-live-switch.status 2>/dev/null | head -c 700 || head -c 300 /run/xenstored/xsconvert-live-switch.status)"
}

# add_nodes N: N nodes more under /local/domain/0/load, 100 to a directory (a directory of
# thousands is more than one DIRECTORY reply holds, and xenstore-ls stops there), written by
# dom0 in batches of 500
add_nodes() {
    local i=0 j args started=$SECONDS
    while [ $i -lt "$1" ]; do
        args=()
        for ((j = i; j < i + 500 && j < $1; j++)); do args+=("/local/domain/0/load/d$((j / 100))/n$j" "value-$j"); done
        xenstore-write "${args[@]}" || say "adding nodes failed at $i"
        i=$j
    done
    extra_nodes=true
    say "   $1 nodes added in $((SECONDS - started)) s"
}

# pauses: every live update's pause, and xsconvert's share of each switch (of the dom0 client's)
pauses() {
    local what rtt guest share
    say "-- the pauses (seconds: the longest round trip a dom0 client and the guests saw; xsconvert's share, logged by the successor)"
    while IFS='|' read -r what rtt guest share; do
        if [ -n "$share" ]; then
            say "   $what: dom0 $rtt, guests $guest; xsconvert $share ($(awk -v s="$share" -v p="$rtt" 'BEGIN {printf "%.0f", (p > 0 ? 100 * s / p : 0)}') % of the dom0 client's)"
        else
            say "   $what: dom0 $rtt, guests $guest"
        fi
    done <"$work/pauses"
    say "   oxenstored's --help check of the successor: $( { TIMEFORMAT=%R; time "$switches/to-c" --live --restart --help >/dev/null 2>&1; } 2>&1) s"
}

# live_update BINARY WHAT: xenstore-control live-update, while a dom0 client and the guests
# measure the pause (the longest round trip each sees)
live_update() {
    local binary=$1 what=$2 g
    phase=$((phase + 1))
    say "-- $what (${SECONDS} s into the scenario)"
    control_status=0 wait_status=0
    for g in $(guests); do console "$g" | wc -l >"$work/$g.lines.$phase"; done
    rm -f "$work/stop-probe"; dom0_probe "$work/rtt.$phase" & local probe=$!
    sleep 1
    timeout 120 xenstore-control live-update -t 60 "$binary" >"$work/control.$phase" 2>&1 || control_status=$?
    sleep 2
    touch "$work/stop-probe"; wait "$probe"
    say "   xenstore-control: exit $control_status $(head -c 200 "$work/control.$phase" | tr '\n' ' ')"
    echo "$what|$(cat "$work/rtt.$phase")|$(guests_longest)" >>"$work/pauses"
    say "   pause: a dom0 client's longest round trip $(cat "$work/rtt.$phase") s; the guests' $(guests_longest) s"
}

# dom0_probe FILE: reads a node in a loop until $work/stop-probe exists; the longest round trip
# (seconds) to FILE
dom0_probe() {
    local longest=0 t0 t1 d
    while [ ! -e "$work/stop-probe" ]; do
        t0=$EPOCHREALTIME; xenstore-read /local/domain/0/name >/dev/null 2>&1; t1=$EPOCHREALTIME
        d=$((10#${t1/./} - 10#${t0/./})); [ $d -le $longest ] || longest=$d
    done
    printf '%d.%03d\n' $((longest / 1000000)) $((longest / 1000 % 1000)) >"$1"
}

# the running guests' longest round trip (ms) among the writes they logged in this phase
guests_longest() {
    local g longest=0 ms
    for g in $(guests); do
        ms=$(console "$g" | tail -n +"$(($(cat "$work/$g.lines.$phase" 2>/dev/null || echo 0) + 1))" | sed -n 's/^ack [0-9]* \([0-9]*\)$/\1/p' | sort -n | tail -1)
        [ -z "$ms" ] || [ "$ms" -le $longest ] || longest=$ms
    done
    printf '%d.%03d\n' $((longest / 1000)) $((longest % 1000))
}
guests() { for f in "$work"/*.domid; do f=${f##*/}; xl domid "${f%.domid}" >/dev/null 2>&1 && echo "${f%.domid}"; done; }

# after_switch EXE WHAT GUEST...: the checks after a switch that must have been made
after_switch() {
    local exe=$1 what=$2 g checks_started=$SECONDS; shift 2
    if ! kill -0 "$pid" 2>/dev/null; then
        say "FAIL $what: the daemon's process $pid is gone; its log ends:"; tail -15 "$daemon_log" | sed 's/^/xen-interop:      | /'
        failed=$((failed + 1)); finish
    fi
    check "$what: xenstore-control live-update exited 0" test "$control_status" -eq 0
    check "$what: same pid $pid, now $(basename "$exe") (live-switch wait: exit $wait_status)" \
        eval '[ "$wait_status" -eq 0 ] && [ "$(daemon_exe)" = "$exe" ] || { daemon_exe; cat "$work/wait.$phase"; false; }'
    local running=() before=()
    for g; do
        if emulated "$g"; then failed=$((failed + 1)); continue; fi
        running+=("$g"); before+=("$(counter "$g")")
    done
    # (each read first, then each waited for: the waits overlap)
    local i
    for i in "${!running[@]}"; do check "$what: ${running[i]}'s counter keeps rising" counter_rises "${running[i]}" "${before[i]}"; done
    snapshot "${running[@]}"
    for g in "${running[@]}"; do
        check "$what: $g: no write failed, none acknowledged was lost" no_lost_write "$g"
        poke "$g" "after-$phase"
    done
    for g in "${running[@]}"; do check "$what: $g's watch fires after the switch" watch_fired "$g" "after-$phase"; done
    listing >"$work/after.$phase.ls"
    check "$what: xenstore-ls -f -p lists as before (special nodes and the guests' counters aside)" \
        diff "$work/before.$phase.ls" "$work/after.$phase.ls"
    check "$what: VIRQ_DOM_EXC bound exactly once" virq_bound_once
    check "$what: no new event-channel or VIRQ error in dmesg or xl dmesg" \
        eval 'evtchn_errors >"$work/errors.after.$phase"; diff "$work/errors.before.$phase" "$work/errors.after.$phase"'
    say "   (the checks after the switch: $((SECONDS - checks_started)) s)"
}

# ---- a guest's release, a guest created after a switch ----

# A dom0 client that watches @releaseDomain from the start, through every switch.
watch_releases() {
    xenstore-watch @releaseDomain >"$work/releases" 2>&1 &
    until_true 10 test -s "$work/releases"
}

# released NAME: the guest powers itself off (dom0 asks it through its watch); the daemon,
# told by VIRQ_DOM_EXC, fires @releaseDomain, and xl's monitor, woken by it, destroys the
# domain: /local/domain/N goes, and the watcher sees the event
released() {
    local name=$1 id events; id=$(domid "$name"); events=$(wc -l <"$work/releases")
    poke "$name" poweroff
    until_true 45 eval '! xenstore-exists /local/domain/'"$id"' 2>/dev/null && [ "$(wc -l <"$work/releases")" -gt '"$events"' ]' || {
        echo "after 45 s: /local/domain/$id $(xenstore-exists /local/domain/$id 2>/dev/null && echo is still there || echo is gone)," \
            "@releaseDomain seen $(($(wc -l <"$work/releases") - events)) times since the power-off; xl list:"
        xl list; console "$name" | tail -3; return 1
    }
}
