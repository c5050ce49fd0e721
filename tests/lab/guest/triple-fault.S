/*
 * triple-fault.S - a PVH "kernel" that triple-faults at once: Xen starts it
 * in 32-bit protected mode with no IDT (XEN_ELFNOTE_PHYS32_ENTRY below), and
 * its first instruction is ud2. Scenario 31-boot-retry uses it to prove that
 * wait_marker boots a triple-faulting guest again, notes it, and gives up
 * after the third boot (the emulator faults it stands in for are random).
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
