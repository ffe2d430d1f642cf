"""Leaks on its first start (no marker file yet), idles on every later start.

Usage: leak-once.py MARKER STEP_MIB CAP_MIB -- maps and touches STEP_MIB of anonymous memory
every 50 ms and keeps it, up to CAP_MIB, then holds it.
"""
import mmap
import os
import sys
import time

marker, step_mib, cap_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if os.path.exists(marker):
    time.sleep(600)
    sys.exit(0)
open(marker, "w").close()
step = step_mib * 1024 * 1024
held = []
while len(held) * step_mib < cap_mib:
    block = mmap.mmap(-1, step)
    for offset in range(0, step, mmap.PAGESIZE):
        block[offset] = 1
    held.append(block)
    time.sleep(0.05)
time.sleep(600)
