/*
 * pv_ring.h - include this before any Xen ring header (io/blkif.h,
 * io/netif.h): the environment the public ring.h macros expect in a
 * userspace backend.
 */
#ifndef XYL_PV_RING_H
#define XYL_PV_RING_H

/* ring.h expects the memory barriers of the including environment (Xen's
 * tools take them from xenctrl.h): compiler fences, exact on x86 and arm64.
 * As a toolstack component we use the current interface version; with the
 * default (0) ring.h would redefine the barriers as the kernel's mb(). */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
#ifndef xen_mb
#define xen_mb()  __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif

#include <xen/xen.h>
#include <xen/io/ring.h>
#if __XEN_INTERFACE_VERSION__ < 0x00030208
#error "include pv_ring.h before other Xen headers (ring.h would use mb())"
#endif

#endif
