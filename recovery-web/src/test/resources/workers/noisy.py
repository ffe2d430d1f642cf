# A test worker: prints one hostile line and one error to stderr, then idles until killed.
import sys
import time

sys.stderr.write("<script>alert(1)</script><img src=x onerror=alert(2)>\n")
sys.stderr.write("ERROR worker started and complained\n")
sys.stderr.flush()
while True:
    time.sleep(60)
