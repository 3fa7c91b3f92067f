#!/usr/bin/env bash
# Calico kernel oracle: the Linux kernel as ground truth for a simulated Calico pod network.
# Builds a 2-node cluster from network namespaces only, programmed the way calico-node (Felix,
# BIRD) and the Calico CNI plugin program a node: no bridge, one routed veth per pod (host side
# cali<sha1[:11]>, no address, MAC ee:ee:ee:ee:ee:ee, proxy_arp=1, proxy_delay=0), pods with a /32
# and `default via 169.254.1.1`, /26 IPAM blocks with a blackhole route for the node's own block,
# and either BIRD-style routes (mode bgp) or vxlan.calico (mode vxlan, VNI 4096, UDP 4789).
# Measures: reachability + reply TTLs, tracepath hops, gateway ARP (proxy ARP), largest DF ping
# payload / ICMP frag-needed / tracepath PMTU per MTU case, fault outcomes.
# Run as root:  sudo bash run-calico.sh     (about 75 s for all sections; installs missing tools)
# Env: KC_DIR=out dir (default ./calico-oracle-out), KC_SECTIONS=modes,mtu,faults,
#      KC_MODES=bgp,vxlan,bgp_no_default_route, KC_FAULTS=<fault names, see README>,
#      KC_MTU_CASES="NAME MODE POD_MTU UL1 UL2; ..." (MODE bgp|vxlan; replaces the default MTU list),
#      KC_NODE_DEFAULT=<gateway ip>|none (default 192.168.50.254: see README "node default route"),
#      KC_PREFIX=namespace prefix (default kc; never ko, which is run.sh's).
# Output in KC_DIR: results.json, summary.txt, run.log, vxlan.pcap, captures/*.pcap.
# Nothing is created or changed in the root namespace; an exit trap deletes all namespaces.

# Addresses used (all inside our own namespaces):
#   underlay 192.168.50.0/24 (node1 .1, node2 .2, veth pair); node default route via .254 (nobody there)
#   IP pool 10.244.0.0/16, blockSize 26: node1 block 10.244.1.0/26 (pod-a .2, pod-b .3),
#   node2 block 10.244.2.0/26 (pod-c .2); vxlan.calico VTEPs 10.244.1.0/32 and 10.244.2.0/32
set -u
export LC_ALL=C
DIR=${KC_DIR:-./calico-oracle-out}
[ "$DIR" != / ] && DIR=${DIR%/}
SECTIONS=${KC_SECTIONS:-modes,mtu,faults}; SECTIONS=${SECTIONS// /}
for s_ in ${SECTIONS//,/ }; do
  case "$s_" in modes|mtu|faults) ;; *) echo "KC_SECTIONS: unknown section '$s_' (use modes,mtu,faults)" >&2; exit 2 ;; esac
done
want() { case ",$SECTIONS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
ALL_MODES="bgp vxlan bgp_no_default_route"
ALL_FAULTS="bgp_routes_withdrawn proxy_arp_off vxlan_port_blocked blackhole_only blackhole_only_vxlan"
MODES=${KC_MODES:-${ALL_MODES// /,}}; MODES=${MODES// /}
FAULTS=${KC_FAULTS:-${ALL_FAULTS// /,}}; FAULTS=${FAULTS// /}
for m_ in ${MODES//,/ }; do
  case " $ALL_MODES " in *" $m_ "*) ;; *) echo "KC_MODES: unknown '$m_' (use ${ALL_MODES// /,})" >&2; exit 2 ;; esac
done
for f_ in ${FAULTS//,/ }; do
  case " $ALL_FAULTS " in *" $f_ "*) ;; *) echo "KC_FAULTS: unknown '$f_' (use ${ALL_FAULTS// /,})" >&2; exit 2 ;; esac
done
want_mode() { case ",$MODES," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
want_fault() { case ",$FAULTS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
# KC_MTU_CASES: "NAME MODE POD_MTU UL1 UL2; ..." -> MTU_CASES (validated before anything is built)
MTU_CASES=()
if [ -n "${KC_MTU_CASES:-}" ]; then
  IFS=';' read -r -a mc_ <<<"$KC_MTU_CASES"
  for c_ in "${mc_[@]}"; do
    read -r n_ m_ pm_ u1_ u2_ x_ <<<"$c_"
    [ -z "${n_:-}" ] && continue
    if ! [[ "$n_" =~ ^[A-Za-z0-9._-]+$ ]] || ! [[ "${m_:-}" =~ ^(bgp|vxlan)$ ]] ||
       ! [[ "${pm_:-}" =~ ^[0-9]+$ && "${u1_:-}" =~ ^[0-9]+$ && "${u2_:-}" =~ ^[0-9]+$ ]] || [ -n "${x_:-}" ]; then
      echo "KC_MTU_CASES: bad case '$c_' (want: NAME bgp|vxlan POD_MTU UL1 UL2)" >&2; exit 2
    fi
    MTU_CASES+=("$n_ $m_ $pm_ $u1_ $u2_")
  done
fi
NODE_DEFAULT=${KC_NODE_DEFAULT:-192.168.50.254}   # the nodes' default gateway; `none`: no default route
if [ "$NODE_DEFAULT" != none ] && ! [[ "$NODE_DEFAULT" =~ ^192\.168\.50\.[0-9]+$ ]]; then
  echo "KC_NODE_DEFAULT: want an address in 192.168.50.0/24 or 'none'" >&2; exit 2
fi
P=${KC_PREFIX:-kc}                         # namespace name prefix
[ "$P" = ko ] && { echo "KC_PREFIX=ko would clash with run.sh's namespaces" >&2; exit 2; }
[[ "$P" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "KC_PREFIX: letters, digits, - and _ only" >&2; exit 2; }
N1=$P-node1 N2=$P-node2 PA=$P-pod-a PB=$P-pod-b PC=$P-pod-c
ALL_NS="$PA $PB $PC $N1 $N2"
REC=$DIR/.records.tsv
LOG=$DIR/run.log
CAPD=$DIR/captures
T0=$(date +%s%N)

[ "$(id -u)" = 0 ] || { echo "run-calico.sh must run as root" >&2; exit 1; }
mkdir -p "$DIR" "$CAPD"

# ---------------------------------------------------------------- packages
declare -A PKG=([ip]=iproute2 [bridge]=iproute2 [ping]=iputils-ping [tracepath]=iputils-tracepath
  [iptables]=iptables [tcpdump]=tcpdump [tshark]=tshark [python3]=python3
  [base64]=coreutils [timeout]=coreutils [stdbuf]=coreutils [sha1sum]=coreutils)
missing=()
for c in "${!PKG[@]}"; do command -v "$c" >/dev/null 2>&1 || missing+=("${PKG[$c]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } ||
    { echo "could not install ${missing[*]}" >&2; exit 1; }
fi

# ---------------------------------------------------------------- cleanup
ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }
teardown() {
  local ns pid
  for ns in $ALL_NS; do
    if ns_exists "$ns"; then
      # only processes living inside our own namespaces (tcpdump) are killed, by pid
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    fi
  done
  for ns in $ALL_NS; do ns_exists "$ns" && ip netns del "$ns" 2>/dev/null; done
  return 0
}
on_exit() { teardown; rm -f "$REC"; }
trap on_exit EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM
teardown                                  # idempotent: remove leftovers of an earlier run
rm -f "$REC" "$DIR/results.json" "$DIR/vxlan.pcap" "$LOG" "$CAPD"/*
: >"$REC"; : >"$LOG"

# ---------------------------------------------------------------- helpers
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
log() { printf '%s\n' "$*" >>"$LOG"; }
# rec PATH TYPE VALUE ; PATH is '/'-separated, TYPE s=string n=number b=bool j=json literal
rec() { printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$3" | base64 -w0)" >>"$REC"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
section() { echo "== $*"; log "######## $* (t=$(( ($(date +%s%N) - T0) / 1000000 ))ms)"; }
# ICMP output counters of a namespace (per-netns /proc/net/snmp)
icmp_counters() {
  nsx "$1" cat /proc/net/snmp | awk '/^Icmp:/{ if (!h) { for (i=2;i<=NF;i++) n[i]=$i; h=1 } else { for (i=2;i<=NF;i++) if (n[i] ~ /^Out(DestUnreachs|TimeExcds|Redirects|RateLimitGlobal|RateLimitHost|EchoReps)$/) printf "%s=%s ", n[i], $i } }' | sed 's/ $//'
}

classify() { # run.sh's classes, plus local_einval (blackhole route) and local_eperm (iptables OUTPUT)
  case "$1" in
    *"bytes from"*)             echo reply ;;
    *"Frag needed"*)            echo icmp_frag_needed ;;
    *"essage too long"*)        echo local_emsgsize ;;
    *"Net Unreachable"*)        echo icmp_net_unreachable ;;
    *"Host Unreachable"*)       echo icmp_host_unreachable ;;
    *"Port Unreachable"*)       echo icmp_port_unreachable ;;
    *"Network is unreachable"*) echo local_enetunreach ;;
    *"No buffer space"*)        echo local_enobufs ;;
    *"Invalid argument"*)       echo local_einval ;;
    *"Operation not permitted"*) echo local_eperm ;;
    *"Time to live exceeded"*)  echo icmp_time_exceeded ;;
    *" 0 received"*)            echo timeout_silent ;;
    *)                          echo other ;;
  esac
}

# do_ping NS DST [ping args]  -> PING_OUT PING_RC PING_CLASS PING_TTL PING_MS PING_FROM
do_ping() {
  local ns=$1 dst=$2 t; shift 2
  t=$(now_ms)
  PING_OUT=$(nsx "$ns" ping -n -c1 -W"${PING_W:-1}" "$@" "$dst" 2>&1); PING_RC=$?
  PING_MS=$(( $(now_ms) - t ))
  PING_CLASS=$(classify "$PING_OUT")
  PING_TTL=$(grep -o 'ttl=[0-9]*' <<<"$PING_OUT" | head -1 | cut -d= -f2)
  PING_FROM=$(grep -o '^From [0-9.]*' <<<"$PING_OUT" | head -1 | cut -d' ' -f2)
  log "[$ns] ping $* $dst -> $PING_CLASS rc=$PING_RC ${PING_MS}ms"; log "$PING_OUT"
}
# rec_ping PATH NS DST [ping args]   (run.sh's record, plus error_from: the "From X" of an error line)
rec_ping() {
  local path=$1; shift
  do_ping "$@"
  rec "$path/cmd" s "ping -n -c1 -W${PING_W:-1} ${*:3} $2 (in ${1#$P-})"
  rec "$path/ok" b "$([ "$PING_CLASS" = reply ] && echo true || echo false)"
  rec "$path/class" s "$PING_CLASS"
  rec "$path/exit_code" n "$PING_RC"
  rec "$path/elapsed_ms" n "$PING_MS"
  [ -n "$PING_TTL" ] && rec "$path/reply_ttl" n "$PING_TTL"
  [ -n "$PING_FROM" ] && rec "$path/error_from" s "$PING_FROM"
  rec "$path/output" s "$(grep -v -e '^PING ' -e '^$' -e '^---' -e '^rtt ' <<<"$PING_OUT")"
}

cap_start() { # cap_start NS IFACE FILE [pcap filter...]
  local ns=$1 ifc=$2 f=$3 i; shift 3
  rm -f "$f" "$f.err"
  ip netns exec "$ns" tcpdump -Z root --immediate-mode -n -U -s 0 -i "$ifc" -w "$f" "$@" 2>"$f.err" &
  CAP_PID=$!
  for i in $(seq 1 60); do grep -q listening "$f.err" 2>/dev/null && break; sleep 0.05; done
}
cap_stop() { local pid=${2:-$CAP_PID}; sleep 0.3; kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$1.err"; }
icmp_summary() { # lines "src -> dst type=T code=C [mtu=M]" of ICMP errors (type != 0/8)
  tshark -r "$1" -Y 'icmp.type == 3 || icmp.type == 4 || icmp.type == 5 || icmp.type == 11 || icmp.type == 12' \
    -T fields -E occurrence=f \
    -e ip.src -e ip.dst -e icmp.type -e icmp.code -e icmp.mtu 2>/dev/null |
    awk -F'\t' '{printf "%s -> %s type=%s code=%s%s\n",$1,$2,$3,$4,($5!=""?" mtu="$5:"")}'
}
arp_summary() { # lines "request who-has T tell S (from MAC)" / "reply S is-at MAC"
  tshark -r "$1" -Y arp -T fields -e arp.opcode -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 -e arp.src.hw_mac 2>/dev/null |
    awk -F'\t' '{ if ($1==1) printf "request who-has %s tell %s (from %s)\n",$3,$2,$4; else printf "reply %s is-at %s\n",$2,$4 }'
}
sys_of() { nsx "$1" cat "/proc/sys/net/ipv4/$2" 2>/dev/null; }   # sys_of NS conf/IF/proxy_arp

# ---------------------------------------------------------------- topology
# The host side veth name the Calico CNI plugin gives a pod: "cali" + sha1("<namespace>.<pod>")[:11]
cali_of() { printf 'cali%s' "$(printf 'default.%s' "$1" | sha1sum | cut -c1-11)"; }
CALI_A=$(cali_of pod-a) CALI_B=$(cali_of pod-b) CALI_C=$(cali_of pod-c)
VTEP_MAC1=66:ca:11:c0:01:00 VTEP_MAC2=66:ca:11:c0:02:00   # Felix picks a random MAC per node; fixed here

# build MODE POD_MTU UNDERLAY_MTU_NODE1 UNDERLAY_MTU_NODE2 [NODE_DEFAULT_GW|none]
#   MODE: bgp (BIRD routes `<block> via <node> dev eth0 proto bird`) | vxlan (Felix's vxlan.calico)
build() {
  local mode=$1 pm=$2 u1=$3 u2=$4 gw=${5:-$NODE_DEFAULT} ns i peer u
  teardown
  for ns in $ALL_NS; do
    ip netns add "$ns"
    nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  # underlay "wire" between the two nodes
  ip -n "$N1" link add eth0 address 02:50:00:00:00:01 mtu "$u1" type veth \
     peer name eth0 address 02:50:00:00:00:02 mtu "$u2" netns "$N2"
  for i in 1 2; do
    ns=$P-node$i
    ip -n "$ns" addr add 192.168.50.$i/24 dev eth0
    ip -n "$ns" link set eth0 up
    nsx "$ns" sysctl -qw net.ipv4.ip_forward=1
    # a node's default route: Calico's proxy ARP only answers for an address the node has a route to
    [ "$gw" != none ] && ip -n "$ns" route add default via "$gw" dev eth0
  done
  add_pod "$PA" "$N1" "$CALI_A" 10.244.1.2 02:42:0a:f4:01:02 "$pm"
  add_pod "$PB" "$N1" "$CALI_B" 10.244.1.3 02:42:0a:f4:01:03 "$pm"
  add_pod "$PC" "$N2" "$CALI_C" 10.244.2.2 02:42:0a:f4:02:02 "$pm"
  if [ "$mode" = bgp ]; then
    for i in 1 2; do
      peer=$((3 - i)); ns=$P-node$i
      # what BIRD exports into the kernel: its own block as a blackhole, the peer's block via the peer
      ip -n "$ns" route add blackhole 10.244.$i.0/26 proto bird
      ip -n "$ns" route add 10.244.$peer.0/26 via 192.168.50.$peer dev eth0 proto bird
    done
  else
    for i in 1 2; do
      ns=$P-node$i; u=$([ $i = 1 ] && echo "$u1" || echo "$u2")
      local mac; mac=$([ $i = 1 ] && echo $VTEP_MAC1 || echo $VTEP_MAC2)
      # Felix's vxlan manager: VNI 4096, port 4789, parent = the node NIC, learning off, MTU = NIC - 50
      ip -n "$ns" link add vxlan.calico address "$mac" mtu $((u - 50)) type vxlan id 4096 \
         local 192.168.50.$i dev eth0 dstport 4789 nolearning
      ip -n "$ns" addr add 10.244.$i.0/32 dev vxlan.calico     # the VTEP address: from the node's block
      ip -n "$ns" link set vxlan.calico up
      ip -n "$ns" route add blackhole 10.244.$i.0/26 proto 80  # Felix's own-block blackhole (no BIRD)
    done
    for i in 1 2; do
      peer=$((3 - i)); ns=$P-node$i
      local pmac; pmac=$([ $peer = 1 ] && echo $VTEP_MAC1 || echo $VTEP_MAC2)
      ip -n "$ns" neigh replace 10.244.$peer.0 lladdr "$pmac" dev vxlan.calico nud permanent
      nsx "$ns" bridge fdb append "$pmac" dev vxlan.calico dst 192.168.50.$peer self permanent
      ip -n "$ns" route add 10.244.$peer.0/26 via 10.244.$peer.0 dev vxlan.calico onlink
    done
  fi
}
add_pod() { # add_pod POD_NS NODE_NS HOST_IF IP POD_MAC MTU   (the Calico CNI plugin + Felix)
  local pns=$1 nns=$2 hif=$3 ip=$4 mac=$5 mtu=$6 rpf
  ip -n "$nns" link add "$hif" address ee:ee:ee:ee:ee:ee mtu "$mtu" type veth \
     peer name eth0 address "$mac" mtu "$mtu" netns "$pns"
  rpf=$(sys_of "$nns" conf/default/rp_filter)   # Felix writes the node's default rp_filter value
  nsx "$nns" sysctl -qw net.ipv4.conf."$hif".proxy_arp=1 net.ipv4.neigh."$hif".proxy_delay=0 \
      net.ipv4.conf."$hif".forwarding=1 net.ipv4.conf."$hif".route_localnet=1 net.ipv4.conf."$hif".rp_filter="${rpf:-0}"
  ip -n "$nns" link set "$hif" up
  ip -n "$pns" addr add "$ip/32" dev eth0
  ip -n "$pns" link set eth0 up
  ip -n "$pns" route add 169.254.1.1 dev eth0 scope link
  ip -n "$pns" route add default via 169.254.1.1 dev eth0
  ip -n "$nns" route add "$ip" dev "$hif" scope link
}
link_mtu() { ip -n "$1" -o link show "$2" 2>/dev/null | grep -o 'mtu [0-9]*' | cut -d' ' -f2; }
wait_ready() { # warm the caches (pod-a's ARP for 169.254.1.1, node1's for pod-b) before measuring
  local i
  for i in 1 2 3 4 5; do
    nsx "$PA" ping -n -c1 -W1 10.244.1.3 >/dev/null 2>&1 && break
  done
}
cali_sysctls() { # cali_sysctls NS IF
  local k out=""
  for k in conf/$2/proxy_arp neigh/$2/proxy_delay conf/$2/forwarding conf/$2/route_localnet conf/$2/rp_filter \
           conf/all/rp_filter conf/default/rp_filter conf/all/arp_ignore ip_forward icmp_errors_use_inbound_ifaddr; do
    out+="net.ipv4.${k//\//.} = $(sys_of "$1" "$k")"$'\n'
  done
  printf '%s' "${out%$'\n'}"
}

# ---------------------------------------------------------------- meta
rec meta/kernel s "$(uname -r)"
rec meta/iproute2 s "$(ip -V 2>&1 | head -1)"
rec meta/ping s "$(ping -V 2>&1 | head -1)"
rec meta/iptables s "$(iptables --version 2>&1)"
rec meta/tshark s "$(tshark --version 2>/dev/null | head -1)"
rec meta/namespaces s "$ALL_NS"
rec meta/started_utc s "$(date -u +%FT%TZ)"
rec meta/sections s "$SECTIONS"
rec meta/modes s "$MODES"
rec meta/faults s "$FAULTS"
rec meta/node_default_route s "$([ "$NODE_DEFAULT" = none ] && echo none || echo "default via $NODE_DEFAULT dev eth0 (no host has that address)")"
rec meta/host_veths s "pod-a $CALI_A, pod-b $CALI_B, pod-c $CALI_C"
[ ${#MTU_CASES[@]} -gt 0 ] && rec meta/mtu_cases s "$KC_MTU_CASES"

# ================================================================ 1. modes + reachability
modes_case() { # modes_case NAME MODE POD_MTU NODE_DEFAULT
  local name=$1 mode=$2 pm=$3 gw=$4 b="modes/$1"
  section "modes: $name"
  build "$mode" "$pm" 1500 1500 "$gw"
  rec "$b/mode" s "$mode"
  rec "$b/pod_mtu" n "$pm"
  rec "$b/node_default_route" s "$([ "$gw" = none ] && echo none || echo "default via $gw dev eth0")"
  cap_start "$PA" eth0 "$CAPD/modes_$name.pod-a.pcap" arp or icmp
  # first-ever packet (cold ARP caches) before anything else
  rec_ping "$b/reachability/pod-a->pod-c_cold" "$PA" 10.244.2.2
  rec_ping "$b/reachability/pod-a->pod-b" "$PA" 10.244.1.3
  rec_ping "$b/reachability/pod-a->pod-c" "$PA" 10.244.2.2
  rec_ping "$b/reachability/pod-c->pod-a" "$PC" 10.244.1.2
  rec_ping "$b/reachability/node1->pod-c" "$N1" 10.244.2.2
  [ "$gw" = none ] && rec_ping "$b/reachability/pod-a->pod-c_W5" "$PA" 10.244.2.2 -W5
  cap_stop "$CAPD/modes_$name.pod-a.pcap"
  rec "$b/arp_seen_by_pod-a" s "$(arp_summary "$CAPD/modes_$name.pod-a.pcap")"
  rec "$b/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/modes_$name.pod-a.pcap")"
  rec "$b/node1_routes" s "$(ip -n "$N1" route show)"
  rec "$b/node2_routes" s "$(ip -n "$N2" route show)"
  rec "$b/pod-a_routes" s "$(ip -n "$PA" route show)"
  rec "$b/pod-a_addr" s "$(ip -n "$PA" -br addr show dev eth0)"
  rec "$b/node1_neigh" s "$(ip -n "$N1" neigh show)"
  rec "$b/pod-a_neigh" s "$(ip -n "$PA" neigh show)"
  rec "$b/node1_links" s "$(ip -n "$N1" -br link show)"
  rec "$b/node1_sysctl" s "$(cali_sysctls "$N1" "$CALI_A")"
  rec "$b/node1_route_get_pod-a" s "$(ip -n "$N1" route get 10.244.1.2 2>&1)"
  rec "$b/node1_route_get_pod-c" s "$(ip -n "$N1" route get 10.244.2.2 2>&1)"
  rec "$b/node1_route_get_169.254.1.1_from_pod-a" s "$(ip -n "$N1" route get 169.254.1.1 from 10.244.1.2 iif "$CALI_A" 2>&1)"
  rec "$b/node1_icmp_out" s "$(icmp_counters "$N1")"
  [ "$gw" = none ] && return 0
  local tp; tp=$(nsx "$PA" timeout 10 tracepath -n -m 6 10.244.2.2 2>&1)
  rec "$b/tracepath_output_pod-a->pod-c" s "$tp"
  rec "$b/traceroute_hops_pod-a->pod-c" s "$(awk '/^ *[0-9]+:/{print $2}' <<<"$tp" | uniq | paste -sd' ')"
  if [ "$mode" = vxlan ]; then
    rec "$b/node1_vxlan.calico" s "$(ip -n "$N1" -d link show vxlan.calico)"
    rec "$b/node1_vxlan.calico_mtu" n "$(link_mtu "$N1" vxlan.calico)"
    rec "$b/node1_vxlan.calico_addr" s "$(ip -n "$N1" -br addr show dev vxlan.calico)"
    rec "$b/node1_fdb" s "$(nsx "$N1" bridge fdb show dev vxlan.calico)"
    rec "$b/node1_vxlan_neigh" s "$(ip -n "$N1" neigh show dev vxlan.calico)"
    cap_start "$N1" eth0 "$DIR/vxlan.pcap" udp port 4789
    nsx "$PA" ping -n -c2 -i 0.2 -W1 10.244.2.2 >>"$LOG" 2>&1
    nsx "$PA" ping -n -c1 -W1 -M do -s 1422 10.244.2.2 >>"$LOG" 2>&1
    cap_stop "$DIR/vxlan.pcap"
    rec vxlan_pcap/file s "vxlan.pcap"
    rec vxlan_pcap/traffic s "pod-a -> pod-c: 2x ping 56B payload, 1x ping 1422B payload DF (pod MTU 1450)"
    rec vxlan_pcap/fields s "$(tshark -r "$DIR/vxlan.pcap" -d udp.port==4789,vxlan -T fields -E header=y \
        -E occurrence=a -E aggregator='|' -e frame.number -e frame.len -e eth.src -e eth.dst -e ip.src -e ip.dst \
        -e ip.len -e ip.ttl -e ip.flags.df -e ip.dsfield -e udp.srcport -e udp.dstport -e udp.length \
        -e udp.checksum -e vxlan.flags -e vxlan.vni -e icmp.type 2>/dev/null)"
    rec vxlan_pcap/layers j "$(tshark -r "$DIR/vxlan.pcap" -d udp.port==4789,vxlan -T pdml 2>/dev/null | python3 -c '
import sys, json, xml.etree.ElementTree as ET
root = ET.parse(sys.stdin).getroot()
out = []
for pkt in root.findall("packet"):
    protos = [(p.get("name"), int(p.get("pos")), int(p.get("size"))) for p in pkt.findall("proto")
              if p.get("name") not in ("geninfo", "frame", "fake-field-wrapper")]
    flen = [int(p.get("size")) for p in pkt.findall("proto") if p.get("name") == "frame"][0]
    out.append({"frame_len": flen, "layers": [{"proto": n, "offset": o, "size": s} for n, o, s in protos]})
print(json.dumps(out))')"
  fi
}
if want modes; then                       # KC_SECTIONS
  want_mode bgp && modes_case bgp bgp 1500 "$NODE_DEFAULT"
  want_mode vxlan && modes_case vxlan vxlan 1450 "$NODE_DEFAULT"
  # the topology exactly as asked for (no default route on the nodes): proxy ARP never answers
  want_mode bgp_no_default_route && modes_case bgp_no_default_route bgp 1500 none
fi

# ================================================================ 2. MTU / PMTU
# mtu_case NAME MODE POD_MTU UL1 UL2   (run.sh's mtu_case, for Calico's devices)
mtu_case() {
  local name=$1 mode=$2 pm=$3 u1=$4 u2=$5 b="mtu/$1" lo hi mid probes="" first_fail=""
  local PING_W=0.5   # replies arrive in <1ms here; ping waits the full -W after a local error/loss
  section "mtu: $name"
  build "$mode" "$pm" "$u1" "$u2"; wait_ready
  rec "$b/config/mode" s "$mode"; rec "$b/config/pod_eth0_mtu" n "$(link_mtu "$PA" eth0)"
  rec "$b/config/node1_host_veth_mtu" n "$(link_mtu "$N1" "$CALI_A")"
  rec "$b/config/node1_underlay_mtu" n "$(link_mtu "$N1" eth0)"; rec "$b/config/node2_underlay_mtu" n "$(link_mtu "$N2" eth0)"
  [ "$mode" = vxlan ] && rec "$b/config/vxlan.calico_mtu" n "$(link_mtu "$N1" vxlan.calico)"
  local upid="" cpid
  if [ "$mode" = vxlan ]; then
    cap_start "$N1" eth0 "$CAPD/$name.underlay.pcap" 'udp port 4789 or (ip[6:2] & 0x1fff != 0)'; upid=$CAP_PID
  fi
  cap_start "$PA" eth0 "$CAPD/$name.pod-a.pcap" icmp; cpid=$CAP_PID
  local s0=$((pm - 28))
  rec_ping "$b/probe_1_first_at_if_max" "$PA" 10.244.2.2 -M do -s "$s0"
  [ "$PING_CLASS" != reply ] && first_fail=$PING_CLASS
  rec_ping "$b/probe_2_repeat_at_if_max" "$PA" 10.244.2.2 -M do -s "$s0"
  lo=0; hi=$((s0 + 1)); [ "$PING_CLASS" = reply ] && lo=$s0
  rec_ping "$b/probe_3_over_if_mtu" "$PA" 10.244.2.2 -M do -s $((s0 + 1))
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(( (lo + hi) / 2 ))
    do_ping "$PA" 10.244.2.2 -M do -s $mid
    probes+="$mid:$PING_CLASS "
    [ -z "$first_fail" ] && [ "$PING_CLASS" != reply ] && first_fail=$PING_CLASS
    if [ "$PING_CLASS" = reply ]; then lo=$mid; else hi=$mid; fi
  done
  rec "$b/binary_search_probes" s "${probes% }"
  rec "$b/max_df_icmp_payload" n "$lo"
  rec "$b/max_df_ip_packet" n $((lo + 28))
  rec "$b/first_failure_class" s "${first_fail:-none}"
  rec_ping "$b/probe_max" "$PA" 10.244.2.2 -M do -s "$lo"
  rec_ping "$b/probe_max_plus_1_final" "$PA" 10.244.2.2 -M do -s $((lo + 1))
  rec "$b/pod-a_route_get_after" s "$(ip -n "$PA" route get 10.244.2.2 2>&1)"
  rec "$b/node1_route_get_after" s "$(ip -n "$N1" route get 10.244.2.2 2>&1)"
  # without DF (-M dont): does a 1472B payload still get through (fragmentation)?
  rec_ping "$b/probe_nodf_1472" "$PA" 10.244.2.2 -M dont -s 1472
  # the node itself (locally generated, not forwarded) sending DF 1472 twice
  rec_ping "$b/node1_df_1472_first" "$N1" 10.244.2.2 -M do -s 1472
  rec_ping "$b/node1_df_1472_second" "$N1" 10.244.2.2 -M do -s 1472
  rec "$b/node1_icmp_out" s "$(icmp_counters "$N1")"
  rec "$b/node2_icmp_out" s "$(icmp_counters "$N2")"
  cap_stop "$CAPD/$name.pod-a.pcap" "$cpid"
  rec "$b/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/$name.pod-a.pcap")"
  if [ "$mode" = vxlan ]; then
    cap_stop "$CAPD/$name.underlay.pcap" "$upid"
    rec "$b/underlay_frames" s "$(tshark -r "$CAPD/$name.underlay.pcap" -T fields -E occurrence=f \
        -e frame.len -e ip.src -e ip.dst -e ip.flags.df -e ip.flags.mf -e ip.frag_offset -e ip.len 2>/dev/null |
        awk -F'\t' '{printf "len=%s %s>%s df=%s mf=%s off=%s iplen=%s\n",$1,$2,$3,$4,$5,$6,$7}')"
    rec "$b/node1_vxlan.calico_stats" s "$(ip -n "$N1" -s link show vxlan.calico | tail -4)"
  fi
  rec "$b/node1_underlay_stats" s "$(ip -n "$N1" -s link show eth0 | tail -4)"
  rec "$b/node2_underlay_stats" s "$(ip -n "$N2" -s link show eth0 | tail -4)"
  # tracepath on a fresh topology (no PMTU cached anywhere)
  build "$mode" "$pm" "$u1" "$u2"; wait_ready
  local tp; tp=$(nsx "$PA" timeout "${TP_TIMEOUT:-10}" stdbuf -oL tracepath -n -m 5 10.244.2.2 2>&1)
  rec "$b/tracepath/output" s "$tp"
  local res; res=$(grep -o 'Resume: pmtu [0-9]*' <<<"$tp" | awk '{print $3}')
  [ -n "$res" ] && rec "$b/tracepath/pmtu" n "$res"
  local pmtu_lines; pmtu_lines=$(grep -o '^ *[0-9]*?*: *[^ ]* .*pmtu [0-9]*' <<<"$tp" | awk '{print $1, $2, $NF}' | paste -sd';')
  rec "$b/tracepath/pmtu_changes" s "$pmtu_lines"
}
if want mtu && [ ${#MTU_CASES[@]} -gt 0 ]; then   # KC_MTU_CASES replaces the default list
  for c_ in "${MTU_CASES[@]}"; do
    # shellcheck disable=SC2086
    mtu_case $c_
  done
elif want mtu; then
  mtu_case bgp_pod1500_ul1500     bgp   1500 1500 1500
  mtu_case bgp_pod1500_ul1400     bgp   1500 1400 1400
  mtu_case vxlan_pod1450_ul1500   vxlan 1450 1500 1500
  mtu_case vxlan_pod1500_ul1500   vxlan 1500 1500 1500
  TP_TIMEOUT=5 mtu_case bgp_pod1500_ul_mismatch_1500_1400 bgp 1500 1500 1400
fi

# ================================================================ 3. faults
fault_begin() { # fault_begin NAME MODE : build, warm, the 'before' ping
  FB="faults/$1"; section "fault: $1"
  local pm=1500; [ "$2" = vxlan ] && pm=1450
  build "$2" "$pm" 1500 1500; wait_ready
  rec "$FB/mode" s "$2"
  rec "$FB/pod_mtu" n "$pm"
  rec_ping "$FB/before/pod-a->pod-c" "$PA" 10.244.2.2
}

if want faults; then                      # KC_SECTIONS
# --- BGP withdrawal: both nodes lose the route to the other node's block
if want_fault bgp_routes_withdrawn; then
  fault_begin bgp_routes_withdrawn bgp
  ip -n "$N1" route del 10.244.2.0/26 via 192.168.50.2 dev eth0
  ip -n "$N2" route del 10.244.1.0/26 via 192.168.50.1 dev eth0
  rec "$FB/action" s "ip -n node1 route del 10.244.2.0/26 via 192.168.50.2 dev eth0; ip -n node2 route del 10.244.1.0/26 via 192.168.50.1 dev eth0 (the proto bird routes to the other block)"
  rec "$FB/node1_route_get" s "$(ip -n "$N1" route get 10.244.2.2 2>&1)"
  cap_start "$PA" eth0 "$CAPD/bgp_routes_withdrawn.pcap" icmp
  rec_ping "$FB/after/pod-a->pod-c" "$PA" 10.244.2.2
  rec_ping "$FB/after/pod-a->pod-c_W5" "$PA" 10.244.2.2 -W5
  rec_ping "$FB/after/pod-a->pod-b" "$PA" 10.244.1.3
  rec_ping "$FB/after/node1->pod-c" "$N1" 10.244.2.2
  rec_ping "$FB/after/pod-c->pod-a" "$PC" 10.244.1.2
  cap_stop "$CAPD/bgp_routes_withdrawn.pcap"
  rec "$FB/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/bgp_routes_withdrawn.pcap")"
  rec "$FB/node1_icmp_out" s "$(icmp_counters "$N1")"
  rec "$FB/node2_icmp_out" s "$(icmp_counters "$N2")"
  rec "$FB/node1_neigh" s "$(ip -n "$N1" neigh show dev eth0)"
  rec "$FB/node1_routes" s "$(ip -n "$N1" route show)"
fi

# --- proxy ARP off on pod-a's host veth, pod-a's ARP cache flushed
if want_fault proxy_arp_off; then
  fault_begin proxy_arp_off bgp
  nsx "$N1" sysctl -qw net.ipv4.conf."$CALI_A".proxy_arp=0
  ip -n "$PA" neigh flush all
  rec "$FB/action" s "sysctl -w net.ipv4.conf.$CALI_A.proxy_arp=0 (in node1: pod-a's host veth); ip -n pod-a neigh flush all"
  rec "$FB/pod-a_neigh_after_flush" s "$(ip -n "$PA" neigh show)"
  cap_start "$PA" eth0 "$CAPD/proxy_arp_off.pcap" arp or icmp
  rec_ping "$FB/after/pod-a->pod-c" "$PA" 10.244.2.2
  rec_ping "$FB/after/pod-a->pod-c_W5" "$PA" 10.244.2.2 -W5
  rec_ping "$FB/after/pod-b->pod-c" "$PB" 10.244.2.2
  rec_ping "$FB/after/pod-c->pod-a" "$PC" 10.244.1.2
  cap_stop "$CAPD/proxy_arp_off.pcap"
  rec "$FB/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/proxy_arp_off.pcap")"
  rec "$FB/arp_seen_by_pod-a" s "$(arp_summary "$CAPD/proxy_arp_off.pcap")"
  rec "$FB/pod-a_neigh" s "$(ip -n "$PA" neigh show)"
  rec "$FB/node1_neigh_cali" s "$(ip -n "$N1" neigh show dev "$CALI_A")"
  rec "$FB/node1_icmp_out" s "$(icmp_counters "$N1")"
fi

# --- iptables drop udp/4789 on node2
if want_fault vxlan_port_blocked; then
  fault_begin vxlan_port_blocked vxlan
  nsx "$N2" iptables -w -I INPUT -p udp --dport 4789 -j DROP; rc=$?
  rec "$FB/iptables_rc" n "$rc"
  rec "$FB/action" s "iptables -I INPUT -p udp --dport 4789 -j DROP (in node2)"
  cap_start "$PA" eth0 "$CAPD/vxlan_port_blocked.pcap" icmp
  rec_ping "$FB/after/pod-a->pod-c" "$PA" 10.244.2.2
  rec_ping "$FB/after/pod-c->pod-a" "$PC" 10.244.1.2
  rec_ping "$FB/after/pod-a->pod-b" "$PA" 10.244.1.3
  rec_ping "$FB/after/node1->node2_underlay" "$N1" 192.168.50.2
  cap_stop "$CAPD/vxlan_port_blocked.pcap"
  rec "$FB/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/vxlan_port_blocked.pcap")"
  rec "$FB/node1_icmp_out" s "$(icmp_counters "$N1")"
  rec "$FB/node2_iptables_INPUT" s "$(nsx "$N2" iptables -w -L INPUT -v -n -x 2>&1)"
  rec "$FB/node2_vxlan.calico_stats" s "$(ip -n "$N2" -s link show vxlan.calico | tail -4)"
fi

# --- pod-c's /32 route gone on node2: its block's blackhole route catches the traffic
blackhole_fault() { # blackhole_fault NAME MODE
  fault_begin "$1" "$2"
  ip -n "$N2" route del 10.244.2.2 dev "$CALI_C"
  rec "$FB/action" s "ip -n node2 route del 10.244.2.2 dev $CALI_C (pod-c's host route; blackhole 10.244.2.0/26 remains)"
  rec "$FB/node2_route_get" s "$(ip -n "$N2" route get 10.244.2.2 2>&1)"
  rec "$FB/node2_route_get_from_pod-a" s "$(ip -n "$N2" route get 10.244.2.2 from 10.244.1.2 iif "$([ "$2" = vxlan ] && echo vxlan.calico || echo eth0)" 2>&1)"
  cap_start "$PA" eth0 "$CAPD/$1.pcap" icmp
  rec_ping "$FB/after/pod-a->pod-c" "$PA" 10.244.2.2
  rec_ping "$FB/after/pod-c->pod-a" "$PC" 10.244.1.2
  rec_ping "$FB/after/node2->pod-c" "$N2" 10.244.2.2
  rec_ping "$FB/after/pod-a->pod-b" "$PA" 10.244.1.3
  cap_stop "$CAPD/$1.pcap"
  rec "$FB/icmp_errors_seen_by_pod-a" s "$(icmp_summary "$CAPD/$1.pcap")"
  rec "$FB/node1_icmp_out" s "$(icmp_counters "$N1")"
  rec "$FB/node2_icmp_out" s "$(icmp_counters "$N2")"
  rec "$FB/node2_routes" s "$(ip -n "$N2" route show)"
}
want_fault blackhole_only && blackhole_fault blackhole_only bgp
want_fault blackhole_only_vxlan && blackhole_fault blackhole_only_vxlan vxlan
fi                                        # want faults

# ================================================================ results
teardown
T1=$(date +%s%N)
rec meta/duration_s n "$(( (T1 - T0) / 1000000 ))e-3"
python3 - "$REC" "$DIR/results.json" <<'EOF' | tee "$DIR/summary.txt"
import sys, json, base64
recs, out = sys.argv[1], sys.argv[2]
res = {}
for line in open(recs):
    path, typ, val = line.rstrip("\n").split("\t")
    v = base64.b64decode(val).decode("utf-8", "replace")
    if typ == "n":
        v = float(v) if ("e" in v or "." in v) else int(v)
    elif typ == "b":
        v = (v == "true")
    elif typ == "j":
        v = json.loads(v) if v.strip() else None
    d = res
    keys = path.split("/")
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = v
def g(*ks, default="-"):
    d = res
    for k in ks:
        if not isinstance(d, dict) or k not in d: return default
        d = d[k]
    return d
def cls(r):
    s = r["class"]
    if r.get("error_from"): s += " from " + r["error_from"]
    return s
# compact machine-readable digest of the key facts
summ = {"reachability": {}, "mtu": {}, "faults": {}}
for m, v in g("modes", default={}).items():
    summ["reachability"][m] = {k: {"class": r["class"], "reply_ttl": r.get("reply_ttl"), "error_from": r.get("error_from")}
                               for k, r in v.get("reachability", {}).items()}
    summ["reachability"][m]["traceroute_hops_pod-a->pod-c"] = v.get("traceroute_hops_pod-a->pod-c")
for k, v in g("mtu", default={}).items():
    summ["mtu"][k] = {"mode": v["config"]["mode"], "pod_mtu": v["config"]["pod_eth0_mtu"], "vxlan.calico_mtu": v["config"].get("vxlan.calico_mtu"),
                      "underlay_mtu": [v["config"]["node1_underlay_mtu"], v["config"]["node2_underlay_mtu"]],
                      "max_df_icmp_payload": v["max_df_icmp_payload"], "max_df_ip_packet": v["max_df_ip_packet"],
                      "first_failure": v["first_failure_class"], "failure_after_learning": v["probe_max_plus_1_final"]["class"],
                      "icmp_errors_seen_by_pod-a": v.get("icmp_errors_seen_by_pod-a", ""),
                      "tracepath_pmtu": v.get("tracepath", {}).get("pmtu"), "no_df_1472": v["probe_nodf_1472"]["class"]}
for k, v in g("faults", default={}).items():
    summ["faults"][k] = {t: r["class"] for t, r in v.get("after", {}).items()}
    summ["faults"][k]["icmp_errors_seen_by_pod-a"] = v.get("icmp_errors_seen_by_pod-a", "")
res = {"summary": summ, **res}
json.dump(res, open(out, "w"), indent=2)

# ---------------- summary
print("\n==== SUMMARY calico (kernel %s, %.1fs, node default route: %s) -> %s" % (g("meta","kernel"), g("meta","duration_s"), g("meta", "node_default_route"), out))
print("\n-- reachability (ping -c1 -W1)")
for m, v in g("modes", default={}).items():
    for k, r in v.get("reachability", {}).items():
        print("  %-21s %-22s %-36s ttl=%s %5sms" % (m, k, cls(r), r.get("reply_ttl", "-"), r["elapsed_ms"]))
    if "traceroute_hops_pod-a->pod-c" in v:
        print("  %-21s tracepath hops pod-a->pod-c: %s" % (m, v["traceroute_hops_pod-a->pod-c"]))
    arp = v.get("arp_seen_by_pod-a", "")
    if arp:
        lines = arp.split("\n")
        print("  %-21s ARP on pod-a eth0: %s%s" % (m, "; ".join(lines[:2]), " (+%d more)" % (len(lines) - 2) if len(lines) > 2 else ""))
    if v.get("icmp_errors_seen_by_pod-a"): print("  %-21s ICMP seen by pod-a: %s" % (m, v["icmp_errors_seen_by_pod-a"].replace("\n", "; ")))
print("\n-- MTU (ping -M do from pod-a to pod-c)")
print("  %-34s %-5s %6s %6s %5s  %-17s %-17s %-6s %s" % ("case", "mode", "podMTU", "vx.cal", "maxPL", "first failure", "later failure", "tp", "no-DF 1472"))
for k, v in g("mtu", default={}).items():
    print("  %-34s %-5s %6s %6s %5s  %-17s %-17s %-6s %s" % (k, v["config"]["mode"], v["config"]["pod_eth0_mtu"], v["config"].get("vxlan.calico_mtu", "-"),
          v["max_df_icmp_payload"], v["first_failure_class"], v["probe_max_plus_1_final"]["class"],
          v.get("tracepath", {}).get("pmtu", "-"), v["probe_nodf_1472"]["class"]))
    icmps = v.get("icmp_errors_seen_by_pod-a", "")
    if icmps: print("      ICMP seen by pod-a: " + icmps.replace("\n", "; "))
print("\n-- faults")
for k, v in g("faults", default={}).items():
    print("  %s (%s): %s" % (k, v.get("mode"), v.get("action", "")))
    for t, r in v.get("after", {}).items():
        print("      %-26s %-36s %s" % (t, cls(r), "(%dms)" % r["elapsed_ms"]))
    if v.get("icmp_errors_seen_by_pod-a"): print("      ICMP seen by pod-a: " + v["icmp_errors_seen_by_pod-a"].replace("\n", "; "))
lay = g("vxlan_pcap", "layers", default=None)
if lay:
    p = lay[0]
    print("\n-- vxlan.pcap frame 1: %d bytes: %s" % (p["frame_len"], " | ".join("%s@%d:%d" % (l["proto"], l["offset"], l["size"]) for l in p["layers"])))
EOF
echo "done: $DIR/results.json  (log: $LOG, pcap: $DIR/vxlan.pcap, captures: $CAPD/)"
