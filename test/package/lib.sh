# SPDX-License-Identifier: GPL-2.0
# Sourced by the package tests: fail(), and the two .deb files of DEBS
# (test/package/build made them).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
name=package/$(basename "$0")
fail() { echo "$name: FAIL: $*" >&2; exit 1; }

# deb_of DEBS PACKAGE: the one PACKAGE_*.deb in DEBS.
deb_of() {
	local found=("$1/$2"_*.deb)
	[[ ${#found[@]} -eq 1 && -f "${found[0]}" ]] ||
		fail "not exactly one $2_*.deb in $1 (run ctest -R package/build first)"
	echo "${found[0]}"
}
