// Loan calculator: live loan-amount hint and the balloon field shown only for the balloon method.
// The page works without this script; the server computes every figure.
(function () {
  "use strict";
  var form = document.getElementById("calculator-form");
  if (!form) return;
  var price = form.elements.price, down = form.elements.down_payment, method = form.elements.method;
  var hint = document.getElementById("loan-hint");
  var percentOut = document.getElementById("down-percent"), loanOut = document.getElementById("loan-amount");
  var money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function number(input) {
    var text = (input.value || "").replace(/[,\uff0c\s\u00a5\uffe5]/g, "");
    return /^\d+(\.\d+)?$/.test(text) ? parseFloat(text) : NaN;
  }
  function updateHint() {
    var p = number(price), d = number(down);
    if (isNaN(p) || isNaN(d) || p <= 0 || d >= p) { hint.hidden = true; return; }
    percentOut.textContent = (Math.round(d * 1000 / p) / 10).toFixed(1);
    loanOut.textContent = money.format(Math.round((p - d) * 100) / 100);
    hint.hidden = false;
  }
  function updateMethod() {
    document.querySelectorAll("[data-only-for]").forEach(function (el) {
      var wanted = el.getAttribute("data-only-for") === method.value;
      el.hidden = !wanted && !el.classList.contains("has-error");
    });
  }
  price.addEventListener("input", updateHint);
  down.addEventListener("input", updateHint);
  method.addEventListener("change", updateMethod);
  updateMethod();
})();
