#!/usr/bin/env python3
"""monitor.py SOCKET CMD...: run QEMU human-monitor commands over the lab's
monitor socket and print their output, each line prefixed "@@HOST monitor: ".

The lab's idle watchdog calls it before it kills a hung QEMU (issue 20:
whole-machine hangs of HVM guests, idle or livelocked), so that the serial
log shows where each emulated CPU was: `info cpus` (halted or not),
`info registers -a` (RIP: Xen's or a guest's) and `info lapic` (pending
interrupts).  Never fails the caller: a missing socket or a QEMU that does
not answer within the timeout is one line.
"""
import socket
import sys
import time

PROMPT = b"(qemu) "


def read_until_prompt(s, deadline):
    buf = b""
    while not buf.endswith(PROMPT):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no prompt")
        s.settimeout(left)
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("monitor closed")
        buf += chunk
    return buf[: -len(PROMPT)]


def main():
    if len(sys.argv) < 3:
        print("usage: monitor.py SOCKET CMD...", file=sys.stderr)
        return 2
    path, cmds = sys.argv[1], sys.argv[2:]
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        read_until_prompt(s, time.monotonic() + 5)      # the banner
        for cmd in cmds:
            s.sendall(cmd.encode() + b"\n")
            out = read_until_prompt(s, time.monotonic() + 10)
            text = out.decode(errors="replace").replace("\r", "")
            print(f"@@HOST monitor: (qemu) {cmd}")
            for line in text.splitlines()[1:]:          # [0] echoes the command
                print(f"@@HOST monitor: {line}")
    except (OSError, TimeoutError, ConnectionError) as e:
        print(f"@@HOST monitor: no answer from {path}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
