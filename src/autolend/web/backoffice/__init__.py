"""The back office (后台) for staff: dashboard, loans, a loan's detail, the approval queue and the
trial balance, at ``/backoffice/``. Every view is guarded by ``permission_required``; views call
selectors and services only (no business logic here)."""
