#!/usr/bin/env bash
# Install the system libraries posapp needs (Debian/Ubuntu), or say exactly what to run.
# pyzbar loads libzbar at run time; Qt's offscreen and xcb platforms need EGL, fontconfig,
# xkbcommon and friends; xvfb renders real screenshots on a machine with no screen; a
# Chinese font (WenQuanYi Micro Hei, 5 MB) so the zh_CN interface is not empty boxes.
set -euo pipefail

packages=(libzbar0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
          libdbus-1-3 libglib2.0-0 xvfb xauth fonts-wqy-microhei)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system-deps: not a Debian-like system; install zbar and Qt's runtime libraries yourself." >&2
    exit 0
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    echo "system-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    $cmd
else
    echo "system-deps: these system packages are missing: ${missing[*]}" >&2
    echo "Run as root:  sudo apt-get update && sudo $cmd" >&2
    exit 1
fi
