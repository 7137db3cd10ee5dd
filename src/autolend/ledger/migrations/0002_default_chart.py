"""The lender's default chart of accounts and role mapping (see ledger/chart.py)."""

from django.db import migrations

CHART = (
    ("1002", "Bank deposits", "银行存款", "asset", "bank"),
    ("1301", "Loan principal receivable", "贷款本金", "asset", "principal_receivable"),
    ("1132", "Interest receivable", "应收利息", "asset", "interest_receivable"),
    ("1133", "Fee receivable", "应收费用", "asset", "fee_receivable"),
    ("1134", "Penalty interest receivable", "应收罚息", "asset", "penalty_receivable"),
    ("1304", "Loan-loss allowance", "贷款损失准备", "asset", "loan_loss_allowance"),
    ("2202", "Dealer payable", "应付经销商款", "liability", "dealer_payable"),
    ("2241", "Unapplied cash", "待处理还款", "liability", "unapplied_cash"),
    ("2242", "Customer overpayment", "客户溢缴款", "liability", "customer_credit"),
    ("2501", "Funding liabilities", "借入资金", "liability", "funding_liability"),
    ("4001", "Paid-in capital", "实收资本", "equity", "equity"),
    ("6011", "Interest income", "利息收入", "income", "interest_income"),
    ("6021", "Fee income", "手续费及佣金收入", "income", "fee_income"),
    ("6031", "Penalty interest income", "罚息收入", "income", "penalty_income"),
    ("6051", "Recoveries of written-off loans", "已核销贷款收回", "income", "recovery_income"),
    ("6701", "Credit impairment losses", "信用减值损失", "expense", "provision_expense"),
    ("6702", "Write-off expense", "核销损失", "expense", "write_off_expense"),
)


def create_chart(apps, schema_editor):  # type: ignore[no-untyped-def]
    Account = apps.get_model("ledger", "Account")
    AccountMapping = apps.get_model("ledger", "AccountMapping")
    for code, name, name_zh, kind, role in CHART:
        account, _ = Account.objects.get_or_create(code=code, defaults={"name": name, "name_zh": name_zh, "type": kind})
        AccountMapping.objects.get_or_create(product_code="", role=role, defaults={"account": account})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create_chart, migrations.RunPython.noop)]
