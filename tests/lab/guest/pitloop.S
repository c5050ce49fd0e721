/*
 * pitloop.S - a PVH "kernel" that does what Linux's quick_pit_calibrate does,
 * forever: in long mode, with interrupts off, read PIT channel 2 (port 0x42,
 * no PIT in a PVH guest: 0xff) twice and rdtsc, i.e. 3 VM exits per round.
 * Every 65536 rounds it writes ".\n" to Xen's debug port 0xe9 (Xen prints a
 * line "(dN) ." in `xl dmesg` at each newline), so a scenario can count
 * rounds and see it die. experiments/boot-loop assembles it (pitloop:SECS).
 */
    .section .note.Xen, "a", @note
    .balign 4
    .long 4
    .long 4
    .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
    .asciz "Xen"
    .long _start

    .text
    .code32
    .globl _start
_start:
    cli
    /* page tables at 0x200000: PML4 -> PDPT -> PD, 1 GiB identity in 2 MiB pages */
    mov $0x200000, %edi
    mov $0x3000/4, %ecx
    xor %eax, %eax
    rep stosl
    movl $0x201003, 0x200000        /* PML4[0] -> PDPT */
    movl $0x202003, 0x201000        /* PDPT[0] -> PD */
    mov $0x202000, %edi
    mov $0x83, %eax                 /* present, rw, 2M */
    mov $512, %ecx
1:  mov %eax, (%edi)
    movl $0, 4(%edi)
    add $0x200000, %eax
    add $8, %edi
    loop 1b
    mov %cr4, %eax
    or $0x20, %eax                  /* PAE */
    mov %eax, %cr4
    mov $0x200000, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx           /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax            /* PG, PE */
    mov %eax, %cr0
    lgdt gdtr
    ljmp $0x08, $long
    .code64
long:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $0x180000, %rsp
    xor %ebx, %ebx
2:  in $0x42, %al
    in $0x42, %al
    rdtsc
    inc %ebx
    test $0xffff, %ebx
    jnz 2b
    mov $'.', %al
    out %al, $0xe9
    mov $'\n', %al
    out %al, $0xe9
    jmp 2b

    .balign 8
gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
gdtr:
    .word gdtr - gdt - 1
    .long gdt
