#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The triage page in headless Chromium (Debian's chromium, chromium-driver
and python3-selenium).

Two full interviews answered from example complaints as an adviser would,
clicking the page's buttons and typing its fields: one English complaint
partly in scope (two heads), one Welsh (offered only the Welsh ruleset's
choices); Back and Change (edit) on the way; each ends with the verdict of
`remit check`.  Then the printable summary (print media, one page, no rule
ids or fact names), download and load of the complaint JSON, keyboard use
(an answer given with Tab and Enter, focus moved to each new question and
visibly outlined), an automated check that every control has a label and
every text meets WCAG AA contrast, and no horizontal scrolling at 320 px
wide and at 200 % zoom.  Screenshots (and the summary as PDF) are saved in
BUILD/serve-artifacts/.

usage: tests/serve/test_page.py REMIT REPO BUILD
Exit 77 (skipped) only when chromium or chromedriver is not installed.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testutil import lookup  # noqa: E402

CHROME = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
if not CHROME or not DRIVER:
    print("chromium or chromedriver not installed: skipped")
    sys.exit(77)
try:
    import selenium  # noqa: F401
except ImportError:
    # Debian's python3-selenium, when python3 is not Debian's own.
    sys.path.append("/usr/lib/python3/dist-packages")
from selenium import webdriver  # noqa: E402  (a missing selenium fails the test)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL", what)


class Page:
    def __init__(self, url, artifacts):
        o = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                  "--disable-dev-shm-usage"):
            o.add_argument(a)
        o.binary_location = CHROME
        self.d = webdriver.Chrome(service=Service(DRIVER), options=o)
        self.url = url
        self.artifacts = artifacts
        self.downloads = tempfile.mkdtemp()
        self.d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})

    def open(self):
        self.d.get(self.url)
        self.wait(lambda: self.text("q-title") and not self.text("q-title").startswith("Loading"))

    def wait(self, cond, timeout=10, what="condition"):
        if os.environ.get("REMIT_VALGRIND"):
            timeout *= 6  # the server runs under valgrind
        end = time.time() + timeout
        while time.time() < end:
            try:
                if cond():
                    return True
            except Exception:
                pass
            time.sleep(0.05)
        check(False, f"timed out waiting for {what}")
        return False

    def text(self, id_):
        return self.d.find_element(By.ID, id_).text

    def shot(self, name):
        self.d.save_screenshot(os.path.join(self.artifacts, name + ".png"))

    def settle(self, before):
        """Waits until the question changed from `before` (or settled)."""
        self.wait(lambda: (self.text("q-title"), self.text("q-context")) != before, what="the next question")
        time.sleep(0.05)


def load_facts(s):
    st, h, b = s.request("GET", "/v1/facts")
    out = {}
    for rs in json.loads(b)["rulesets"]:
        out[rs["id"]] = {" ".join(f["question"].split()): f for f in rs["facts"]}
    return out


def answer_current(p, doc, facts, rid):
    """Answers the question on the page from doc; returns its pointer."""
    title = " ".join(p.text("q-title").split())
    ctx = p.text("q-context")
    f = facts[rid].get(title)
    check(f is not None, f"page question not in ruleset {rid}: {title}")
    if f is None:
        p.d.find_element(By.ID, "dont-know").click()
        return None
    if f["scope"] == "head":
        m = re.search(r"about: (\d+)\.", ctx)
        head = int(m.group(1)) - 1 if m else 0
        pointer = f"/heads/{head}/{f['key']}"
    else:
        pointer = "/" + f["key"]
    value = lookup(doc, pointer)
    confirm = p.d.find_elements(By.CSS_SELECTOR, "#q-presumed button")
    shown = p.d.find_elements(By.CSS_SELECTOR, "#q-answer .choices button")
    if f["type"] == "enum":
        labels = [b.text for b in shown]
        allowed = [v["label"] for v in f["values"]]
        check(labels == allowed, f"{rid}: {f['name']} offers {labels} (ruleset: {allowed})")
    if value is None:
        if confirm and not p.d.find_element(By.ID, "q-presumed").get_attribute("hidden"):
            confirm[0].click()
        else:
            p.d.find_element(By.ID, "dont-know").click()
        return pointer
    if f["type"] == "bool":
        p.d.find_element(By.XPATH, f"//div[@id='q-answer']//button[normalize-space()='{'Yes' if value else 'No'}']").click()
    elif f["type"] == "enum":
        label = next(v["label"] for v in f["values"] if v["value"] == value)
        next(b for b in shown if b.text == label).click()
    elif f["type"] == "set":
        if not value:
            p.d.find_element(By.XPATH, "//button[normalize-space()='None of these']").click()
        else:
            for i, v in enumerate(f["values"]):
                if v["value"] in value:
                    p.d.find_element(By.ID, f"opt-{i}").click()
            p.d.find_element(By.XPATH, "//button[normalize-space()='Save these']").click()
    else:
        box = p.d.find_element(By.ID, "q-input")
        box.clear()
        v = str(value)
        if f["type"] == "date" and len(v) == 10:
            v = f"{v[8:10]}/{v[5:7]}/{v[0:4]}"  # as an adviser types it
        box.send_keys(v)
        p.d.find_element(By.XPATH, "//button[normalize-space()='Save the answer']").click()
    return pointer


def interview(p, s, example, facts, name, detours=False):
    doc = json.load(open(example))
    p.open()
    # Describe the heads.
    for i, h in enumerate(doc["heads"]):
        if i:
            p.d.find_element(By.ID, "add-head").click()
            p.wait(lambda: p.d.find_elements(By.ID, f"head-{i}"), what="a new head field")
        box = p.d.find_element(By.ID, f"head-{i}")
        box.send_keys(h.get("summary", "Point %d" % (i + 1)))
        box.send_keys(Keys.TAB)
    time.sleep(0.3)
    rid = "wales-psow-child-protection" if doc.get("nation") == "wales" else "england-lgsco-child-protection"
    asked = 0
    did_back = did_edit = False
    while asked < 120:
        title = p.text("q-title")
        if title.startswith("No more questions"):
            break
        before = (title, p.text("q-context"))
        pointer = answer_current(p, doc, facts, rid)
        asked += 1
        p.settle(before)
        if detours and not did_back and asked == 2:
            # Back: the previous question again, then answer it again.
            prev = before
            p.d.find_element(By.ID, "back").click()
            p.wait(lambda: (p.text("q-title"), p.text("q-context")) == prev, what="Back to the previous question")
            p.shot(f"{name}-back")
            answer_current(p, doc, facts, rid)
            p.settle(prev)
            did_back = True
        if detours and not did_edit and asked == 4:
            # Change the first answer (the nation) from the answers so far.
            btn = p.d.find_elements(By.CSS_SELECTOR, "#answers button")
            check(btn, "no Change button in the answers so far")
            if btn:
                before = (p.text("q-title"), p.text("q-context"))
                btn[0].click()
                p.wait(lambda: p.text("q-context").startswith("Changing an answer"), what="the edit question")
                p.shot(f"{name}-edit")
                answer_current(p, doc, facts, rid)
                p.wait(lambda: not p.text("q-context").startswith("Changing"), what="back from editing")
            did_edit = True
        if asked == 3:
            # Focus moves to the new question (for keyboard and screen readers).
            active = p.d.switch_to.active_element.get_attribute("id")
            check(active == "q-title", f"focus after an answer is on {active}, not the question")
    p.wait(lambda: not p.d.find_element(By.ID, "result").get_attribute("hidden"), what="the result")
    p.shot(f"{name}-result")
    return doc, asked


def split_point(p, remit, repo, facts):
    """A point that mixes three matters, split on the page: one point per
    matter, the answer before copied, one answer given for all, Back
    undoing the answer and then the split, and per-head verdicts as remit
    check gives them for the downloaded complaint."""
    said = ("The social worker lied in the court report, shared Ms Y's address "
            "with her ex, and the conference chair was biased.")
    rid = "england-lgsco-child-protection"
    subjects = ["court_report_or_evidence", "communication_or_records", "bias_or_unfairness"]
    head = {"summary": said, "actor": "council_employee", "court_timing": "during_proceedings",
            "court_substance": "neither", "could_raise_in_court": False,
            "raised_with_council": True, "first_aware_date": "2026-09-01"}
    doc = {"nation": "england", "complainant": "parent", "parental_responsibility": "yes",
           "claims_own_injustice": True, "court_proceedings": "concluded",
           "local_stage": "final_response", "previously_decided_by_ombudsman": False,
           "heads": [dict(head, subject=v) for v in subjects]}
    subject_q = next(t for t, f in facts[rid].items() if f["key"] == "subject")
    p.open()
    box = p.d.find_element(By.ID, "head-0")
    box.send_keys(said)
    box.send_keys(Keys.TAB)
    time.sleep(0.3)

    def split_now():
        check(not p.d.find_elements(By.CSS_SELECTOR, "#q-answer .choices #split"),
              "split: the split form is among the single choices")
        p.d.find_element(By.CSS_SELECTOR, "#split summary").click()
        labels = [v["label"] for v in facts[rid][subject_q]["values"]]
        for v in subjects:
            i = next(k for k, x in enumerate(facts[rid][subject_q]["values"]) if x["value"] == v)
            p.d.find_element(By.ID, f"split-{i}").click()
        check(len(labels) > 3, "split: subject choices")
        before = (p.text("q-title"), p.text("q-context"))
        p.d.find_element(By.XPATH, "//button[normalize-space()='Make one point for each']").click()
        p.settle(before)
        p.wait(lambda: p.d.find_elements(By.ID, "head-2"), what="the split points")

    asked = 0
    state = {"split": 0, "undone": False, "for_all": False}
    while asked < 120:
        title = " ".join(p.text("q-title").split())
        if title.startswith("No more questions"):
            break
        if title == subject_q and state["split"] < 2 and "about: 1." in p.text("q-context"):
            split_now()
            state["split"] += 1
            note = p.text("q-note")
            check("This point covers 3 matters, so it is now 3 points" in note and "Back undoes the split" in note,
                  f"split: the page does not say what it did: {note!r}")
            names = [p.d.find_element(By.ID, f"head-{i}").get_attribute("value") for i in range(3)]
            check(all(n.endswith(" - part of: " + said) for n in names) and not p.d.find_elements(By.ID, "head-3"),
                  f"split: the points are {names}")
            p.shot("split-done")
            if state["split"] == 1:
                # Back undoes the split in one step: one point, the subject again.
                p.d.find_element(By.ID, "back").click()
                p.wait(lambda: not p.d.find_elements(By.ID, "head-1"), what="Back to undo the split")
                p.wait(lambda: " ".join(p.text("q-title").split()) == subject_q, what="the subject asked again")
                check(p.d.find_element(By.ID, "head-0").get_attribute("value") == said,
                      "split: Back did not give the point its own description back")
                state["undone"] = True
            continue
        allb = p.d.find_elements(By.ID, "for-all")
        if allb and not state["for_all"]:
            # The same answer for all three points, in one go.
            f = facts[rid].get(title)
            label = p.d.find_element(By.CSS_SELECTOR, "label.for-all").text
            points = re.findall(r"\d+", label.split("(points")[-1])
            check(len(points) >= 2, f"split: 'for all' names {points}: {label!r}")
            allb[0].click()
            before = (p.text("q-title"), p.text("q-context"))
            answer_current(p, doc, facts, rid)
            p.settle(before)
            state["for_all"] = True
            rows = [li.text for li in p.d.find_elements(By.CSS_SELECTOR, "#answers li")
                    if f and f["question"] in li.text]
            check(len(rows) == len(points), f"split: an answer for all is not in points {points}: {rows}")
            asked += 1
            continue
        before = (p.text("q-title"), p.text("q-context"))
        answer_current(p, doc, facts, rid)
        asked += 1
        p.settle(before)
    check(state["split"] == 2 and state["undone"] and state["for_all"],
          f"split: the interview did not go through the split: {state}")
    p.shot("split-result")
    # The complaint written out: one head per matter, checked by remit check.
    for f in os.listdir(p.downloads):  # the earlier download: out of the way
        os.remove(os.path.join(p.downloads, f))
    had = set()
    p.d.find_element(By.ID, "download").click()
    p.wait(lambda: set(f for f in os.listdir(p.downloads) if f.endswith(".json")) - had, what="the download")
    new = sorted(set(f for f in os.listdir(p.downloads) if f.endswith(".json")) - had)
    if not new:
        return
    path = os.path.join(p.downloads, new[0])
    saved = json.load(open(path))
    check([h.get("subject") for h in saved.get("heads", [])] == subjects,
          f"split: the downloaded complaint's heads are {[h.get('subject') for h in saved.get('heads', [])]}")
    want = verdict_of(remit, repo, path)
    got = [h["verdict"] for h in want.get("heads", [])]
    check(len(got) == 3 and got[0] == "out_of_jurisdiction" and got[1].startswith("in_scope")
          and got[2].startswith("in_scope"), f"split: per-head verdicts {got}")
    running = p.text("running-list")
    for h in want.get("heads", []):
        check(h["verdict_label"] in running, f"split: head {h['index']} {h['verdict_label']!r} not on the page")
    print(f"page: a point split into three, {asked} questions: {got}")


def verdict_of(remit, repo, example):
    r = subprocess.run([remit, "check", "--json", "--rules", os.path.join(repo, "rules"), example],
                       capture_output=True, text=True)
    return json.loads(r.stdout)


ACCESSIBILITY_JS = r"""
function lum(c) {
  const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
  const p = m[1].split(',').map(Number);
  if (p.length > 3 && p[3] === 0) return null;
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(p[0]) + 0.7152 * f(p[1]) + 0.0722 * f(p[2]);
}
function bg(e) {
  for (; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (lum(c) !== null) return lum(c);
  }
  return 1;
}
const problems = [];
for (const e of document.querySelectorAll('input, select, textarea')) {
  if (e.type === 'hidden') continue;
  const ok = (e.id && document.querySelector('label[for="' + e.id + '"]')) || e.closest('label') ||
             e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
  if (!ok) problems.push('no label: ' + e.outerHTML.slice(0, 80));
}
for (const b of document.querySelectorAll('button, a[href]')) {
  if (!(b.textContent.trim() || b.getAttribute('aria-label'))) problems.push('no name: ' + b.outerHTML.slice(0, 80));
}
let checked = 0;
for (const e of document.querySelectorAll('body *')) {
  const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || !e.offsetParent && getComputedStyle(e).position !== 'fixed') continue;
  const cs = getComputedStyle(e);
  if (cs.visibility === 'hidden' || e.closest('[disabled]')) continue;
  const fg = lum(cs.color), b = bg(e);
  if (fg === null) continue;
  const ratio = (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05);
  const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
  const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  checked++;
  if (ratio < need) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + need + ': ' + e.textContent.trim().slice(0, 40));
}
return {problems, checked};
"""


def accessibility(p, where):
    r = p.d.execute_script(ACCESSIBILITY_JS)
    for x in r["problems"]:
        check(False, f"accessibility ({where}): {x}")
    check(r["checked"] > 10, f"accessibility ({where}): only {r['checked']} texts checked")
    return r["checked"]


def no_horizontal_scroll(p, width, where):
    p.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    time.sleep(0.3)
    sw, cw = p.d.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    check(sw <= cw + 1, f"{where}: scrolls sideways ({sw} > {cw})")
    p.shot(where.replace(" ", "-").replace("%", "pc"))


def main():
    remit, repo, build = sys.argv[1], sys.argv[2], sys.argv[3]
    artifacts = os.path.join(build, "serve-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    s = Server(remit, repo, "--threads", "4")
    p = None
    try:
        p = Page(f"http://127.0.0.1:{s.port}/", artifacts)
        facts = load_facts(s)
        # 1. England, partly in scope, with Back and Change on the way.
        ex = os.path.join(repo, "examples", "complaints", "england-partly-in-scope.json")
        doc, asked = interview(p, s, ex, facts, "england", detours=True)
        want = verdict_of(remit, repo, ex)
        overall = p.text("running-overall")
        check(want["verdict_label"] in overall, f"england: page says {overall!r}, remit check {want['verdict_label']!r}")
        summary = p.text("summary")
        for h in want["heads"]:
            check(h["verdict_label"] in summary, f"england: head {h['index']} {h['verdict_label']!r} not in the summary")
        check(p.d.find_elements(By.CSS_SELECTOR, "#reasons a[href^='https://']"), "england: no citation links")
        print(f"page: england interview, {asked} questions: {want['verdict']}")
        # "Verdict so far": a head's description ending in a full stop is not
        # followed by ".:" (the examples' summaries end in one).
        running = p.text("running-list")
        check(".:" not in running, f"verdict so far shows '.:': {running!r}")
        # Renaming a head is a step Back undoes.
        first = p.d.find_element(By.ID, "head-0")
        old_name = first.get_attribute("value")
        before = (p.text("q-title"), p.text("answers"))
        first.click()  # select all and type over it: one change, as a person renames
        first.send_keys(Keys.CONTROL, "a")
        first.send_keys("Renamed point about child Z.")
        first.send_keys(Keys.TAB)
        p.wait(lambda: "Renamed point" in p.text("running-list"), what="the renamed head")
        p.d.find_element(By.ID, "back").click()
        # The name comes back at once; the verdict so far after the page's
        # next request: wait for both (a busy machine made the list late).
        p.wait(lambda: p.d.find_element(By.ID, "head-0").get_attribute("value") == old_name
               and "Renamed point" not in p.text("running-list"),
               what="Back to undo the rename")
        check("Renamed point" not in p.text("running-list"), "Back did not undo the rename")
        check((p.text("q-title"), p.text("answers")) == before,
              "Back undid more than the rename (the last answer too)")
        accessibility(p, "england result")
        # Keyboard: everything is reachable; focus is visible.
        body = p.d.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        outline = p.d.execute_script("const e = document.activeElement; return getComputedStyle(e).outlineStyle;")
        check(outline not in ("none", ""), f"focus not visible (outline {outline})")
        # The printable summary: print media, one page, no jargon.
        p.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        p.shot("england-print")
        ptext = p.d.find_element(By.ID, "print-summary").text
        check("Point 1" in ptext and "Point 2" in ptext, "print summary lacks the points")
        check(not re.search(r"\b[EW]-[A-Z]+-\d+\b", ptext), "print summary shows rule ids")
        check(not re.search(r"\b[a-z]+_[a-z_]+\b", ptext), "print summary shows identifiers")
        check(not p.d.find_element(By.ID, "main").is_displayed(), "print shows the controls")
        p.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        pdf = base64.b64decode(p.d.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
        open(os.path.join(artifacts, "england-summary.pdf"), "wb").write(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        check(pages == 1, f"print summary is {pages} pages, not one")
        # Download the complaint, then load it into a fresh page.
        p.d.find_element(By.ID, "download").click()
        p.wait(lambda: any(f.endswith(".json") for f in os.listdir(p.downloads)), what="the download")
        files = [f for f in os.listdir(p.downloads) if f.endswith(".json")]
        saved = json.load(open(os.path.join(p.downloads, files[0]))) if files else {}
        check(saved.get("heads") and saved["heads"][0].get("summary") == doc["heads"][0]["summary"],
              "downloaded complaint lacks the answers")
        if files:
            p.open()
            p.d.find_element(By.ID, "load").send_keys(os.path.join(p.downloads, files[0]))
            p.wait(lambda: want["verdict_label"] in p.text("running-overall"), what="the loaded complaint's verdict")
            check(p.d.find_element(By.ID, "head-1").get_attribute("value") == doc["heads"][1]["summary"],
                  "loaded complaint's heads not shown")
        # 2. Wales: only the Welsh ruleset's choices.
        ex = os.path.join(repo, "examples", "complaints", "wales-stage1-only.json")
        doc, asked = interview(p, s, ex, facts, "wales")
        want = verdict_of(remit, repo, ex)
        overall = p.text("running-overall")
        check(want["verdict_label"] in overall, f"wales: page says {overall!r}, remit check {want['verdict_label']!r}")
        print(f"page: wales interview, {asked} questions: {want['verdict']}")
        # 3. A point that mixes several matters, split into one per matter.
        split_point(p, remit, repo, facts)
        # Keyboard only: Tab to an answer and press Enter.
        p.open()
        title = p.text("q-title")
        for _ in range(40):
            p.d.switch_to.active_element.send_keys(Keys.TAB)
            a = p.d.switch_to.active_element
            if a.get_attribute("id") != "dont-know" and a.find_elements(By.XPATH, "ancestor::div[@id='q-answer']"):
                break
        a.send_keys(Keys.ENTER)
        p.wait(lambda: p.text("q-title") != title, what="an answer given by keyboard")
        accessibility(p, "first question")
        no_horizontal_scroll(p, 320, "320px wide")
        accessibility(p, "320px")
        p.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        # 200 % zoom: a 1280 px window at zoom 2 lays out as 640 CSS px.
        p.d.set_window_size(1280, 1000)
        p.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 640, "height": 500, "deviceScaleFactor": 2, "mobile": False})
        time.sleep(0.3)
        sw, cw = p.d.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        check(sw <= cw + 1, f"200% zoom: scrolls sideways ({sw} > {cw})")
        p.shot("zoom-200pc")
        p.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        errors = [l for l in p.d.get_log("browser") if l["level"] == "SEVERE"]
        check(not errors, f"browser console errors: {errors[:3]}")
    finally:
        if p:
            p.d.quit()
        rc = s.stop()
    check(rc == 0, f"server exit {rc}")
    if FAILS:
        print(f"{len(FAILS)} failures (screenshots in {artifacts})")
        sys.exit(1)
    print(f"page ok (screenshots in {artifacts})")


if __name__ == "__main__":
    main()
