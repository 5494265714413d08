#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Runs the embedding example (examples/embed.c) on example complaints and
# checks what it prints.
set -u
bin=$1
repo=$2
out=$("$bin" "$repo/rules" "$repo/examples/complaints/england-police.json" 2026-11-22) || exit 1
echo "$out"
echo "$out" | grep -q '^verdict: out_of_jurisdiction$' || { echo "unexpected verdict"; exit 1; }
echo "$out" | grep -q '^head 1: out_of_jurisdiction (E-BODY-01)$' || { echo "unexpected head line"; exit 1; }
out=$("$bin" "$repo/rules" "$repo/examples/complaints/england-missing-facts.json" 2026-11-22) || exit 1
echo "$out" | grep -q '^verdict: needs_information$' || { echo "expected needs_information"; exit 1; }
echo "$out" | grep -q '^question: .* -> /' || { echo "expected questions with pointers"; exit 1; }
"$bin" "$repo/rules" /nonexistent.json 2026-11-22 >/dev/null 2>&1 && { echo "missing file accepted"; exit 1; }
exit 0
