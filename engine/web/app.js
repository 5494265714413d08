/* SPDX-License-Identifier: Apache-2.0 */
// remit's triage page: the guided interview from POST /v1/next (the same
// library call as `remit ask`), one question at a time.  The case lives
// only in this page (and in the JSON the adviser may download): the server
// keeps nothing.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  // The case: the complaint so far, the answers passed over ("don't know"
  // or a presumption confirmed), the points split from one (head index ->
  // group number, 0 or missing: none), and snapshots for Back.
  let complaint = { heads: [{ summary: "" }] };
  let dontKnow = [];
  let group = [];
  let history = [];
  let facts = null;    // /v1/facts: ruleset id -> key -> fact
  let step = null;     // the last step from /v1/next
  let editing = null;  // the pointer being changed, or null
  let busy = false;

  function snapshot() {
    history.push(JSON.stringify({ complaint, dontKnow, group }));
    if (history.length > 500) history.shift();
  }

  function restore(s) {
    const o = JSON.parse(s);
    complaint = o.complaint;
    dontKnow = o.dontKnow;
    group = o.group || [];
  }

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "onclick") e.addEventListener("click", v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }

  // ---- JSON pointers ---------------------------------------------------
  function tokens(pointer) {
    return pointer.split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  }

  function getAt(pointer) {
    let node = complaint;
    for (const t of tokens(pointer)) {
      if (node === null || typeof node !== "object" || !(t in node)) return undefined;
      node = node[t];
    }
    return node;
  }

  function setAt(pointer, value) {
    const ts = tokens(pointer);
    let node = complaint;
    for (const t of ts.slice(0, -1)) {
      if (typeof node[t] !== "object" || node[t] === null) node[t] = {};
      node = node[t];
    }
    const last = ts[ts.length - 1];
    if (value === undefined) delete node[last];
    else node[last] = value;
  }

  // ---- Talking to the server ------------------------------------------------
  async function next(ask) {
    const q = new URLSearchParams();
    for (const p of dontKnow) q.append("dont_know", p);
    if (ask) q.append("ask", ask);
    const r = await fetch("/v1/next?" + q.toString(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(complaint),
    });
    const body = await r.json();
    if (!r.ok) {
      const e = new Error(body.detail || "The server could not take that answer.");
      e.problem = body;
      throw e;
    }
    return body;
  }

  // Plain words for a problem: the message, without the JSON pointer.
  function problemText(e) {
    const errs = (e.problem && e.problem.errors) || [];
    const first = errs.find((x) => x.severity === "error");
    return "That answer cannot be used: " + (first ? first.message : e.message);
  }

  async function refresh(focus) {
    if (busy) return;
    busy = true;
    try {
      step = await next(editing);
      $("q-error").textContent = "";
    } catch (e) {
      // The last change does not fit the rules: say why and take it back.
      $("q-error").textContent = problemText(e);
      if (history.length) {
        restore(history.pop());
        busy = false;
        editing = null;
        return refresh(false);
      }
    } finally {
      busy = false;
    }
    render(focus);
  }

  // ---- Answering -------------------------------------------------------------

  // The heads split from the same point as head h (h included), or [h].
  function siblings(h) {
    const g = group[h];
    if (!g) return [h];
    return complaint.heads.map((_, i) => i).filter((i) => group[i] === g);
  }

  // The heads an answer to q "for all" goes to: q's head, and the heads
  // split from the same point whose verdict still needs the same question.
  function sharers(q) {
    if (q.head === null || q.head === undefined) return [];
    const prefix = `/heads/${q.head}/`;
    const rest = q.pointer.slice(prefix.length);
    const needed = new Set(((step && step.verdict && step.verdict.questions) || []).map((x) => x.pointer));
    return siblings(q.head).filter((i) => i === q.head || needed.has(`/heads/${i}/${rest}`));
  }

  // The pointers an answer to q goes to: q's, and when "for all" is ticked
  // the same question of the heads that share it (sharers).
  function targets(q) {
    const all = $("for-all");
    if (!all || !all.checked || q.head === null || q.head === undefined) return [q.pointer];
    const rest = q.pointer.slice(`/heads/${q.head}/`.length);
    return sharers(q).map((i) => `/heads/${i}/${rest}`);
  }

  function answer(value) {
    const q = step && step.question;
    if (!q) return;
    snapshot();
    for (const p of targets(q)) {
      setAt(p, JSON.parse(JSON.stringify(value)));
      dontKnow = dontKnow.filter((x) => x !== p);
    }
    editing = null;
    $("q-note").replaceChildren();
    refresh(true);
  }

  function passOver() {
    const q = step && step.question;
    if (!q) return;
    snapshot();
    for (const p of targets(q)) {
      setAt(p, undefined);
      if (!dontKnow.includes(p)) dontKnow.push(p);
    }
    editing = null;
    $("q-note").replaceChildren();
    refresh(true);
  }

  // A value's label without its bracketed parts.
  function shortLabel(q, v) {
    let l = labelOf(q, v), prev;
    do { prev = l; l = l.replace(/\s*\([^()]*\)/g, ""); } while (l !== prev);
    return l.trim();
  }

  // Splits the head q asks about into one head per chosen value, as
  // remit.h says for a "split" question (and `remit ask` does): the head
  // keeps the first value, a copy with the answers and don't-knows so far
  // is appended for each other, each description starts with its matter,
  // and a "handling_of" that names the head names the copies too.  One
  // Back undoes it.
  function splitHead(q, picked) {
    const h = q.head;
    const heads = complaint.heads;
    const orig = heads[h];
    const prefix = `/heads/${h}/`;
    if (!orig || picked.length < 2 || !q.pointer.startsWith(prefix)) return;
    snapshot();
    const rest = q.pointer.slice(prefix.length);
    const base = JSON.parse(JSON.stringify(orig));
    const said = orig.summary;
    const n0 = heads.length;
    const id = typeof orig.id === "string" && orig.id ? orig.id : String(h + 1);
    const g = group[h] || Math.max(0, ...group.filter(Boolean)) + 1;
    group[h] = g;
    const made = [];
    picked.forEach((v, k) => {
      const i = k ? n0 + k - 1 : h;
      if (k) {
        const copy = JSON.parse(JSON.stringify(base));
        delete copy.id;
        heads.push(copy);
        group[i] = g;
        for (const p of dontKnow.slice())
          if (p.startsWith(prefix)) dontKnow.push(`/heads/${i}/` + p.slice(prefix.length));
      }
      const p = `/heads/${i}/${rest}`;
      setAt(p, v);
      dontKnow = dontKnow.filter((x) => x !== p);
      heads[i].summary = shortLabel(q, v) + (said ? " - part of: " + said : "");
      made.push(i);
    });
    heads.forEach((o, j) => {
      if (j !== h && j < n0 && Array.isArray(o.handling_of) && o.handling_of.includes(id))
        for (let k = n0; k < heads.length; k++) o.handling_of.push(String(k + 1));
    });
    editing = null;
    $("q-note").replaceChildren(
      el("p", { text: `This point covers ${picked.length} matters, so it is now ${picked.length} points (one matter each), with the answers given so far copied to each:` }),
      el("ul", {}, ...made.map((i) => el("li", { text: headName(i) }))),
      el("p", { text: "The questions still to come are asked for each point; tick \"the same answer for all\" to answer once for all of them. Back undoes the split." }));
    renderHeads();
    refresh(true);
  }

  function back() {
    if (editing) {
      editing = null;
      refresh(true);
      return;
    }
    if (!history.length) {
      $("q-error").textContent = "There is no earlier answer to change.";
      return;
    }
    restore(history.pop());
    $("q-note").replaceChildren();
    renderHeads();
    refresh(true);
  }

  // Dates as advisers type them: DD/MM/YYYY, MM/YYYY, or ISO.
  function isoDate(s) {
    s = s.trim();
    let m;
    if ((m = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/)))
      return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
    if ((m = s.match(/^(\d{1,2})\/(\d{4})$/))) return `${m[2]}-${m[1].padStart(2, "0")}`;
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(s)) return s;
    return null;
  }

  function labelOf(q, v) {
    const hit = (q.values || []).find((x) => x.value === v);
    return hit ? hit.label : v;
  }

  function describe(fact, v) {
    if (v === true) return "Yes";
    if (v === false) return "No";
    if (Array.isArray(v)) return v.length ? v.map((x) => labelOf(fact, x)).join("; ") : "None of these";
    if (typeof v === "string" && fact && fact.values && fact.values.length) return labelOf(fact, v);
    return String(v);
  }

  // The controls for one question, by type.
  function controls(q) {
    const box = $("q-answer");
    box.replaceChildren();
    const current = getAt(q.pointer);
    if (q.type === "bool") {
      box.append(el("div", { class: "choices", role: "group", "aria-labelledby": "q-title" },
        el("button", { type: "button", text: "Yes", onclick: () => answer(true) }),
        el("button", { type: "button", text: "No", onclick: () => answer(false) })));
    } else if (q.type === "enum") {
      const g = el("div", { class: "choices", role: "group", "aria-labelledby": "q-title" });
      for (const v of q.values)
        g.append(el("button", { type: "button", text: v.label, "aria-pressed": current === v.value ? "true" : null,
          onclick: () => answer(v.value) }));
      box.append(g);
      if (q.split && q.head !== null && q.head !== undefined && !editing) box.append(splitForm(q));
    } else if (q.type === "set") {
      const form = el("form", { "aria-labelledby": "q-title" });
      const list = el("ul", { class: "checks" });
      q.values.forEach((v, i) => {
        const id = "opt-" + i;
        const cb = el("input", { type: "checkbox", id, value: v.value,
          checked: Array.isArray(current) && current.includes(v.value) });
        list.append(el("li", {}, el("label", { for: id }, cb, el("span", { text: v.label }))));
      });
      form.append(el("p", { class: "hint", text: "Tick every one that applies." }), list,
        el("div", { class: "row" },
          el("button", { type: "submit", text: "Save these" }),
          el("button", { type: "button", class: "secondary", text: "None of these", onclick: () => answer([]) })));
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const picked = [...form.querySelectorAll("input:checked")].map((c) => c.value);
        if (!picked.length) {
          $("q-error").textContent = "Tick at least one, or choose None of these.";
          return;
        }
        answer(picked);
      });
      box.append(form);
    } else {
      const form = el("form", {});
      const hint = q.type === "date"
        ? "A date: DD/MM/YYYY, or MM/YYYY or YYYY when only the month or year is known."
        : q.type === "integer" ? "A whole number." : "In the caller's words.";
      const input = el("input", { id: "q-input", type: q.type === "integer" ? "number" : "text",
        "aria-describedby": "q-input-hint", autocomplete: "off",
        value: current === undefined ? "" : String(current) });
      form.append(el("label", { for: "q-input", text: "Answer" }),
        el("p", { id: "q-input-hint", class: "hint", text: hint }), input,
        el("div", { class: "row" }, el("button", { type: "submit", text: "Save the answer" })));
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const s = input.value.trim();
        if (!s) {
          $("q-error").textContent = "Type an answer, or choose Don't know.";
          return;
        }
        if (q.type === "date") {
          const iso = isoDate(s);
          if (!iso) {
            $("q-error").textContent = `"${s}" is not a date: write DD/MM/YYYY (or MM/YYYY, or YYYY).`;
            return;
          }
          answer(iso);
        } else if (q.type === "integer") {
          if (!/^-?\d+$/.test(s)) {
            $("q-error").textContent = `"${s}" is not a whole number.`;
            return;
          }
          answer(parseInt(s, 10));
        } else {
          answer(s);
        }
      });
      box.append(form);
    }
  }

  // For a "split" question: several matters in one point, one point each.
  function splitForm(q) {
    const form = el("form", { "aria-label": "Several of these matters in this point" });
    const list = el("ul", { class: "checks" });
    q.values.forEach((v, i) => {
      const id = "split-" + i;
      list.append(el("li", {}, el("label", { for: id },
        el("input", { type: "checkbox", id, value: v.value }), el("span", { text: v.label }))));
    });
    form.append(el("p", { class: "hint", text: "Tick each matter this point covers: it becomes one point per matter, with the answers given so far copied to each." }),
      list, el("div", { class: "row" }, el("button", { type: "submit", text: "Make one point for each" })));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const picked = [...form.querySelectorAll("input:checked")].map((c) => c.value);
      if (!picked.length) {
        $("q-error").textContent = "Tick the matters this point covers, or choose one above.";
        return;
      }
      if (picked.length === 1) answer(picked[0]);
      else splitHead(q, picked);
    });
    return el("details", { class: "split", id: "split" },
      el("summary", { text: "This point covers several of these" }), form);
  }

  // For a head split from one point: give the answer to all of them.
  function forAllBox(q) {
    if (q.head === null || q.head === undefined || editing) return null;
    const sib = sharers(q);
    if (sib.length < 2) return null;
    const names = sib.map((i) => i + 1);
    const list = names.length > 1 ? names.slice(0, -1).join(", ") + " and " + names[names.length - 1] : String(names[0]);
    return el("label", { class: "for-all", for: "for-all" },
      el("input", { type: "checkbox", id: "for-all" }),
      el("span", { text: `The same answer for the points split from this one that need it (points ${list})` }));
  }

  // ---- Rendering -------------------------------------------------------------------
  function headName(i) {
    const s = complaint.heads[i] && complaint.heads[i].summary;
    return s ? `${i + 1}. ${s}` : `${i + 1}. (not described yet)`;
  }

  // A head's name before a colon: without its own closing full stop.
  function headLabel(i) {
    return headName(i).replace(/[.\s]+$/, "");
  }

  function verdictClass(h) {
    if (h.verdict === "needs_information") return "verdict-open";
    return h.in_scope ? "verdict-in" : "verdict-out";
  }

  function renderQuestion(focus) {
    const q = step.question;
    $("q-why").hidden = true;
    $("q-presumed").hidden = true;
    if (!q) {
      $("q-context").textContent = "";
      $("q-title").textContent = step.step === "settled"
        ? "No more questions: the verdict is settled."
        : "No more questions can be asked: the verdict still needs information (see the result).";
      $("q-help").textContent = "You can still change any answer, add or remove a thing the person is unhappy about, or print the summary.";
      $("q-answer").replaceChildren();
      $("dont-know").hidden = true;
      if (focus) $("result-title").focus();
      return;
    }
    $("dont-know").hidden = false;
    $("q-context").textContent = (editing ? "Changing an answer" : "Question") +
      (q.head !== null && q.head !== undefined ? ` - about: ${headName(q.head)}` : "");
    $("q-title").textContent = q.text;
    $("q-help").textContent = q.help || "";
    if (step.step === "confirm") {
      $("q-presumed").hidden = false;
      $("q-presumed").replaceChildren(
        `Taken as "${describe(q, q.presumed)}" unless the person says otherwise. `,
        el("button", { type: "button", class: "secondary", text: "Confirm",
          onclick: () => q.presumed === null || q.presumed === undefined ? passOver() : answer(q.presumed) }));
    }
    controls(q);
    const all = forAllBox(q);
    if (all) $("q-answer").prepend(all);
    const why = $("q-why-list");
    why.replaceChildren();
    for (const w of q.why || [])
      why.append(el("li", { text: `${w.title} - could make it: ${w.outcome_label}` +
        (w.discretionary ? " (at the Ombudsman's discretion)" : "") }));
    $("q-why").hidden = !(q.why && q.why.length);
    if (focus) $("q-title").focus();
  }

  function renderRunning() {
    const v = step.verdict;
    const list = $("running-list");
    list.replaceChildren();
    const label = v.verdict === "needs_information"
      ? "Not settled yet" + (v.provisional_verdict ? " (so far: " + v.provisional_verdict.replace(/_/g, " ") + ")" : "")
      : v.verdict_label;
    $("running-overall").textContent = "Overall: " + label;
    for (const h of v.heads) {
      list.append(el("li", {},
        el("span", { text: headLabel(h.index) + ": " }),
        el("span", { class: verdictClass(h), text: h.verdict === "needs_information" ? "not settled yet" : h.verdict_label })));
    }
  }

  function factFor(pointer) {
    if (!facts || !step) return null;
    const byKey = facts[step.verdict.ruleset.id] || {};
    const ts = tokens(pointer);
    const key = ts[0] === "heads" ? ts.slice(2).join(".") : ts.join(".");
    return byKey[(ts[0] === "heads" ? "head:" : "complaint:") + key] || null;
  }

  function renderAnswers() {
    const list = $("answers");
    list.replaceChildren();
    const items = [];
    const add = (pointer, head) => {
      const f = factFor(pointer);
      if (!f || f.type === "text" && head !== null && f.key === "summary") return;
      const v = getAt(pointer);
      const dk = dontKnow.includes(pointer);
      if (v === undefined && !dk) return;
      items.push(el("li", {},
        el("span", { class: "q", text: (head !== null ? headName(head) + ": " : "") + f.question }),
        el("span", { class: "a", text: v === undefined ? "Don't know" : describe(f, v) }),
        el("button", { type: "button", class: "secondary", text: "Change",
          "aria-label": "Change the answer to: " + f.question,
          onclick: () => { editing = pointer; refresh(true); } })));
    };
    for (const k of Object.keys(complaint)) if (k !== "heads" && k !== "id" && k !== "format") add("/" + k, null);
    complaint.heads.forEach((h, i) => {
      for (const k of Object.keys(h)) add(`/heads/${i}/${k}`, i);
    });
    for (const p of dontKnow) if (getAt(p) === undefined) {
      const m = p.match(/^\/heads\/(\d+)\//);
      add(p, m ? +m[1] : null);
    }
    list.append(...items);
    $("answers-empty").hidden = items.length > 0;
  }

  function renderHeads() {
    const ol = $("heads");
    ol.replaceChildren();
    complaint.heads.forEach((h, i) => {
      const id = "head-" + i;
      const input = el("input", { id, type: "text", value: h.summary || "", autocomplete: "off" });
      input.addEventListener("change", () => {
        snapshot(); // a renamed head is a step Back undoes
        complaint.heads[i].summary = input.value.trim();
        if (!complaint.heads[i].summary) delete complaint.heads[i].summary;
        refresh(false);
      });
      const row = el("div", { class: "head-row" }, input);
      if (complaint.heads.length > 1)
        row.append(el("button", { type: "button", class: "secondary", text: "Remove",
          "aria-label": `Remove thing ${i + 1}`, onclick: () => removeHead(i) }));
      ol.append(el("li", {}, el("label", { for: id, text: `Thing ${i + 1}: what went wrong?` }), row));
    });
  }

  function removeHead(i) {
    snapshot();
    complaint.heads.splice(i, 1);
    group.splice(i, 1);
    // Answers passed over move with their heads.
    dontKnow = dontKnow.filter((p) => !p.startsWith(`/heads/${i}/`)).map((p) => {
      const m = p.match(/^\/heads\/(\d+)\/(.*)$/);
      return m && +m[1] > i ? `/heads/${+m[1] - 1}/${m[2]}` : p;
    });
    renderHeads();
    refresh(false);
  }

  function addHead() {
    snapshot();
    complaint.heads.push({});
    renderHeads();
    $("head-" + (complaint.heads.length - 1)).focus();
    refresh(false);
  }

  function citation(c) {
    const text = c.title + (c.section ? ", " + c.section : "");
    return el("li", { class: "cite" },
      c.url ? el("a", { href: c.url, rel: "noopener noreferrer", target: "_blank", text }) : text,
      c.quote ? el("blockquote", { text: c.quote }) : null);
  }

  function nextStepNode(s) {
    const c = s.contact;
    return el("li", {}, s.text,
      c ? el("span", { text: " Contact: " + [c.name, c.phone].filter(Boolean).join(", ") + (c.url ? ", " : "") }) : null,
      c && c.url ? el("a", { href: c.url, rel: "noopener noreferrer", target: "_blank", text: c.url }) : null);
  }

  function discretionLine(h) {
    const d = h.discretion;
    if (!d || !d.assessment) return null;
    const words = { likely_accept: "likely to accept", likely_decline: "likely to decline", depends: "it depends" };
    const f = (d.factors || []).map((x) => x.text).join("; ");
    return el("p", { text: `The Ombudsman has discretion: ${words[d.assessment] || d.assessment}` + (f ? ` - ${f}` : "") + "." });
  }

  function renderResult() {
    const v = step.verdict;
    const show = !step.question || step.step === "confirm";
    $("result").hidden = !show && v.verdict === "needs_information";
    const sum = $("summary");
    sum.replaceChildren(el("p", {}, el("strong", { text: "Overall: " }),
      el("span", { text: v.verdict === "needs_information" ? "More information is needed" : v.verdict_label })));
    for (const h of v.heads) {
      const box = el("div", { class: "summary-head" },
        el("p", {}, el("strong", { text: headName(h.index) })),
        el("p", { class: verdictClass(h), text: h.verdict === "needs_information" ? "More information is needed" : h.verdict_label }),
        discretionLine(h));
      if (h.next_steps && h.next_steps.length) {
        box.append(el("p", { text: "Next step:" }), el("ul", {}, ...h.next_steps.map(nextStepNode)));
      }
      sum.append(box);
    }
    const reasons = $("reasons");
    reasons.replaceChildren();
    for (const h of v.heads) {
      reasons.append(el("h4", { text: headName(h.index) }));
      for (const r of h.reasons || []) {
        reasons.append(el("div", { class: "reason" },
          el("p", {}, el("strong", { text: r.title })),
          el("p", { text: r.explanation }),
          r.citations && r.citations.length ? el("ul", {}, ...r.citations.map(citation)) : null));
      }
      if (!(h.reasons || []).length) reasons.append(el("p", { class: "hint", text: "No rule has decided this yet." }));
    }
  }

  // The one-page summary for the caller: plain words, no rule ids.
  function renderPrint() {
    const v = step.verdict;
    const out = $("print-summary");
    const today = v.evaluated_on;
    out.replaceChildren(el("h1", { text: "Your complaint: what the Ombudsman's rules say" }),
      el("p", { text: `Checked on ${today} against the published rules of the ${v.ruleset.jurisdiction}.` }),
      el("p", { text: "Overall: " + (v.verdict === "needs_information" ? "we need more information to say." : v.verdict_label + ".") }));
    for (const h of v.heads) {
      const p = el("div", { class: "point" },
        el("h2", { text: `Point ${h.index + 1}: ${(complaint.heads[h.index] || {}).summary || "(not described)"}` }),
        el("p", { text: "What we found: " + (h.verdict === "needs_information" ? "we need more information." : h.verdict_label + ".") }));
      if (h.reasons && h.reasons[0]) p.append(el("p", { text: h.reasons[0].explanation }));
      const d = discretionLine(h);
      if (d) p.append(d);
      for (const s of h.next_steps || []) {
        const c = s.contact;
        p.append(el("p", { text: "What to do next: " + s.text +
          (c ? " Contact: " + [c.name, c.phone, c.url].filter(Boolean).join(", ") + "." : "") }));
      }
      out.append(p);
    }
    out.append(el("p", { text: "This is guidance on the Ombudsman's published rules; the Ombudsman makes the decision." }));
  }

  function render(focus) {
    if (!step) return;
    renderQuestion(focus);
    renderRunning();
    renderAnswers();
    renderResult();
    renderPrint();
    $("back").disabled = !history.length && !editing;
  }

  // ---- The case: download, load, start again ---------------------------------------------
  function download() {
    const blob = new Blob([JSON.stringify(complaint, null, 2) + "\n"], { type: "application/json" });
    const a = el("a", { href: URL.createObjectURL(blob), download: (complaint.id || "complaint") + ".json" });
    document.body.append(a);
    a.click();
    a.remove();
    $("tools-message").textContent = "Downloaded. Load it again here, or check it with remit check.";
  }

  function load(file) {
    const r = new FileReader();
    r.onload = () => {
      try {
        const c = JSON.parse(r.result);
        if (!c || typeof c !== "object" || !Array.isArray(c.heads) || !c.heads.length)
          throw new Error("not a complaint with heads");
        snapshot();
        complaint = c;
        dontKnow = [];
        group = [];
        editing = null;
        renderHeads();
        refresh(true);
        $("tools-message").textContent = `Loaded ${file.name}.`;
      } catch (e) {
        $("tools-message").textContent = `${file.name} is not a saved complaint (${e.message}).`;
      }
    };
    r.readAsText(file);
  }

  function restart() {
    if (!window.confirm("Start again? The answers on this page will be cleared.")) return;
    complaint = { heads: [{ summary: "" }] };
    dontKnow = [];
    group = [];
    history = [];
    editing = null;
    renderHeads();
    refresh(true);
  }

  async function start() {
    $("dont-know").addEventListener("click", passOver);
    $("back").addEventListener("click", back);
    $("add-head").addEventListener("click", addHead);
    $("print").addEventListener("click", () => window.print());
    $("download").addEventListener("click", download);
    $("restart").addEventListener("click", restart);
    $("load").addEventListener("change", (ev) => {
      if (ev.target.files[0]) load(ev.target.files[0]);
      ev.target.value = "";
    });
    try {
      const [fr, rr] = await Promise.all([fetch("/v1/facts"), fetch("/v1/rulesets")]);
      const f = await fr.json();
      facts = {};
      for (const rs of f.rulesets) {
        facts[rs.id] = {};
        for (const x of rs.facts) facts[rs.id][x.scope + ":" + x.key] = x;
      }
      const rsl = await rr.json();
      $("rules-info").textContent = "Rules: " + rsl.rulesets.map((r) =>
        `${r.title} ${r.version} (law last checked ${r.law_checked})`).join("; ") + ".";
    } catch (e) {
      $("q-error").textContent = "The server did not answer: " + e.message;
    }
    renderHeads();
    refresh(false);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
