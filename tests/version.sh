#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# One version: CMake's project(VERSION) is the only place it is written by
# hand.  The header's macros, `remit --version` (the tool and the library it
# runs), the shared library's file name and SONAME, remit.pc and the CMake
# package's version file must all say the same.
#   sh tests/version.sh VERSION REMIT LIBREMIT_SO BUILD_DIR REPO
set -u
version=$1 remit=$2 lib=$3 build=$4 repo=$5
bad=0
same() { # what expected actual
    if [ "$2" != "$3" ]; then
        echo "version: $1 says '$3', project(VERSION) says '$2'"
        bad=1
    fi
}
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
patch=${rest#*.}
h=$repo/include/remit.h
macro() { sed -n "s/^#define REMIT_VERSION_$1 *//p" "$h"; }
same "REMIT_VERSION_MAJOR" "$major" "$(macro MAJOR)"
same "REMIT_VERSION_MINOR" "$minor" "$(macro MINOR)"
same "REMIT_VERSION_PATCH" "$patch" "$(macro PATCH)"
same "REMIT_VERSION_STRING" "\"$version\"" "$(macro STRING)"
same "remit --version" "remit $version (library $version)" "$("$remit" --version)"
same "the shared library's file name" "libremit.so.$version" "$(basename "$lib")"
soname=$(readelf -d "$lib" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
same "the SONAME" "libremit.so.$major" "$soname"
same "remit.pc" "$version" "$(sed -n 's/^Version: *//p' "$build/remit.pc")"
same "remitConfigVersion.cmake" "$version" \
    "$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/remitConfigVersion.cmake")"
[ "$bad" -eq 0 ] && echo "version: $version everywhere"
exit "$bad"
