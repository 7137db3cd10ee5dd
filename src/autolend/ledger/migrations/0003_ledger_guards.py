"""Database guards: every entry balances per currency (checked at commit) and posted rows never
change. PostgreSQL: a deferred constraint trigger per entry + immutability triggers. SQLite: the
same guard against UPDATE; balance is checked in code by journal_post (ledger/rules.py)."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION ledger_entry_must_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
    line_count integer;
BEGIN
    SELECT count(*) INTO line_count FROM ledger_journalline WHERE entry_id = NEW.id;
    IF line_count < 2 THEN
        RAISE EXCEPTION 'journal entry % has % line(s); an entry needs at least two', NEW.id, line_count
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT currency, sum(debit) - sum(credit) AS difference INTO bad
      FROM ledger_journalline WHERE entry_id = NEW.id
     GROUP BY currency HAVING sum(debit) <> sum(credit) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % is not balanced in % (debits - credits = %)', NEW.id, bad.currency, bad.difference
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT ON ledger_journalentry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_must_balance();

-- The transaction that wrote the entry (top-level id, also inside savepoints); not in the Django model.
ALTER TABLE ledger_journalentry ADD COLUMN written_txid bigint NOT NULL DEFAULT txid_current();

CREATE OR REPLACE FUNCTION ledger_line_joins_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A line may only be added to an entry created in the same transaction (then checked at commit).
    IF NOT EXISTS (SELECT 1 FROM ledger_journalentry e WHERE e.id = NEW.entry_id AND e.written_txid = txid_current()) THEN
        RAISE EXCEPTION 'journal entry % is already posted; lines cannot be added to it', NEW.entry_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER ledger_line_joins_new_entry
    BEFORE INSERT ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_joins_new_entry();

CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'posted journal rows are immutable (% on %): post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER ledger_entry_immutable BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_line_immutable BEFORE UPDATE OR DELETE ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
"""

PG_BACKWARD = """
DROP TRIGGER IF EXISTS ledger_line_immutable ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_entry_immutable ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_line_joins_new_entry ON ledger_journalline;
DROP TRIGGER IF EXISTS ledger_entry_balanced ON ledger_journalentry;
DROP FUNCTION IF EXISTS ledger_refuse_change();
DROP FUNCTION IF EXISTS ledger_line_joins_new_entry();
DROP FUNCTION IF EXISTS ledger_entry_must_balance();
ALTER TABLE ledger_journalentry DROP COLUMN IF EXISTS written_txid;
"""

SQLITE_FORWARD = [
    f"""CREATE TRIGGER IF NOT EXISTS ledger_{table}_no_{op.lower()} BEFORE {op} ON ledger_{table}
        BEGIN SELECT RAISE(ABORT, 'posted journal rows are immutable: post a reversal instead'); END;"""
    for table in ("journalentry", "journalline")
    for op in ("UPDATE",)  # not DELETE: Django's test flush empties tables with DELETE on SQLite
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS ledger_{table}_no_{op.lower()};"
    for table in ("journalentry", "journalline")
    for op in ("update",)
]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = [PG_BACKWARD] if vendor == "postgresql" else SQLITE_BACKWARD if vendor == "sqlite" else []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_default_chart")]
    operations = [migrations.RunPython(forward, backward)]
