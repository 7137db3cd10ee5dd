"""The steps of the browser journey, as people do them: a borrower on a phone-sized screen, staff
on a desktop. Each step saves a screenshot ``NN-step.png`` under the language's folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
PHONE_SIZE = {"width": 390, "height": 844}
DESK_SIZE = {"width": 1280, "height": 900}
LOCALE = {"en": "zh-CN", "zh-hans": "zh-CN"}  # both start in Chinese; English comes from the switcher


TIMEOUT_MS = 120_000  # generous: CI machines are small and the first request loads the whole site


def new_context(browser: Any, locale: str, size: dict[str, int]) -> Any:
    context = browser.new_context(locale=locale, viewport=size)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@dataclass
class Shots:
    folder: Path
    taken: list[str] = field(default_factory=list)

    def __call__(self, page: Any, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        number = f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(self.folder / number), full_page=True)
        self.taken.append(number)


def sms_code(context: Any, base: str) -> str:
    """Read the newest code from the SMS simulator's outbox page, as a demo user does."""
    outbox = context.new_page()
    outbox.goto(f"{base}/portal/sms/")
    text = outbox.locator("#outbox li").first.inner_text()
    outbox.close()
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
    assert found, text
    return found.group(1)


def borrower_registers(page: Any, base: str, phone: str, language: str, shot: Shots) -> None:
    page.goto(f"{base}/portal/register/")
    if language == "en":
        page.locator('form.lang-switch button[value="en"]').click()
    assert page.locator("html").get_attribute("lang") == language
    page.fill("#id_phone", phone)
    page.fill("#id_password", "Qiche-2025-demo")
    page.fill("#id_password2", "Qiche-2025-demo")
    shot(page, "register")
    page.locator("#register-form button[type=submit]").click()
    page.fill("#id_code", sms_code(page.context, base))
    shot(page, "sms-code")
    page.locator("#code-form button[type=submit]").click()
    page.wait_for_url(f"{base}/portal/")


def borrower_applies(page: Any, base: str, answers: dict[str, dict[str, str]], shot: Shots) -> int:
    page.locator("#apply-link").click()
    for step, values in answers.items():
        for name, value in values.items():
            target = page.locator(f"#id_{name}")
            if name == "consent":
                target.check()
            elif target.evaluate("e => e.tagName") == "SELECT":
                target.select_option(value)
            else:
                target.fill(value)
        shot(page, f"apply-{step}")
        page.locator("#next").click()
    page.wait_for_url(re.compile(r".*/portal/applications/\d+/$"))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def borrower_uploads(page: Any, doc_types: list[str], shot: Shots) -> None:
    for doc_type in doc_types:
        page.select_option("#id_doc_type", doc_type)
        page.set_input_files("#id_file", files=[{"name": f"{doc_type}.png", "mimeType": "image/png", "buffer": PNG}])
        page.locator("#upload-form button[type=submit]").click()
        page.wait_for_load_state()
    shot(page, "documents-referred")


def staff_signs_in(context: Any, base: str, username: str, password: str, otp: Any, target: str) -> Any:
    """Password, then (with the 2FA helper present) the TOTP code ``otp(username)``."""
    page = context.new_page()
    page.goto(f"{base}/accounts/login/?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/two-factor" in page.url:
        page.fill("input[name=code]", otp(username))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_url(lambda url: "/accounts/two-factor" not in url)
    assert page.url.endswith(target), page.url
    return page


def underwriter_approves(page: Any, shot: Shots) -> None:
    while True:  # each decision reloads the page
        clear = page.locator('form[action*="/stipulations/"] button[value="clear"]')
        if clear.count():
            clear.first.click()
            page.wait_for_load_state()
            continue
        waive = page.locator('form[action*="/stipulations/"] button[value="waive"]')
        if not waive.count():
            break
        waive.first.locator("xpath=..").locator("input[name=note]").fill("seen at the branch")
        waive.first.click()
        page.wait_for_load_state()
    review = page.locator('form[action$="/review/"]')
    review.locator("select[name=action]").select_option("approve")
    review.locator("textarea[name=reason]").fill("Income proof checked: employer letter and payslips.")
    shot(page, "underwriter-review")
    review.locator("button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "underwriter-approved")


def borrower_chooses_and_signs(page: Any, base: str, shot: Shots) -> str:
    page.reload()
    offer = page.locator("#offer-1")
    sizes = offer.evaluate("""o => [...o.querySelectorAll('p, dt, dd, button')]
        .map(e => [e.className, parseFloat(getComputedStyle(e).fontSize)])""")
    apr = max(size for cls, size in sizes if cls == "apr")
    assert all(size < apr for cls, size in sizes if cls != "apr"), sizes  # the APR is the biggest figure
    shot(page, "offers")
    offer.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/sign/$"))
    pdf = page.request.get(base + (page.locator("#contract-download").get_attribute("href") or ""))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    page.fill("#id_code", sms_code(page.context, base))
    shot(page, "sign")
    page.locator("#sign-form button[type=submit]").click()
    page.wait_for_load_state()
    shot(page, "signed")
    return page.locator("#loan-link").inner_text().strip()


def operations_request(page: Any, shot: Shots) -> None:
    page.locator('form[action$="/disbursement-requests/"] button[type=submit]').click()
    page.wait_for_url(re.compile(r".*/backoffice/approvals/$"))
    shot(page, "operations-a-requests")


def operations_approve(page: Any, shot: Shots) -> None:
    page.locator('#pending form[action$="/approve/"] button[type=submit]').first.click()
    page.wait_for_load_state()
    shot(page, "operations-b-approves")


def borrower_pays(page: Any, base: str, number: str, shot: Shots) -> None:
    page.goto(f"{base}/portal/loans/{number}/")
    assert page.locator('#schedule tr[data-n="1"].row-paid').count() == 0
    shot(page, "loan-before-payment")
    page.locator("#pay-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator('#schedule tr[data-n="1"].row-paid').count() == 1
    shot(page, "loan-paid")
