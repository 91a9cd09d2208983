#!/usr/bin/env bash
# Installs the Debian package into a fresh Debian 12 (bookworm) made with debootstrap and checks
# the desktop integration there, the way a newcomer's laptop would see it:
#
#   - the .deb installs with apt, pulling its dependencies; `casebook --version` runs;
#   - the installed desktop entry and AppStream file validate;
#   - `*.case.ron` files have the type application/x-casebook-case, and Casebook is its default
#     application (what a file manager's double-click uses);
#   - the desktop entry launches the app (gio launch), and xdg-open on a case file opens that case,
#     both in a real X server (Xvfb); screenshots go to target/dist/fresh-*.png.
#
#   dist/check-fresh-install.sh [casebook_X_amd64.deb]    # as root; needs debootstrap and network
#
# The bookworm tree is kept in target/dist/fresh-root (FRESH_ROOT overrides) and reused, so a
# second run only reinstalls the package.
set -euo pipefail
cd "$(dirname "$0")/.."

deb=$(realpath "${1:-$(ls -t target/dist/*.deb | head -1)}")
root=$(realpath -m "${FRESH_ROOT:-target/dist/fresh-root}")
shots=$(realpath -m target/dist)
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y debootstrap

if [ ! -x "$root/bin/bash" ]; then
  echo "== debootstrap bookworm into $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
for m in proc dev dev/pts; do mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"; done
trap 'for m in dev/pts dev proc; do umount -l "$root/$m" 2>/dev/null || true; done' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/casebook.deb"

in_root() { chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$1"; }

echo "== desktop tools a desktop has (X server for the checks, xdg-utils, glib's gio)"
in_root "apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends \
  xvfb xdotool x11-utils imagemagick xdg-utils libglib2.0-bin desktop-file-utils \
  appstream shared-mime-info libfile-mimeinfo-perl >/dev/null"

echo "== install the package"
in_root "apt-get remove -y -q casebook >/dev/null 2>&1 || true; apt-get install -y -q /tmp/casebook.deb | tail -3"
in_root "casebook --version"

echo "== validate the installed files"
in_root "desktop-file-validate /usr/share/applications/io.github.casebook.Casebook.desktop && echo desktop entry: OK"
in_root "appstreamcli validate --no-net /usr/share/metainfo/io.github.casebook.Casebook.metainfo.xml"

echo "== MIME type and default application"
in_root "mkdir -p /root/cases && cp /usr/share/doc/casebook/examples/twitter-2017-deactivation.case.ron /root/cases/sample.case.ron"
# GIO (GNOME's file manager) and xdg-mime (with File::MimeInfo, as on most desktops) both read
# the shared-mime-info database the package registered.
gio_type=$(in_root "gio info -a standard::content-type /root/cases/sample.case.ron | sed -n 's/.*content-type: //p'")
type=$(in_root "xdg-mime query filetype /root/cases/sample.case.ron")
default=$(in_root "xdg-mime query default application/x-casebook-case")
echo "content type (gio): $gio_type; (xdg-mime): $type; default application: $default"
[ "$gio_type" = application/x-casebook-case ]
[ "$type" = application/x-casebook-case ]
[ "$default" = io.github.casebook.Casebook.desktop ]

echo "== launch from the desktop entry, then open a case by its file"
in_root "
  # (The chroot shares the host's processes: stop only what this script started.)
  [ -f /tmp/.X99-lock ] && kill \$(cat /tmp/.X99-lock) 2>/dev/null; sleep 0.5; rm -f /tmp/.X99-lock
  Xvfb :99 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=\$!
  export DISPLAY=:99; sleep 1
  gio launch /usr/share/applications/io.github.casebook.Casebook.desktop >/tmp/launch.log 2>&1 &
  win=\$(timeout 60 xdotool search --sync --name '^Casebook' | head -1)
  sleep 3; import -window root /tmp/fresh-launch.png
  kill \$(xdotool getwindowpid \$win); sleep 1
  # On GNOME, xdg-open is \`gio open\`: the same lookup as a double-click in the file manager.
  XDG_CURRENT_DESKTOP=GNOME xdg-open /root/cases/sample.case.ron >/tmp/open.log 2>&1 &
  win=\$(timeout 60 xdotool search --sync --name 'Head-of-state' | head -1)
  sleep 3; import -window root /tmp/fresh-open.png
  echo \"window: \$(xdotool getwindowname \$win)\"
  kill \$(xdotool getwindowpid \$win); sleep 1; kill \$xvfb
"
cp "$root/tmp/fresh-launch.png" "$root/tmp/fresh-open.png" "$shots/"
echo "OK: installed, launched from the menu entry, and opened a case by its file ($shots/fresh-*.png)"
