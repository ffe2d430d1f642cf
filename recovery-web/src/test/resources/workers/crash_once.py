# A test worker that fails once: the first run (no marker file yet) prints a hostile line and an
# error to stderr and exits with code 3; every later run idles until killed.
import os
import sys
import time

marker = sys.argv[1]
if not os.path.exists(marker):
    open(marker, "w").close()
    sys.stderr.write("<img src=x onerror=alert(3)> ERROR lost connection to db-7 after 30 s\n")
    sys.stderr.flush()
    time.sleep(0.3)
    sys.exit(3)
while True:
    time.sleep(60)
