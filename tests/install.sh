#!/bin/sh
# Installs the build into a temporary prefix and builds the embedding
# example against it twice: with pkg-config, and with the CMake package.
# Checks the SONAME, that only remit_ symbols are exported, and that the
# installed tool finds the installed rules.
set -eu
build=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
cc -o "$tmp/embed" "$repo/examples/embed.c" $(pkg-config --cflags --libs remit) \
    -Wl,-rpath,"$tmp/prefix/lib"
"$tmp/embed" "$(pkg-config --variable=rulesdir remit)" \
    "$repo/examples/complaints/england-police.json" 2026-11-22 | grep -q '^verdict: out_of_jurisdiction$'
lib=$(ls "$tmp"/prefix/lib/libremit.so.*.*.* | head -n 1)
readelf -d "$lib" | grep -q 'SONAME.*libremit.so.0'
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^remit_' || true)
[ -z "$extra" ] || { echo "unexpected exported symbols: $extra"; exit 1; }
mkdir "$tmp/cm"
cat >"$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(embed_test C)
find_package(remit REQUIRED)
add_executable(embed_static "$repo/examples/embed.c")
target_link_libraries(embed_static remit::remit_static)
CM
cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm/b" >/dev/null
"$tmp/cm/b/embed_static" "$tmp/prefix/share/remit/rules" \
    "$repo/examples/complaints/england-police.json" 2026-11-22 | grep -q '^verdict: out_of_jurisdiction$'
"$tmp/prefix/bin/remit" check --today 2026-11-22 "$repo/examples/complaints/england-police.json" | grep -q '^Verdict: '
echo "install: pkg-config, CMake package, SONAME, exports and installed rules all good"
