"""Portal writes: one-time codes and trusted devices (``codes``), borrower accounts
(``accounts``), applications from the steps (``applying``) and payments through the gateway
(``payments``). Business rules stay in origination, servicing and parties; these call them."""
