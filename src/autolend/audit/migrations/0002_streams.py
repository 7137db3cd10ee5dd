# Audit streams: parallel hash chains (see audit/models.py). Existing events stay in stream 1,
# whose head is the old single head (id 1); heads 2..16 start at the genesis hash.

from django.db import migrations, models

GENESIS = "0" * 64
STREAMS = 16


def create_heads(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    for stream in range(1, STREAMS + 1):
        AuditHead.objects.get_or_create(id=stream, defaults={"last_hash": GENESIS})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="stream",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["stream", "seq"], name="audit_event_stream_seq"),
        ),
        migrations.RunPython(create_heads, migrations.RunPython.noop),
    ]
