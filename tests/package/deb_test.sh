#!/usr/bin/env bash
# The Debian package (packaging/, scripts/package): CPack builds it from a native build; it
# holds the app, the CLI, the menu entry and the icon; it declares the libraries and the
# fonts the app needs; unpacked into a throwaway root, its CLI runs a lesson and its app
# starts far enough to refuse a bad argument (its shared libraries all load).
#
#   tests/package/deb_test.sh BUILD_DIR        (build/native, built)
#
# Ends with "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: tests/package/deb_test.sh BUILD_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$root/tests/lib/checks.sh"

# ---- 1. CPack writes threadlab_<version>_<arch>.deb -----------------------------------
cpack --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1
deb=$(ls "$work"/out/threadlab_*_"$(dpkg --print-architecture)".deb 2> /dev/null)
if [ -n "$deb" ] && [ -f "$deb" ]; then
  ok "cpack writes $(basename "$deb")"
else
  fail "cpack wrote no threadlab_*.deb" "$work/cpack.log"
  summary; exit 1
fi

# ---- 2. Its contents: app, CLI, menu entry, icon -----------------------------------------
dpkg-deb --contents "$deb" > "$work/contents.txt"
for file in ./usr/bin/threadlab-desktop ./usr/bin/threadlab ./usr/share/applications/threadlab.desktop \
            ./usr/share/icons/hicolor/scalable/apps/threadlab.svg; do
  if grep -q " $file\$" "$work/contents.txt"; then ok "the package holds $file"
  else fail "the package lacks $file" "$work/contents.txt"; fi
done

# ---- 3. Its dependencies: what the binaries link, and the fonts ---------------------------
depends=$(dpkg-deb --field "$deb" Depends)
names=$(sed -E 's/ *\([^)]*\)//g; s/, */\n/g' <<< "$depends")  # one package name a line
missing=()
for package in fonts-dejavu-core libgl1 libsdl2-2.0-0 libc6 libstdc++6; do
  grep -qxF "$package" <<< "$names" || missing+=("$package")
done
if [ ${#missing[@]} = 0 ]; then ok "Depends names the fonts, GL and the linked libraries: $depends"
else fail "Depends lacks ${missing[*]}: $depends"; fi

# ---- 4. The menu entry starts the installed app, with the installed icon ---------------
dpkg-deb -x "$deb" "$work/root"
entry=$work/root/usr/share/applications/threadlab.desktop
if grep -qx 'Exec=threadlab-desktop' "$entry" && grep -qx 'Icon=threadlab' "$entry" &&
   grep -qx 'Type=Application' "$entry"; then
  ok "threadlab.desktop runs threadlab-desktop with the threadlab icon"
else
  fail "threadlab.desktop" "$entry"
fi

# ---- 5. Unpacked into a throwaway root, the CLI runs a lesson -----------------------------
expect_exit 0 'Ending value is 1\.$' "the unpacked CLI runs race-condition to 'Ending value is 1.'" \
  "$work/root/usr/bin/threadlab" run race-condition --set workers=2 --set updates=2 --speed 100

# ---- 6. The unpacked app loads (all its libraries resolve) and checks its arguments --------
expect_exit 2 "unknown lesson 'nope'" "the unpacked app starts and refuses an unknown lesson (exit 2)" \
  "$work/root/usr/bin/threadlab-desktop" --lesson nope

summary
