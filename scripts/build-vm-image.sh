#!/usr/bin/env bash
# Builds a Deskpilot Debian 12 desktop VM image out of Debian packages.
#
#   scripts/build-vm-image.sh [--apps core|office|browser,...] --out DIR --guest-lib DIR
#                             [--guest-main CLASS] [--token-mode file|env] [--jdk DIR] [--cache DIR]
#                             [--mirror URL] [--no-compress]
#
# --apps: core (always in), office (LibreOffice Calc and Writer), browser (Chromium with a
# google-chrome wrapper), comma-separated. --cache defaults to ~/.cache/deskpilot/vm-build (a build
# works without it: it only saves the download next time). --no-compress writes a plain qcow2
# (about twice the size, faster to build).
#
# --guest-main defaults to dev.deskpilot.vm.qemu.guest.VmGuestMain, which takes its session token
# from a file and swaps tokens without a JVM restart (--token-mode file, the default); any main
# that reads DESKPILOT_GUEST_TOKEN from its environment works with --token-mode env, e.g.
# dev.deskpilot.vm.guest.GuestServerMain (restores then restart the guest JVM: slow under TCG).
# Output: DIR/deskpilot-bookworm-<apps>-<UTC timestamp>/ with vmlinuz, initrd.img, disk.qcow2 and
# manifest.json (Debian package versions, build date, apps, file sizes and hashes, kernel command
# line, the guest protocol version read from the guest lib's dev.deskpilot.vm.GuestProtocol), and
# the symlink DIR/latest-<apps> to it (<apps>: core, office, browser, office-browser). The last
# line printed is the image directory.
#
# How: mmdebstrap (bookworm, a pinned snapshot.debian.org mirror when reachable, else
# deb.debian.org; SOURCE_DATE_EPOCH fixed) -> a root tree (cached by package set, so a new guest
# lib costs a minute, not a download) -> the recipe (vm-images/recipes: user `user` uid 1000, the
# deskpilot-session systemd service, a jlinked Java runtime and the guest server's jars) ->
# `mkfs.ext4 -d` (no loop device) -> `qemu-img convert -c -O qcow2`. QEMU boots the image's own
# kernel and initrd directly (no boot loader). Needs root (mmdebstrap's root mode, file owners).
set -euo pipefail

SNAPSHOT_TIME=20250520T000000Z
SNAPSHOT_EPOCH=1747699200 # 2025-05-20T00:00:00Z, also SOURCE_DATE_EPOCH
SUITE=bookworm
GUEST_MODULES=java.base,java.desktop,java.datatransfer,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.httpserver,jdk.unsupported,jdk.zipfs
KERNEL_CMDLINE="root=/dev/vda rootfstype=ext4 rw console=ttyS0 net.ifnames=0 fsck.mode=skip loglevel=4 mitigations=off systemd.show_status=false"
STAGE_VERSION=1 # bump when the cached root tree's recipe changes

here=$(cd "$(dirname "$0")" && pwd)
recipes=$(cd "$here/../vm-images/recipes" && pwd)

die() { echo "build-vm-image: $*" >&2; exit 2; }
step() { echo "build-vm-image: [$(( $(date +%s) - t0 ))s] $*" >&2; }
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

apps=core out="" guest_lib="" guest_main=dev.deskpilot.vm.qemu.guest.VmGuestMain token_mode=file
jdk=${JAVA_HOME:-}
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] && "$jdk/bin/java" -version 2>&1 | grep -q '"2[5-9]' || jdk=""
[ -z "$jdk" ] && for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/jlink" ] && jdk=$d && break; done
cache=${XDG_CACHE_HOME:-$HOME/.cache}/deskpilot/vm-build
mirror=""
compress=1
while [ $# -gt 0 ]; do
  case "$1" in
    --apps) apps=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    --guest-lib) guest_lib=${2:-}; shift 2 ;;
    --guest-main) guest_main=${2:-}; shift 2 ;;
    --token-mode) token_mode=${2:-}; shift 2 ;;
    --jdk) jdk=${2:-}; shift 2 ;;
    --cache) cache=${2:-}; shift 2 ;;
    --mirror) mirror=${2:-}; shift 2 ;;
    --no-compress) compress=0; shift ;;
    -h|--help) usage ;;
    *) die "unknown argument '$1' (valid: --apps core|office|browser,..., --out DIR, --guest-lib DIR, --guest-main CLASS, --token-mode file|env, --jdk DIR, --cache DIR, --mirror URL, --no-compress)" ;;
  esac
done
with_office=0 with_browser=0
IFS=, read -ra app_words <<<"$apps"
[ ${#app_words[@]} -gt 0 ] || die "--apps '' is not valid (core, office, browser, comma-separated)"
for a in "${app_words[@]}"; do
  case "$a" in
    core) ;;
    office) with_office=1 ;;
    browser) with_browser=1 ;;
    *) die "--apps '$apps': '$a' is not an app set (valid: core, office, browser, comma-separated)" ;;
  esac
done
app_sets=core
[ "$with_office" = 1 ] && app_sets="$app_sets,office"
[ "$with_browser" = 1 ] && app_sets="$app_sets,browser"
apps=${app_sets#core,}  # the image's tag: core, office, browser or office,browser
apps_tag=${apps//,/-}
case "$token_mode" in file|env) ;; *) die "--token-mode '$token_mode' is not valid (file or env)" ;; esac
[ -n "$out" ] || die "--out DIR is required (where the versioned image directory goes)"
[ -n "$guest_lib" ] || die "--guest-lib DIR is required (the directory of the in-guest server's jars)"
[ -d "$guest_lib" ] || die "--guest-lib '$guest_lib' is not a directory"
compgen -G "$guest_lib/*.jar" >/dev/null || die "--guest-lib '$guest_lib' holds no .jar file"
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || die "no JDK 25+ with jlink found (set JAVA_HOME or --jdk DIR)"
[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap root mode and file owners in the image); try: sudo $0 $*"
for tool in mmdebstrap mkfs.ext4 qemu-img python3 chroot setpriv; do
  command -v "$tool" >/dev/null || die "'$tool' is missing (Debian: apt-get install mmdebstrap e2fsprogs qemu-utils python3 util-linux)"
done
main_entry="${guest_main//.//}.class"
found=""
for j in "$guest_lib"/*.jar; do
  if "$jdk/bin/jar" tf "$j" 2>/dev/null | grep -qx "$main_entry"; then found=$j; break; fi
done
[ -n "$found" ] || die "no jar in '$guest_lib' contains the guest main class $guest_main ($main_entry)"
protocol=""
for j in "$guest_lib"/*.jar; do
  if "$jdk/bin/jar" tf "$j" 2>/dev/null | grep -qx 'dev/deskpilot/vm/GuestProtocol.class'; then
    protocol=$("$jdk/bin/javap" -cp "$j" -constants dev.deskpilot.vm.GuestProtocol 2>/dev/null \
      | sed -n 's/.*static final int VERSION = \([0-9]*\);.*/\1/p')
    break
  fi
done
[ -n "$protocol" ] || die "no jar in '$guest_lib' has dev.deskpilot.vm.GuestProtocol.VERSION (the guest protocol the image records)"

t0=$(date +%s)
export SOURCE_DATE_EPOCH=$SNAPSHOT_EPOCH
mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)

# --- mirror ---------------------------------------------------------------------------------------
if [ -z "$mirror" ]; then
  snap=http://snapshot.debian.org/archive
  if command -v curl >/dev/null && curl -sf --max-time 10 -o /dev/null "$snap/debian/$SNAPSHOT_TIME/dists/$SUITE/Release"; then
    sources=("deb [check-valid-until=no] $snap/debian/$SNAPSHOT_TIME $SUITE main"
             "deb [check-valid-until=no] $snap/debian-security/$SNAPSHOT_TIME $SUITE-security main")
    mirror_desc="snapshot.debian.org $SNAPSHOT_TIME"
  else
    sources=("deb http://deb.debian.org/debian $SUITE main"
             "deb http://deb.debian.org/debian $SUITE-updates main"
             "deb http://deb.debian.org/debian-security $SUITE-security main")
    mirror_desc="deb.debian.org (snapshot.debian.org not reachable; package versions as of the build date)"
  fi
else
  sources=("deb $mirror $SUITE main")
  mirror_desc=$mirror
fi
step "mirror: $mirror_desc"

# --- stage 1: packages (cached) -------------------------------------------------------------------
pkgs=$(cat "$recipes/packages-core.txt"
       [ "$with_office" = 1 ] && cat "$recipes/packages-office.txt"
       [ "$with_browser" = 1 ] && cat "$recipes/packages-browser.txt"
       true)
pkgs=$(printf '%s\n' "$pkgs" | sed 's/#.*//; s/[[:space:]]//g' | grep -v '^$' | sort -u | paste -sd, -)
key=$(printf '%s\n' "$STAGE_VERSION" "$SUITE" "$pkgs" "${sources[@]}" | sha256sum | cut -c1-16)
if [ "$mirror_desc" != "${mirror_desc#deb.debian.org}" ]; then
  key="$key-$(date -u +%Y%m%d)" # the moving mirror: reuse a tree for one day at most
fi
rootfs_tar="$cache/rootfs-$key.tar"
if [ -f "$rootfs_tar" ]; then
  step "packages: cached root tree $rootfs_tar"
else
  step "packages: mmdebstrap $SUITE with $(tr ',' '\n' <<<"$pkgs" | wc -l) packages (and their dependencies)"
  mmdebstrap --mode=root --variant=minbase --format=tar \
    --include="$pkgs" \
    --aptopt='Acquire::Languages "none"' \
    --dpkgopt='force-unsafe-io' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    "$SUITE" "$rootfs_tar.part" "${sources[@]}" >"$cache/mmdebstrap-$key.log" 2>&1 \
    || { tail -n 30 "$cache/mmdebstrap-$key.log" >&2; die "mmdebstrap failed (log: $cache/mmdebstrap-$key.log)"; }
  mv "$rootfs_tar.part" "$rootfs_tar"
fi

# --- the guest's Java runtime (cached by JDK and module set) ------------------------------------
jdk_release=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
runtime="$cache/runtime-$(printf '%s %s' "$jdk_release" "$GUEST_MODULES" | sha256sum | cut -c1-16)"
if [ ! -x "$runtime/bin/java" ]; then
  step "runtime: jlink $jdk_release ($GUEST_MODULES)"
  rm -rf "$runtime.part"
  "$jdk/bin/jlink" --add-modules "$GUEST_MODULES" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --generate-cds-archive --output "$runtime.part" >&2
  mv "$runtime.part" "$runtime"
fi

# --- stage 2: the recipe ------------------------------------------------------------------------
work=$(mktemp -d "$out/.build-XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
root="$work/root"
mkdir "$root"
step "recipe: unpacking the root tree"
tar --numeric-owner --xattrs --xattrs-include='*' -xpf "$rootfs_tar" -C "$root"

echo deskpilot-vm >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tdeskpilot-vm\n' >"$root/etc/hosts"
echo '/dev/vda / ext4 rw,noatime,errors=remount-ro 0 0' >"$root/etc/fstab"
chroot "$root" useradd --create-home --uid 1000 --user-group --shell /bin/bash user
cp -a "$recipes/rootfs/." "$root/"
chown -R root:root "$root/etc/systemd/system/deskpilot-session.service" "$root/etc/modules-load.d" "$root/usr/local/lib/deskpilot"
mkdir -p "$root/etc/systemd/system/multi-user.target.wants" "$root/etc/systemd/journald.conf.d" "$root/etc/deskpilot"
ln -sf /etc/systemd/system/deskpilot-session.service "$root/etc/systemd/system/multi-user.target.wants/"
ln -sf /lib/systemd/system/multi-user.target "$root/etc/systemd/system/default.target"
for unit in getty@tty1.service serial-getty@ttyS0.service apt-daily.timer apt-daily-upgrade.timer \
            man-db.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer dpkg-db-backup.timer \
            systemd-timesyncd.service; do
  ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' >"$root/etc/systemd/journald.conf.d/deskpilot.conf"
: >"$root/etc/machine-id"
cat >"$root/etc/deskpilot/guest.conf" <<EOF
# Read by /usr/local/lib/deskpilot/session.sh
DESKPILOT_GUEST_MAIN=$guest_main
DESKPILOT_TOKEN_MODE=$token_mode
DESKPILOT_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Djava.awt.headless=false"
DESKPILOT_SCREEN=1920x1080x24
EOF

mkdir -p "$root/opt/deskpilot/lib"
cp -a "$runtime" "$root/opt/deskpilot/runtime"
cp "$guest_lib"/*.jar "$root/opt/deskpilot/lib/"
chown -R root:root "$root/opt/deskpilot"
chmod -R a+rX "$root/opt/deskpilot"

if [ "$with_office" = 1 ]; then
  lo_version=$(chroot "$root" dpkg-query -W -f '${Version}' libreoffice-core | sed -E 's/^[0-9]+://; s/^([0-9]+\.[0-9]+).*/\1/')
  profile="$root/home/user/.config/libreoffice/4/user"
  mkdir -p "$profile"
  cat >"$profile/registrymodifications.xcu" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="ShowTipOfTheDay" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseSystemFileDialog" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="WarnAlienFormat" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Recovery/AutoSave"><prop oor:name="Enabled" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>$lo_version</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="LastTimeDonateShown" oor:op="fuse"><value>9999999999</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="LastTimeGetInvolvedShown" oor:op="fuse"><value>9999999999</value></prop></item>
</oor:items>
EOF
fi
if [ "$with_browser" = 1 ]; then
  # OSWorld's tasks start google-chrome (and read ~/.config/google-chrome): Chromium stands in.
  for exe in google-chrome google-chrome-stable; do
    cp "$recipes/google-chrome" "$root/usr/bin/$exe"
    chmod 0755 "$root/usr/bin/$exe"
  done
  sed -e 's#^Exec=/usr/bin/chromium#Exec=/usr/bin/google-chrome-stable#' -e 's#^Name=Chromium$#Name=Google Chrome#' \
    "$root/usr/share/applications/chromium.desktop" >"$root/usr/share/applications/google-chrome.desktop"
  mkdir -p "$root/home/user/.config/google-chrome"
  : >"$root/home/user/.config/google-chrome/First Run"
fi
chroot "$root" chown -R user:user /home/user

kernel=$(cd "$root/boot" && ls vmlinuz-* | sort -V | tail -n 1)
kver=${kernel#vmlinuz-}
[ -f "$root/boot/initrd.img-$kver" ] || die "the image has no initrd for kernel $kver (initramfs-tools failed?)"
# Hardware a QEMU q35 guest never has: drop its drivers (the initrd is already built).
for d in drivers/gpu drivers/media drivers/net/wireless net/wireless net/mac80211 drivers/infiniband \
         drivers/staging drivers/bluetooth net/bluetooth sound drivers/iio drivers/isdn drivers/net/ethernet \
         drivers/usb/gadget drivers/mtd drivers/nfc drivers/thunderbolt; do
  rm -rf "$root/lib/modules/$kver/kernel/$d"
done
rm -rf "$root/lib/firmware"
chroot "$root" depmod "$kver"
find "$root/lib/modules/$kver" -name 'qemu_fw_cfg.ko*' | grep -q . || die "kernel $kver has no qemu_fw_cfg module: the token could not reach the guest"
cp "$root/boot/$kernel" "$work/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$work/initrd.img"
chroot "$root" dpkg-query -W -f '${Package}\t${Version}\n' >"$work/packages.tsv"

# --- disk ------------------------------------------------------------------------------------------
used_mb=$(du -sm "$root" | cut -f1)
size_mb=$(( (used_mb * 3 / 2 + 3072 + 1023) / 1024 * 1024 ))
step "disk: mkfs.ext4 -d (${used_mb} MB of files, ${size_mb} MB file system)"
uuid=$(printf 'deskpilot %s %s %s' "$key" "$apps" "$SOURCE_DATE_EPOCH" | sha256sum | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-4\3-8\4-\5/')
truncate -s "${size_mb}M" "$work/root.img"
E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH mkfs.ext4 -q -F -L deskpilot-root -U "$uuid" \
  -E root_owner=0:0,hash_seed="$uuid" -d "$root" "$work/root.img"
rm -rf "$root"
if [ "$compress" = 1 ]; then
  step "disk: qemu-img convert -c -O qcow2"
  qemu-img convert -c -m 2 -O qcow2 "$work/root.img" "$work/disk.qcow2"
else
  step "disk: qemu-img convert -O qcow2 (uncompressed)"
  qemu-img convert -m 2 -O qcow2 "$work/root.img" "$work/disk.qcow2"
fi
rm -f "$work/root.img"

# --- manifest ---------------------------------------------------------------------------------------
name="deskpilot-$SUITE-$apps_tag-$(date -u +%Y%m%d-%H%M%S)"
jars=$(cd "$guest_lib" && ls *.jar | paste -sd' ' -)
python3 - "$work" "$name" "$apps" "$mirror_desc" "$kver" "$KERNEL_CMDLINE" "$jdk_release" "$GUEST_MODULES" "$guest_main:$token_mode" "$(( $(date +%s) - t0 ))" "$guest_lib" "$protocol" "$app_sets" $jars <<'EOF'
import hashlib, json, os, sys, datetime
work, name, apps, mirror, kver, cmdline, jdk, modules, main, seconds, lib, protocol, app_sets = sys.argv[1:14]
jars = sys.argv[14:]
def digest(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()
files = {f: {"size": os.path.getsize(os.path.join(work, f)), "sha256": digest(os.path.join(work, f))}
         for f in ("vmlinuz", "initrd.img", "disk.qcow2")}
packages = {}
with open(os.path.join(work, "packages.tsv")) as f:
    for line in f:
        p, v = line.rstrip("\n").split("\t")
        packages[p] = v
manifest = {
    "format": 1,
    "name": name,
    "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "sourceDateEpoch": int(os.environ["SOURCE_DATE_EPOCH"]),
    "distribution": "debian",
    "suite": "bookworm",
    "mirror": mirror,
    "apps": apps,
    "appSets": app_sets.split(","),
    "kernel": kver,
    "kernelCmdline": cmdline,
    "guest": {
        "protocol": int(protocol),
        "port": 8765,
        "tokenFwCfg": "opt/deskpilot/token",
        "tokenLength": 64,
        "screen": "1920x1080x24",
        "user": "user",
        "main": main.split(":")[0],
        "tokenMode": main.split(":")[1],
        "javaRuntime": jdk,
        "javaModules": modules.split(","),
        "jars": {j: digest(os.path.join(lib, j)) for j in jars},
    },
    "buildSeconds": int(seconds),
    "files": files,
    "packages": packages,
}
with open(os.path.join(work, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2, sort_keys=False)
    f.write("\n")
EOF
rm -f "$work/packages.tsv"
chmod 0644 "$work"/*
chmod 0755 "$work"
mv "$work" "$out/$name"
trap - EXIT
ln -sfn "$name" "$out/latest-$apps_tag"
if [ -n "${SUDO_UID:-}" ] && [ -n "${SUDO_GID:-}" ]; then
  # Built through sudo: the image belongs to the person who asked (golden states go inside it).
  chown -R "$SUDO_UID:$SUDO_GID" "$out/$name"
  chown -h "$SUDO_UID:$SUDO_GID" "$out/latest-$apps_tag"
fi
step "done: $out/$name ($(du -sh "$out/$name" | cut -f1), disk $(du -h "$out/$name/disk.qcow2" | cut -f1))"
echo "$out/$name"
