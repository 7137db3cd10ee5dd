"""Collections (贷后管理): reminders, cases, strategies, promises to pay, early warning, hardship,
write-off recommendations, outside agencies and metrics. Pure rules live in ``policy``,
``strategy`` and ``scoring``; ``eod.collections_eod`` is the set-based daily step."""
