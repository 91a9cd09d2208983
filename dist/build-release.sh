#!/usr/bin/env bash
# Builds the release binary, a tarball and a Debian package, validates the desktop files, and
# checks the package: its contents, and `casebook --version` from the installed (or, without
# root, the extracted) package.
#
#   dist/build-release.sh            # build + check by extracting the .deb
#   dist/build-release.sh --install  # also install it with apt (needs root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)
arch=$(uname -m)
out=target/dist
mkdir -p "$out"

echo "== validate desktop entry and AppStream metadata"
command -v desktop-file-validate >/dev/null && desktop-file-validate dist/io.github.casebook.Casebook.desktop
command -v appstreamcli >/dev/null && appstreamcli validate --no-net dist/io.github.casebook.Casebook.metainfo.xml

echo "== release build"
cargo build --release --locked
ls -l target/release/casebook

echo "== tarball"
stage="$out/casebook-$version-$arch-linux"
rm -rf "$stage" && mkdir -p "$stage"
cp target/release/casebook README.md "$stage/"
cp -r dist/icons dist/*.desktop dist/*.xml dist/apt-packages.txt "$stage/"
mkdir -p "$stage/examples" && cp assets/examples/*.case.ron "$stage/examples/"
tar -C "$out" -czf "$stage.tar.gz" "$(basename "$stage")"
ls -l "$stage.tar.gz"

echo "== Debian package"
command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
cargo deb --no-build --output "$out/"
deb=$(ls -t "$out"/*.deb | head -1)
dpkg-deb --info "$deb" | sed -n '1,20p'
dpkg-deb --contents "$deb"

echo "== check the package"
if [ "${1:-}" = "--install" ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y "./$deb"
  casebook --version
  test -f /usr/share/applications/io.github.casebook.Casebook.desktop
  test -f /usr/share/mime/packages/casebook.xml
else
  root=$(mktemp -d)
  dpkg-deb -x "$deb" "$root"
  "$root/usr/bin/casebook" --version
  rm -rf "$root"
fi
echo "OK: $deb"
