"""The dealer portal (经销商门户) at ``/dealer/``: a dealer's staff submit applications for their
customers, follow the pipeline and stipulations, upload documents, see funding and commissions."""
