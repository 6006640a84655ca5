#!/usr/bin/env bash
# Builds a small x86-64 bzImage from Debian's linux-source-6.1 package for `pinsim validate
# --kernel-image`, optionally with the collect step's drain test put back to the old
# !folio_test_lru() rule (scripts/patches/6.1-collect-old-lru-rule.patch), which reproduces the
# seed bug on a real kernel. Not part of CI: it takes 5-10 minutes on 2 cores.
#
#   scripts/build-6.1-kernel.sh [--old-rule] [--jobs N]
#
# Needs (Debian): apt-get install linux-source-6.1 flex bison libelf-dev bc (gcc and make are
# assumed). The tree and the image go to ${PINSIM_CACHE:-~/.cache/pinsim}/build and .../kernels,
# never into the repository. It prints the validate command to run; the kernel's version string
# ends in -pinsim or -pinsim-old-lru, which is how `pinsim validate` picks the model.
#
# The config is tinyconfig plus what validate's init needs: SMP, serial console, initramfs
# (gzip), proc/sysfs/devtmpfs/tmpfs/memfd, futexes (pthreads), madvise, io_uring, process_vm_readv,
# page migration (COMPACTION -> MIGRATION), VM event counters (pgmigrate_* in /proc/vmstat),
# /proc/<pid>/pagemap, kprobe events and tracefs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
old_rule=0
jobs=$(nproc)
while [ $# -gt 0 ]; do
  case "$1" in
    --old-rule) old_rule=1 ;;
    --jobs) jobs=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--old-rule] [--jobs N]" >&2; exit 2 ;;
  esac
  shift
done

tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -f "$tarball" ]; then
  echo "no $tarball: apt-get install linux-source-6.1 flex bison libelf-dev bc" >&2
  exit 2
fi
for tool in flex bison bc gcc make; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install flex bison libelf-dev bc gcc make" >&2; exit 2; }
done
[ -f /usr/include/libelf.h ] || { echo "missing libelf headers: apt-get install libelf-dev" >&2; exit 2; }

cache=${PINSIM_CACHE:-$HOME/.cache/pinsim}
flavour=pinsim
[ $old_rule = 1 ] && flavour=pinsim-old-lru
tree=$cache/build/linux-6.1-$flavour
mkdir -p "$cache/build"

if [ ! -f "$tree/Makefile" ]; then
  echo "extracting $tarball into $tree" >&2
  rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
  tar -xf "$tarball" -C "$tree.tmp" --strip-components=1
  if [ $old_rule = 1 ]; then
    patch -d "$tree.tmp" -p1 < "$here/patches/6.1-collect-old-lru-rule.patch"
  fi
  mv "$tree.tmp" "$tree"
fi

cd "$tree"
make -s tinyconfig
enable=(64BIT SMP PRINTK TTY SERIAL_8250 SERIAL_8250_CONSOLE BLK_DEV_INITRD RD_GZIP BINFMT_ELF
  ADVISE_SYSCALLS PROC_FS PROC_PAGE_MONITOR SYSFS DEVTMPFS TMPFS SHMEM FUTEX POSIX_TIMERS IO_URING
  CROSS_MEMORY_ATTACH COMPACTION MIGRATION VM_EVENT_COUNTERS MULTIUSER ACPI PCI KALLSYMS MODULES KPROBES
  FTRACE KPROBE_EVENTS DYNAMIC_FTRACE HZ_250)
args=()
for o in "${enable[@]}"; do args+=(-e "$o"); done
scripts/config --file .config "${args[@]}" -d TRANSPARENT_HUGEPAGE -d DEBUG_INFO \
  --set-str LOCALVERSION "-$flavour" -d LOCALVERSION_AUTO --set-val NR_CPUS 8
make -s olddefconfig
for o in SMP IO_URING ADVISE_SYSCALLS MIGRATION VM_EVENT_COUNTERS KPROBE_EVENTS PROC_PAGE_MONITOR CROSS_MEMORY_ATTACH FUTEX SERIAL_8250_CONSOLE; do
  grep -q "^CONFIG_$o=y" .config || { echo "config: CONFIG_$o did not stay set" >&2; exit 1; }
done

echo "building bzImage with $jobs jobs (5-10 minutes on 2 cores)" >&2
make -s -j"$jobs" bzImage
out=$cache/kernels/linux-6.1-$flavour
mkdir -p "$out"
cp arch/x86/boot/bzImage "$out/bzImage"
cp .config "$out/config"
echo "built $out/bzImage" >&2
echo "run: node src/cli/main.ts validate mlock-remote-batch --kernel-image $out/bzImage"
