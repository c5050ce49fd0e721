/*
 * triple-fault.S - a PVH "kernel" that triple-faults at once: Xen starts it
 * in 32-bit protected mode with no IDT (XEN_ELFNOTE_PHYS32_ENTRY below), and
 * its first instruction is ud2. Scenario 31-triple-fault uses it to prove that
 * wait_marker fails at a guest's first triple fault with one line naming it
 * (the lab no longer boots a faulting guest again: issue 20).
 */
    .section .note.Xen, "a", @note
    .balign 4
    .long 4                 /* name size: "Xen\0" */
    .long 4                 /* descriptor size */
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long _start

    .text
    .code32
    .globl _start
_start:
    ud2
