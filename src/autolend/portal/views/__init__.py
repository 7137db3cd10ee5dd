"""Borrower portal pages, one module per page group: accounts (register, sign in, codes), apply
(the steps), applications (decision, offers, documents, signing), loans (schedule, payments,
messages). Views turn a request into a service or selector call and render."""
