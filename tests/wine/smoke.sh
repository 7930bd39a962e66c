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

target=x86_64-pc-windows-gnu
echo "wine: building detente.exe"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  cargo build --release --target "$target" --bin detente
cargo build --bin detente

work=$(mktemp -d /tmp/detente-wine.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cp "target/$target/release/detente.exe" "$work/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  tests/wine/bcryptprimitives.c tests/wine/bcryptprimitives.def -ladvapi32

export WINEPREFIX="$work/prefix" WINEDEBUG=-all
wine=/usr/lib/wine/wine64
[[ -x $wine ]] || wine=wine64
run() { (cd "$work" && "$wine" ./detente.exe "$@"); }
fail() { echo "wine: FAILED: $*" >&2; exit 1; }

echo "wine: preparing a prefix"
"$wine" wineboot --init >/dev/null 2>&1 || true

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
Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=":$disp"
for _ in $(seq 100); do [[ -e /tmp/.X11-unix/X$disp ]] && break; sleep 0.1; done
(cd "$work" && "$wine" ./detente.exe > "$work/window.log" 2>&1) &
shown=""
for _ in $(seq 120); do
  if xdotool search --onlyvisible --name detente >/dev/null 2>&1; then shown=yes; break; fi
  sleep 1
done
[[ -n $shown ]] || fail "no window; the app said: $(cat "$work/window.log")"
sleep 8
import -window root "$work/window.png"
colours=$(identify -format %k "$work/window.png")
echo "wine: window drawn with $colours colours; the app said: $(tr '\n' ' ' < "$work/window.log")"
((colours > 50)) || fail "the window looks empty ($colours colours)"
if [[ -n ${DETENTE_WINE_SHOT:-} ]]; then cp "$work/window.png" "$DETENTE_WINE_SHOT"; fi
echo "wine: all passed"
