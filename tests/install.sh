#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The install a Debian packager makes: a fresh Release build configured
# with --prefix /usr and the multiarch libdir, installed into a DESTDIR.
# Against the staged install it builds examples/embed.c with pkg-config and
# with the CMake package (remit::remit, REMIT_RULES_DIR), with no
# dependency's .pc file visible (a shared-library user needs no -dev
# package), and checks the SONAME, the exported symbols, the docs, that no
# build-tree path is in the installed binary, and that the installed remit
# uses its installed rules and nothing else: with them removed it fails,
# naming where it looked, though the source tree's rules still exist.
#   sh tests/install.sh BUILD_DIR REPO
set -eu
build=$1
repo=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*" >&2; exit 1; }
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
werror=$(sed -n 's/^REMIT_WERROR:[A-Z]*=//p' "$build/CMakeCache.txt")
multiarch=lib/x86_64-linux-gnu
cmake -S "$repo" -B "$tmp/b" -DCMAKE_C_COMPILER="${cc:-cc}" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_INSTALL_LIBDIR=$multiarch -DREMIT_TESTS=OFF -DREMIT_WERROR="${werror:-OFF}" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; fail "configure failed"; }
cmake --build "$tmp/b" -j2 >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "build failed"; }
stage=$tmp/stage
DESTDIR=$stage cmake --install "$tmp/b" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; fail "install failed"; }
usr=$stage/usr
libdir=$usr/$multiarch
example=$repo/examples/complaints/england-police.json
expect='^verdict: out_of_jurisdiction$'

# pkg-config sees only remit.pc: the dependencies' .pc files (from their
# -dev packages) are not needed to build against the shared library.
export PKG_CONFIG_LIBDIR="$libdir/pkgconfig"
unset PKG_CONFIG_PATH || true
[ "$(pkg-config --variable=libdir remit)" -ef "$libdir" ] || fail "libdir: $(pkg-config --variable=libdir remit)"
[ "$(pkg-config --variable=includedir remit)" -ef "$usr/include" ] || fail "includedir"
rulesdir=$(pkg-config --variable=rulesdir remit)
[ -f "$rulesdir/england-lgsco.yaml" ] || fail "rulesdir '$rulesdir' has no rules"
[ "$rulesdir" -ef "$usr/share/remit/rules" ] || fail "rulesdir '$rulesdir'"
pkg-config --static --libs remit | grep -q -- '-lcjson' || fail "Libs.private"
# shellcheck disable=SC2046
${cc:-cc} -o "$tmp/embed" "$repo/examples/embed.c" $(pkg-config --cflags --libs remit) \
    -Wl,-rpath,"$libdir"
"$tmp/embed" "$rulesdir" "$example" 2026-11-22 | grep -q "$expect" || fail "pkg-config build"

# The CMake package: the plain target, the rules folder, the static one.
mkdir "$tmp/cm"
cat >"$tmp/cm/CMakeLists.txt" <<CM
cmake_minimum_required(VERSION 3.16)
project(embed_test C)
find_package(remit 0 REQUIRED)
add_executable(embed "$repo/examples/embed.c")
target_link_libraries(embed PRIVATE remit::remit)
add_executable(embed_static "$repo/examples/embed.c")
target_link_libraries(embed_static PRIVATE remit::remit_static)
file(WRITE "\${CMAKE_BINARY_DIR}/rulesdir" "\${REMIT_RULES_DIR}")
CM
cmake -S "$tmp/cm" -B "$tmp/cm/b" -DCMAKE_C_COMPILER="${cc:-cc}" \
    -DCMAKE_PREFIX_PATH="$usr" -DCMAKE_BUILD_RPATH="$libdir" >"$tmp/log" 2>&1 ||
    { cat "$tmp/log"; fail "CMake package: configure"; }
cmake --build "$tmp/cm/b" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "CMake package: build"; }
cm_rules=$(cat "$tmp/cm/b/rulesdir")
[ "$cm_rules" -ef "$usr/share/remit/rules" ] || fail "REMIT_RULES_DIR '$cm_rules'"
"$tmp/cm/b/embed" "$cm_rules" "$example" 2026-11-22 | grep -q "$expect" || fail "remit::remit"
"$tmp/cm/b/embed_static" "$cm_rules" "$example" 2026-11-22 | grep -q "$expect" ||
    fail "remit::remit_static"

# The shared library: its SONAME, and only remit_ symbols exported.
lib=$(ls "$libdir"/libremit.so.*.*.* | head -n 1)
readelf -d "$lib" | grep -q 'SONAME.*libremit\.so\.0\]' || fail "SONAME"
extra=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^remit_' || true)
[ -z "$extra" ] || fail "unexpected exported symbols: $extra"

# The documentation, the manual page, the bash completion.
for f in doc/remit/README.md doc/remit/LICENSE doc/remit/examples/embed.c \
         doc/remit/examples/complaints/england-police.json man/man1/remit.1 \
         bash-completion/completions/remit; do
    [ -f "$usr/share/$f" ] || fail "share/$f not installed"
done
grep -q '^\.I /usr/share/remit/rules$' "$usr/share/man/man1/remit.1" ||
    fail "remit(1) does not name the installed rules"

# The installed remit: its installed rules, no build-tree path anywhere.
bin=$usr/bin/remit
[ ! -e "$usr/bin/remit.build-tree" ] || fail "the build-tree marker was installed"
server=$usr/libexec/remit/remit-serve
[ -x "$server" ] || fail "libexec/remit/remit-serve not installed"
if grep -q -F -e "$repo" -e "$tmp/b" "$bin" "$lib" "$server"; then
    fail "a build-tree path is in the installed binary, server or library"
fi
# Only the server loads libmicrohttpd; remit serve runs the installed one.
readelf -d "$bin" | grep -q 'NEEDED.*microhttpd' && fail "remit links libmicrohttpd"
"$bin" serve --help | grep -q '^Usage: remit serve' ||
    fail "installed remit serve does not run the installed remit-serve"
env -u REMIT_RULES "$bin" check --today 2026-11-22 "$example" | grep -q '^Verdict: ' ||
    fail "installed remit with its installed rules"
# The planted-rules case: the installed rules gone, the source tree's rules
# (the path an older remit fell back to) still there: an error, naming
# where it looked, never those rules.
rm -rf "$usr/share/remit/rules"
[ -d "$repo/rules" ]
set +e
out=$(env -u REMIT_RULES "$bin" check --today 2026-11-22 "$example" 2>&1)
rc=$?
set -e
[ "$rc" -eq 4 ] || fail "missing rules: exit $rc, not 4: $out"
echo "$out" | grep -q -F "looked in $usr/share/remit/rules and /usr/share/remit/rules" ||
    fail "missing rules: the message does not say where it looked: $out"
echo "$out" | grep -q '^Verdict' && fail "missing rules: a verdict from other rules"
REMIT_RULES=$repo/rules "$bin" check --today 2026-11-22 "$example" | grep -q '^Verdict: ' ||
    fail "REMIT_RULES"
"$bin" check --rules "$repo/rules" --today 2026-11-22 "$example" | grep -q '^Verdict: ' ||
    fail "--rules"
echo "install: Debian layout + DESTDIR: pkg-config, CMake package, SONAME, exports, docs, installed rules only"
