# Two Xen hosts on one link (make lab-fleet, issue 17): fleet-a reaches
# fleet-b's dom0 through xenbr0 (ping over the link), both dom0s log in to
# each other with this run's key (strict host key checking: the run's host
# key), and xyl runs on the other host over ssh.  Host b serves this.
# lab: timeout=600
. /lab/fleet.sh
fleet_begin

fleet_ping $FLEET_PEER_IP "(fleet-b's dom0, over the link)"
fleet_must hostname
[ "$(cat "$LAB_TMP/out")" = fleet-b ] && pass "ssh fleet-a -> fleet-b as root with this run's key" ||
    fail "ssh fleet-b hostname said '$(cat "$LAB_TMP/out")'"
fleet_must ssh fleet-a hostname
[ "$(cat "$LAB_TMP/out")" = fleet-a ] && pass "ssh fleet-b -> fleet-a too" ||
    fail "ssh from fleet-b to fleet-a said '$(cat "$LAB_TMP/out")'"
fleet_must xyl list
grep -q '^Domain-0 ' "$LAB_TMP/out" && pass "xyl runs on fleet-b over ssh (its libraries on sshd's PATH)" ||
    fail "xyl list over ssh does not show Domain-0"
# a host key that is not this run's is refused (StrictHostKeyChecking yes)
run ssh -o UserKnownHostsFile=/dev/null $FLEET_PEER true && fail "ssh accepted an unknown host key"
pass "ssh refuses a host it does not know (exit $RC)"
