# SPDX-License-Identifier: GPL-2.0
"""One qemu boot: start the guest, hand out console lines, kill it.

The kernel console (ttyS0) is qemu's stdout, read here line by line and
copied to a log file as it arrives.  The guest's scenario output goes to a
second serial port (ttyS1), which qemu writes straight to a file.  The
caller gives a deadline with every read; this module only enforces it and
knows nothing of scenarios.
"""
import os
import re
import select
import signal
import subprocess
import time


# Terminal control sequences the firmware and kernel send (clear screen,
# wrap off): kept in the log file, dropped from the lines handed out.
_ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[A-Za-z])")


class Timeout(Exception):
    pass


def _text(raw):
    return _ESCAPES.sub("", raw.decode("utf-8", "replace")).rstrip("\r")


def command(kernel, initrd, append, output_log, qemu="qemu-system-x86_64"):
    return [qemu, "-accel", "tcg", "-m", "1024", "-smp", "2",
            "-nographic", "-no-reboot", "-nic", "none",
            "-kernel", str(kernel), "-initrd", str(initrd), "-append", append,
            # ttyS0 = the console on stdout (no monitor: stdin is /dev/null),
            # ttyS1 = the scenarios' output, to a file.
            "-serial", "stdio", "-serial", f"file:{output_log}",
            "-monitor", "none"]


class Guest:
    def __init__(self, argv, console_log):
        self.log = open(console_log, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buf = b""
        self.eof = False
        self.started = time.monotonic()

    def readline(self, deadline):
        """The next console line (str, no newline), None at end, or Timeout."""
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line, self.buf = self.buf[:nl], self.buf[nl + 1:]
                return _text(line)
            if self.eof:
                if self.buf:
                    line, self.buf = self.buf, b""
                    return _text(line)
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise Timeout()
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    self.eof = True
                self.log.write(chunk)
                self.log.flush()
                self.buf += chunk

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)

    def close(self, wait=30):
        """Wait for qemu to exit (it does after poweroff); kill it if not."""
        try:
            self.proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.kill()
            self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def elapsed(self):
        return time.monotonic() - self.started
