"""The lender's default chart of accounts and the roles servicing posts to (pure data)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


class AccountRole(models.TextChoices):
    BANK = "bank", _("Bank account")
    PRINCIPAL_RECEIVABLE = "principal_receivable", _("Loan principal receivable")
    INTEREST_RECEIVABLE = "interest_receivable", _("Interest receivable")
    FEE_RECEIVABLE = "fee_receivable", _("Fee receivable")
    PENALTY_RECEIVABLE = "penalty_receivable", _("Penalty interest receivable")
    DEALER_PAYABLE = "dealer_payable", _("Dealer payable")
    UNAPPLIED_CASH = "unapplied_cash", _("Unapplied cash")
    CUSTOMER_CREDIT = "customer_credit", _("Customer overpayment")
    INTEREST_INCOME = "interest_income", _("Interest income")
    FEE_INCOME = "fee_income", _("Fee income")
    PENALTY_INCOME = "penalty_income", _("Penalty interest income")
    PROVISION_EXPENSE = "provision_expense", _("Provision expense")
    LOAN_LOSS_ALLOWANCE = "loan_loss_allowance", _("Loan-loss allowance")
    WRITE_OFF_EXPENSE = "write_off_expense", _("Write-off expense")
    RECOVERY_INCOME = "recovery_income", _("Recoveries of written-off loans")
    AGENCY_COMMISSION_PAYABLE = "agency_commission_payable", _("Collection agency commission payable")
    COLLECTION_COMMISSION_EXPENSE = "collection_commission_expense", _("Collection commission expense")
    FUNDING_LIABILITY = "funding_liability", _("Funding liabilities")
    EQUITY = "equity", _("Paid-in capital")


# code, English name, Chinese name, type, role (one default account per role)
DEFAULT_CHART: tuple[tuple[str, str, str, AccountType, AccountRole], ...] = (
    ("1002", "Bank deposits", "银行存款", AccountType.ASSET, AccountRole.BANK),
    ("1301", "Loan principal receivable", "贷款本金", AccountType.ASSET, AccountRole.PRINCIPAL_RECEIVABLE),
    ("1132", "Interest receivable", "应收利息", AccountType.ASSET, AccountRole.INTEREST_RECEIVABLE),
    ("1133", "Fee receivable", "应收费用", AccountType.ASSET, AccountRole.FEE_RECEIVABLE),
    ("1134", "Penalty interest receivable", "应收罚息", AccountType.ASSET, AccountRole.PENALTY_RECEIVABLE),
    ("1304", "Loan-loss allowance", "贷款损失准备", AccountType.ASSET, AccountRole.LOAN_LOSS_ALLOWANCE),
    ("2202", "Dealer payable", "应付经销商款", AccountType.LIABILITY, AccountRole.DEALER_PAYABLE),
    ("2241", "Unapplied cash", "待处理还款", AccountType.LIABILITY, AccountRole.UNAPPLIED_CASH),
    ("2242", "Customer overpayment", "客户溢缴款", AccountType.LIABILITY, AccountRole.CUSTOMER_CREDIT),
    ("2245", "Collection agency commission payable", "应付委外催收佣金", AccountType.LIABILITY,
     AccountRole.AGENCY_COMMISSION_PAYABLE),
    ("2501", "Funding liabilities", "借入资金", AccountType.LIABILITY, AccountRole.FUNDING_LIABILITY),
    ("4001", "Paid-in capital", "实收资本", AccountType.EQUITY, AccountRole.EQUITY),
    ("6011", "Interest income", "利息收入", AccountType.INCOME, AccountRole.INTEREST_INCOME),
    ("6021", "Fee income", "手续费及佣金收入", AccountType.INCOME, AccountRole.FEE_INCOME),
    ("6031", "Penalty interest income", "罚息收入", AccountType.INCOME, AccountRole.PENALTY_INCOME),
    ("6051", "Recoveries of written-off loans", "已核销贷款收回", AccountType.INCOME, AccountRole.RECOVERY_INCOME),
    ("6421", "Collection commission expense", "委外催收佣金支出", AccountType.EXPENSE,
     AccountRole.COLLECTION_COMMISSION_EXPENSE),
    ("6701", "Credit impairment losses", "信用减值损失", AccountType.EXPENSE, AccountRole.PROVISION_EXPENSE),
    ("6702", "Write-off expense", "核销损失", AccountType.EXPENSE, AccountRole.WRITE_OFF_EXPENSE),
)

DEBIT_NORMAL = frozenset({AccountType.ASSET, AccountType.EXPENSE})
