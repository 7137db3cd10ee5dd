"""The loan contract as a PDF in Chinese and English (贷款合同, 中英文对照).

Content: parties, vehicle, loan terms, the annualised rate **first and large** (PBoC 〔2021〕 No.3:
compound APR by the IRR method, and the simple figure labelled simple), every fee, the total
cost, the collateral terms of the product kind (mortgage registration, pledge, or the lessor's
ownership), the repayment schedule, signature lines. Chinese text uses WenQuanYi Micro Hei
(Apache-2.0; the GB 2312 subset shipped in ``fonts/``), **embedded** (a TrueType subset of the
glyphs used: ``/FontFile2``), so any reader renders it the same; ``AUTOLEND_CONTRACT_FONT`` names
another TrueType file. English text uses Helvetica. The output is invariant (no creation time or
random id), so the same contract always has the same SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from autolend.kernel.schedule import Schedule

SHIPPED_FONT = Path(__file__).with_name("fonts") / "wqy-microhei-gb2312.ttf"
_font_lock = threading.Lock()

COLLATERAL: dict[str, tuple[str, str]] = {
    "mortgage": ("借款人以所购/所有车辆向贷款人办理机动车抵押登记，抵押期间机动车登记证书由贷款人保管；"
                 "贷款结清后贷款人协助办理解押。",
                 "The borrower registers a mortgage of the vehicle in favour of the lender at the vehicle "
                 "registration office; the lender keeps the registration certificate until the loan is repaid, "
                 "then releases the mortgage."),
    "pledge": ("借款人将车辆、钥匙及机动车登记证书交由贷款人保管（质押）；还清后返还，违约时贷款人可依法拍卖处置。",
               "The borrower hands the vehicle, its keys and registration certificate to the lender's custody "
               "(pledge); they are returned on repayment and may be sold at auction on default."),
    "lease": ("租赁期内车辆所有权归出租人，承租人享有使用权；付清全部租金及留购价后车辆所有权转移给承租人。",
              "The lessor owns the vehicle during the lease and the lessee uses it; ownership passes to the "
              "lessee when all rent and the purchase option price are paid."),
}
KIND_COLLATERAL = {"pledge_loan": "pledge", "finance_lease_direct": "lease", "finance_lease_leaseback": "lease",
                   "lease_to_own": "lease"}


@dataclass(frozen=True)
class ContractFacts:
    number: str
    date: str
    lender: str
    borrower_name: str
    borrower_id_masked: str
    borrower_mobile_masked: str
    dealer_name: str
    product_name_zh: str
    product_name_en: str
    product_kind: str
    vehicle: str  # "BYD Qin PLUS 2024, VIN …"
    vehicle_price: Decimal
    down_payment: Decimal
    amount: Decimal
    term_months: int
    annual_rate: Decimal
    method: str
    apr_compound: Decimal
    apr_simple: Decimal
    fees: tuple[tuple[str, str, Decimal], ...]  # (zh, en, yuan)
    total_interest: Decimal
    total_cost: Decimal
    total_repayment: Decimal
    schedule: Schedule


def _font() -> str:
    """The registered name of the CJK font: ``AUTOLEND_CONTRACT_FONT`` (a TrueType file) or the
    shipped WenQuanYi Micro Hei subset; reportlab embeds the glyphs a contract uses."""
    path = str(getattr(settings, "AUTOLEND_CONTRACT_FONT", "") or SHIPPED_FONT)
    name = "ContractCJK" if path == str(SHIPPED_FONT) else f"ContractCJK-{hashlib.sha256(path.encode()).hexdigest()[:8]}"
    with _font_lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
    return name


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def contract_pdf(facts: ContractFacts) -> bytes:
    """The contract's PDF bytes (A4)."""
    cjk = _font()
    zh = ParagraphStyle("zh", fontName=cjk, fontSize=10, leading=15)
    en = ParagraphStyle("en", fontName="Helvetica", fontSize=8.5, leading=11, textColor=colors.HexColor("#333333"))
    title = ParagraphStyle("title", fontName=cjk, fontSize=17, leading=24, alignment=1)
    big = ParagraphStyle("apr", fontName=cjk, fontSize=15, leading=21)
    big_en = ParagraphStyle("apr_en", fontName="Helvetica-Bold", fontSize=13, leading=17)
    story: list[Any] = [
        Paragraph("汽车贷款合同", title),
        Paragraph("Auto Loan Contract", ParagraphStyle("t_en", parent=big_en, alignment=1)),
        Paragraph(f"合同编号 / Contract No. {facts.number}　　签订日期 / Date {facts.date}", zh),
        Spacer(1, 4 * mm),
    ]
    apr_box = Table([
        [Paragraph(f"年化利率（复利，内部收益率法）：{facts.apr_compound}%", big)],
        [Paragraph(f"Annual percentage rate (APR, compound, IRR method): {facts.apr_compound}%", big_en)],
        [Paragraph(f"单利年化利率（月利率×12）：{facts.apr_simple}%　合同年利率：{facts.annual_rate:.2f}%", zh)],
        [Paragraph(f"Simple annualised rate (monthly IRR x 12): {facts.apr_simple}%; contract rate "
                   f"{facts.annual_rate:.2f}% a year. The APR includes all fees below.", en)],
    ], colWidths=[170 * mm])
    apr_box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor("#b91c1c")),
                                 ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff7ed"))]))
    story += [apr_box, Spacer(1, 4 * mm)]
    rows = [
        ("贷款人", "Lender", facts.lender),
        ("借款人", "Borrower", f"{facts.borrower_name}（{facts.borrower_id_masked}，{facts.borrower_mobile_masked}）"),
        ("经销商", "Dealer", facts.dealer_name or "—"),
        ("产品", "Product", f"{facts.product_name_zh} / {facts.product_name_en}"),
        ("车辆", "Vehicle", facts.vehicle),
        ("车辆价格", "Vehicle price", f"¥{_yuan(facts.vehicle_price)}"),
        ("首付", "Down payment", f"¥{_yuan(facts.down_payment)}"),
        ("贷款金额", "Loan amount", f"¥{_yuan(facts.amount)}"),
        ("期限", "Term", f"{facts.term_months} 个月 / months"),
        ("还款方式", "Repayment method", facts.method),
        *[(fee_zh, fee_en, f"¥{_yuan(amount)}") for fee_zh, fee_en, amount in facts.fees],
        ("利息合计", "Total interest", f"¥{_yuan(facts.total_interest)}"),
        ("借款总成本（利息+费用）", "Total cost of credit (interest + fees)", f"¥{_yuan(facts.total_cost)}"),
        ("应付总额", "Total to pay", f"¥{_yuan(facts.total_repayment)}"),
    ]
    terms = Table([[Paragraph(z, zh), Paragraph(e, en), Paragraph(v, zh)] for z, e, v in rows],
                  colWidths=[45 * mm, 50 * mm, 75 * mm])
    terms.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    collateral_zh, collateral_en = COLLATERAL[KIND_COLLATERAL.get(facts.product_kind, "mortgage")]
    story += [terms, Spacer(1, 4 * mm), Paragraph("担保条款", zh), Paragraph("Collateral", en),
              Paragraph(collateral_zh, zh), Paragraph(collateral_en, en), Spacer(1, 4 * mm),
              Paragraph("还款计划（按放款日重算，以放款后通知为准）", zh),
              Paragraph("Repayment schedule (recomputed from the disbursement date; the notice sent after "
                        "disbursement governs)", en), _schedule_table(facts.schedule, cjk),
              Spacer(1, 8 * mm),
              Paragraph("借款人（电子签名）/ Borrower (e-signature): ____________　　"
                        "贷款人（盖章）/ Lender (seal): ____________", zh)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=16 * mm,
                      bottomMargin=16 * mm, title=f"Auto Loan Contract {facts.number}", author=facts.lender,
                      invariant=1).build(story)
    return out.getvalue()


def _schedule_table(schedule: Schedule, cjk: str) -> Table:
    head = ["期数 No.", "还款日 Due", "本金 Principal", "利息 Interest", "费用 Fees", "合计 Total", "余额 Balance"]
    body = [[str(r.n), r.due_date.isoformat(), _yuan(r.principal), _yuan(r.interest), _yuan(r.fees), _yuan(r.total),
             _yuan(r.balance)] for r in schedule.installments]
    table = Table([head, *body], repeatRows=1, colWidths=[16 * mm, 24 * mm, 26 * mm, 24 * mm, 20 * mm, 26 * mm, 30 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), cjk, 8), ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]))
    return table
