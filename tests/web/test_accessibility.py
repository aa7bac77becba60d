"""Accessibility of the console pages in headless Chromium: lang, landmarks, skip link, a name for every control,
visible keyboard focus, keyboard-only use (sign-in, reveal), and text contrast of at least 4.5:1 (3:1 for large
text) computed from the rendered colours."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import make_key
from tests.web.helpers import PASSWORD, make_staff

pytestmark = pytest.mark.browser

AUDIT_JS = r"""
() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push("no lang attribute");
  for (const sel of ["header", "main#main", "footer"]) if (!document.querySelector(sel)) problems.push("no " + sel);
  if (!document.querySelector("a.skip-link[href='#main']")) problems.push("no skip link");
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  for (const el of document.querySelectorAll("input:not([type=hidden]), select, textarea, button")) {
    const labels = el.labels ? [...el.labels].map(l => l.textContent.trim()).join(" ") : "";
    const name = labels || el.getAttribute("aria-label") || (el.tagName === "BUTTON" ? el.textContent.trim() : "");
    if (!name) problems.push("control without a name: " + el.outerHTML.slice(0, 80));
  }
  const parse = c => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = ({r, g, b}) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0.99) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  let checked = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const st = getComputedStyle(el);
    if (st.display === "none" || st.visibility === "hidden" || el.closest(".sensitive, .skip-link")) continue;
    const fg = parse(st.color), bg = background(el);
    if (!fg) continue;
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    checked++;
    if (ratio < (large ? 3 : 4.5)) {
      const text = el.textContent.trim().slice(0, 30);
      problems.push(`contrast ${ratio.toFixed(2)}:1 for <${el.tagName.toLowerCase()}> "${text}"`);
    }
  }
  if (checked < 5) problems.push("contrast check saw almost no text");
  return problems;
}
"""


def _audit(page, what: str) -> None:  # type: ignore[no-untyped-def]
    problems = page.evaluate(AUDIT_JS)
    assert not problems, f"{what}: {problems}"


def test_console_pages_are_accessible(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    base, db = live_server
    key = make_key(db, "platform", "a11y-platform")
    user = make_staff(db, "moderator", "mod-a11y")
    r = httpx.post(f"{base}/v1/reports", headers={"Authorization": f"Bearer {key}"}, timeout=10, json={
        "subject_type": "content", "subject_id": "msg-a11y", "account_id": "acct-a11y", "reason": "harassment",
        "content_text": "a synthetic rude message"})
    assert r.status_code == 201, r.text
    page = browser.new_page()

    # sign-in with the keyboard only (the username field has focus on arrival)
    page.goto(f"{base}/console/login")
    _audit(page, "sign-in")
    assert page.evaluate("document.activeElement.id") == "username"
    page.keyboard.type(user)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/console/queue")
    _audit(page, "queue")

    # the first Tab reaches the skip link, visibly focused; it moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Case 1", exact=True).click()
    page.wait_for_url(f"{base}/console/cases/1")
    _audit(page, "case")
    reveal = page.locator("button[data-reveal]")
    assert reveal.inner_text() == "Reveal content"
    reveal.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert reveal.get_attribute("aria-expanded") == "true"
    assert "revealed" in (page.locator("#sensitive-content").get_attribute("class") or "")
    _audit(page, "case, revealed")
    for path in ("/console/appeals", "/console/notices", "/console/audit?verify=1"):
        page.goto(base + path)
        _audit(page, path)
    page.close()
