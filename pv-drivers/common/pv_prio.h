/*
 * pv_prio.h - the backend daemons run ahead of dom0's other work (issue
 * 19).  A guest decides how much work it makes xenstored do (every write
 * to its own nodes is served, whoever watches them), and a guest writing
 * in a loop kept xenstored busy on dom0's CPUs while the other guests'
 * disks waited for theirs (make lab-hostile, pv-drivers/README.md).  The
 * daemons' own work per guest is bounded by their budgets and backoffs
 * (pv_dev.c, blkback's byte and time budgets), so running them at a better
 * nice value than xenstored cannot let one guest starve dom0; it lets the
 * data path of every guest go first.
 */
#ifndef XYL_PV_PRIO_H
#define XYL_PV_PRIO_H

/* The nice value the daemons run at (the systemd units set the same). */
#define PV_NICE (-10)

/* Raise the calling thread to `nice` (threads started later inherit it),
 * unless it already runs at that or better: before any thread and before
 * the capabilities go (CAP_SYS_NICE).  Not allowed (an unprivileged start,
 * a unit without Nice=): one log line, and the daemon serves at the nice
 * value it has.  Never fails. */
void pv_raise_priority(int nice);

#endif
