"""Make the ledger insert-only and every transaction balanced, in PostgreSQL itself.

No-op on SQLite (the embedded default), where the services' own checks stand alone.
"""

from django.db import migrations

INSERT_ONLY = """
CREATE OR REPLACE FUNCTION settlement_ledger_insert_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are insert-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER settlement_ledgerentry_insert_only
    BEFORE UPDATE OR DELETE ON settlement_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION settlement_ledger_insert_only();
CREATE TRIGGER settlement_ledgertransaction_insert_only
    BEFORE UPDATE OR DELETE ON settlement_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION settlement_ledger_insert_only();

CREATE OR REPLACE FUNCTION settlement_ledger_balanced() RETURNS trigger AS $$
DECLARE
    difference numeric;
BEGIN
    SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) INTO difference
        FROM settlement_ledgerentry WHERE transaction_id = NEW.transaction_id;
    IF difference <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced by %', NEW.transaction_id, difference
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Checked at COMMIT, once every line of the transaction is in.
CREATE CONSTRAINT TRIGGER settlement_ledgerentry_balanced
    AFTER INSERT ON settlement_ledgerentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION settlement_ledger_balanced();
"""

DROP = """
DROP TRIGGER IF EXISTS settlement_ledgerentry_balanced ON settlement_ledgerentry;
DROP TRIGGER IF EXISTS settlement_ledgerentry_insert_only ON settlement_ledgerentry;
DROP TRIGGER IF EXISTS settlement_ledgertransaction_insert_only ON settlement_ledgertransaction;
DROP FUNCTION IF EXISTS settlement_ledger_balanced();
DROP FUNCTION IF EXISTS settlement_ledger_insert_only();
"""


def _run(sql: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("settlement", "0001_initial")]

    operations = [migrations.RunPython(_run(INSERT_ONLY), _run(DROP))]
