#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Using libremit from Python through ctypes (no compiler, no server).

Loads the shared library, loads the rules once, evaluates a complaint and
reads the verdict JSON, and asks the interview's next step
(remit_interview_next) for a partial complaint.

    python3 examples/ctypes_client.py build/libremit.so rules \\
        examples/complaints/england-late.json
"""
import ctypes
import json
import sys


class EvalOptions(ctypes.Structure):  # remit_eval_options
    _fields_ = [("today_year", ctypes.c_int), ("today_month", ctypes.c_int),
                ("today_day", ctypes.c_int), ("flags", ctypes.c_uint),
                ("input_name", ctypes.c_char_p)]


class InterviewOptions(ctypes.Structure):  # remit_interview_options
    _fields_ = [("eval", EvalOptions), ("dont_know", ctypes.POINTER(ctypes.c_char_p)),
                ("dont_know_count", ctypes.c_size_t), ("ask", ctypes.c_char_p)]


def main():
    lib = ctypes.CDLL(sys.argv[1])
    rules, path = sys.argv[2].encode(), sys.argv[3]
    today = sys.argv[4] if len(sys.argv) > 4 else None
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    lib.remit_version_string.restype = cp
    lib.remit_status_str.restype = cp
    lib.remit_ruleset_load.argtypes = [cp, vp, ctypes.POINTER(vp), ctypes.POINTER(vp)]
    lib.remit_evaluate.argtypes = [vp, cp, ctypes.c_size_t, ctypes.POINTER(EvalOptions),
                                   ctypes.POINTER(vp), ctypes.POINTER(vp)]
    lib.remit_result_json.argtypes = [vp, ctypes.c_uint]
    lib.remit_result_json.restype = cp
    lib.remit_result_free.argtypes = [vp]
    lib.remit_diagnostics_free.argtypes = [vp]
    lib.remit_ruleset_free.argtypes = [vp]
    lib.remit_interview_next.argtypes = [vp, cp, ctypes.c_size_t, ctypes.POINTER(InterviewOptions),
                                         ctypes.POINTER(vp), ctypes.POINTER(vp)]
    lib.remit_string_free.argtypes = [vp, vp]
    print("libremit", lib.remit_version_string().decode())

    rs, diags = vp(), vp()
    st = lib.remit_ruleset_load(rules, None, ctypes.byref(rs), ctypes.byref(diags))
    lib.remit_diagnostics_free(diags)
    if st != 0:
        print("cannot load the rules:", lib.remit_status_str(st).decode())
        return 4

    opt = EvalOptions()
    if today:
        opt.today_year, opt.today_month, opt.today_day = map(int, today.split("-"))
    text = open(path, "rb").read()
    res, diags = vp(), vp()
    st = lib.remit_evaluate(rs, text, len(text), ctypes.byref(opt), ctypes.byref(res), ctypes.byref(diags))
    lib.remit_diagnostics_free(diags)
    if st != 0:
        print("cannot evaluate:", lib.remit_status_str(st).decode())
        lib.remit_ruleset_free(rs)
        return 3
    verdict = json.loads(lib.remit_result_json(res, 0).decode())
    lib.remit_result_free(res)
    print(f"verdict: {verdict['verdict']} ({verdict['verdict_label']})")

    # The interview's next step: for the heads alone, then with the nation
    # known and the first question of that step passed over ("don't know").
    complaint = json.loads(text)
    partial = {"heads": [{} for _ in complaint["heads"]]}
    passed = []
    for _ in range(2):
        body = json.dumps(partial).encode()
        arr = (ctypes.c_char_p * max(1, len(passed)))(*[p.encode() for p in passed])
        io = InterviewOptions(eval=opt, dont_know=arr, dont_know_count=len(passed), ask=None)
        step = vp()
        st = lib.remit_interview_next(rs, body, len(body), ctypes.byref(io), ctypes.byref(step), None)
        if st != 0:
            print("no next step:", lib.remit_status_str(st).decode())
            lib.remit_ruleset_free(rs)
            return 5
        nxt = json.loads(ctypes.string_at(step).decode())
        lib.remit_string_free(rs, step)
        q = nxt["question"]
        print(f"next question ({nxt['step']}): {q['text'] if q else '-'}")
        partial["nation"] = complaint["nation"]
        if q and q["pointer"] != "/nation":
            passed.append(q["pointer"])
    lib.remit_ruleset_free(rs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
