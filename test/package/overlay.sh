# SPDX-License-Identifier: GPL-2.0
# Sourced after lib.sh by the package tests that install with dpkg: a
# copy-on-write view of this system in which dpkg, maintainer scripts and
# dkms run for real while nothing reaches the real system.  A private mount
# namespace holds an overlay of / whose upper layer is a tmpfs (so the
# upper layer is exactly what changed) and commands run chrooted in it.
# The kernels other than the target are hidden (an empty tmpfs each), so
# dkms builds once; /run is a fresh tmpfs, so no maintainer script talks
# to the real systemd.  Needs root (CI runs as root).
#
#   overlay_enter "$@"   first thing: re-runs the script inside a namespace
#                        (returns there; the outer call exits with its status)
#   overlay_mount        then: the overlay at $m, the target $release
#   in_root CMD...       CMD chrooted into the overlay, clean environment
#   changes              what the upper layer holds now ("TYPE PATH" lines)

overlay_enter() {
	if [[ ${1:-} == --inside ]]; then
		s=$2
		return
	fi
	[[ $(id -u) -eq 0 ]] || fail "needs root: it mounts an overlay of / in a private namespace"
	local pkg
	for pkg in kpatch-toolchain kpatch-dkms; do
		[[ $(dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null || true) != *installed* ]] ||
			fail "$pkg is installed on this system: the test needs a system without it"
	done
	local scratch rc=0
	scratch=$(mktemp -d "/tmp/kpatch-$(basename "$0").XXXXXX")
	unshare --mount --propagation private "$0" --inside "$scratch" "$@" || rc=$?
	rm -rf "$scratch"
	exit $rc
}

overlay_mount() {
	release=$("$root/scripts/kernel-release")
	mount -t tmpfs -o mode=755 tmpfs "$s" || fail "cannot mount a tmpfs on $s"
	mkdir "$s/upper" "$s/work" "$s/merged"
	m=$s/merged
	mount -t overlay overlay -o "lowerdir=/,upperdir=$s/upper,workdir=$s/work" "$m" ||
		fail "cannot mount an overlay of / (overlayfs needed)"
	mount --rbind /dev "$m/dev"
	mount -t proc proc "$m/proc"
	mount -t tmpfs tmpfs "$m/run"
	local k
	for k in "$m"/lib/modules/*; do
		[[ ${k##*/} == "$release" ]] || mount -t tmpfs -o ro tmpfs "$k"
	done
	[[ -e "$m/lib/modules/$release/build/include" ]] ||
		fail "/lib/modules/$release/build does not lead to the headers; run scripts/install-deps"
}

in_root() {
	chroot "$m" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
}

# Every non-directory in the upper layer: new and changed files, and
# whiteouts (character devices) for removed ones.
changes() { (cd "$s/upper" && find . ! -type d -printf '%y %P\n' | LC_ALL=C sort); }
