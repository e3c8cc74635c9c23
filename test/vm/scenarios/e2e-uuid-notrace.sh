# SPDX-License-Identifier: GPL-2.0
# End to end, a fix in a global function without an ftrace entry
# (test/e2e/patches/uuid-notrace.patch): generate_random_uuid() in lib/
# is redirected by a jmp over its first bytes (route "jump").  While
# patched every /proc/sys/kernel/random/uuid starts with 6b706174, before
# and after none does; with readers on both CPUs through 20 switches of
# the patch every read is a whole UUID, old or new.
# modules: kpatch kpatch-uuid-notrace
# tools: kpatch
# boot: shared
# timeout: 300
P=kpatch-uuid-notrace
S=/sys/kernel/kpatch/kpatch_uuid_notrace
U=/proc/sys/kernel/random/uuid
UUID='^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$'
check_fails before-unpatched grep -q '^6b706174-' $U
check load kpatch load --core "$(module_path kpatch)" "$(module_path $P)" || exit 1
check_eq route jump cat $S/vmlinux/generate_random_uuid/route
check_contains patched '6b706174-' cat $U

# Readers on both CPUs while the patch is switched off and on 20 times.
reader() { while [ ! -e /tmp/uuid.stop ]; do cat $U; done > /tmp/uuid.$1; }
rm -f /tmp/uuid.stop /tmp/uuid.r1 /tmp/uuid.r2
reader r1 & r1=$!
reader r2 & r2=$!
i=0
while [ $i -lt 20 ]; do
	echo 0 > $S/enabled && echo 1 > $S/enabled || break
	i=$((i + 1))
done
touch /tmp/uuid.stop
wait $r1 $r2
check_eq switches 20 echo $i
check_eq reads-all-whole 0 sh -c "cat /tmp/uuid.r1 /tmp/uuid.r2 | grep -vc '$UUID' || true"
check_eq reads-saw-old yes sh -c "grep -v '^6b706174-' /tmp/uuid.r1 /tmp/uuid.r2 | grep -q . && echo yes"
check_eq reads-saw-new yes sh -c "grep -q '^6b706174-' /tmp/uuid.r1 /tmp/uuid.r2 && echo yes"
log "$(cat /tmp/uuid.r1 /tmp/uuid.r2 | wc -l) reads during 20 switches"

check unload kpatch unload $P
check_fails restored grep -q '^6b706174-' $U
