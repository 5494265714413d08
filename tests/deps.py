#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The engine's file-level dependency graph: no cycle, no arrow upward.

    python3 tests/deps.py SOURCE_DIR ENGINE_OBJECTS... [-- CLI_OBJECTS...]

The layers are read from the block that follows "<!-- layers -->" in
engine/README.md, lowest first, one line each: "name: module module ...".
A module is a stem: `lint` is engine/tools/lint.c with engine/tools/lint.h;
a header with no .c of its own is named with its ".h".  A file may use its
own layer and the layers below it, never one above.  Each layer is a
folder of engine/ of the same name (the stages in pipeline order), except
the one-file layer `api`, which is engine/api.c itself: a file must sit
in its layer's folder, so the folder list is the map.

The graph is derived twice, and both must hold:
  - from the #include "..." lines of engine/*.[ch] and engine/<layer>/*.[ch];
  - from the object files (nm): module A -> module B when A's object
    refers to a symbol B's object defines.
Then: every engine file must be placed in a layer (a new file is a
decision); no arrow may point to a higher layer; and the graph of modules
(layers aside) may have no cycle.  The CLI (engine/cli/) includes only its
own cli.h, remit.h and system headers, and its objects use no engine
symbol but the public remit_ ones.  Exits 1 listing every violation.
"""
import glob
import os
import re
import subprocess
import sys


def read_layers(readme):
    text = open(readme, encoding="utf-8").read()
    at = text.find("<!-- layers -->")
    if at < 0:
        sys.exit("deps: no '<!-- layers -->' block in %s" % readme)
    block = text[at:].split("```")[1]
    rank = {}
    names = []
    for line in block.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, mods = line.partition(":")
        names.append(name.strip())
        for m in mods.split():
            if m in rank:
                sys.exit("deps: %s is in two layers" % m)
            rank[m] = len(names) - 1
    return rank, names


def engine_files(engine):
    """Every .c and .h of the engine: engine/ and its stage folders (the
    CLI and the page, engine/cli and engine/web, are not the library)."""
    out = []
    for path in sorted(glob.glob(os.path.join(engine, "*.[ch]")) +
                       glob.glob(os.path.join(engine, "*", "*.[ch]"))):
        folder = os.path.basename(os.path.dirname(path))
        if folder not in ("cli", "web"):
            out.append(path)
    return out


def module_of(base, stems):
    stem, ext = os.path.splitext(base)
    if ext == ".h" and stem not in stems:
        return base
    return stem


def include_edges(engine):
    files = engine_files(engine)
    stems = {os.path.splitext(os.path.basename(p))[0]
             for p in files if p.endswith(".c")}
    edges = {}
    for path in files:
        src = module_of(os.path.basename(path), stems)
        for line in open(path, encoding="utf-8"):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            dst = module_of(os.path.basename(m.group(1)), stems)
            if dst != src:
                edges.setdefault((src, dst), set()).add("#include " + m.group(1))
    return edges


def nm(obj):
    out = subprocess.run(["nm", "-P", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        if f[1] == "U":
            used.add(f[0])
        elif f[1] in "TDBRCVWG":
            defined.add(f[0])
    return defined, used


def obj_module(obj):
    # CMake names an object <file>.c.o (or .o).
    return os.path.basename(obj).split(".")[0]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    src = argv[1]
    engine = os.path.join(src, "engine")
    rest = argv[2:]
    cli_objs = []
    if "--" in rest:
        k = rest.index("--")
        rest, cli_objs = rest[:k], rest[k + 1:]
    rank, layer_names = read_layers(os.path.join(engine, "README.md"))
    problems = []

    edges = include_edges(engine)
    owner = {}
    uses = {}
    for obj in rest:
        mod = obj_module(obj)
        d, u = nm(obj)
        for s in d:
            owner[s] = mod
        uses[mod] = u
    for mod, u in uses.items():
        for s in u:
            dst = owner.get(s)
            if dst and dst != mod:
                edges.setdefault((mod, dst), set()).add(s + "()")

    # Every engine file has a layer, and sits in that layer's folder.
    paths = engine_files(engine)
    stems = {os.path.splitext(os.path.basename(p))[0]
             for p in paths if p.endswith(".c")}
    files = set()
    for p in paths:
        m = module_of(os.path.basename(p), stems)
        files.add(m)
        if m not in rank or m == "remit.h":
            continue
        layer = layer_names[rank[m]]
        want = engine if layer == "api" else os.path.join(engine, layer)
        if os.path.dirname(p) != want:
            problems.append("%s is in layer %s but not in engine/%s" % (
                os.path.relpath(p, src), layer,
                "" if layer == "api" else layer + "/"))
    for m in sorted((files | set(uses)) - set(rank)):
        problems.append("%s is in no layer of engine/README.md" % m)

    # No arrow upward.
    for (a, b), why in sorted(edges.items()):
        if a in rank and b in rank and rank[b] > rank[a]:
            problems.append("%s (%s) uses %s (%s), a higher layer: %s" % (
                a, layer_names[rank[a]], b, layer_names[rank[b]],
                ", ".join(sorted(why)[:4])))

    # No cycle: Tarjan's strongly connected components.
    graph = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index, low, stack, on, sccs = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    for comp in sccs:
        inner = ["%s -> %s (%s)" % (a, b, ", ".join(sorted(w)[:2]))
                 for (a, b), w in sorted(edges.items())
                 if a in comp and b in comp]
        problems.append("a cycle: " + "; ".join(inner))

    # The CLI stands on remit.h alone.
    for path in sorted(glob.glob(os.path.join(engine, "cli", "*.[ch]"))):
        for line in open(path, encoding="utf-8"):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m and m.group(1) not in ("cli.h", "remit.h"):
                problems.append("%s includes \"%s\" (the CLI uses only remit.h)"
                                % (os.path.relpath(path, src), m.group(1)))
    for obj in cli_objs:
        _, u = nm(obj)
        for s in sorted(u):
            if s in owner and not s.startswith("remit_"):
                problems.append("cli/%s uses the engine's internal %s()"
                                % (obj_module(obj), s))

    if not rest:
        problems.append("no engine object files given")
    for p in problems:
        print("deps: " + p)
    if problems:
        return 1
    print("deps: %d modules in %d layers, %d arrows, none upward, no cycle"
          % (len(graph), len(layer_names), len(edges)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
