#!/usr/bin/env bash
# The Windows build, proven under Wine (run by .ci/run; needs mingw-w64,
# wine64, Xvfb, xdotool and imagemagick, which .ci/run installs):
#   - builds detente.exe (release: no console of its own) with mingw;
#   - --version, `check` of every bundled dataset (exit 0, "ok" printed),
#     `check` of a broken file (exit 1, file:line:col printed), `export`
#     of a figure that must equal the Linux build's byte for byte;
#   - opens the window in Xvfb with the default renderer choice (wgpu,
#     falling back to OpenGL) and checks that it is drawn.
# The bcryptprimitives shim beside the .exe is test tooling for Wine 8 only
# (see tests/wine/bcryptprimitives.c); it is never shipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Wine reads file names and arguments in the locale's encoding: without a
# UTF-8 locale, "é" would not survive.
export LC_ALL=C.UTF-8

target=x86_64-pc-windows-gnu
rustup target add "$target" >/dev/null 2>&1 || true
echo "wine: building detente.exe"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  cargo build --release --target "$target" --bin detente
cargo build --bin detente

work=$(mktemp -d /tmp/detente-wine.XXXXXX)
export WINEPREFIX="$work/prefix" WINEDEBUG=fixme-all,err-all
# No Mono or Gecko installer dialogs: detente needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
wine=/usr/lib/wine/wine64
[[ -x $wine ]] || wine=wine64
wineserver=/usr/lib/wine/wineserver64
[[ -x $wineserver ]] || wineserver=wineserver
xvfb_pid=""
cleanup() {
  "$wineserver" -k 2>/dev/null || true
  [[ -z $xvfb_pid ]] || kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "target/$target/release/detente.exe" "$work/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  tests/wine/bcryptprimitives.c tests/wine/bcryptprimitives.def -ladvapi32

# Every Wine command has a deadline: a stuck one fails the test, not CI.
run() { (cd "$work" && timeout 120 "$wine" ./detente.exe "$@" </dev/null); }
fail() { echo "wine: FAILED: $*" >&2; exit 1; }

echo "wine: preparing a prefix"
(unset DISPLAY; timeout 300 "$wine" wineboot --init >"$work/wineboot.log" 2>&1) ||
  fail "wineboot: $(tail -5 "$work/wineboot.log")"
timeout 120 "$wineserver" -w || true

out=$(run --version 2>&1) || fail "--version exited $?: $out"
[[ $out == "detente "* ]] || fail "--version printed: $out"
echo "wine: --version: $out"

for f in data/*.ron; do
  cp "$f" "$work/"
  set +e; out=$(run check "$(basename "$f")" 2>&1); code=$?; set -e
  [[ $code == 0 ]] || fail "check $f exited $code: $out"
  [[ $out == *": ok ("* ]] || fail "check $f printed: $out"
  echo "wine: check $(basename "$f"): $out"
done

printf 'Dataset(version: 1,\n  title: "Broken",\n  states: [State(id: "A")])\n' > "$work/broken.ron"
set +e; out=$(run check broken.ron 2>&1); code=$?; set -e
[[ $code == 1 ]] || fail "check broken.ron exited $code: $out"
[[ $out =~ broken\.ron:3:[0-9]+:\ missing\ field ]] || fail "check broken.ron printed: $out"
echo "wine: check broken.ron: $out"

bundled=$(basename "$(ls data/*.ron | head -1)")
for ext in svg png; do
  set +e; out=$(run export "$bundled" --at 1985-06 --out "fig.$ext" 2>&1); code=$?; set -e
  [[ $code == 0 ]] || fail "export .$ext exited $code: $out"
  [[ $out == *"wrote fig.$ext"* ]] || fail "export .$ext printed: $out"
  target/debug/detente export "data/$bundled" --at 1985-06 --out "$work/linux.$ext" --quiet
  cmp "$work/fig.$ext" "$work/linux.$ext" || fail "the Windows and Linux figures (.$ext) differ"
  echo "wine: export .$ext: $out; identical to the Linux build's"
done

# A folder and a file name with spaces and non-ASCII letters, written over
# an existing file (Windows replaces by rename).
mkdir -p "$work/Cartes du monde é"
for _ in 1 2; do
  set +e; out=$(run export "$bundled" --at 1985-06 --out "Cartes du monde é/figure ü.png" 2>&1); code=$?; set -e
  [[ $code == 0 ]] || fail "export to a non-ASCII path exited $code: $out"
done
cmp "$work/Cartes du monde é/figure ü.png" "$work/linux.png" || fail "the figure at a non-ASCII path differs"
[[ $(ls "$work/Cartes du monde é" | wc -l) == 1 ]] || fail "debris beside the figure: $(ls "$work/Cartes du monde é")"
echo "wine: export to a non-ASCII path, twice over the same file: fine"

echo "wine: opening the window in Xvfb"
disp=""
for n in $(seq 170 220); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] || { disp=$n; break; }
done
[[ -n $disp ]] || fail "no free display"
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$disp"
for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$disp ]] && break; sleep 0.1; done
[[ -e /tmp/.X11-unix/X$disp ]] || fail "Xvfb did not start"
(cd "$work" && exec timeout 300 "$wine" ./detente.exe > "$work/window.log" 2>&1) &
app=$!
wid=""
for _ in $(seq 120); do
  wid=$(xdotool search --onlyvisible --name detente 2>/dev/null | head -1) && [[ -n $wid ]] && break
  kill -0 "$app" 2>/dev/null || fail "the app ended: $(cat "$work/window.log")"
  sleep 1
done
[[ -n $wid ]] || fail "no window; the app said: $(cat "$work/window.log")"
# The window itself, until its picture holds the network's colours (a
# blank or half-drawn window has few), within a minute.
colours=0
for _ in $(seq 30); do
  import -window "$wid" "$work/window.png" 2>/dev/null || true
  colours=$(identify -format %k "$work/window.png" 2>/dev/null || echo 0)
  ((colours > 1000)) && break
  sleep 2
done
said=$(tr '\n' ' ' < "$work/window.log")
echo "wine: window drawn with $colours colours; the app said: $said"
((colours > 1000)) || fail "the window does not look drawn ($colours colours)"
kill -0 "$app" 2>/dev/null || fail "the app ended after drawing: $said"
[[ $said != *panicked* ]] || fail "the app panicked: $said"
if [[ -n ${DETENTE_WINE_SHOT:-} ]]; then cp "$work/window.png" "$DETENTE_WINE_SHOT"; fi
kill "$app" 2>/dev/null || true
echo "wine: all passed"
