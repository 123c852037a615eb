#!/usr/bin/env python3
"""Drives an interactive zsh in a pseudo-terminal to check the zsh completion (_sonde): for each
case it types a command line, presses TAB and waits for the line to become what the case expects.
Usage: zsh_complete.py COMPLETION_DIR SONDE_DIR < cases, one "LINE<TAB>EXPECTED LINE" a line.
Prints PASS/FAIL per case and exits 1 when one failed."""
import os
import pty
import select
import sys
import time


def read_until(fd, want, timeout):
    """Reads the terminal until WANT appears (or TIMEOUT seconds pass); returns what was read."""
    out = b""
    end = time.time() + timeout
    while time.time() < end and want not in out:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


def main():
    comp_dir, sonde_dir = sys.argv[1], sys.argv[2]
    cases = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="dumb", PATH=sonde_dir + ":" + os.environ["PATH"])
        os.execvp("zsh", ["zsh", "-f", "-i"])
    setup = ("PS1='READY%% '; fpath=(%s $fpath); autoload -U compinit; compinit -u -D; "
             "unsetopt beep; zle_highlight=(none)\n" % comp_dir)
    os.write(fd, setup.encode())
    read_until(fd, b"\nREADY% ", 10)
    failed = 0
    for typed, expected in cases:
        os.write(fd, typed.encode() + b"\t")
        out = read_until(fd, expected.encode(), 10)
        ok = expected.encode() in out
        failed += not ok
        print("%s: %r -> %r" % ("PASS" if ok else "FAIL", typed, expected))
        os.write(fd, b"\x15")   # ^U: clear the line for the next case
        read_until(fd, b"\x00", 0.3)
    os.write(fd, b"\x04exit\n")
    os.close(fd)
    os.waitpid(pid, 0)
    sys.exit(1 if failed else 0)


main()
