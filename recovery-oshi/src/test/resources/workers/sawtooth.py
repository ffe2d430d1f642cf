"""A healthy garbage-collected heap: memory climbs, then drops back to the same floor, forever.

Usage: sawtooth.py STEP_MIB TEETH -- maps and touches STEP_MIB every 50 ms, TEETH times, then
unmaps it all (resident memory drops at once) and rests 300 ms.
"""
import mmap
import sys
import time

step_mib, teeth = int(sys.argv[1]), int(sys.argv[2])
step = step_mib * 1024 * 1024
while True:
    held = []
    for _ in range(teeth):
        block = mmap.mmap(-1, step)
        for offset in range(0, step, mmap.PAGESIZE):
            block[offset] = 1
        held.append(block)
        time.sleep(0.05)
    for block in held:
        block.close()
    time.sleep(0.3)
