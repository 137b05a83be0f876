#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the kit's sanitizer kernel (KERNEL=debug) from Debian's
# linux-source package, once, into the kit's cache.
#
#   debug-kernel.sh dir [SERIES]   build if needed, print the kernel's dir
#                                  (SERIES: a linux-source series, 7.3)
#
# The configuration is `make tinyconfig` plus scripts/debug-kernel.config;
# every option of the fragment is checked after olddefconfig.  The source
# gets scripts/debug-kernel.patches/*.patch, fixes of kernel bugs the
# kit's checks find (each patch says which).  The dir is
# $KIT_CACHE/debug/<source version>-<hash of the fragment and patches>:
# a new source, fragment or patch is a new build.  It holds src/ (the tree, built
# in place: the kit's modules are built against it), mod/ (modules.dep
# and modules.builtin), build.log, and kernel.env (KVER, KDIR, VMLINUZ,
# VMLINUX, MODDIR as scripts/kernel.sh writes it, plus KIT_MEM and
# KIT_BOOT for scripts/vm.sh: under KASAN its vmlinux does not boot
# through QEMU's PVH entry, the bzImage does), written last: a dir without it is an unfinished build,
# which the next run resumes (make carries on where it stopped).  A lock
# keeps two runs from building the same kernel at once.
set -euo pipefail

cache=${KIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kernel-kit}
# A lab's shared cache stays writable by its group (see kernel.sh).
umask 002
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug-kernel.config
patches=("$here"/debug-kernel.patches/*.patch)
# Bump when the build steps below change what they produce.
recipe=1

say() { printf 'debug-kernel: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ "${1:-}" = dir ] && [ $# -le 2 ] || die "usage: debug-kernel.sh dir [SERIES]"
series=${2:-7.3}

# The source package: kernel.sh resolves the series and downloads it
# (checked against the archive's SHA256) when it extracts its tools.
"$here/kernel.sh" tools "$series" >/dev/null
. "$cache/kernels/$series.pin"
deb=$cache/debs/linux-source-${series}_${VERSION}_all.deb
[ -f "$deb" ] || die "no $deb; run: make kernel-update"

key=$VERSION-$( { echo "$recipe"; cat "$fragment" "${patches[@]}"; } | sha256sum | cut -c1-12)
dir=$cache/debug/$key
if [ -f "$dir/kernel.env" ]; then
	echo "$dir"
	exit 0
fi

mkdir -p "$cache/debug"
exec 9>"$cache/debug/$key.lock"
if ! flock -n 9; then
	say "another run is building $key; waiting for it"
	flock 9
fi
if [ -f "$dir/kernel.env" ]; then	# built while we waited
	echo "$dir"
	exit 0
fi

"$here/deps.sh" build kernel
export PATH=$PATH:/usr/sbin:/sbin	# depmod, for an ordinary user
src=$dir/src log=$dir/build.log
# The build shares the machine: DEBUG_NICE (10) and DEBUG_JOBS (the
# number of CPUs plus one).
jobs=${DEBUG_JOBS:-$(($(nproc) + 1))}
niceness=${DEBUG_NICE:-10}
mkdir -p "$dir"
start=$SECONDS
elapsed() { printf '%dm%02ds' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)); }
kmake() { nice -n "$niceness" make -C "$src" -j"$jobs" "$@" >>"$log" 2>&1; }

if [ ! -f "$src/.kit-extracted" ]; then
	say "extracting linux-source-$series $VERSION"
	rm -rf "$src" && mkdir -p "$src"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*.tar.xz' |
		tar -xJ -C "$src" --strip-components=1 || die "cannot extract $deb"
	for p in "${patches[@]}"; do
		say "applying $(basename "$p")"
		patch -d "$src" -p1 -s --forward --no-backup-if-mismatch <"$p" ||
			die "$(basename "$p") does not apply to linux-source-$series $VERSION"
	done
	touch "$src/.kit-extracted"
fi

if [ ! -f "$src/.kit-configured" ]; then
	say "configuring: tinyconfig + $(basename "$fragment") ($(elapsed))"
	: >"$log"
	kmake tinyconfig || die "make tinyconfig failed; see $log"
	cat "$fragment" >>"$src/.config"
	kmake olddefconfig || die "make olddefconfig failed; see $log"
	# Every line of the fragment must have survived, but for an option
	# this series does not have (the fragment serves more than one).
	known=$(find "$src" -name 'Kconfig*' -exec sed -n 's/^\(menu\)\{0,1\}config \([A-Z0-9_]*\).*/CONFIG_\2/p' {} + | sort -u)
	bad=
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			opt=${line%%=*}
			grep -qxF "$line" "$src/.config" || bad="$bad $opt"
			;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			! grep -q "^$opt=" "$src/.config" || bad="$bad $opt"
			;;
		*) continue ;;
		esac
		if ! grep -qxF "$opt" <<<"$known"; then
			say "  $opt: not in linux-source-$series; left out"
			bad=${bad% "$opt"}
		fi
	done <"$fragment"
	if [ -n "$bad" ]; then
		for opt in $bad; do
			say "  $opt: wanted $(grep -E "(^|# )$opt[= ]" "$fragment" | tail -n 1)," \
				"got $(grep -E "(^|# )$opt[= ]" "$src/.config" || echo nothing)"
		done
		die "olddefconfig dropped these options (a dependency is missing):$bad"
	fi
	touch "$src/.kit-configured"
fi

# make runs in the background; a progress line a minute counts the
# files compiled so far (a cold build compiles about 2,600).
say "compiling with -j$jobs at nice $niceness; the log is $log ($(elapsed))"
# make in a process group of its own, so that an interrupted run stops
# all of it (kbuild's sub-makes and compilers too): the next run carries
# on from what make finished.
setsid nice -n "$niceness" make -C "$src" -j"$jobs" all >>"$log" 2>&1 &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null; say "interrupted: run again to resume"' EXIT
trap 'exit 130' INT TERM HUP
while kill -0 $pid 2>/dev/null; do
	for _ in $(seq 60); do
		sleep 1
		kill -0 $pid 2>/dev/null || break
	done
	kill -0 $pid 2>/dev/null || break
	say "  $(grep -c '^  CC' "$log" || true) files compiled ($(elapsed))"
done
wait $pid || { tail -n 30 "$log" >&2; die "the build failed; see $log"; }
trap - EXIT

say "installing modules.dep and modules.builtin ($(elapsed))"
rm -rf "$dir/mod"
kmake INSTALL_MOD_PATH="$dir/mod" modules_install ||
	die "make modules_install failed; see $log"
kver=$(make -s -C "$src" kernelrelease)
[ -f "$src/vmlinux-gdb.py" ] || die "no vmlinux-gdb.py in $src"
cat >"$dir/kernel.env.tmp" <<ENV
KVER=$kver
KDIR=$src
VMLINUZ=$src/arch/x86/boot/bzImage
VMLINUX=$src/vmlinux
MODDIR=$dir/mod/lib/modules/$kver
KIT_MEM=1G
KIT_BOOT=$src/arch/x86/boot/bzImage
ENV
mv "$dir/kernel.env.tmp" "$dir/kernel.env"
say "kernel $kver ready in $dir ($(elapsed))"
echo "$dir"
