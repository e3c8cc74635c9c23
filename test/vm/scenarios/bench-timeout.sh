# SPDX-License-Identifier: GPL-2.0
# Self-test of the hang handling: this scenario never finishes; the host
# must kill the guest at the timeout and report it (and nothing else).
# boot: own
# timeout: 5
# expect: timeout
check started true
sleep 100000
fail not-killed "the guest ran past its timeout"
